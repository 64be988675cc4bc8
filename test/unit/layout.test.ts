/**
 * What the codec emitter still takes from generator/layout.ts: `printOneLine` and `prettierString` print what
 * prettier prints, on both sides of the print width.
 */
import fc from "fast-check";
import { formatWithPrettier } from "../../generator/format";
import type { OutputFile } from "../../generator/ir/types";
import { printOneLine, prettierString } from "../../generator/layout";

describe("printOneLine and prettierString print what prettier prints, on both sides of the print width", () => {
  const file = (content: string): OutputFile => ({ path: "x.ts", content });

  const names = (k: number) => Array.from({ length: k }, (_, i) => `name${i}`);
  const quoted = (xs: string[]) => xs.map((s) => JSON.stringify(s));
  /** The one-line statements the codec breaks, each as a function of a filler name sized to bring it near 120. */
  const shapes: [string, (p: string) => string][] = [
    ["import list", (p) => `import { ${[...names(10), p].join(", ")} } from "../m";`],
    ["import type list", (p) => `import type { ${[...names(9), p].join(", ")} } from "./types";`],
    ["export list", (p) => `export { ${[...names(11), p].join(", ")} } from "./codec";`],
    ["string array", (p) => `const VARIANTS_1 = [${quoted([...names(8), p]).join(",")}] as string[];`],
    ["pairs map", (p) => `const FIELDS_2 = new Map<string, string>([["a", "a"], ["${p}", "b"]]);`],
    ["single pair map", (p) => `const FIELDS_3 = new Map<string, string>([["${p}", "b"]]);`],
    ["set", (p) => `const KNOWN_3 = new Set<string>([${quoted([...names(8), p]).join(", ")}]);`],
    ["frozen object", (p) => `export const T: Readonly<Record<EventTag, boolean>> = Object.freeze({ a: true, b: false, ${p}: false });`],
  ];

  test.each(shapes)("%s", async (_name, shape) => {
    const base = shape("p").length;
    for (let target = 100; target <= 150; target++) {
      const source = shape("p".repeat(Math.max(1, 1 + target - base)));
      const printed = printOneLine(source);
      expect({ source, printed: printed === undefined ? undefined : `${printed}\n` }).toEqual({ source, printed: (await formatWithPrettier(file(source))).content });
    }
  });

  test("string literals get prettier's quotes", async () => {
    const gen = fc.string({ unit: fc.constantFrom("a", '"', "'", "\\", "\n", "\u2028", "é", "`", "$", "{") as fc.Arbitrary<string>, maxLength: 12 });
    const samples = fc.sample(gen, { numRuns: 300, seed: 42 });
    const source = samples.map((s, i) => `const s${i} = ${JSON.stringify(s)};`).join("\n") + "\n";
    const expected = samples.map((s, i) => `const s${i} = ${prettierString(JSON.stringify(s))};`).join("\n") + "\n";
    expect((await formatWithPrettier(file(source))).content).toBe(expected);
  });
});
