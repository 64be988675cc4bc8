/**
 * Inside a json value, the default decode and the strict decode read a float token whose value a double rounds to
 * an integer as serde does: a float (`JsonFloat`), which re-encodes with its `.0` — not as the integer `JSON.parse`
 * makes of it (issue 13: `1.00000000000000001`, `0.000…0001`).
 */
import { decodeAgentEvent, decodeAgentEventStrict, encodeAgentEvent } from "../../generated/harn";

const event = (raw: string) =>
  `{"type":"tool_call_update","session_id":"s","tool_call_id":"t","tool_name":"n","status":"completed","raw_output":${raw}}`;

test.each([
  ["1.00000000000000001", "1.0"],
  ["4503599627370496.5", "4503599627370496.0"],
  [`0.${"0".repeat(400)}1`, "0.0"],
  [`[1, 1.00000000000000001]`, "[1,1.0]"],
  [`{"a": 2, "b": 99999999999999999.9}`, '{"a":2,"b":1e+17}'],
])("%s reads as serde's %s in both decodes", (raw, serde) => {
  // The encoder writes every field of the variant; `error` (an Option without skip) as null.
  const expected = `${event(serde).slice(0, -1)},"error":null}`;
  expect(encodeAgentEvent(decodeAgentEventStrict(event(raw)))).toBe(expected);
  expect(encodeAgentEvent(decodeAgentEvent(event(raw)))).toBe(expected);
});
