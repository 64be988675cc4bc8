/**
 * `generated/<family>/accessors.ts`: one function per accessor declared on a union, reading the same field from
 * every variant (`sessionId(e)` replaces seed 002's sixty-arm `session_id()` match).
 *
 * The return type is exactly the field's type; `| undefined` is added only where some variant lacks the field
 * (a partial accessor, or a lossless catch-all arm). A field the decoder may leave out (a defaulted field, in a
 * hand-built value) reads as its default, so the declared type holds for every value of the union's type.
 */
import type * as TsMorph from "ts-morph";
import { indexDecls, namedDecl, tagKey, variantField, variantTypeName, type DeclIndex } from "../ir/lookup";
import type { Accessor, Family, Field, IrProgram, LiteralJson, OutputFile, TypeRef, UnionDecl, Variant } from "../ir/types";
import { builtinDefault, declTypeName, familyFile, hasKey, ImportSet, isInheritedKey, jsDocs, member, printModule, str, tsLiteral, tsMorph, tsType, type TypeContext } from "./ts-common";

type Statement = TsMorph.StatementStructures;

/** The `accessors.ts` emitter. Families without accessors get no `accessors.ts`. */
export function emitAccessors(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  return program.families.filter((f) => f.generated !== false).flatMap((f) => accessorsFile(f, index) ?? []);
}

/** `accessors.ts` of one family, or undefined when it declares no accessor. */
export function accessorsFile(family: Family, index: DeclIndex): OutputFile | undefined {
  const ctx: TypeContext = { family, index, imports: new ImportSet(), module: "accessors" };
  const statements: Statement[] = [];
  for (const d of family.decls) if (d.kind === "union") for (const a of d.accessors) statements.push(accessorFn(d, a, ctx));
  if (statements.length === 0) return undefined;
  return familyFile(family, "accessors.ts", printModule(family, ctx.imports, statements));
}

/**
 * The TS expression of a type's Default (serde's `#[serde(default)]`) as the decoder fills it in, or undefined when
 * the spec does not say it (a struct's, an enum's or a union's).
 */
function typeDefault(t: TypeRef, ctx: TypeContext): string | undefined {
  const builtin = builtinDefault(t);
  if (builtin !== undefined) return builtin;
  if (t.kind === "box") return typeDefault(t.inner, ctx);
  const d = namedDecl(ctx.index, t);
  if (d?.kind === "alias") return typeDefault(d.target, ctx);
  if (d?.kind === "newtype") return typeDefault(d.inner, ctx);
  return undefined;
}

/** A spec default value as a TS expression of type `t`. */
function literal(v: LiteralJson, t: TypeRef): string {
  // BigInt(5), not a literal: `5n` needs target ES2020.
  if (typeof v === "number" && t.kind === "int" && t.bigint) return `BigInt(${v})`;
  return tsLiteral(v);
}

/** How a variant's value of the field reads: the expression, and whether it may be undefined after all. */
interface Read {
  readonly expr: string;
  readonly mayBeUndefined: boolean;
}

function readField(base: string, f: Field, ctx: TypeContext): Read | undefined {
  if (f.skip) return undefined; // never on the wire: not in the TS value
  const expr = member(base, f.wire);
  if (!f.optional) return { expr, mayBeUndefined: false };
  const fill = f.default.kind === "value" ? literal(f.default.value, f.type) : typeDefault(f.type, ctx);
  if (fill === undefined) return { expr, mayBeUndefined: true };
  return { expr: `${expr} ?? ${fill}`, mayBeUndefined: false };
}

/** The object the variant's fields sit in, as an expression over `e`. */
function payloadBase(u: UnionDecl, v: Variant, ctx: TypeContext): string {
  switch (u.repr.kind) {
    case "internal":
    case "untagged":
      return "e";
    case "adjacent":
      return member("e", u.repr.content);
    case "external": {
      if (!isInheritedKey(v.wire)) return member("e", v.wire);
      // `"toString" in e` narrows nothing (every object has a toString), so TypeScript cannot tell this variant
      // from the others; the chain has checked for an own property before reading, and names the variant's type.
      const type = variantTypeName(u, v);
      ctx.imports.addType(type, "./types");
      return member(`(e as ${type})`, v.wire);
    }
  }
}

function accessorFn(u: UnionDecl, a: Accessor, ctx: TypeContext): Statement {
  const { StructureKind } = tsMorph();
  const U = declTypeName(ctx, ctx.family.name, u.names.spec);
  const reads = new Map<Variant, Read>();
  for (const v of u.variants) {
    if (v.shape.kind === "lossless" || a.paths[v.names.spec] === undefined) continue;
    const f = variantField(ctx.index, v, a.field);
    if (f === undefined) continue;
    const r = readField(payloadBase(u, v, ctx), f, ctx);
    if (r) reads.set(v, r);
  }
  const absent = u.variants.filter((v) => !reads.has(v));
  const undef = absent.length > 0 || [...reads.values()].some((r) => r.mayBeUndefined);
  const T = tsType(a.type, ctx);
  const returnType = undef ? `${T} | undefined` : T;

  const body = accessorBody(u, a, reads, absent);
  const missing = absent.filter((v) => v.shape.kind !== "lossless").map((v) => `\`${v.names.spec}\``);
  const note = missing.length ? `\`undefined\` for ${missing.join(", ")}${absent.length > missing.length ? " and the lossless arm" : ""}.` : absent.length ? "`undefined` for the lossless arm." : undefined;
  return {
    kind: StructureKind.Function,
    name: a.fn.ts,
    isExported: true,
    docs: jsDocs(a, `Reads \`${a.field}\` from every \`${U}\` variant.`, note) ?? [],
    parameters: [{ name: "e", type: U }],
    returnType,
    statements: body,
  };
}

function accessorBody(u: UnionDecl, a: Accessor, reads: Map<Variant, Read>, absent: readonly Variant[]): string[] {
  const exprs = new Set([...reads.values()].map((r) => r.expr));
  const uniform = exprs.size === 1 ? [...exprs][0]! : undefined;
  if (reads.size === 0) return ["return undefined;"];

  if (u.repr.kind === "internal" || u.repr.kind === "untagged") {
    if (uniform !== undefined && absent.length === 0) return [`return ${uniform};`];
    // Absent variants do not declare the property, so `in` narrows them away.
    const wires = new Set([...reads.keys()].map((v) => wireOf(u, v, a)));
    if (uniform !== undefined && wires.size === 1) return [`return ${hasKey([...wires][0]!, "e")} ? ${uniform} : undefined;`];
  }
  if (u.repr.kind === "external") return externalChain(u, reads, absent);
  const key = tagKey(u);
  if (key === undefined) {
    // untagged with differing reads: test each property in turn
    return [...groupBy(reads)].map(([expr, vs]) => `if (${hasKey(wireOf(u, vs[0]!, a), "e")}) return ${expr};`).concat("return undefined;");
  }
  return switchOnTag(u, key, reads, absent);
}

function wireOf(_u: UnionDecl, v: Variant, a: Accessor): string {
  const p = a.paths[v.names.spec];
  return p?.wire ?? a.field;
}

/** Variants grouped by identical read expression, in declaration order of each group's first variant. */
function groupBy(reads: Map<Variant, Read>): Map<string, Variant[]> {
  const groups = new Map<string, Variant[]>();
  for (const [v, r] of reads) {
    const g = groups.get(r.expr);
    if (g) g.push(v);
    else groups.set(r.expr, [v]);
  }
  return groups;
}

function switchOnTag(u: UnionDecl, key: string, reads: Map<Variant, Read>, absent: readonly Variant[]): string[] {
  const lines = [`switch (${member("e", key)}) {`];
  for (const [expr, vs] of groupBy(reads)) {
    for (const v of vs) lines.push(`case ${str(v.wire)}:`);
    lines.push(`return ${expr};`);
  }
  if (absent.length > 0) lines.push("default:", "return undefined;");
  lines.push("}");
  void u;
  return [lines.join("\n")];
}

/** Externally tagged: a unit variant is a bare string; any other is `{ Tag: payload }`, told apart with `in`. */
function externalChain(u: UnionDecl, reads: Map<Variant, Read>, absent: readonly Variant[]): string[] {
  const lines: string[] = [];
  const units = u.variants.filter((v) => v.shape.kind === "unit");
  if (units.length > 0) lines.push(`if (typeof e === "string") return undefined;`);
  const objectAbsent = absent.filter((v) => v.shape.kind !== "unit");
  const present = [...reads];
  present.forEach(([v, r], i) => {
    const last = i === present.length - 1 && objectAbsent.length === 0;
    lines.push(last ? `return ${r.expr};` : `if (${hasKey(v.wire, "e")}) return ${r.expr};`);
  });
  if (objectAbsent.length > 0) lines.push("return undefined;");
  return lines;
}
