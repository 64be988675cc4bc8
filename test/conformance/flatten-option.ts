/**
 * serde's answers for fixtures/flatten_option.yaml (a flattened Option: None whenever the payload does not read),
 * recorded from the conformance oracle (Debian's serde 1.0.152 / serde_json 1.0.87). The fixture is in the shared
 * program (program.ts); edge-cases.test.ts checks that live serde still gives these answers and that both TypeScript
 * decodes do, and the JSON Schema suite holds its schemas to them. Each row: the type, the input, serde's answer
 * (`OK <re-encoding>` or `ERR <message without position>`), and whether the JSON Schema's verdict may differ by the
 * named exception `flatten-option-order` (generator/emit/jsonschema-limits.ts).
 */
export { FLATTEN_OPTION } from "./program";

export const FLATTEN_OPTION_ROWS: readonly (readonly [type: string, input: string, serde: string, limit?: "flatten-option-order"])[] = [
  ["flatten_option.MaybePair", `{"seq":1,"a":2,"b":"x"}`, `OK {"seq":1,"a":2,"b":"x"}`],
  ["flatten_option.MaybePair", `{"seq":1}`, `OK {"seq":1}`],
  ["flatten_option.MaybePair", `{"seq":1,"a":2}`, `OK {"seq":1}`],
  ["flatten_option.MaybePair", `{"seq":1,"a":"bad","b":"x"}`, `OK {"seq":1}`],
  ["flatten_option.MaybePair", `{"seq":1,"a":2,"bb":"x"}`, `OK {"seq":1}`],
  ["flatten_option.MaybePair", `{"seq":1,"a":300,"b":"x"}`, `OK {"seq":1}`],
  ["flatten_option.MaybeClosed", `{"seq":1,"kind":"P","x":1}`, `OK {"seq":1,"kind":"P","x":1}`],
  ["flatten_option.MaybeClosed", `{"seq":1}`, `OK {"seq":1}`],
  ["flatten_option.MaybeClosed", `{"seq":1,"kind":"P","x":1,"zz":1}`, `OK {"seq":1}`],
  ["flatten_option.MaybeClosed", `{"seq":1,"kind":"Q"}`, `OK {"seq":1}`],
  ["flatten_option.MaybeClosed", `{"seq":1,"kind":"P","x":"s"}`, `OK {"seq":1}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"a":2,"b":"x"}`, `OK {"seq":1,"a":2,"b":"x"}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"a":2}`, `OK {"seq":1}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"b":"x"}`, `OK {"seq":1}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"b":"x","q":3}`, `OK {"seq":1,"q":3}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"a":2,"b":"x","q":3}`, `OK {"seq":1,"a":2,"b":"x","q":3}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"a":2,"b":5}`, `OK {"seq":1}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"bb":"x","a":1}`, `ERR invalid type: string "x", expected u32`],
  ["flatten_option.MaybePair", `{"seq":1,"a":2,"b":"x","zz":1}`, `OK {"seq":1,"a":2,"b":"x"}`],
  ["flatten_option.MaybePair", `{"a":2,"b":"x"}`, `ERR missing field \`seq\``],
  ["flatten_option.MaybePair", `{"seq":"s"}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_option.MaybeClosed", `{"seq":1,"kind":1}`, `OK {"seq":1}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"q":"s"}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_option.MaybePairRest", `{"seq":1,"bb":1,"b":"x","a":1}`, `OK {"seq":1,"a":1,"b":"x","bb":1}`],
  ["flatten_option.MaybePairRest", `{"seq":1,"a":"bad","b":"x"}`, `ERR invalid type: string "x", expected u32`, "flatten-option-order"],
  ["flatten_option.MaybePairRest", `{"seq":1,"b":"x","a":"bad"}`, `OK {"seq":1}`],
];
