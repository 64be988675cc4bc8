/**
 * Small read-only helpers over the resolved IR, shared by emitters and the IR builder: a declaration index, struct
 * resolution through aliases/newtypes, and the TS names every generated module exports (so the builder can report
 * a clash as a diagnostic instead of an emitter inventing `Foo1`).
 */
import { camelCase, screamingSnakeCase } from "../naming";
import type {
  Decl,
  EnumDecl,
  Family,
  Field,
  IrProgram,
  SourceLoc,
  StructDecl,
  TypeRef,
  UnionDecl,
  Variant,
} from "./types";

/** Every declaration of a program by `family/name`. Build one per emit call (no module-level caches). */
export interface DeclIndex {
  get(family: string, name: string): Decl | undefined;
}

/** Indexes every declaration of `families` (a program's, or any list of families). */
export function indexDecls(source: IrProgram | readonly Family[]): DeclIndex {
  const families = "families" in source ? source.families : source;
  const map = new Map<string, Decl>();
  for (const f of families) for (const d of f.decls) map.set(`${f.name}/${d.names.spec}`, d);
  return { get: (family, name) => map.get(`${family}/${name}`) };
}

/** The declaration a `named` type refers to, or undefined for a built-in or an unresolved name. */
export function namedDecl(index: DeclIndex, t: TypeRef): Decl | undefined {
  return t.kind === "named" ? index.get(t.family, t.name) : undefined;
}

/** Strips `box<…>` (a Box is its inner value on the wire and in TS). */
export function unbox(t: TypeRef): TypeRef {
  return t.kind === "box" ? unbox(t.inner) : t;
}

/**
 * The type an alias stands for, through chains of aliases (a type alias is the same type in every target: TS,
 * Rust and the wire); any other type is itself. Stops at a cycle.
 */
export function unalias(index: DeclIndex, t: TypeRef, seen: Set<Decl> = new Set()): TypeRef {
  const d = namedDecl(index, t);
  if (d?.kind !== "alias" || seen.has(d)) return t;
  seen.add(d);
  return unalias(index, d.target, seen);
}

/**
 * The struct whose fields appear on the wire for a value of type `t`: through boxes, aliases and newtypes (which
 * are their inner value on the wire). Undefined when `t` is not (an alias of) a struct.
 */
export function resolveStruct(index: DeclIndex, t: TypeRef, seen: Set<string> = new Set()): StructDecl | undefined {
  const u = unbox(t);
  if (u.kind !== "named") return undefined;
  const key = `${u.family}/${u.name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const d = index.get(u.family, u.name);
  if (d === undefined) return undefined;
  switch (d.kind) {
    case "struct":
      return d;
    case "alias":
      return resolveStruct(index, d.target, seen);
    case "newtype":
      return resolveStruct(index, d.inner, seen);
    default:
      return undefined;
  }
}

/** The declaration `t` finally denotes, through boxes, aliases and newtypes (undefined for built-in types). */
export function resolveDecl(index: DeclIndex, t: TypeRef, seen: Set<string> = new Set()): Decl | undefined {
  const u = unbox(t);
  if (u.kind !== "named") return undefined;
  const key = `${u.family}/${u.name}`;
  if (seen.has(key)) return undefined;
  seen.add(key);
  const d = index.get(u.family, u.name);
  if (d?.kind === "alias") return resolveDecl(index, d.target, seen) ?? d;
  if (d?.kind === "newtype") return resolveDecl(index, d.inner, seen) ?? d;
  return d;
}

/** The field named `spec` (the spec's field name) inside a variant, directly or in the struct a newtype wraps. */
export function variantField(index: DeclIndex, v: Variant, spec: string): Field | undefined {
  switch (v.shape.kind) {
    case "struct":
      return v.shape.fields.find((f) => f.names.spec === spec);
    case "newtype":
      return resolveStruct(index, v.shape.type)?.fields.find((f) => f.names.spec === spec);
    default:
      return undefined;
  }
}

/** Whether the union has a tag on the wire (internal or adjacent representation). */
export function tagKey(u: UnionDecl): string | undefined {
  return u.repr.kind === "internal" || u.repr.kind === "adjacent" ? u.repr.tag : undefined;
}

/** Whether the union's variants are told apart by a wire tag (every representation but untagged). */
export function hasTags(u: UnionDecl): boolean {
  return u.repr.kind !== "untagged";
}

/** Whether `decl` is the family's root union (its name-table helpers are unprefixed). */
export function isRoot(family: Family, decl: Decl): boolean {
  return decl.kind === "union" && family.root === decl.names.spec;
}

/** The lossless catch-all variant of a union, if it has one. */
export function losslessVariant(u: UnionDecl): Variant | undefined {
  return u.variants.find((v) => v.shape.kind === "lossless");
}

/** The variants that have a wire tag (all but the lossless arm). */
export function taggedVariants(u: UnionDecl): readonly Variant[] {
  return u.variants.filter((v) => v.shape.kind !== "lossless");
}

// ---------------------------------------------------------------------------------------------------------------
// Generated TS names. The emitters and the builder's clash check both use these; nothing else invents names.

/** The exported TS type of one variant: `<Union><Variant>` (`AgentEventTurnStart`), as the IR builder names it. */
export function variantTypeName(_u: UnionDecl, v: Variant): string {
  return v.names.ts;
}

/** Names exported by `names.ts` for a union. Root: unprefixed values (`TAGS`, `typeName`); others prefixed. */
export interface UnionNameHelpers {
  /** `type <Union>Tag`: the wire tags (tagged unions only). */
  readonly tagType: string;
  /** `type <Union>VariantName`: the spec (Rust) names of the tagged variants. */
  readonly variantNameType: string;
  /** `const TAGS` / `<UNION>_TAGS`: every wire tag, declaration order. */
  readonly tags: string;
  /** `const VARIANTS` / `<UNION>_VARIANTS`: every variant name, declaration order. */
  readonly variants: string;
  /** `const TAG_BY_VARIANT` / `<UNION>_TAG_BY_VARIANT`. */
  readonly tagByVariant: string;
  /** `const VARIANT_BY_TAG` / `<UNION>_VARIANT_BY_TAG`. */
  readonly variantByTag: string;
  /** `typeName(e)` / `<union>TypeName(e)`: the event's wire tag (seed 004's `type_name()`). */
  readonly typeName: string;
  /** `variantName(e)` / `<union>VariantName(e)`: the event's spec (Rust) variant name. */
  readonly variantName: string;
  /** `isTag(s)` / `is<Union>Tag(s)`: whether a string is one of the wire tags. */
  readonly isTag: string;
}

export function unionNameHelpers(u: UnionDecl, root: boolean): UnionNameHelpers {
  const P = root ? "" : `${screamingSnakeCase(u.names.ts)}_`;
  const p = root ? "" : camelCase(u.names.ts);
  const cap = (s: string) => (p === "" ? s : p + s[0]!.toUpperCase() + s.slice(1));
  return {
    tagType: `${u.names.ts}Tag`,
    variantNameType: `${u.names.ts}VariantName`,
    tags: `${P}TAGS`,
    variants: `${P}VARIANTS`,
    tagByVariant: `${P}TAG_BY_VARIANT`,
    variantByTag: `${P}VARIANT_BY_TAG`,
    typeName: cap("typeName"),
    variantName: cap("variantName"),
    isTag: root ? "isTag" : `is${u.names.ts}Tag`,
  };
}

/** Names exported by `names.ts` for a unit enum (always prefixed). */
export interface EnumNameHelpers {
  /** `type <Enum>VariantName`: the spec (Rust) value names. */
  readonly variantNameType: string;
  /** `const <ENUM>_VALUES`: every wire value, declaration order. */
  readonly values: string;
  readonly valueByVariant: string;
  readonly variantByValue: string;
  /** `is<Enum>(s)`: whether a string is one of the wire values. */
  readonly isValue: string;
  /** `<enum>VariantName(v)`: the spec (Rust) name of a value (seed 000's `as_str()`). */
  readonly variantName: string;
}

export function enumNameHelpers(e: EnumDecl): EnumNameHelpers {
  const P = `${screamingSnakeCase(e.names.ts)}_`;
  return {
    variantNameType: `${e.names.ts}VariantName`,
    values: `${P}VALUES`,
    valueByVariant: `${P}VALUE_BY_VARIANT`,
    variantByValue: `${P}VARIANT_BY_VALUE`,
    isValue: `is${e.names.ts}`,
    variantName: `${camelCase(e.names.ts)}VariantName`,
  };
}

/** The constant map of a table in `tables.ts`: `TERMINAL` for the root union, `<TYPE>_<TABLE>` otherwise. */
export function tableConstName(decl: UnionDecl | EnumDecl, tableSpecName: string, root: boolean): string {
  return root ? screamingSnakeCase(tableSpecName) : `${screamingSnakeCase(decl.names.ts)}_${screamingSnakeCase(tableSpecName)}`;
}

/** The generated TS modules of a family. */
export type TsModule = "types" | "names" | "tables" | "accessors";

export interface ExportedName {
  readonly name: string;
  readonly module: TsModule;
  /** Type-only export (interfaces and type aliases). */
  readonly typeOnly: boolean;
  /** Where the declaration that produced the name sits in the spec. */
  readonly loc: SourceLoc;
}

/**
 * Every name the family's TS modules export, in emission order. `index.ts` re-exports all of them, so they must be
 * unique within a family: the IR builder reports duplicates (e.g. a declared `AgentEventTurnStart` struct next to
 * union `AgentEvent`'s variant `TurnStart`) as diagnostics.
 */
export function familyExports(family: Family): ExportedName[] {
  const out: ExportedName[] = [];
  const add = (name: string, module: TsModule, typeOnly: boolean, loc: SourceLoc) =>
    out.push({ name, module, typeOnly, loc });
  // types.ts
  for (const d of family.decls) {
    add(d.names.ts, "types", true, d.loc);
    if (d.kind === "union") for (const v of d.variants) add(variantTypeName(d, v), "types", true, v.loc);
  }
  // names.ts
  for (const d of family.decls) {
    if (d.kind === "union") {
      const h = unionNameHelpers(d, isRoot(family, d));
      add(h.variantNameType, "names", true, d.loc);
      add(h.variants, "names", false, d.loc);
      if (hasTags(d)) {
        add(h.tagType, "names", true, d.loc);
        add(h.tags, "names", false, d.loc);
        add(h.tagByVariant, "names", false, d.loc);
        add(h.variantByTag, "names", false, d.loc);
        add(h.typeName, "names", false, d.loc);
        add(h.variantName, "names", false, d.loc);
        add(h.isTag, "names", false, d.loc);
      }
    } else if (d.kind === "enum") {
      const h = enumNameHelpers(d);
      add(h.variantNameType, "names", true, d.loc);
      add(h.values, "names", false, d.loc);
      add(h.valueByVariant, "names", false, d.loc);
      add(h.variantByValue, "names", false, d.loc);
      add(h.isValue, "names", false, d.loc);
      add(h.variantName, "names", false, d.loc);
    }
  }
  // tables.ts
  for (const d of family.decls) {
    if (d.kind !== "union" && d.kind !== "enum") continue;
    for (const t of d.tables) {
      add(tableConstName(d, t.names.spec, isRoot(family, d)), "tables", false, t.loc);
      add(t.fn.ts, "tables", false, t.loc);
    }
  }
  // accessors.ts
  for (const d of family.decls) if (d.kind === "union") for (const a of d.accessors) add(a.fn.ts, "accessors", false, a.loc);
  return out;
}

/** Exported names that occur more than once in a family, each with every place that produced it. */
export function exportClashes(family: Family): Map<string, ExportedName[]> {
  const by = new Map<string, ExportedName[]>();
  for (const e of familyExports(family)) {
    const list = by.get(e.name);
    if (list) list.push(e);
    else by.set(e.name, [e]);
  }
  for (const [k, v] of by) if (v.length < 2) by.delete(k);
  return by;
}
