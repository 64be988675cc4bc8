/**
 * `generated/<family>/types.ts`: one exported type per declaration and per union variant, describing exactly the
 * JSON serde writes (ARCHITECTURE.md, "TypeScript values mirror the wire JSON").
 *
 * - struct → `interface` (an intersection type when it flattens a map or a union);
 * - unit enum → a string-literal union of its wire values;
 * - union → `type U = U<V1> | U<V2> | …` plus one type per variant, named `<Union><Variant>`:
 *   internal `{ tag: "v", …fields }`, adjacent `{ tag: "v", content: payload }`, external `{ V: payload }` or the
 *   bare string for a unit variant, untagged the payload itself; the lossless arm is `{ tag: string; payload }`
 *   with the union's tag key declared `?: never` so a `switch` on the tag still narrows;
 * - newtype / alias → `type N = inner`.
 */
import type * as TsMorph from "ts-morph";
import { indexDecls, resolveDecl, resolveStruct, variantTypeName, type DeclIndex } from "../ir/lookup";
import type {
  AliasDecl,
  EnumDecl,
  Family,
  Field,
  IrProgram,
  NewtypeDecl,
  OutputFile,
  StructDecl,
  TypeRef,
  UnionDecl,
  Variant,
} from "../ir/types";
import { jsDocLines } from "../text";
import {
  familyFile,
  ImportSet,
  jsDocs,
  printModule,
  propertyName,
  str,
  tsMorph,
  tsType,
  type TypeContext,
} from "./ts-common";

type Statement = TsMorph.StatementStructures;
type Property = TsMorph.OptionalKind<TsMorph.PropertySignatureStructure>;

/** The `types.ts` emitter. */
export function emitTypes(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  return program.families.filter((f) => f.generated !== false).map((f) => typesFile(f, index));
}

/** `types.ts` of one family. */
export function typesFile(family: Family, index: DeclIndex): OutputFile {
  const ctx: TypeContext = { family, index, imports: new ImportSet(), module: "types" };
  const statements: Statement[] = [];
  for (const d of family.decls) {
    switch (d.kind) {
      case "struct":
        statements.push(structDecl(d, ctx));
        break;
      case "enum":
        statements.push(enumDecl(d));
        break;
      case "union":
        statements.push(...unionDecls(d, ctx));
        break;
      case "newtype":
        statements.push(newtypeDecl(d, ctx));
        break;
      case "alias":
        statements.push(aliasDecl(d, ctx));
        break;
    }
  }
  return familyFile(family, "types.ts", printModule(family, ctx.imports, statements));
}

// ---------------------------------------------------------------------------------------------------------------

/** The properties of an object's own (non-flattened, non-skipped) fields, and its flattened field types. */
function objectParts(fields: readonly Field[], ctx: TypeContext): { properties: Property[]; flattened: TypeRef[] } {
  const properties: Property[] = [];
  const flattened: TypeRef[] = [];
  for (const f of fields) {
    if (f.skip) continue; // never on the wire
    if (f.flatten) {
      flattened.push(f.type);
      continue;
    }
    properties.push(fieldProperty(f, ctx));
  }
  return { properties, flattened };
}

function fieldProperty(f: Field, ctx: TypeContext): Property {
  const docs = jsDocs(f);
  return {
    name: propertyName(f.wire),
    hasQuestionToken: f.optional,
    type: tsType(f.type, ctx),
    ...(docs ? { docs } : {}),
  };
}

/**
 * Whether a flattened type can be an interface's `extends` clause: a struct (through aliases/newtypes) that is itself
 * printed as an interface. Maps and unions must be intersected instead.
 */
function extendable(t: TypeRef, index: DeclIndex, seen: Set<StructDecl> = new Set()): boolean {
  const s = resolveStruct(index, t);
  if (s === undefined || resolveDecl(index, t)?.kind !== "struct") return false;
  if (seen.has(s)) return true;
  seen.add(s);
  return s.fields.every((f) => f.skip || !f.flatten || extendable(f.type, index, seen));
}

/** A flattened field's type as it joins the parent: `Record<string, T>` for an option of a map is `Partial`… */
function flattenedType(t: TypeRef, ctx: TypeContext): string {
  // `Option<T>` flattened: serde writes T's keys when Some and nothing when None.
  if (t.kind === "option") return `Partial<${flattenedType(t.inner, ctx)}>`;
  const text = tsType(t, ctx);
  return text.includes(" | ") ? `(${text})` : text;
}

/**
 * An object type: `interface Name extends S { …props }` when every flattened part is a struct, otherwise
 * `type Name = { …props } & Part & …`.
 */
function objectDecl(
  name: string,
  docs: TsMorph.JSDocStructure[] | undefined,
  leading: Property[],
  fields: readonly Field[],
  ctx: TypeContext,
): Statement {
  const { StructureKind, Writers } = tsMorph();
  const { properties, flattened } = objectParts(fields, ctx);
  const props = [...leading, ...properties];
  if (flattened.every((t) => t.kind !== "option" && extendable(t, ctx.index))) {
    return {
      kind: StructureKind.Interface,
      name,
      isExported: true,
      ...(docs ? { docs } : {}),
      extends: flattened.map((t) => tsType(t, ctx)),
      properties: props,
    };
  }
  const parts = flattened.map((t) => flattenedType(t, ctx));
  return {
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    ...(docs ? { docs } : {}),
    type: (w) => {
      Writers.objectType({ properties: props })(w);
      for (const p of parts) w.write(` & ${p}`);
    },
  };
}

function structDecl(d: StructDecl, ctx: TypeContext): Statement {
  return objectDecl(d.names.ts, jsDocs(d), [], d.fields, ctx);
}

function enumDecl(d: EnumDecl): Statement {
  const { StructureKind } = tsMorph();
  const documented = d.values.some((v) => v.doc !== undefined || v.deprecated !== undefined);
  const list = documented
    ? d.values
        .map((v) => {
          const dep = v.deprecated === undefined ? "" : v.deprecated === true ? " (deprecated)" : ` (deprecated: ${v.deprecated})`;
          return `- \`${str(v.wire)}\`${v.doc ? `: ${jsDocLines(v.doc.trim()).join("\n  ")}` : ""}${dep}`;
        })
        .join("\n")
    : undefined;
  const docs = jsDocs(d, list);
  return {
    kind: StructureKind.TypeAlias,
    name: d.names.ts,
    isExported: true,
    ...(docs ? { docs } : {}),
    type: d.values.length === 0 ? "never" : d.values.map((v) => str(v.wire)).join(" | "),
  };
}

function newtypeDecl(d: NewtypeDecl, ctx: TypeContext): Statement {
  const { StructureKind } = tsMorph();
  const docs = jsDocs(d);
  return {
    kind: StructureKind.TypeAlias,
    name: d.names.ts,
    isExported: true,
    ...(docs ? { docs } : {}),
    type: tsType(d.inner, ctx),
  };
}

function aliasDecl(d: AliasDecl, ctx: TypeContext): Statement {
  const { StructureKind } = tsMorph();
  const docs = jsDocs(d);
  return {
    kind: StructureKind.TypeAlias,
    name: d.names.ts,
    isExported: true,
    ...(docs ? { docs } : {}),
    type: tsType(d.target, ctx),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// unions

function unionDecls(u: UnionDecl, ctx: TypeContext): Statement[] {
  const { StructureKind } = tsMorph();
  const docs = jsDocs(u);
  const members = u.variants.map((v) => variantTypeName(u, v));
  const out: Statement[] = [
    {
      kind: StructureKind.TypeAlias,
      name: u.names.ts,
      isExported: true,
      ...(docs ? { docs } : {}),
      type: members.length === 0 ? "never" : members.map((m) => `\n  | ${m}`).join(""),
    },
  ];
  for (const v of u.variants) out.push(variantDecl(u, v, ctx));
  return out;
}

/** The wire-tag note every variant's doc comment ends with. */
function tagNote(u: UnionDecl, v: Variant): string | undefined {
  if (v.shape.kind === "lossless" || u.repr.kind === "untagged") return undefined;
  const also = v.aliases.length ? ` (also accepted on input: ${v.aliases.map((a) => `\`${str(a)}\``).join(", ")})` : "";
  const other = u.catchAll?.kind === "other" && u.catchAll.variant === v.names.spec;
  return `Wire tag \`${str(v.wire)}\`${also}.${other ? " Unknown tags decode to this variant (`#[serde(other)]`)." : ""}`;
}

function variantDecl(u: UnionDecl, v: Variant, ctx: TypeContext): Statement {
  const { StructureKind, Writers } = tsMorph();
  const name = variantTypeName(u, v);
  const docs = jsDocs(v, tagNote(u, v));
  const alias = (type: string | TsMorph.WriterFunction): Statement => ({
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    ...(docs ? { docs } : {}),
    type,
  });
  const iface = (properties: Property[], extendsTypes: string[] = []): Statement => ({
    kind: StructureKind.Interface,
    name,
    isExported: true,
    ...(docs ? { docs } : {}),
    extends: extendsTypes,
    properties,
  });
  const tagProp = (key: string, value: string): Property => ({ name: propertyName(key), type: value });

  if (v.shape.kind === "lossless") {
    const payload = tsType({ kind: "json" }, ctx);
    const props: Property[] = [];
    const key = u.repr.kind === "internal" || u.repr.kind === "adjacent" ? u.repr.tag : undefined;
    if (key !== undefined && key !== "tag" && key !== "payload") {
      props.push({
        name: propertyName(key),
        hasQuestionToken: true,
        type: "never",
        docs: jsDocs({ doc: `Never set: tells this arm apart from the declared variants (\`${key}\` is undefined here).` }) ?? [],
      });
    }
    props.push({ name: "tag", type: tsType({ kind: "string" }, ctx), docs: ["The tag as it appeared on the wire."] });
    props.push({ name: "payload", type: payload, docs: ["The whole value as decoded, re-encoded unchanged."] });
    return iface(props);
  }

  switch (u.repr.kind) {
    case "internal": {
      const tag = tagProp(u.repr.tag, str(v.wire));
      switch (v.shape.kind) {
        case "unit":
          return iface([tag]);
        case "struct":
          return objectDecl(name, docs, [tag], v.shape.fields, ctx);
        case "newtype": {
          const inner = v.shape.type;
          if (extendable(inner, ctx.index)) return iface([tag], [tsType(inner, ctx)]);
          return alias((w) => {
            Writers.objectType({ properties: [tag] })(w);
            w.write(` & ${flattenedType(inner, ctx)}`);
          });
        }
      }
      break;
    }
    case "adjacent": {
      const tag = tagProp(u.repr.tag, str(v.wire));
      const content = u.repr.content;
      switch (v.shape.kind) {
        case "unit":
          return iface([tag]);
        case "newtype":
          return iface([tag, { name: propertyName(content), type: tsType(v.shape.type, ctx) }]);
        case "struct":
          return iface([tag, { name: propertyName(content), type: inlineObject(v.shape.fields, ctx) }]);
      }
      break;
    }
    case "external": {
      switch (v.shape.kind) {
        case "unit":
          return alias(str(v.wire));
        case "newtype":
          return iface([{ name: propertyName(v.wire), type: tsType(v.shape.type, ctx) }]);
        case "struct":
          return iface([{ name: propertyName(v.wire), type: inlineObject(v.shape.fields, ctx) }]);
      }
      break;
    }
    case "untagged": {
      switch (v.shape.kind) {
        case "unit":
          return alias("null");
        case "newtype":
          return alias(tsType(v.shape.type, ctx));
        case "struct":
          return objectDecl(name, docs, [], v.shape.fields, ctx);
      }
      break;
    }
  }
  throw new Error(`unreachable: variant ${u.names.spec}::${v.names.spec}`);
}

/** A struct variant's payload written inline (`{ a: string; b?: number }`, `& Flattened` when it flattens). */
function inlineObject(fields: readonly Field[], ctx: TypeContext): TsMorph.WriterFunction {
  const { Writers } = tsMorph();
  const { properties, flattened } = objectParts(fields, ctx);
  const parts = flattened.map((t) => flattenedType(t, ctx));
  return (w) => {
    Writers.objectType({ properties })(w);
    for (const p of parts) w.write(` & ${p}`);
  };
}
