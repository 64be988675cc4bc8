/**
 * `generated/<family>/tables.ts`: the per-variant metadata tables of unions and enums as typed, frozen constant maps
 * keyed by wire tag (by wire value for enums), plus one lookup function per table (`isTerminal(e)`, `asStatus(v)`).
 */
import type * as TsMorph from "ts-morph";
import { PRIMITIVE_KINDS, TABLE_VALUE_KINDS } from "../ir/kinds";
import { indexDecls, isRoot, losslessVariant, tableConstName, tagKey, taggedVariants, unionNameHelpers, type DeclIndex } from "../ir/lookup";
import type { EnumDecl, Family, IrProgram, OutputFile, Table, TableValue, UnionDecl } from "../ir/types";
import { declTypeName, familyFile, frozenRecord, ImportSet, jsDocs, member, printModule, str, tsMorph, type TypeContext } from "./ts-common";

type Statement = TsMorph.StatementStructures;

/** The `tables.ts` emitter. Families without tables get no `tables.ts`. */
export function emitTables(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  return program.families.filter((f) => f.generated !== false).flatMap((f) => tablesFile(f, index) ?? []);
}

/** `tables.ts` of one family, or undefined when the family declares no table. */
export function tablesFile(family: Family, index: DeclIndex): OutputFile | undefined {
  const ctx: TypeContext = { family, index, imports: new ImportSet(), module: "tables" };
  const statements: Statement[] = [];
  for (const d of family.decls) {
    if (d.kind === "union") for (const t of d.tables) statements.push(...unionTable(d, t, isRoot(family, d), ctx));
    else if (d.kind === "enum") for (const t of d.tables) statements.push(...enumTable(d, t, ctx));
  }
  if (statements.length === 0) return undefined;
  return familyFile(family, "tables.ts", printModule(family, ctx.imports, statements));
}

/** The TS type of a table's values. */
function valueType(t: Table, ctx: TypeContext): string {
  const v = t.valueType;
  return v.kind === "enum" ? declTypeName(ctx, v.family, v.name) : PRIMITIVE_KINDS[TABLE_VALUE_KINDS[v.kind]].ts;
}

/** A table value as a TS expression; an enum value (given by its spec name) becomes its wire string. */
function valueLiteral(t: Table, v: TableValue, ctx: TypeContext): string {
  if (t.valueType.kind === "enum") {
    const e = ctx.index.get(t.valueType.family, t.valueType.name);
    const wire = e?.kind === "enum" ? (e.values.find((x) => x.names.spec === v)?.wire ?? String(v)) : String(v);
    return str(wire);
  }
  return typeof v === "string" ? str(v) : String(v);
}

/** The constant map's doc: what it holds (the table's own doc goes on the lookup function). */
function constDocs(t: Table, what: string): TsMorph.JSDocStructure[] {
  return jsDocs({ doc: what, ...(t.deprecated !== undefined ? { deprecated: t.deprecated } : {}) }) ?? [];
}

function docsFor(t: Table, extra: string): TsMorph.JSDocStructure[] {
  return jsDocs(t, extra) ?? [];
}

function unionTable(u: UnionDecl, t: Table, root: boolean, ctx: TypeContext): Statement[] {
  const { StructureKind, VariableDeclarationKind } = tsMorph();
  const h = unionNameHelpers(u, root);
  const U = declTypeName(ctx, ctx.family.name, u.names.spec);
  ctx.imports.addType(h.tagType, "./names");
  const V = valueType(t, ctx);
  const constName = tableConstName(u, t.names.spec, root);
  const tagged = taggedVariants(u);
  const entries = tagged.map((v) => {
    const value = v.tableValues[t.names.spec];
    if (value === undefined) throw new Error(`eventspec: table \`${t.names.spec}\` has no value for ${u.names.spec}::${v.names.spec}`);
    return [v.wire, valueLiteral(t, value, ctx)] as const;
  });

  const lossless = losslessVariant(u);
  const losslessValue = lossless?.tableValues[t.names.spec];
  const returnType = lossless && losslessValue === undefined ? `${V} | undefined` : V;
  let body: string;
  const key = tagKey(u);
  if (!lossless) {
    ctx.imports.addValue(h.typeName, "./names");
    body = `return ${constName}[${h.typeName}(e)];`;
  } else {
    const fallback = losslessValue === undefined ? "undefined" : valueLiteral(t, losslessValue, ctx);
    if (key !== undefined && key !== "tag") {
      const read = member("e", key);
      body = `return ${read} !== undefined ? ${constName}[${read}] : ${fallback};`;
    } else {
      body = `return Object.prototype.hasOwnProperty.call(${constName}, e.tag) ? ${constName}[e.tag as ${h.tagType}] : ${fallback};`;
    }
  }

  const what = `\`${t.names.spec}\` of each \`${U}\` variant, by wire tag.`;
  const type = `Readonly<Record<${h.tagType}, ${V}>>`;
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: constDocs(t, `The ${what}`),
      declarations: [
        { name: constName, type, initializer: frozenRecord(type, entries) },
      ],
    },
    {
      kind: StructureKind.Function,
      name: t.fn.ts,
      isExported: true,
      docs: docsFor(
        t,
        `The \`${t.names.spec}\` of \`e\`'s variant (\`${constName}\`).${lossless ? ` The lossless arm \`${lossless.names.spec}\` gives ${losslessValue === undefined ? "`undefined`" : `\`${valueLiteral(t, losslessValue, ctx)}\``}.` : ""}`,
      ),
      parameters: [{ name: "e", type: U }],
      returnType,
      statements: [body],
    },
  ];
}

function enumTable(e: EnumDecl, t: Table, ctx: TypeContext): Statement[] {
  const { StructureKind, VariableDeclarationKind } = tsMorph();
  const E = declTypeName(ctx, ctx.family.name, e.names.spec);
  const V = valueType(t, ctx);
  const constName = tableConstName(e, t.names.spec, false);
  const entries = e.values.map((v) => {
    const value = v.tableValues[t.names.spec];
    if (value === undefined) throw new Error(`eventspec: table \`${t.names.spec}\` has no value for ${e.names.spec}::${v.names.spec}`);
    return [v.wire, valueLiteral(t, value, ctx)] as const;
  });
  const type = `Readonly<Record<${E}, ${V}>>`;
  return [
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: constDocs(t, `The \`${t.names.spec}\` of each \`${E}\` value, by wire value.`),
      declarations: [
        { name: constName, type, initializer: frozenRecord(type, entries) },
      ],
    },
    {
      kind: StructureKind.Function,
      name: t.fn.ts,
      isExported: true,
      docs: docsFor(t, `The \`${t.names.spec}\` of \`value\` (\`${constName}\`).`),
      parameters: [{ name: "value", type: E }],
      returnType: V,
      statements: [`return ${constName}[value];`],
    },
  ];
}
