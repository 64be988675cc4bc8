/**
 * The layout pass (generator/layout.ts, run by `formatOutputs`) must print exactly what one full prettier pass
 * prints. Every TypeScript file generated from the seeds, the goldens, the test fixtures and synthetic specs is
 * formatted both ways and compared; the shapes the layout prints itself are checked on both sides of the width.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { EMITTERS } from "../../generator/emit/index";
import { formatOutputs, formatWithPrettier, splitFitting } from "../../generator/format";
import { runFrontEnd } from "../../generator/frontend";
import type { OutputFile } from "../../generator/ir/types";
import { planLayout, prettierString } from "../../generator/layout";
import { expandInputs } from "../../generator/load";
import { syntheticSpec } from "../../scripts/bench-gen";
import { makeTemp, rmTemp } from "../helpers/tree";

const ROOT = path.resolve(__dirname, "..", "..");

let tmp: string;
beforeAll(() => {
  tmp = makeTemp("layout");
  for (const n of [60, 250, 1000]) {
    fs.mkdirSync(path.join(tmp, `synthetic-${n}`));
    fs.writeFileSync(path.join(tmp, `synthetic-${n}`, "synthetic.yaml"), syntheticSpec(n));
  }
});
afterAll(() => rmTemp(tmp));

function emitTs(input: string): OutputFile[] {
  const abs = path.resolve(ROOT, input);
  const cwd = fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
  const { files } = expandInputs([abs], cwd);
  const front = runFrontEnd(files, cwd, ROOT); // the kitchen sink imports a spec of schema/
  if (!front.program) throw new Error(`${input}: ${JSON.stringify(front.diagnostics.slice(0, 3))}`);
  return EMITTERS.flatMap((e) => e.emit(front.program!)).filter((f) => f.path.endsWith(".ts"));
}

async function expectSameAsPrettier(files: readonly OutputFile[]): Promise<void> {
  const fast = await formatOutputs(files);
  for (let i = 0; i < files.length; i++) {
    const reference = (await formatWithPrettier(files[i]!)).content;
    expect({ file: files[i]!.path, content: fast[i]!.content }).toEqual({ file: files[i]!.path, content: reference });
  }
}

const GOLDENS = fs
  .readdirSync(path.join(ROOT, "test", "goldens"))
  .map((d) => `test/goldens/${d}/spec`)
  .filter((d) => fs.existsSync(path.join(ROOT, d)));

describe("every generated TypeScript file is laid out exactly as prettier prints it", () => {
  test.each(["schema", ...GOLDENS, "test/rust/fixtures/kitchen_sink.yaml", "test/jsonschema/fixtures/edges.yaml"])("%s", async (input) => {
    await expectSameAsPrettier(emitTs(input));
  });

  test.each([60, 250])("synthetic spec, %i variants", async (n) => {
    await expectSameAsPrettier(emitTs(path.join(tmp, `synthetic-${n}`, "synthetic.yaml")));
  });

  // The codec emitter's claim (`preformatted: "fitting"`): every top-level statement whose lines fit the width is
  // already in prettier's layout, so formatOutputs keeps it untouched. Proven on the spec bench:gen times.
  test("synthetic spec, 1,000 variants: the codec", async () => {
    const codec = emitTs(path.join(tmp, "synthetic-1000", "synthetic.yaml")).filter((f) => f.path.endsWith("codec.ts"));
    expect(codec.map((f) => f.preformatted)).toEqual(["fitting"]);
    await expectSameAsPrettier(codec);
  }, 120_000);

  test("the codec's statements that fit the width are most of it: the layout pass sees the rest", () => {
    const codec = emitTs(path.join(tmp, "synthetic-250", "synthetic.yaml")).find((f) => f.path.endsWith("codec.ts"))!;
    const segments = splitFitting(codec.content);
    expect(segments.map((s) => s.text).join("\n")).toBe(codec.content);
    const kept = segments.filter((s) => s.kept).reduce((n, s) => n + s.text.length, 0);
    expect(kept / codec.content.length).toBeGreaterThan(0.95);
  });

  test.each([
    ["120 ASCII columns", `const a = "${"x".repeat(120 - 13)}";`, true],
    ["121 ASCII columns", `const a = "${"x".repeat(121 - 13)}";`, false],
    ["a comment of 57 wide characters: 117 columns at most", `// ${"界".repeat(57)}`, true],
    ["a comment of 59 wide characters: maybe 121 columns", `// ${"界".repeat(59)}`, false],
  ])("splitFitting keeps a statement only when it surely fits: %s", (_name, line, kept) => {
    const text = `function f() {}\n\n${line}\n\nfunction g() {}\n`;
    const segments = splitFitting(text);
    expect(segments.map((s) => s.text).join("\n")).toBe(text);
    expect(segments.find((s) => s.text.includes(line))?.kept).toBe(kept);
  });

  test("most of a large codec is kept as printed: prettier sees a small part", () => {
    const codec = emitTs(path.join(tmp, "synthetic-250", "synthetic.yaml")).find((f) => f.path.endsWith("codec.ts"))!;
    const plan = planLayout(codec.content);
    const sent = plan.jobs.reduce((n, j) => n + j.source.length, 0);
    expect(sent / codec.content.length).toBeLessThan(0.1);
  });
});

describe("the shapes the layout prints itself, on both sides of the print width", () => {
  const file = (content: string): OutputFile => ({ path: "x.ts", content });

  const names = (k: number) => Array.from({ length: k }, (_, i) => `name${i}`);
  const quoted = (xs: string[]) => xs.map((s) => JSON.stringify(s));
  /** Each shape as a function of a filler name; the test sizes the filler so the longest line is near 120. */
  const shapes: [string, (p: string) => string, "direct" | "statement"][] = [
    ["import list", (p) => `import { ${[...names(10), p].join(", ")} } from "../m";`, "direct"],
    ["import type list", (p) => `import type { ${[...names(9), p].join(", ")} } from "./types";`, "direct"],
    ["export list", (p) => `export { ${[...names(11), p].join(", ")} } from "./codec";`, "direct"],
    ["string array", (p) => `const VARIANTS_1 = [${quoted([...names(8), p]).join(",")}] as string[];`, "direct"],
    ["pairs map", (p) => `const FIELDS_2 = new Map<string, string>([["a", "a"], ["${p}", "b"]]);`, "direct"],
    ["single pair map", (p) => `const FIELDS_3 = new Map<string, string>([["${p}", "b"]]);`, "direct"],
    ["set", (p) => `const KNOWN_3 = new Set<string>([${quoted([...names(8), p]).join(", ")}]);`, "direct"],
    ["frozen object", (p) => `export const T: Readonly<Record<EventTag, boolean>> = Object.freeze({ a: true, b: false, ${p}: false });`, "direct"],
    ["union alias", (p) => `export type U = ${quoted([...names(10), p]).join(" | ")};`, "direct"],
    ["ts-morph union alias", (p) => `export type V = \n    | ${[...names(11), p].join("\n    | ")};`, "direct"],
    ["return object", (p) => `function f(v: X): Y {\n  if (v) {\n    return { type: "a", a: f1, b: f2, ${p}: f11 };\n  }\n  return { type: "b" };\n}`, "direct"],
    ["long statement", (p) => `function g(v: X): Y {\n  let out = "";\n  out += ",\\"count\\":" + (typeof v.count === "number" && Number.isInteger(v.count) ? "" + v.count : encodeInt(v.count, "${p}"));\n  return out;\n}`, "statement"],
    ["block header", (p) => `function h(v: X): Y {\n  switch (v) {\n    case "a":\n    {\n      if (!(typeof x === "number" && Number.isInteger(x) && x >= -9007199254740991 && ${p})) {\n        throw at(errInt(x, "i64"), "[1]");\n      }\n      return 1;\n    }\n    default:\n      return 2;\n  }\n}`, "statement"],
  ];

  test.each(shapes)("%s", async (_name, shape, how) => {
    // ts-morph's union layout is sized by the union on one line (each member alone is short).
    const longest = (s: string) => (s.includes("\n    | ") ? s.replace(/ \n    \| /, " ").replace(/\n    \|/g, " |").length : Math.max(...s.split("\n").map((l) => l.length)));
    const base = longest(shape("p"));
    for (let target = 100; target <= 150; target++) {
      const filler = "p".repeat(Math.max(1, 1 + target - base));
      const source = shape(filler);
      // The shape is printed here (no prettier job), or only its long statement goes to prettier (not the function).
      const { jobs } = planLayout(source);
      if (how === "direct") expect({ source, jobs }).toEqual({ source, jobs: [] });
      else expect(jobs.every((j) => j.nest > 0)).toBe(true);
      const fast = (await formatOutputs([file(source)]))[0]!.content;
      expect({ source, fast }).toEqual({ source, fast: (await formatWithPrettier(file(source))).content });
    }
  });

  test("string literals get prettier's quotes", async () => {
    const gen = fc.string({ unit: fc.constantFrom("a", '"', "'", "\\", "\n", "\u2028", "é", "`", "$", "{") as fc.Arbitrary<string>, maxLength: 12 });
    const samples = fc.sample(gen, { numRuns: 300, seed: 42 });
    const source = samples.map((s, i) => `const s${i} = ${JSON.stringify(s)};`).join("\n") + "\n";
    const expected = samples.map((s, i) => `const s${i} = ${prettierString(JSON.stringify(s))};`).join("\n") + "\n";
    expect((await formatWithPrettier(file(source))).content).toBe(expected);
    expect((await formatOutputs([file(source)]))[0]!.content).toBe(expected);
  });
});
