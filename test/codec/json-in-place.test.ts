/**
 * The json fast paths: a tree the decode parsed itself becomes the JsonValue in place (null-prototype objects, no
 * copy), a caller's tree is copied and left alone, and encoding checks key order instead of always sorting.
 * Expected texts are written by hand from serde_json's rules (BTreeMap order = UTF-8 bytes = code points).
 */
import { EncodeError } from "../../generated/_support/errors";
import { JsonFloat } from "../../generated/_support/json-value";
import * as harn from "../../generated/harn";

const head = '{"type":"tool_call","session_id":"s","tool_call_id":"c","tool_name":"t","kind":null,"status":"pending"';
const withInput = (raw: string): string => `${head},"raw_input":${raw}}`;

/** The tool_call event of `head` with `raw` as its json input (any value, to test what encoding refuses). */
function toolCall(raw: unknown): harn.AgentEvent {
  return { type: "tool_call", session_id: "s", tool_call_id: "c", tool_name: "t", kind: null, status: "pending", raw_input: raw as never };
}

function chunk(content: string): harn.AgentEvent {
  return { type: "agent_message_chunk", session_id: "s", content };
}

function rawInput(e: harn.AgentEvent): unknown {
  if (e.type !== "tool_call") throw new Error("expected a tool_call event");
  return e.raw_input;
}

/** Every object of a json value is null-prototype; arrays are arrays. */
function nullPrototypes(v: unknown): boolean {
  if (typeof v !== "object" || v === null) return true;
  if (Array.isArray(v)) return Object.getPrototypeOf(v) === Array.prototype && v.every(nullPrototypes);
  return Object.getPrototypeOf(v) === null && Object.values(v).every(nullPrototypes);
}

test.each([
  ["default", harn.decodeAgentEvent],
  ["strict", harn.decodeAgentEventStrict],
])("json objects at every depth are null-prototype (%s decode)", (_mode, decode) => {
  const e = decode(withInput('{"a":[{"b":{"c":1}},[{"d":null}]],"e":{"f":"g"}}'));
  expect(nullPrototypes(rawInput(e))).toBe(true);
  expect(JSON.stringify(rawInput(e))).toBe('{"a":[{"b":{"c":1}},[{"d":null}]],"e":{"f":"g"}}');
});

test("strict decode: a json object with a repeated key keeps the last value and no trace of the repeat", () => {
  const e = harn.decodeAgentEventStrict(withInput('{"a":1,"b":{"x":1,"x":2},"a":3}'));
  const v = rawInput(e) as Record<string, unknown>;
  expect(JSON.stringify(v)).toBe('{"a":3,"b":{"x":2}}');
  expect(Object.getOwnPropertySymbols(v)).toEqual([]);
  expect(Object.getOwnPropertySymbols(v["b"] as object)).toEqual([]);
  expect(nullPrototypes(v)).toBe(true);
});

test("fromJson copies a caller's tree and leaves it as it was", () => {
  const tree = JSON.parse(withInput('{"k":{"n":[1,{"m":true}]}}')) as {
    raw_input: { k: { n: [number, object] } };
  };
  const e = harn.fromJsonAgentEvent(tree);
  expect(Object.getPrototypeOf(tree.raw_input)).toBe(Object.prototype);
  expect(Object.getPrototypeOf(tree.raw_input.k.n[1])).toBe(Object.prototype);
  expect(rawInput(e)).not.toBe(tree.raw_input);
  expect(nullPrototypes(rawInput(e))).toBe(true);
});

test.each([
  // Already in order: written as is.
  ['{"a":1,"b":2}', '{"a":1,"b":2}'],
  // Out of order: sorted.
  ['{"b":2,"a":1,"A":0}', '{"A":0,"a":1,"b":2}'],
  // U+FF61 (3 UTF-8 bytes) before U+1F600 (4 bytes), although UTF-16 puts the surrogate pair first.
  ['{"\u{1F600}":2,"\uFF61":1}', '{"\uFF61":1,"\u{1F600}":2}'],
  ['{"\uFF61":1,"\u{1F600}":2}', '{"\uFF61":1,"\u{1F600}":2}'],
  // Keys needing escapes are escaped as serde_json writes them.
  ['{"q\\"":1,"t\\t":2,"c\\u0001":3}', '{"c\\u0001":3,"q\\"":1,"t\\t":2}'],
])("json keys in serde's order: %s", (raw, want) => {
  for (const decode of [harn.decodeAgentEvent, harn.decodeAgentEventStrict]) {
    expect(harn.encodeAgentEvent(decode(withInput(raw)))).toBe(withInput(want));
  }
});

test("a lone surrogate in a json key is an EncodeError, also next to an astral key", () => {
  const e = harn.decodeAgentEvent(withInput('{"a":1}'));
  if (e.type !== "tool_call") throw new Error("expected a tool_call event");
  for (const raw of [{ "\ud800": 1 }, { "\ud800": 1, "\u{1F600}": 2, b: 3 }]) {
    expect(() =>
      harn.encodeAgentEvent({
        ...e,
        raw_input: Object.assign(Object.create(null), raw),
      }),
    ).toThrow(EncodeError);
  }
});

test("strings: escape-free ones are written as they are, others escaped exactly as JSON.stringify does", () => {
  for (const content of [
    "plain",
    "",
    "tab\there",
    'q"uote',
    "back\\slash",
    "\u0000\u001f",
    "é✓\u{1F600}",
    "x".repeat(70000),
  ]) {
    expect(harn.encodeAgentEvent(chunk(content))).toBe(
      `{"type":"agent_message_chunk","session_id":"s","content":${JSON.stringify(content)}}`,
    );
  }
  for (const content of ["\ud800", "a\udc00b", "x".repeat(70000) + "\ud83d"]) {
    expect(() => harn.encodeAgentEvent(chunk(content))).toThrow(/lone surrogate/);
  }
});

test.each([
  // What JSON.stringify writes differently from serde_json must not go its way.
  ["negative zero", { z: -0 }, '{"z":-0.0}'],
  ["a small float", { f: 1e-7 }, '{"f":1e-7}'],
  ["an integral float", { f: new JsonFloat(1) }, '{"f":1.0}'],
  ["a big integer", { i: 18446744073709551615n }, '{"i":18446744073709551615}'],
  ["an integral double beyond 2^53", { i: 1e19 }, '{"i":10000000000000000000}'],
  ["a double beyond u64", [1e21], "[1e+21]"],
  ["a literal backslash-u text", { s: "\\ud800" }, '{"s":"\\\\ud800"}'],
  ["an astral value", { s: "\u{1F600}" }, '{"s":"\u{1F600}"}'],
  ["an astral value next to keys in order", { a: "\u{1F600}", b: ["\uFF61"] }, '{"a":"\u{1F600}","b":["\uFF61"]}'],
  ["astral keys deep down", [{ x: { "\u{1F600}": 2, "\uFF61": 1 } }], '[{"x":{"\uFF61":1,"\u{1F600}":2}}]'],
  ["unsorted keys deep down", [{ b: [{ d: 1, c: 2 }], a: null }], '[{"a":null,"b":[{"c":2,"d":1}]}]'],
  [
    "what JSON.stringify writes alike",
    { a: [1, -2, 0.5, "x\n", true, null, {}], b: {} },
    '{"a":[1,-2,0.5,"x\\n",true,null,{}],"b":{}}',
  ],
])("json values: %s", (_what, raw, want) => {
  expect(harn.encodeAgentEvent(toolCall(raw))).toBe(withInput(want));
});

test("a lone surrogate in a json string value is an EncodeError", () => {
  for (const raw of [{ s: "\ud800" }, ["ok", "a\udfffb"], { a: "\u{1F600}", b: "\ud800" }]) {
    expect(() => harn.encodeAgentEvent(toolCall(raw))).toThrow(EncodeError);
  }
});

/** A JsonValue as plain data a matcher compares exactly: JsonFloat, bigint and -0 spelled out. */
function shape(v: unknown): unknown {
  if (v instanceof JsonFloat) return { float: Object.is(v.value, -0) ? "-0" : String(v.value) };
  if (typeof v === "bigint") return { bigint: String(v) };
  if (typeof v === "number") return Object.is(v, -0) ? { number: "-0" } : v;
  if (Array.isArray(v)) return v.map(shape);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shape(x)]));
  }
  return v;
}

const nest = (n: number): string => "[".repeat(n) + "1" + "]".repeat(n);
const nestedOnes = (n: number): unknown => (n === 0 ? 1 : [nestedOnes(n - 1)]);

// The fast path reads JSON.parse's tree and must hand every number JSON.parse cannot show exactly to the exact reader;
// the expected values are serde_json's Value for each text, written by hand.
test.each<[string, unknown]>([
  ['{"a":[1,2.5,{"b":3}]}', { a: [1, 2.5, { b: 3 }] }],
  ['{"a":1.0}', { a: { float: "1" } }],
  ['{"a":[2,1e3]}', { a: [2, { float: "1000" }] }],
  ['{"a":{"b":-0.0,"c":7}}', { a: { b: { float: "-0" }, c: 7 } }],
  // serde_json reads `-0` as the float -0.0 (parse_integer: a negative zero significand is F64(-0.0)).
  ['{"a":[-0]}', { a: [{ float: "-0" }] }],
  ['{"a":[9007199254740993]}', { a: [{ bigint: "9007199254740993" }] }],
  ['{"a":{"b":[1,15e-1]}}', { a: { b: [1, 1.5] } }],
  [nest(66), nestedOnes(66)],
  [`{"a":${nest(70)}}`, { a: nestedOnes(70) }],
])("default decode of json %s is serde's Value, as the strict decode's", (raw, want) => {
  expect(shape(rawInput(harn.decodeAgentEvent(withInput(raw))))).toEqual(want);
  expect(shape(rawInput(harn.decodeAgentEventStrict(withInput(raw))))).toEqual(want);
});
