/**
 * Job shapes (generator/shapes.ts): prettier runs once per shape, so a shape must be laid out exactly as every job
 * that has it. Checked against prettier itself on jobs the codec really produces, then the scanner's edge cases.
 */
import { formatWithPrettier } from "../../generator/format";
import { shapeOf, unshape } from "../../generator/shapes";

const prettier = async (source: string) => (await formatWithPrettier({ path: "x.ts", content: source })).content;

describe("a job is laid out as its shape, with its own names put back", () => {
  // Long statements of the kind the codec hands prettier, with numbered names of several widths around the
  // print width (each one breaks, or not, by its own width).
  const statements = [
    (v: string, w: string) => `out += ',"elapsed_ms":' + (typeof ${v} === "number" && Number.isInteger(${v}) && ${v} >= 0 && ${v} <= 18446744073709551615 ? "" + ${v} : encodeInt(${v}, "u64${w}"));`,
    (v: string, w: string) => `if (typeof ${v} !== "string") throw at(errType(${v}, "a formatted date and time string or a unix timestamp${w}"), ".started_at");`,
    (v: string, w: string) => `const FIELDS_${v.slice(1)} = new Map<string, string>([["type", "type"], ["session_id", "session_id${w}"], ["trace_id", "trace_id"]]);`,
  ];
  const names = ["v1", "v12", "v873", "v99999"];
  test.each(statements.map((s, i) => [i, s] as const))("statement %i", async (_i, statement) => {
    for (const v of names) {
      for (let pad = 0; pad < 12; pad += 3) {
        const source = `{\n{\n${statement(v, "x".repeat(pad))}\n}\n}\n`;
        const shape = shapeOf(source)!;
        expect(shape.names.every((n) => /\d/.test(n))).toBe(true);
        const viaShape = unshape(await prettier(shape.key), shape);
        expect({ source, out: viaShape }).toEqual({ source, out: await prettier(source) });
      }
    }
  });
});

describe("shapeOf", () => {
  const cases: [string, { given: string; want: { key: string; names: string[] } | undefined }][] = [
    ["digits in names are zeroed, width kept", { given: "a1 = b22 + c;", want: { key: "a0 = b00 + c;", names: ["a1", "b22"] } }],
    ["numbers are left alone", { given: "x1 = 42 + 1e3 + 0x1F + 1.5;", want: { key: "x0 = 42 + 1e3 + 0x1F + 1.5;", names: ["x1"] } }],
    ["strings are left alone, both quotes", { given: `f("v1", 'w2\\'x3', v4);`, want: { key: `f("v1", 'w2\\'x3', v0);`, names: ["v4"] } }],
    ["member names count too", { given: "a.b1.c", want: { key: "a.b0.c", names: ["b1"] } }],
    ["a template literal is not shaped", { given: "x1 = `a${y2}`;", want: undefined }],
    ["a comment or regex is not shaped", { given: "x1 = 2; // y3", want: undefined }],
    ["an unterminated string is not shaped", { given: `x1 = "abc`, want: undefined }],
  ];
  test.each(cases)("%s", (_name, { given, want }) => {
    expect(shapeOf(given)).toEqual(want);
  });
});

describe("unshape", () => {
  test("puts the names back in order", () => {
    const shape = shapeOf("f(a1, b22)")!;
    expect(unshape("f(\n  a0,\n  b00,\n)", shape)).toBe("f(\n  a1,\n  b22,\n)");
  });
  test("refuses an output whose names do not line up", () => {
    const shape = shapeOf("f(a1, b22)")!;
    expect(unshape("f(a0)", shape)).toBeUndefined(); // one missing
    expect(unshape("f(a0, b00, c0)", shape)).toBeUndefined(); // one more
    expect(unshape("f(b00, a0)", shape)).toBeUndefined(); // another order
  });
});
