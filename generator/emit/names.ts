/**
 * `generated/<family>/names.ts`: variant ⇄ wire-tag tables in both directions, the list of all tags, and the
 * functions that read them off a value (`typeName(e)`, seed 004's `type_name()`).
 *
 * The root union's helpers are unprefixed (`TAGS`, `typeName`); other unions' are prefixed with the type
 * (`TERMINATION_REASON_TAGS`, `terminationReasonTypeName`), enums' always (`TOOL_CALL_STATUS_VALUES`). The exact
 * names come from `ir/lookup.ts` (`unionNameHelpers`, `enumNameHelpers`), which the IR builder checks for clashes.
 */
import type * as TsMorph from "ts-morph";
import {
  enumNameHelpers,
  hasTags,
  indexDecls,
  isRoot,
  losslessVariant,
  tagKey,
  taggedVariants,
  unionNameHelpers,
  type DeclIndex,
} from "../ir/lookup";
import type { EnumDecl, Family, IrProgram, OutputFile, UnionDecl } from "../ir/types";
import { declTypeName, familyFile, frozenRecord, ImportSet, jsDocs, member, printModule, str, tsMorph, type TypeContext } from "./ts-common";

type Statement = TsMorph.StatementStructures;

/** The `names.ts` emitter. Families with no union or enum get no `names.ts`. */
export function emitNames(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  return program.families.filter((f) => f.generated !== false).flatMap((f) => namesFile(f, index) ?? []);
}

/** `names.ts` of one family, or undefined when it would be empty. */
export function namesFile(family: Family, index: DeclIndex): OutputFile | undefined {
  const ctx: TypeContext = { family, index, imports: new ImportSet(), module: "names" };
  const statements: Statement[] = [];
  for (const d of family.decls) {
    if (d.kind === "union") statements.push(...unionNames(d, isRoot(family, d), ctx));
    else if (d.kind === "enum") statements.push(...enumNames(d, ctx));
  }
  if (statements.length === 0) return undefined;
  return familyFile(family, "names.ts", printModule(family, ctx.imports, statements));
}

// ---------------------------------------------------------------------------------------------------------------
// building blocks

function typeAlias(name: string, type: string, doc: string): Statement {
  const { StructureKind } = tsMorph();
  return { kind: StructureKind.TypeAlias, name, isExported: true, type, docs: jsDocs({ doc }) ?? [] };
}

function constant(name: string, type: string, initializer: string, doc: string): Statement {
  const { StructureKind, VariableDeclarationKind } = tsMorph();
  return {
    kind: StructureKind.VariableStatement,
    isExported: true,
    declarationKind: VariableDeclarationKind.Const,
    docs: jsDocs({ doc }) ?? [],
    declarations: [{ name, type, initializer }],
  };
}

function fn(name: string, params: [string, string][], returnType: string, body: string[], doc: string): Statement {
  const { StructureKind } = tsMorph();
  return {
    kind: StructureKind.Function,
    name,
    isExported: true,
    docs: jsDocs({ doc }) ?? [],
    parameters: params.map(([n, t]) => ({ name: n, type: t })),
    returnType,
    statements: body,
  };
}

const literalUnion = (values: readonly string[]) => (values.length ? values.map(str).join(" | ") : "never");
const frozenArray = (values: readonly string[]) => `/* @__PURE__ */ Object.freeze([${values.map(str).join(", ")}])`;
const frozenMap = (type: string, entries: readonly [string, string][]) => frozenRecord(type, entries.map(([k, v]) => [k, str(v)]));

// ---------------------------------------------------------------------------------------------------------------

function unionNames(u: UnionDecl, root: boolean, ctx: TypeContext): Statement[] {
  const h = unionNameHelpers(u, root);
  const T = declTypeName(ctx, ctx.family.name, u.names.spec);
  const out: Statement[] = [];
  const all = u.variants.map((v) => v.names.spec);
  out.push(typeAlias(h.variantNameType, literalUnion(all), `The name of each \`${T}\` variant as declared in the spec (the Rust variant name).`));
  out.push(constant(h.variants, `readonly ${h.variantNameType}[]`, frozenArray(all), `Every variant name of \`${T}\`, in declaration order.`));
  if (!hasTags(u)) return out;

  const tagged = taggedVariants(u);
  const lossless = losslessVariant(u);
  const tags = tagged.map((v) => v.wire);
  const taggedNames = lossless ? `Exclude<${h.variantNameType}, ${str(lossless.names.spec)}>` : h.variantNameType;
  out.push(typeAlias(h.tagType, literalUnion(tags), `The wire tag of each \`${T}\` variant (after \`rename\`/\`rename_all\`).`));
  out.push(constant(h.tags, `readonly ${h.tagType}[]`, frozenArray(tags), `Every wire tag of \`${T}\`, in declaration order.`));
  out.push(
    constant(
      h.tagByVariant,
      `Readonly<Record<${taggedNames}, ${h.tagType}>>`,
      frozenMap(`Readonly<Record<${taggedNames}, ${h.tagType}>>`, tagged.map((v) => [v.names.spec, v.wire])),
      `The wire tag of each \`${T}\` variant, by variant name.`,
    ),
  );
  out.push(
    constant(
      h.variantByTag,
      `Readonly<Record<${h.tagType}, ${taggedNames}>>`,
      frozenMap(`Readonly<Record<${h.tagType}, ${taggedNames}>>`, tagged.map((v) => [v.wire, v.names.spec])),
      `The variant name of each \`${T}\` wire tag.`,
    ),
  );

  // typeName(e)
  const key = tagKey(u);
  let tagExpr: string;
  let typeNameBody: string[];
  const typeNameReturn = lossless ? "string" : h.tagType;
  if (key !== undefined) {
    const read = member("e", key);
    if (lossless && key !== "tag") {
      typeNameBody = [`return ${read} !== undefined ? ${read} : e.tag;`];
      tagExpr = read;
    } else {
      typeNameBody = [`return ${read};`];
      tagExpr = read;
    }
  } else {
    // externally tagged: a unit variant is its tag; any other is `{ Tag: payload }`, a single key
    const units = tagged.filter((v) => v.shape.kind === "unit").length;
    if (units === tagged.length) typeNameBody = ["return e;"];
    else if (units === 0) typeNameBody = [`return Object.keys(e)[0] as ${h.tagType};`];
    else typeNameBody = [`return typeof e === "string" ? e : (Object.keys(e)[0] as ${h.tagType});`];
    tagExpr = "";
  }
  const losslessNote = lossless
    ? ` An unknown tag kept by the lossless arm \`${lossless.names.spec}\` is returned as it appeared on the wire.`
    : "";
  out.push(
    fn(
      h.typeName,
      [["e", T]],
      typeNameReturn,
      typeNameBody,
      `The wire tag of \`e\` (what serde writes as its tag).${losslessNote}`,
    ),
  );

  // variantName(e)
  let variantBody: string[];
  if (lossless && key !== undefined && key !== "tag") {
    variantBody = [`return ${tagExpr} !== undefined ? ${h.variantByTag}[${tagExpr}] : ${str(lossless.names.spec)};`];
  } else if (lossless) {
    variantBody = [
      `return Object.prototype.hasOwnProperty.call(${h.variantByTag}, e.tag) ? ${h.variantByTag}[e.tag as ${h.tagType}] : ${str(lossless.names.spec)};`,
    ];
  } else {
    variantBody = [`return ${h.variantByTag}[${h.typeName}(e)];`];
  }
  out.push(fn(h.variantName, [["e", T]], h.variantNameType, variantBody, `The spec (Rust) name of \`e\`'s variant.`));

  // isTag(value)
  out.push(
    fn(
      h.isTag,
      [["value", "unknown"]],
      `value is ${h.tagType}`,
      [`return typeof value === "string" && Object.prototype.hasOwnProperty.call(${h.variantByTag}, value);`],
      `Whether \`value\` is one of \`${T}\`'s wire tags (aliases accepted on input are not).`,
    ),
  );
  return out;
}

function enumNames(e: EnumDecl, ctx: TypeContext): Statement[] {
  const h = enumNameHelpers(e);
  const T = declTypeName(ctx, ctx.family.name, e.names.spec);
  const names = e.values.map((v) => v.names.spec);
  return [
    typeAlias(h.variantNameType, literalUnion(names), `The name of each \`${T}\` value as declared in the spec (the Rust variant name).`),
    constant(h.values, `readonly ${T}[]`, frozenArray(e.values.map((v) => v.wire)), `Every \`${T}\` value as written on the wire, in declaration order.`),
    constant(
      h.valueByVariant,
      `Readonly<Record<${h.variantNameType}, ${T}>>`,
      frozenMap(`Readonly<Record<${h.variantNameType}, ${T}>>`, e.values.map((v) => [v.names.spec, v.wire])),
      `The wire value of each \`${T}\` variant, by variant name.`,
    ),
    constant(
      h.variantByValue,
      `Readonly<Record<${T}, ${h.variantNameType}>>`,
      frozenMap(`Readonly<Record<${T}, ${h.variantNameType}>>`, e.values.map((v) => [v.wire, v.names.spec])),
      `The variant name of each \`${T}\` wire value.`,
    ),
    fn(
      h.isValue,
      [["value", "unknown"]],
      `value is ${T}`,
      [`return typeof value === "string" && Object.prototype.hasOwnProperty.call(${h.variantByValue}, value);`],
      `Whether \`value\` is one of \`${T}\`'s wire values (aliases accepted on input are not).`,
    ),
    fn(
      h.variantName,
      [["value", T]],
      h.variantNameType,
      [`return ${h.variantByValue}[value];`],
      `The spec (Rust) name of a \`${T}\` value (seed 000's \`as_str()\`).`,
    ),
  ];
}
