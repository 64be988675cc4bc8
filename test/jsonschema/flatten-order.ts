/**
 * serde's answers for fixtures/flatten_order.yaml (flattened members that see each other's keys, by order), recorded
 * from the conformance oracle (Debian's serde 1.0.152 / serde_json 1.0.87): each row is the type, the input and serde's
 * answer (`OK <re-encoding>` or `ERR <message without position>`). Several of these types make serde write a key
 * twice (`OK {"x":1,"a":2,"a":2}`), which is why the fixture is not in the shared conformance program.
 */
import * as path from "node:path";

export const FLATTEN_ORDER = path.join(__dirname, "fixtures", "flatten_order.yaml");

export const FLATTEN_ORDER_ROWS: readonly (readonly [type: string, input: string, serde: string])[] = [
  ["flatten_order.TwoMaps", `{"x":1,"k":2}`, `OK {"x":1,"k":2,"k":2}`],
  ["flatten_order.TwoMaps", `{"x":1,"k":"s"}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.MapThenStruct", `{"x":1,"a":2}`, `OK {"x":1,"a":2,"a":2}`],
  ["flatten_order.MapThenStruct", `{"x":1,"a":2,"k":3}`, `OK {"x":1,"a":2,"k":3,"a":2}`],
  ["flatten_order.StructThenMap", `{"x":1,"a":2}`, `OK {"x":1,"a":2}`],
  ["flatten_order.StructThenMap", `{"x":1,"a":2,"k":"s"}`, `OK {"x":1,"a":2,"k":"s"}`],
  ["flatten_order.MapThenNested", `{"x":1,"name":"n"}`, `OK {"x":1,"name":"n","name":"n"}`],
  ["flatten_order.MapThenNested", `{"x":1,"name":"n","k":2}`, `ERR invalid type: integer \`2\`, expected a string`],
  ["flatten_order.MapThenNested", `{"x":1,"name":"n","k":"s"}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"plain","x":2,"a":3}`, `ERR unknown field \`a\`, expected \`x\``],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"plain","x":2}`, `ERR missing field \`a\``],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"closed","id":2,"code":3,"a":3}`, `ERR unknown field \`a\`, expected \`id\` or \`code\``],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"mapped","q":2,"a":3}`, `OK {"seq":1,"kind":"mapped","a":3,"q":2,"a":3}`],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"mapped","q":2,"a":"s"}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"plain","x":2,"a":3}`, `OK {"seq":1,"a":3,"kind":"plain","x":2}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"closed","id":2,"code":3,"a":3}`, `OK {"seq":1,"a":3,"kind":"closed","id":2,"code":3}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"mapped","q":2,"a":3}`, `OK {"seq":1,"a":3,"kind":"mapped","q":2}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"held","a":3}`, `ERR missing field \`a\``],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"held","zz":3,"a":3}`, `ERR missing field \`a\``],
  ["flatten_order.RestFirst", `{"seq":1,"name":"n","kind":"plain","x":2}`, `ERR invalid type: string "plain", expected u32`],
  ["flatten_order.RestFirst", `{"seq":1,"name":"n","kind":"nothing"}`, `ERR invalid type: string "nothing", expected u32`],
  ["flatten_order.RestFirst", `{"seq":1,"name":"n","kind":"nothing","q":4}`, `ERR invalid type: string "nothing", expected u32`],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"nothing","a":3}`, `OK {"seq":1,"kind":"nothing","a":3}`],
  ["flatten_order.UnionFirst", `{"seq":1,"kind":"held","a":3}`, `OK {"seq":1,"kind":"held","a":3,"a":3}`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"plain","x":2,"a":3,"zz":1}`, `ERR unknown field \`zz\`, expected \`x\``],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"mapped","a":"s"}`, `ERR invalid type: string "s", expected u8`],
  ["flatten_order.StructFirst", `{"seq":1,"kind":"mapped","q":"s","a":3}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.RestFirst", `{"seq":1,"name":"n","kind":"mapped"}`, `ERR invalid type: string "mapped", expected u32`],
  ["flatten_order.MapThenStruct", `{"x":1,"a":300}`, `ERR invalid value: integer \`300\`, expected u8`],
  ["flatten_order.MapThenStruct", `{"x":1,"k":"s","a":1}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.StructThenMap", `{"x":1,"a":"s"}`, `ERR invalid type: string "s", expected u8`],
  ["flatten_order.MapThenNested", `{"x":1,"name":"n","k":"s"}`, `ERR invalid type: string "s", expected u32`],
  ["flatten_order.TwoMaps", `{"x":1}`, `OK {"x":1}`],
];
