/**
 * Type-level tests, compiled by `tsc` (the TypeScript API, one strict program per check) against the seed specs in
 * schema/ and the golden fixture specs, freshly generated into a temp dir laid out like the repo (`<tmp>/generated`, `<tmp>/test/typelevel/cases`):
 *
 * - an exhaustive `switch` (or `in` chain, for externally tagged unions) over every union and unit enum of every
 *   seed family compiles, and narrows each case to the variant's fields;
 * - the same code with one variant left out fails to compile, with TS2322 "… is not assignable to type 'never'"
 *   naming the forgotten variant's type;
 * - test/typelevel/cases/*.ts: wrong field types are errors (`@ts-expect-error`), accessor and table return types
 *   are exact (`Expect<Equal<…>>`).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runFrontEnd } from "../../generator/frontend";
import { generate } from "../../generator/generate";
import { hasTags, resolveStruct, tagKey, indexDecls, type DeclIndex } from "../../generator/ir/lookup";
import type { EnumDecl, Family, UnionDecl, Variant } from "../../generator/ir/types";
import { expandInputs } from "../../generator/load";
import { ensureSupport, makeTemp, rmTemp, showDiagnostics, typecheck } from "../helpers/tree";

const ROOT = path.resolve(__dirname, "../..");
/** The seed specs, plus the golden fixtures (they cover what the seeds do not: lossless arms, untagged, adjacent…). */
const INPUTS = [
  "schema",
  ...fs
    .readdirSync(path.join(ROOT, "test/goldens"))
    .filter((d) => fs.existsSync(path.join(ROOT, "test/goldens", d, "spec")))
    .sort()
    .map((d) => `test/goldens/${d}/spec`),
];

let tmp: string;
let families: Family[];
let index: DeclIndex;

beforeAll(async () => {
  tmp = makeTemp("typelevel");
  const result = await generate({ inputs: INPUTS, outDir: path.join(tmp, "generated"), cwd: ROOT });
  expect(result.diagnostics).toEqual([]);
  ensureSupport(path.join(tmp, "generated"), ROOT);
  const front = runFrontEnd(expandInputs(INPUTS, ROOT).files, ROOT);
  families = front.program!.families.filter((f) => f.generated);
  index = indexDecls(front.program!);
  expect(families.map((f) => f.name)).toEqual(expect.arrayContaining(["awaken", "behest", "harn", "harn_legacy", "heartbit", "reprs", "meta"]));
});
afterAll(() => rmTemp(tmp));

const js = JSON.stringify;
const access = (obj: string, key: string) => (/^[A-Za-z_$][\w$]*$/.test(key) ? `${obj}.${key}` : `${obj}[${js(key)}]`);

/** A statement that only compiles when `e` was narrowed to the variant: reads its first required field. */
function touch(u: UnionDecl, v: Variant): string {
  const fields =
    v.shape.kind === "struct" ? v.shape.fields : v.shape.kind === "newtype" ? (resolveStruct(index, v.shape.type)?.fields ?? []) : [];
  const f = fields.find((x) => !x.optional && !x.skip && !x.flatten);
  if (!f) return "";
  switch (u.repr.kind) {
    case "internal":
      return `void ${access("e", f.wire)}; `;
    case "adjacent":
      return v.shape.kind === "struct" ? `void ${access(access("e", u.repr.content), f.wire)}; ` : "";
    case "external":
      return `void ${access(access("e", v.wire), f.wire)}; `;
    default:
      return "";
  }
}

const NEVER = "default: { const unreachable: never = e; return unreachable; }";

/** An exhaustive function over a union, leaving out the variant named `omit` (if any). */
function unionSwitch(u: UnionDecl, omit?: string): string {
  const keep = u.variants.filter((v) => v.names.spec !== omit);
  const name = `exhaustive${u.names.ts}`;
  const key = tagKey(u);
  if (key !== undefined) {
    const cases = keep.map((v, i) =>
      v.shape.kind === "lossless" ? `case undefined: return ${i};` : `case ${js(v.wire)}: { ${touch(u, v)}return ${i}; }`,
    );
    return `export function ${name}(e: ${u.names.ts}): number {\n  switch (${access("e", key)}) {\n    ${cases.join("\n    ")}\n    ${NEVER}\n  }\n}\n`;
  }
  // externally tagged: unit variants are strings, the others `{ Tag: payload }`
  const units = u.variants.filter((v) => v.shape.kind === "unit");
  const lines: string[] = [];
  if (units.length > 0) {
    const cases = keep.filter((v) => v.shape.kind === "unit").map((v, i) => `case ${js(v.wire)}: return ${i};`);
    lines.push(`if (typeof e === "string") {\n    switch (e) {\n      ${cases.join("\n      ")}\n      ${NEVER}\n    }\n  }`);
  }
  keep
    .filter((v) => v.shape.kind !== "unit")
    .forEach((v, i) => lines.push(`if (${js(v.wire)} in e) { ${touch(u, v)}return ${100 + i}; }`));
  lines.push("const unreachable: never = e;\n  return unreachable;");
  return `export function ${name}(e: ${u.names.ts}): number {\n  ${lines.join("\n  ")}\n}\n`;
}

function enumSwitch(e: EnumDecl, omit?: string): string {
  const cases = e.values.filter((v) => v.names.spec !== omit).map((v, i) => `case ${js(v.wire)}: return ${i};`);
  return `export function exhaustive${e.names.ts}(e: ${e.names.ts}): number {\n  switch (e) {\n    ${cases.join("\n    ")}\n    ${NEVER}\n  }\n}\n`;
}

const switchable = (f: Family) =>
  f.decls.filter((d): d is UnionDecl | EnumDecl => (d.kind === "union" && hasTags(d)) || (d.kind === "enum" && d.values.length > 0));

function moduleFor(f: Family, decls: readonly (UnionDecl | EnumDecl)[], body: string): string {
  const names = [...new Set(decls.map((d) => d.names.ts))].sort();
  return `import type { ${names.join(", ")} } from "../generated/${f.name}";\n\n${body}`;
}

test("an exhaustive switch over every union and enum of every family compiles", () => {
  const overlay = new Map<string, string>();
  let count = 0;
  for (const f of families) {
    const decls = switchable(f);
    const body = decls.map((d) => (d.kind === "union" ? unionSwitch(d) : enumSwitch(d))).join("\n");
    count += decls.length;
    overlay.set(path.join(tmp, "typelevel", `exhaustive_${f.name}.ts`), moduleFor(f, decls, body));
  }
  expect(count).toBeGreaterThan(20);
  const diags = typecheck([], tmp, overlay);
  expect(showDiagnostics(diags)).toBe("");
});

test("leaving out any one variant fails with TS2322 naming the variant's type", () => {
  // One file per (declaration, omitted variant): each must have exactly the one expected error.
  const overlay = new Map<string, string>();
  const expected = new Map<string, string>();
  for (const f of families) {
    for (const d of switchable(f)) {
      // TS names the forgotten member: the variant's interface, or the literal for an enum value or an externally
      // tagged unit variant (its type alias is the bare string literal)
      const members =
        d.kind === "union"
          ? d.variants.map((v) => [v.names.spec, d.repr.kind === "external" && v.shape.kind === "unit" ? js(v.wire) : v.names.ts] as const)
          : d.values.map((v) => [v.names.spec, js(v.wire)] as const);
      for (const [spec, typeText] of members) {
        const rel = `typelevel/missing_${f.name}_${d.names.ts}_${spec}.ts`;
        const body = d.kind === "union" ? unionSwitch(d, spec) : enumSwitch(d, spec);
        overlay.set(path.join(tmp, rel), moduleFor(f, [d], body));
        expected.set(rel, `Type '${typeText}' is not assignable to type 'never'.`);
      }
    }
  }
  expect(expected.size).toBeGreaterThan(150);
  const diags = typecheck([], tmp, overlay);
  const byFile = new Map<string, string[]>();
  for (const d of diags) byFile.set(d.file, [...(byFile.get(d.file) ?? []), `TS${d.code} ${d.message}`]);
  const problems: string[] = [];
  for (const [rel, message] of expected) {
    const got = byFile.get(rel) ?? [];
    if (got.length !== 1 || got[0] !== `TS2322 ${message}`) problems.push(`${rel}: expected [TS2322 ${message}], got ${js(got)}`);
  }
  for (const rel of byFile.keys()) if (!expected.has(rel)) problems.push(`unexpected errors in ${rel}: ${js(byFile.get(rel))}`);
  expect(problems).toEqual([]);
});

test("cases/*.ts: wrong field types are errors, accessor and table return types are exact", () => {
  const casesDir = path.join(__dirname, "cases");
  const target = path.join(tmp, "test", "typelevel", "cases");
  fs.mkdirSync(target, { recursive: true });
  const files = fs.readdirSync(casesDir).filter((f) => f.endsWith(".ts"));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) fs.copyFileSync(path.join(casesDir, f), path.join(target, f));
  const diags = typecheck(
    files.map((f) => path.join(target, f)),
    tmp,
  );
  expect(showDiagnostics(diags)).toBe("");
});
