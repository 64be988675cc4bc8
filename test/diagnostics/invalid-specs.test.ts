/**
 * One fixture per diagnostic: test/fixtures/invalid/<case>/*.yaml must produce exactly the lines in expected.txt
 * (file:line:col: message, and hint lines). UPDATE_GOLDENS=1 rewrites expected.txt.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { DIAGNOSTIC_CODES, formatDiagnostic } from "../../generator/diagnostics";
import { runFrontEnd } from "../../generator/frontend";
import { expandInputs } from "../../generator/load";

const ROOT = path.join(__dirname, "..", "fixtures", "invalid");
const cases = fs.readdirSync(ROOT).filter((d) => fs.statSync(path.join(ROOT, d)).isDirectory()).sort();

function diagnose(dir: string) {
  const { files } = expandInputs(["."], dir);
  return runFrontEnd(files, dir);
}

describe("spec diagnostics", () => {
  test.each(cases)("%s", (name) => {
    const dir = path.join(ROOT, name);
    const result = diagnose(dir);
    expect(result.program).toBeUndefined();
    const actual = result.diagnostics.map(formatDiagnostic).join("\n") + "\n";
    const expectedFile = path.join(dir, "expected.txt");
    if (process.env.UPDATE_GOLDENS === "1") fs.writeFileSync(expectedFile, actual);
    expect(actual).toBe(fs.readFileSync(expectedFile, "utf8"));
  });

  test("every diagnostic code has a fixture that produces it", () => {
    const produced = new Set(cases.flatMap((name) => diagnose(path.join(ROOT, name)).diagnostics.map((d) => d.code)));
    const missing = DIAGNOSTIC_CODES.filter((code) => !produced.has(code));
    expect(missing).toEqual([]);
  });

  test("the seed specs in schema/ have no diagnostics", () => {
    const cwd = path.join(__dirname, "..", "..");
    const { files } = expandInputs(["schema"], cwd);
    const result = runFrontEnd(files, cwd);
    expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(result.program?.families.length).toBeGreaterThanOrEqual(5);
  });

  test("an internally tagged newtype variant may wrap a map through an alias or a newtype (serde accepts both)", () => {
    const dir = fs.mkdtempSync(path.join(require("node:os").tmpdir(), "eventspec-valid-"));
    try {
      fs.writeFileSync(
        path.join(dir, "spec.yaml"),
        [
          "family: maps",
          "types:",
          "  Bag: { kind: alias, type: map<u32> }",
          "  Wrapped: { kind: newtype, type: map<json> }",
          "  Event:",
          "    kind: union",
          "    tag: type",
          "    variants:",
          "      Counts: { newtype: Bag }",
          "      Extra: { newtype: Wrapped }",
          "      Boxed: { newtype: box<Bag> }",
          "",
        ].join("\n"),
      );
      expect(diagnose(dir).diagnostics.map(formatDiagnostic)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
