/**
 * serde's answers for fixtures/flatten_order.yaml (flattened members that see each other's keys, in the orders the
 * spec language accepts), recorded from the conformance oracle (Debian's serde 1.0.152 / serde_json 1.0.87): each row
 * is the type, the input and serde's answer (`OK <re-encoding>` or `ERR <message without position>`). The layouts
 * where serde writes a key twice (`OK {"x":1,"a":2,"a":2}`) are spec errors now; their recorded answers are in
 * test/fixtures/invalid/flatten-collision-order/spec.yaml. edge-cases.test.ts holds live serde and both decodes to
 * these rows.
 */
export { FLATTEN_ORDER } from "../conformance/program";

export const FLATTEN_ORDER_ROWS: readonly (readonly [type: string, input: string, serde: string])[] = [
  ["flatten_order.StructThenMap", `{"x":1,"a":2}`, `OK {"x":1,"a":2}`],
  ["flatten_order.StructThenMap", `{"x":1,"a":2,"k":"s"}`, `OK {"x":1,"a":2,"k":"s"}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"plain","x":2,"a":3}`, `OK {"seq":1,"a":3,"kind":"plain","x":2}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"closed","id":2,"code":3,"a":3}`, `OK {"seq":1,"a":3,"kind":"closed","id":2,"code":3}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"mapped","q":2,"a":3}`, `OK {"seq":1,"a":3,"kind":"mapped","q":2}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"plain","x":2,"a":3,"zz":1}`, `ERR unknown field \`zz\`, expected \`x\``],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"mapped","a":"s"}`, `ERR invalid type: string "s", expected u8`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"mapped","q":"s","a":3}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.StructThenMap", `{"x":1,"a":"s"}`, `ERR invalid type: string "s", expected u8`],
];
