/**
 * Encoding refuses what Rust cannot hold, with an EncodeError naming the field — never JSON that serde would
 * reject. Expectations are Rust's: a `String` cannot hold a lone surrogate; a u32 cannot hold 2^32.
 */
import { EncodeError } from "../../generated/_support/errors";
import * as harnLegacy from "../../generated/harn_legacy";
import * as heartbit from "../../generated/heartbit";

const plan = (session_id: string) => ({ type: "plan" as const, session_id, plan: null });

test.each([
  ["lone high surrogate", "a\ud800"],
  ["lone high surrogate next to an escape", "a\ud800\n"],
  ["lone low surrogate", "\udc00"],
  ["reversed pair", "\udc00\ud800"],
  ["lone surrogate after non-ASCII text", "héllo 世界 \ud83d"],
])("%s is an EncodeError", (_name, s) => {
  expect(() => harnLegacy.encodeAgentEvent(plan(s))).toThrow(EncodeError);
  expect(() => harnLegacy.encodeAgentEvent(plan(s))).toThrow(/lone surrogate/);
});

test.each([
  ["astral pair", "😀", '"😀"'],
  ["escapes serde writes short", 'q"b\\t\tn\nr\rb\bf\f', '"q\\"b\\\\t\\tn\\nr\\rb\\bf\\f"'],
  ["other C0 controls as lowercase \\u00XX", "\u0000\u001f", '"\\u0000\\u001f"'],
  ["DEL, C1, U+2028/2029 and the BOM raw", "\u007f\u0085\u2028\u2029\ufeff", '"\u007f\u0085\u2028\u2029\ufeff"'],
])("%s is written as serde_json writes it", (_name, s, json) => {
  expect(harnLegacy.encodeAgentEvent(plan(s))).toBe(`{"type":"plan","session_id":${json},"plan":null}`);
});

test("an integer out of its Rust type's range is an EncodeError", () => {
  const usage = { input_tokens: 2 ** 32, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, reasoning_tokens: 0 };
  expect(() => heartbit.encodeTokenUsage(usage)).toThrow(EncodeError);
  expect(() => heartbit.encodeTokenUsage({ ...usage, input_tokens: 1.5 })).toThrow(EncodeError);
  expect(() => heartbit.encodeTokenUsage({ ...usage, input_tokens: -1 })).toThrow(EncodeError);
  expect(heartbit.encodeTokenUsage({ ...usage, input_tokens: 2 ** 32 - 1 })).toBe(
    '{"input_tokens":4294967295,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"reasoning_tokens":0}',
  );
});
