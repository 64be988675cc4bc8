/**
 * Keys that mean something to JavaScript objects (`__proto__`, `constructor`, `prototype`) inside json values and
 * map<T> fields are plain data: they decode as own keys, re-encode in serde's order, and never reach a prototype.
 */
import * as awaken from "../../generated/awaken";
import * as harnLegacy from "../../generated/harn_legacy";

const HOSTILE = '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1}';

afterEach(() => {
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
});

test.each([
  ["default", harnLegacy.decodeAgentEvent],
  ["strict", harnLegacy.decodeAgentEventStrict],
])("a json value keeps __proto__ and constructor as own keys (%s decode)", (_mode, decode) => {
  const text = `{"type":"plan","session_id":"s","plan":${HOSTILE}}`;
  const e = decode(text);
  if (e.type !== "plan") throw new Error("expected a plan event");
  const plan = e.plan as Record<string, unknown>;
  expect(Object.keys(plan)).toEqual(["__proto__", "constructor", "prototype"]);
  expect(Object.getOwnPropertyDescriptor(plan, "__proto__")?.value).toEqual({ polluted: true });
  expect(plan["polluted"]).toBeUndefined();
  // serde's Value sorts keys by UTF-8 bytes: "__proto__" < "constructor" < "prototype".
  expect(harnLegacy.encodeAgentEvent(e)).toBe(`{"type":"plan","session_id":"s","plan":${HOSTILE}}`);
});

test("a map<json> field keeps __proto__ as an own key and writes it back", () => {
  const text = `{"tool_name":"t","status":"success","data":null,"message":null,"metadata":${HOSTILE}}`;
  for (const decode of [awaken.decodeToolResult, awaken.decodeToolResultStrict]) {
    const r = decode(text);
    expect(Object.keys(r.metadata ?? {})).toEqual(["__proto__", "constructor", "prototype"]);
    expect((r.metadata as Record<string, unknown>)["polluted"]).toBeUndefined();
    expect(awaken.encodeToolResult(r)).toBe(text);
  }
});
