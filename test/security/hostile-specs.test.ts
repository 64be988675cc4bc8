/**
 * Specs built to make the front end slow get a located error quickly. (The fixtures in test/fixtures/invalid/ show
 * the messages; these cases are too large for a fixture, and what they test is the time.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { runFrontEnd } from "../../generator/frontend";
import { makeTemp, rmTemp } from "../helpers/tree";

/** The front end's diagnostics for one spec text, and how long it took. */
function diagnose(text: string): { lines: string[]; ms: number } {
  const dir = makeTemp("hostile");
  try {
    fs.writeFileSync(path.join(dir, "spec.yaml"), text);
    const started = Date.now();
    const result = runFrontEnd([path.join(dir, "spec.yaml")], dir);
    return { lines: result.diagnostics.map(formatDiagnostic), ms: Date.now() - started };
  } finally {
    rmTemp(dir);
  }
}

// Before the limits: about a minute for the first (an edit distance of 100,000 × 100,000), and minutes then a stack
// overflow for the second.
const BUDGET_MS = 5000;

test("a 100,000-character type name with a typo is reported without a did-you-mean search", () => {
  const name = `A${"b".repeat(100_000)}`;
  const { lines, ms } = diagnose(
    ["family: long", "types:", `  ? ${name}`, "  : { kind: struct, fields: { y: u8 } }", `  B: { kind: struct, fields: { x: ${name}c } }`, ""].join("\n"),
  );
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^spec\.yaml:5:35: unknown type `Ab+c`\n {2}hint: declare it/);
  expect(ms).toBeLessThan(BUDGET_MS);
}, 120_000);

test("a type expression nested 1,000 deep is a located error", () => {
  const deep = `${"list<".repeat(1000)}u8${">".repeat(1000)}`;
  const { lines, ms } = diagnose(`family: deep\ntypes:\n  B: { kind: struct, fields: { x: "${deep}" } }\n`);
  expect(lines).toEqual(["spec.yaml:3:196: type expression nests deeper than 32 levels"]);
  expect(ms).toBeLessThan(BUDGET_MS);
}, 120_000);

test("a short typo still gets its did-you-mean", () => {
  const { lines } = diagnose("family: near\ntypes:\n  Payload: { kind: struct, fields: { y: u8 } }\n  B: { kind: struct, fields: { x: Paylod } }\n");
  expect(lines).toEqual(["spec.yaml:4:35: unknown type `Paylod`\n  hint: did you mean `Payload`?"]);
});
