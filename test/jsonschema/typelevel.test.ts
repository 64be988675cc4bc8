/**
 * json-schema-to-typescript, as a real consumer, turns each emitted schema into TypeScript; every type it derives
 * for a `$defs` entry must be mutually assignable with the generated TypeScript type of the same name (checked by tsc,
 * strictest options, one program).
 *
 * json-schema-to-typescript is run as a consumer would: `unreachableDefinitions: true` (declare every `$defs` entry)
 * and `additionalProperties: false` as the default for objects that do not say (serde ignores unknown keys, so the
 * schemas allow them; the generated types, like any TS type, do not list them).
 *
 * The named differences (TYPE_LIMITS in generator/emit/jsonschema-limits.ts), and how the test treats them:
 * - `json-values`: the generated `JsonValue` is read as `unknown` (a stub `_support/json-value.ts`);
 * - `bigint-fields`: `bigint` in a generated type is read as `number` (`NoBigint<T>`);
 * - `aliases`, `other-arm`: such a definition is checked one way only (every generated value is a schema value), and
 *   wherever another type refers to it, the derived type is replaced by the generated one (`substitute`), so that those
 *   containers are still checked both ways;
 * - `lossless-arm`: the arm's own definition is not compared (`{ tag, payload }` in memory, the unknown event on the
 *   wire); inside its union the derived arm is replaced by the generated one, and the union is checked both ways.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { compile } from "json-schema-to-typescript";
import { TYPE_LIMITS, type TypeLimitName } from "../../generator/emit/jsonschema-limits";
import { emitTypes } from "../../generator/emit/types";
import { type DeclIndex, indexDecls, resolveDecl, resolveStruct, unbox } from "../../generator/ir/lookup";
import type { Decl, Field, IrProgram, TypeRef, UnionDecl, Variant } from "../../generator/ir/types";
import { showDiagnostics, typecheck } from "../helpers/tree";
import { allSpecsProgram, emitSchemas, type EmittedSchema, scratchDir } from "./helpers";

// json-schema-to-typescript loads prettier (whose CommonJS build needs dynamic import(), which jest's VM does not
// offer) even with `format: false`; it never calls it then.
jest.mock("prettier", () => ({ format: (text: string) => text }));

const JSTS_OPTIONS = {
  bannerComment: "",
  unreachableDefinitions: true,
  additionalProperties: false,
  format: false,
} as const;

/** A definition whose derived type differs from the generated one by design, and why. */
interface Widened {
  readonly def: string;
  readonly limit: TypeLimitName;
  /** Compare one way (generated ⊆ derived); false: not at all (the lossless arm). */
  readonly oneWay: boolean;
}

const requiredAliased = (fields: readonly Field[]) => fields.some((f) => !f.skip && !f.flatten && !f.optional && f.aliases.length > 0);

/** The struct behind a type (through boxes, aliases and newtypes), if any. */
const structOf = (index: DeclIndex, t: TypeRef) => resolveStruct(index, t.kind === "option" ? t.inner : t);

/** Whether a type is a map (through boxes, aliases and newtypes). */
function isMap(index: DeclIndex, t: TypeRef): boolean {
  const u = unbox(t.kind === "option" ? t.inner : t);
  if (u.kind === "map") return true;
  const d = u.kind === "named" ? resolveDecl(index, u) : undefined;
  return d?.kind === "alias" ? isMap(index, d.target) : d?.kind === "newtype" ? isMap(index, d.inner) : false;
}

/**
 * Whether an object type holds a flattened map (through flattened structs) next to named keys: the generated type is
 * `{ …keys } & Record<string, T>`, json-schema-to-typescript's an index signature that also covers the named keys'
 * types (TypeScript requires it), e.g. `[k: string]: number | string`.
 */
function mapNextToKeys(index: DeclIndex, fields: readonly Field[], named: boolean): boolean {
  let map = false;
  let keys = named;
  for (const f of fields) {
    if (f.skip) continue;
    if (!f.flatten) keys = true;
    else if (isMap(index, f.type)) map = true;
    else {
      const s = structOf(index, f.type);
      if (s && mapNextToKeys(index, s.fields, false)) map = true;
      if (s && s.fields.some((g) => !g.skip && !g.flatten)) keys = true;
    }
  }
  return map && keys;
}

/** Whether a struct says something about the keys it does not name (closed, a flattened map or union). */
function constrainsRest(index: DeclIndex, fields: readonly Field[], closed: boolean): boolean {
  return closed || fields.some((f) => f.flatten && !f.skip && (isMap(index, f.type) || resolveDecl(index, f.type.kind === "option" ? f.type.inner : f.type)?.kind === "union" || constrainsRest(index, structOf(index, f.type)?.fields ?? [], false)));
}

/**
 * A flattened union's variants that the emitter inlines into the container (serde hides the container's keys from
 * them: closed variants and map variants), by design different from their own definitions: then the container's
 * derived type holds that difference, not a reference to the (substituted) variant.
 */
function inlinedVariantLimit(index: DeclIndex, fields: readonly Field[]): TypeLimitName | undefined {
  for (const f of fields) {
    if (f.skip || !f.flatten) continue;
    const t = f.type.kind === "option" ? f.type.inner : f.type;
    const s = structOf(index, t);
    if (s) {
      const nested = inlinedVariantLimit(index, s.fields);
      if (nested) return nested;
      continue;
    }
    const u = resolveDecl(index, t);
    if (u?.kind !== "union" || u.repr.kind !== "internal") continue;
    for (const v of u.variants) {
      const shape = v.shape;
      const payload = shape.kind === "struct" ? shape.fields : shape.kind === "newtype" ? structOf(index, shape.type)?.fields : undefined;
      const closed = shape.kind === "struct" ? u.denyUnknownFields : shape.kind === "newtype" && structOf(index, shape.type)?.denyUnknownFields === true;
      const inlined = (shape.kind === "newtype" && payload === undefined && isMap(index, shape.type)) || (payload !== undefined && constrainsRest(index, payload, closed));
      const limit = inlined ? variantLimit(index, u, v) : undefined;
      if (limit === "aliases" || limit === "flattened-map-index") return limit;
    }
  }
  return undefined;
}

/** Why a variant's derived type differs from the generated one, if it does. */
function variantLimit(index: DeclIndex, u: UnionDecl, v: Variant): TypeLimitName | undefined {
  const shape = v.shape;
  if (shape.kind === "lossless") return "lossless-arm";
  const payload = shape.kind === "struct" ? shape.fields : shape.kind === "newtype" ? structOf(index, shape.type)?.fields : undefined;
  if (v.aliases.length > 0 || (payload !== undefined && requiredAliased(payload))) return "aliases";
  if (u.repr.kind !== "internal") return undefined;
  // Internally tagged: the tag is a named key next to the payload's map.
  if (shape.kind === "newtype" && payload === undefined && isMap(index, shape.type)) return "flattened-map-index";
  if (payload !== undefined && mapNextToKeys(index, payload, true)) return "flattened-map-index";
  return undefined;
}

/** The definitions of a family that differ by design (TYPE_LIMITS), from the IR. */
export function widenedDefs(index: DeclIndex, decls: readonly Decl[]): Widened[] {
  const out: Widened[] = [];
  for (const d of decls) {
    if (d.kind === "enum" && d.values.some((v) => v.aliases.length > 0)) out.push({ def: d.names.ts, limit: "aliases", oneWay: true });
    if (d.kind === "struct" && requiredAliased(d.fields)) out.push({ def: d.names.ts, limit: "aliases", oneWay: true });
    else if (d.kind === "struct" && mapNextToKeys(index, d.fields, false)) out.push({ def: d.names.ts, limit: "flattened-map-index", oneWay: true });
    else if (d.kind === "struct" && d.fields.some((f) => f.flatten && !f.skip && f.type.kind === "option" && structOf(index, f.type) !== undefined)) {
      out.push({ def: d.names.ts, limit: "flattened-option", oneWay: true });
    } else if (d.kind === "struct") {
      const limit = inlinedVariantLimit(index, d.fields);
      if (limit) out.push({ def: d.names.ts, limit, oneWay: true });
    }
    if (d.kind !== "union") continue;
    const u: UnionDecl = d;
    if (u.catchAll?.kind === "other") out.push({ def: u.names.ts, limit: "other-arm", oneWay: true });
    for (const v of u.variants) {
      const limit = variantLimit(index, u, v);
      if (limit !== undefined) out.push({ def: v.names.ts, limit, oneWay: limit !== "lossless-arm" });
    }
  }
  return out;
}

/** Shared by check.ts and the rewritten derived modules. */
const PRELUDE = `
export type IsMutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type IsAssignable<A, B> = [A] extends [B] ? true : false;
export type Assert<T extends true> = T;
/** bigint-fields: a generated bigint is a JSON number on the wire. */
export type NoBigint<T> = T extends bigint ? number : T extends readonly (infer U)[] ? NoBigint<U>[] : T extends object ? { [K in keyof T]: NoBigint<T[K]> } : T;
`;

/**
 * The derived module with each widened definition renamed to `<Name>__derived` and `<Name>` declared as the generated
 * type instead, so every reference to it (in this family's other derived types) means the generated type.
 */
export function substitute(derivedText: string, widened: readonly string[]): string {
  let text = derivedText;
  const tail: string[] = [`import type { NoBigint } from "../prelude";`];
  for (const name of widened) {
    const header = new RegExp(`^export (type|interface) ${name.replace(/\$/g, "\\$")}\\b`, "m");
    if (!header.test(text)) throw new Error(`derived module declares no ${name}`);
    text = text.replace(header, `export $1 ${name}__derived`);
    tail.push(`export type ${name} = NoBigint<import("./types").${name}>;`);
  }
  return `${text}\n${tail.join("\n")}\n`;
}

/**
 * The schema without its root `$ref`: json-schema-to-typescript declares the `$defs` entries nothing reaches
 * (`unreachableDefinitions`) only when the root is not a reference; with the root `$ref` it declares the root type
 * and what that reaches (checked separately below).
 */
function withoutRoot(schema: EmittedSchema["schema"]): Record<string, unknown> {
  const copy = structuredClone(schema) as Record<string, unknown>;
  delete copy["$ref"];
  return copy;
}

let program: IrProgram;
let schemas: EmittedSchema[];
const derived = new Map<string, string>();

beforeAll(async () => {
  program = allSpecsProgram();
  schemas = emitSchemas(program);
  for (const s of schemas) derived.set(s.family.name, await compile(withoutRoot(s.schema) as never, s.family.name, JSTS_OPTIONS));
}, 180_000);

test("json-schema-to-typescript declares a type for every $defs entry, under the entry's name", () => {
  for (const s of schemas) {
    const text = derived.get(s.family.name)!;
    const declared = new Set([...text.matchAll(/^export (?:type|interface) ([A-Za-z0-9_$]+)/gm)].map((m) => m[1]!));
    const missing = Object.keys(s.schema.$defs).filter((k) => !declared.has(k));
    expect({ family: s.family.name, missing }).toEqual({ family: s.family.name, missing: [] });
  }
});

test("compiled as published (root $ref), json-schema-to-typescript declares the root type under its name", async () => {
  for (const s of schemas) {
    if (s.family.root === undefined) continue;
    const root = s.family.decls.find((d) => d.names.spec === s.family.root)!.names.ts;
    const text = await compile(structuredClone(s.schema) as never, s.family.name, JSTS_OPTIONS);
    expect({ family: s.family.name, root: new RegExp(`^export (type|interface) ${root}\\b`, "m").test(text) }).toEqual({ family: s.family.name, root: true });
  }
}, 120_000);

test("every derived type is mutually assignable with the generated type of the same name (tsc, strict)", () => {
  const root = scratchDir("types");
  const overlay = new Map<string, string>();
  // The generated types, with JsonValue read as `unknown` (json-values).
  for (const f of emitTypes(program)) overlay.set(path.join(root, f.path), f.content);
  overlay.set(path.join(root, "_support", "json-value.ts"), "export type JsonValue = unknown;\nexport class JsonFloat { constructor(readonly value: number) {} }\n");
  overlay.set(path.join(root, "prelude.ts"), PRELUDE);
  const index = indexDecls(program);
  const lines = [`import type { Assert, IsAssignable, IsMutual, NoBigint } from "./prelude";`];
  const report: string[] = [];
  let checks = 0;
  for (const s of schemas) {
    const fam = s.family.name;
    const ns = fam.replace(/[^A-Za-z0-9]/g, "_");
    // Widened definitions of this family and of the families it copies definitions from.
    const widened = widenedDefs(index, s.family.decls);
    for (const imp of new Set(s.family.imports.map((i) => i.family))) {
      const other = program.families.find((f) => f.name === imp)!;
      for (const w of widenedDefs(index, other.decls)) if (s.schema.$defs[w.def] !== undefined && !widened.some((x) => x.def === w.def)) widened.push(w);
    }
    const byDef = new Map(widened.map((w) => [w.def, w]));
    overlay.set(path.join(root, fam, "derived.ts"), substitute(derived.get(fam)!, widened.map((w) => w.def)));
    lines.push(`import type * as G_${ns} from "./${fam}/types";`, `import type * as D_${ns} from "./${fam}/derived";`);
    const names = s.family.decls.flatMap((d) => [d.names.ts, ...(d.kind === "union" ? d.variants.map((v) => v.names.ts) : [])]);
    for (const name of names) {
      const w = byDef.get(name);
      if (w && !w.oneWay) {
        report.push(`${fam}.${name}: not compared (${w.limit})`);
        continue;
      }
      checks++;
      if (w) {
        report.push(`${fam}.${name}: one way (${w.limit})`);
        lines.push(`type C_${ns}_${name} = Assert<IsAssignable<NoBigint<G_${ns}.${name}>, D_${ns}.${name}__derived>>;`);
      } else {
        lines.push(`type C_${ns}_${name} = Assert<IsMutual<NoBigint<G_${ns}.${name}>, D_${ns}.${name}>>;`);
      }
    }
  }
  // Imported types are re-exported by name from their own family's types.ts only: make them visible here too.
  for (const s of schemas) {
    for (const imp of s.family.imports) {
      const p = path.join(root, s.family.name, "types.ts");
      overlay.set(p, `${overlay.get(p)!}\nexport type { ${imp.name} } from "../${imp.family}/types";\n`);
    }
  }
  const check = path.join(root, "check.ts");
  overlay.set(check, lines.join("\n") + "\nexport {};\n");
  if (process.env.JSONSCHEMA_KEEP) for (const [p, text] of overlay) (fs.mkdirSync(path.dirname(p), { recursive: true }), fs.writeFileSync(p, text));
  const diags = typecheck([], root, overlay).filter((d) => d.file === "check.ts" || d.file.endsWith("derived.ts"));
  // eslint-disable-next-line no-console
  console.log(`${checks} definitions compared; by design (TYPE_LIMITS: ${TYPE_LIMITS.map((l) => l.name).join(", ")}):\n  ${report.join("\n  ")}`);
  expect(showDiagnostics(diags)).toBe("");
  expect(checks).toBeGreaterThan(300);
}, 180_000);

test("the comparison is not vacuous: a schema that drops a field or widens a type is caught", async () => {
  const edges = schemas.find((s) => s.family.name === "edges")!;
  const broken = structuredClone(edges.schema) as { $defs: Record<string, { properties: Record<string, unknown>; required: string[] }> };
  delete broken.$defs["Open"]!.properties["a"];
  broken.$defs["Open"]!.required = [];
  broken.$defs["Closed"]!.properties["id"] = { type: "string" };
  broken.$defs["InnerPlain"]!.required = ["type"];
  const text = await compile(withoutRoot(broken as never) as never, "edges", JSTS_OPTIONS);
  const root = scratchDir("types-neg");
  const overlay = new Map<string, string>();
  for (const f of emitTypes(program)) if (f.path.startsWith("edges/")) overlay.set(path.join(root, f.path), f.content);
  overlay.set(path.join(root, "_support", "json-value.ts"), "export type JsonValue = unknown;\n");
  overlay.set(path.join(root, "edges", "derived.ts"), text);
  overlay.set(path.join(root, "prelude.ts"), PRELUDE);
  overlay.set(
    path.join(root, "check.ts"),
    `import type { IsMutual, NoBigint } from "./prelude";\nimport type * as G from "./edges/types";\nimport type * as D from "./edges/derived";\n` +
      ["Open", "Closed", "InnerPlain", "Empty"].map((n) => `export type C_${n} = IsMutual<NoBigint<G.${n}>, D.${n}>;`).join("\n") +
      `\nexport const verdicts: [C_Open, C_Closed, C_InnerPlain, C_Empty] = [false, false, false, true];\n`,
  );
  if (process.env.JSONSCHEMA_KEEP) for (const [p, t] of overlay) (fs.mkdirSync(path.dirname(p), { recursive: true }), fs.writeFileSync(p, t));
  const diags = typecheck([], root, overlay).filter((d) => d.file === "check.ts");
  expect(showDiagnostics(diags)).toBe("");
}, 60_000);
