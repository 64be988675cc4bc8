/** `ImportSet.print()` (used by the codec, which is built as text) prints what ts-morph prints for `structures()`. */
import { ImportSet, tsMorph } from "../../generator/emit/ts-common";

function viaTsMorph(s: ImportSet): string {
  const { printStructure } = tsMorph();
  return s
    .structures()
    .map((x) => printStructure(x, { indentNumberOfSpaces: 2, newLine: "\n" }).replace(/\n*$/, "\n"))
    .join("");
}

test("value, type and mixed imports, sorted, in ts-morph's text", () => {
  const a = new ImportSet();
  a.addValue("at", "../_support/runtime");
  a.addType("DecodeResult", "../_support/errors");
  a.addValue("customError", "../_support/errors");
  a.addType("Y", "./types");
  a.addType("X", "./types");
  a.addValue("d$A$c", "../other/codec");
  a.addType("d$A$c", "../other/codec");
  a.addType("JsonValue", "../_support/json-value");
  a.addValue("JsonFloat", "../_support/json-value");
  expect(a.print()).toBe(viaTsMorph(a));
  expect(a.print()).toContain('import type { X, Y } from "./types.js";\n');
  expect(a.print()).toContain('import { JsonFloat, type JsonValue } from "../_support/json-value.js";\n');
  expect(new ImportSet().print()).toBe("");
});
