/**
 * `generated/schemas/<family>.schema.json` (JSON Schema draft 2020-12) and `generated/schemas/index.json`.
 *
 * A schema says exactly what the decoders accept (docs/schemas.md; the exceptions, by name, are in
 * `jsonschema-limits.ts`):
 * - one `$defs` entry per declared type and per union variant, keyed and titled by its TypeScript name;
 * - `required` lists the fields the decoder requires (IR `Field.optional`); `additionalProperties: false` only under
 *   `deny_unknown_fields` (and for the one-key object of an externally tagged variant);
 * - flattened structs are merged into the parent's `properties` (a flattened struct's own `deny_unknown_fields` has no
 *   effect, as in serde, where a flattened struct only ever sees its own keys; nor do its aliases, unless it flattens
 *   something itself), a flattened map becomes the parent's `additionalProperties`, a flattened union an `allOf`
 *   member — in declaration order, as serde's flatten buffer works: a struct that flattens nothing takes its keys
 *   out of the buffer, so a map or union after it does not see them, one before it does (the map's values then
 *   also apply to those properties; the union's closed variants reject them);
 * - where serde hides keys from a payload, the payload's rule for other keys skips them: an internally tagged newtype
 *   variant over a struct that is closed or flattens a map or union gets the struct's fields inlined next to the
 *   tag; a flattened union whose variants are closed or maps gets those variants inlined with the parent's keys
 *   exempted (`propertyNames` for a closed one, a `patternProperties` pattern of every other key for a map). No
 *   `unevaluatedProperties`: it cannot see the parent's keys from inside a `$ref`, and code generators ignore it;
 * - a tagged union is an `allOf` of `if`/`then`s — the tag (required, one of the tags), then one `if`/`then` per tag —
 *   so a validator reports the failing variant's own errors, followed by an `anyOf` of its variants: redundant for
 *   validation (it never fails where the `if`/`then`s pass), it is what code generators (json-schema-to-typescript,
 *   which reads no `if`/`then`) turn into the union type. An untagged union is an `anyOf`, serde's own rule;
 * - integer bounds per width with exact digits (u64's maximum 18446744073709551615 is written as such, beyond what
 *   a double holds); `format` `date-time`/`uuid` as annotations plus a `pattern` with the exact grammar chrono and
 *   the uuid crate accept; Option as `anyOf [T, null]`; `json` as `{}`; `map<T>` as `additionalProperties`.
 *
 * Types imported from other families are copied into the importing family's `$defs`, so each file stands alone.
 * The text is printed in the emitter's own fixed layout (`printJson`); the formatting pass leaves it alone.
 */
import { CONTAINER_KINDS, isPrimitive, primitiveKind, unreachable } from "../ir/kinds";
import { indexDecls, resolveDecl, resolveStruct, unbox, type DeclIndex } from "../ir/lookup";
import type {
  Decl,
  DocInfo,
  EnumDecl,
  Family,
  Field,
  IrProgram,
  LiteralJson,
  OutputFile,
  StructDecl,
  TypeRef,
  UnionDecl,
  Variant,
} from "../ir/types";
import { pascalCase } from "../naming";
import { TIMESTAMP_PATTERN, UUID_PATTERN } from "./jsonschema-patterns";

/** A JSON value as the emitter builds it; `bigint` prints as exact integer digits. */
export type Json = null | boolean | number | bigint | string | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { [key: string]: Json };

/** What `collect` gathers for one object schema. */
interface Collected {
  properties: JsonObject;
  required: string[];
  allOf: JsonObject[];
  /** Flattened unions: where their schema goes in `allOf`, and the keys they do not see. */
  unions: { at: number; type: TypeRef; hidden: readonly string[] }[];
  /** Flattened maps: their value schema and the keys they do not see. */
  maps: { hidden: readonly string[]; value: JsonObject }[];
}

/** The dialect every emitted schema declares. */
export const SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/** The emitter: one schema per generated family, and the index of all of them. */
export function emitJsonSchema(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  const families = program.families.filter((f) => f.generated !== false);
  const out: OutputFile[] = families.map((f) => ({
    path: `schemas/${schemaFileName(f)}`,
    content: printJson(familySchema(f, index)),
    preformatted: true,
  }));
  if (families.length > 0) out.push({ path: "schemas/index.json", content: printJson(schemaIndex(families)), preformatted: true });
  return out;
}

/** `<family>.schema.json`. */
export function schemaFileName(family: Family): string {
  return `${family.name}.schema.json`;
}

/** The schema's `$id`: the family's `schema_base_uri` (default `https://eventspec.dev/schemas/`) + file name. */
export function schemaId(family: Family): string {
  const base = family.settings.schemaBaseUri;
  return `${base.endsWith("/") ? base : `${base}/`}${schemaFileName(family)}`;
}

/** `generated/schemas/index.json`: every published schema, its `$id`, file and root type. */
export function schemaIndex(families: readonly Family[]): Json {
  return {
    $comment: "@generated by eventspec — DO NOT EDIT. Every JSON Schema eventspec publishes (docs/schemas.md).",
    dialect: SCHEMA_DIALECT,
    schemas: [...families]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((f) => ({
        family: f.name,
        $id: schemaId(f),
        path: schemaFileName(f),
        import: `eventspec/schemas/${schemaFileName(f)}`,
        root: f.root === undefined ? null : `#/$defs/${declByName(f, f.root)?.names.ts ?? f.root}`,
        source: f.file,
        ...(f.doc === undefined ? {} : { description: f.doc.trim() }),
      })),
  };
}

function declByName(f: Family, spec: string): Decl | undefined {
  return f.decls.find((d) => d.names.spec === spec);
}

/** The whole schema document of one family. */
export function familySchema(family: Family, index: DeclIndex = indexDecls([family])): Json {
  return new SchemaBuilder(family, index).document();
}

// ---------------------------------------------------------------------------------------------------------------

const ref = (name: string): JsonObject => ({ $ref: `#/$defs/${name}` });

/** Integers within ±2^53 print as numbers; beyond, as exact digits (bigint). */
function intBound(b: bigint): number | bigint {
  return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

/** A doc string, trimmed, with the deprecation note appended. */
function describe(info: DocInfo, ...extra: (string | undefined)[]): string | undefined {
  const parts = [info.doc?.trim(), ...extra].filter((p): p is string => p !== undefined && p !== "");
  if (typeof info.deprecated === "string") parts.push(`Deprecated: ${info.deprecated.trim()}`);
  return parts.length > 0 ? parts.join("\n\n") : undefined;
}

/** `title`, `description`, `deprecated` of a definition, in that order. */
function header(title: string, info: DocInfo, ...extra: (string | undefined)[]): JsonObject {
  const description = describe(info, ...extra);
  return {
    title,
    ...(description === undefined ? {} : { description }),
    ...(info.deprecated === undefined ? {} : { deprecated: true }),
  };
}

/** Whether a schema is a bare `$ref` or the empty schema (annotations next to them go around an `allOf`). */
function isBare(s: JsonObject): boolean {
  const keys = Object.keys(s);
  return keys.length === 0 || (keys.length === 1 && keys[0] === "$ref");
}

/**
 * Annotations (title, description, default …) around a schema. Next to a bare `$ref` (or `{}`), they wrap it in a
 * one-member `allOf`, so code generators keep referring to the named type instead of copying it.
 */
function withAnnotations(annotations: JsonObject, schema: JsonObject): JsonObject {
  if (Object.keys(annotations).length === 0) return schema;
  return isBare(schema) ? { ...annotations, allOf: [schema] } : { ...annotations, ...schema };
}

const tagKeyOf = (u: UnionDecl): string | undefined =>
  u.repr.kind === "internal" || u.repr.kind === "adjacent" ? u.repr.tag : undefined;

/** Builds one family's document: names every definition up front, then emits them (and what they reach). */
class SchemaBuilder {
  /** `family/Name` → `$defs` key, for declarations; `family/Union/Variant` → key, for variants. */
  private readonly names = new Map<string, string>();
  private readonly taken = new Set<string>();
  private readonly local = new Map<string, Json>();
  private readonly foreign = new Map<string, Json>();
  private readonly builtins = new Map<string, Json>();
  private readonly pending: Decl[] = [];
  private readonly emitted = new Set<string>();
  private builtinNames: { timestamp?: string; uuid?: string } = {};

  constructor(
    private readonly family: Family,
    private readonly index: DeclIndex,
  ) {
    for (const d of family.decls) {
      this.claim(`${family.name}/${d.names.spec}`, d.names.ts);
      if (d.kind === "union") for (const v of d.variants) this.claim(`${family.name}/${d.names.spec}/${v.names.spec}`, v.names.ts);
    }
    for (const imp of family.imports) {
      const d = index.get(imp.family, imp.name);
      if (d === undefined) continue;
      this.claim(`${imp.family}/${imp.name}`, d.names.ts);
      if (d.kind === "union") {
        for (const v of d.variants) this.claim(`${imp.family}/${imp.name}/${v.names.spec}`, this.free(v.names.ts, imp.family));
      }
    }
  }

  document(): Json {
    for (const d of this.family.decls) this.emitDecl(d, this.local);
    // Imported types are part of the family's vocabulary even where nothing here refers to them.
    for (const imp of this.family.imports) this.defName(imp.family, imp.name);
    for (let d = this.pending.shift(); d !== undefined; d = this.pending.shift()) this.emitDecl(d, this.foreign);
    const defs: JsonObject = {};
    for (const m of [this.local, this.foreign, this.builtins]) for (const [k, v] of m) defs[k] = v;
    const root = this.family.root === undefined ? undefined : this.names.get(`${this.family.name}/${this.family.root}`);
    const description = this.family.doc?.trim();
    return {
      $schema: SCHEMA_DIALECT,
      $id: schemaId(this.family),
      $comment:
        `@generated by eventspec from ${this.family.file} — DO NOT EDIT. ` +
        (root === undefined
          ? "This family declares no root type: validate against #/$defs/<Type>."
          : `The document validates one ${root}; every type is under #/$defs/<Type>.`),
      ...(description ? { description } : {}),
      ...(root === undefined ? {} : { $ref: `#/$defs/${root}` }),
      $defs: defs,
    };
  }

  // ------------------------------------------------------------------------------------------------ names

  private claim(key: string, name: string): void {
    if (this.names.has(key)) return;
    this.names.set(key, name);
    this.taken.add(name);
  }

  /** `name` if free, else prefixed with its family's PascalCase name. */
  private free(name: string, family: string): string {
    if (!this.taken.has(name)) return name;
    const prefixed = `${pascalCase(family)}${name}`;
    if (this.taken.has(prefixed)) throw new Error(`jsonschema: cannot name ${family}.${name} in ${this.family.name}`);
    return prefixed;
  }

  /** The `$defs` key of a declaration, naming (and queueing) declarations of other families on first use. */
  private defName(family: string, name: string): string {
    const key = `${family}/${name}`;
    let def = this.names.get(key);
    const d = this.index.get(family, name);
    if (def === undefined) {
      def = this.free(d?.names.ts ?? name, family);
      this.claim(key, def);
      if (d?.kind === "union") for (const v of d.variants) this.claim(`${key}/${v.names.spec}`, this.free(v.names.ts, family));
    }
    if (family !== this.family.name && d !== undefined && !this.emitted.has(key)) {
      this.emitted.add(key);
      this.pending.push(d);
    }
    return def;
  }

  private variantName(u: UnionDecl, v: Variant): string {
    return this.names.get(`${u.family}/${u.names.spec}/${v.names.spec}`) ?? v.names.ts;
  }

  private builtin(kind: "timestamp" | "uuid"): string {
    const known = this.builtinNames[kind];
    if (known !== undefined) return known;
    const base = kind === "timestamp" ? "Timestamp" : "Uuid";
    const name = this.taken.has(base) ? `Eventspec${base}` : base;
    this.taken.add(name);
    this.builtinNames = { ...this.builtinNames, [kind]: name };
    this.builtins.set(
      name,
      kind === "timestamp"
        ? {
            title: name,
            description:
              "A `chrono::DateTime<Utc>`: RFC 3339 text. Encoders write UTC with `Z` and 0, 3, 6 or 9 fraction digits " +
              "(`2024-01-02T03:04:05.120Z`, `+10000-01-01T00:00:00Z` beyond year 9999); decoders also accept any " +
              "offset, a space for `T`, single-digit fields and whitespace, as chrono does (the pattern).",
            type: "string",
            format: "date-time",
            pattern: TIMESTAMP_PATTERN,
          }
        : {
            title: name,
            description:
              "A `uuid::Uuid`. Encoders write it lowercase and hyphenated; decoders also accept uppercase, the simple " +
              "(32 hex digits), braced and `urn:uuid:` forms, as the uuid crate does (the pattern).",
            type: "string",
            format: "uuid",
            pattern: UUID_PATTERN,
          },
    );
    return name;
  }

  // ------------------------------------------------------------------------------------------------ types

  /** The schema of a type expression (a fresh object). */
  private type(t: TypeRef): JsonObject {
    if (isPrimitive(t)) {
      const schema = primitiveKind(t).jsonSchema;
      if (schema === "any") return {};
      if ("definition" in schema) return ref(this.builtin(schema.definition));
      return t.kind === "int" ? { type: schema.type, minimum: intBound(t.min), maximum: intBound(t.max) } : { type: schema.type };
    }
    switch (t.kind) {
      case "option": {
        let inner = t.inner;
        while (inner.kind === "option" || inner.kind === "box") inner = inner.kind === "option" ? inner.inner : inner.inner;
        if (isPrimitive(inner) && primitiveKind(inner).jsonSchema === "any") return {}; // already admits null
        return { anyOf: [this.type(inner), { type: "null" }] };
      }
      case "list":
        return { type: "array", items: this.type(t.item) };
      case "map":
        return { type: "object", additionalProperties: this.type(t.value) };
      case "box":
        return this.type(t.inner);
      case "named":
        return ref(this.defName(t.family, t.name));
      default:
        return unreachable(t);
    }
  }

  /** The value type of a map, through boxes, aliases and newtypes; undefined when `t` is not a map. */
  private mapValue(t: TypeRef, seen: Set<string> = new Set()): TypeRef | undefined {
    const u = unbox(t);
    if (u.kind === "map") return u.value;
    if (u.kind !== "named") return undefined;
    const key = `${u.family}/${u.name}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    const d = this.index.get(u.family, u.name);
    if (d?.kind === "alias") return this.mapValue(d.target, seen);
    if (d?.kind === "newtype") return this.mapValue(d.inner, seen);
    return undefined;
  }

  // ------------------------------------------------------------------------------------------------ defaults

  /** The value a missing field takes, as a JSON annotation (undefined when there is none to show). */
  private fieldDefault(f: Field, containerDefault: boolean): Json | undefined {
    if (f.default.kind === "value") return literal(f.default.value);
    if (f.default.kind === "type" || containerDefault || f.type.kind === "option") return this.typeDefault(f.type, new Set());
    return undefined;
  }

  /** Rust's `Default::default()` of a type, as the decoders fill it in. */
  private typeDefault(t: TypeRef, seen: Set<string>): Json | undefined {
    // A copy: the schema document owns its objects.
    if (isPrimitive(t)) return structuredClone(primitiveKind(t).default.json) as Json;
    switch (t.kind) {
      case "option":
      case "list":
      case "map":
        return structuredClone(CONTAINER_KINDS[t.kind].default.json) as Json;
      case "box":
        return this.typeDefault(t.inner, seen);
      case "named": {
        const key = `${t.family}/${t.name}`;
        if (seen.has(key)) return undefined;
        const d = this.index.get(t.family, t.name);
        if (d === undefined) return undefined;
        const next = new Set(seen).add(key);
        switch (d.kind) {
          case "enum":
            return d.values[0]?.wire;
          case "newtype":
            return this.typeDefault(d.inner, next);
          case "alias":
            return this.typeDefault(d.target, next);
          case "struct": {
            const out: JsonObject = {};
            for (const f of d.fields) {
              if (f.skip || f.flatten) continue;
              const v = f.default.kind === "value" ? literal(f.default.value) : this.typeDefault(f.type, next);
              if (v === undefined) return undefined;
              out[f.wire] = v;
            }
            return out;
          }
          case "union":
            return undefined;
        }
      }
      default:
        return unreachable(t);
    }
  }

  // ------------------------------------------------------------------------------------------------ objects

  /** A field's property schema, with its doc, deprecation and default. */
  private property(f: Field, containerDefault: boolean, note?: string): JsonObject {
    const annotations: JsonObject = {};
    const description = describe(f, note);
    if (description !== undefined) annotations["description"] = description;
    if (f.deprecated !== undefined) annotations["deprecated"] = true;
    if (f.optional) {
      const d = this.fieldDefault(f, containerDefault);
      if (d !== undefined) annotations["default"] = d;
    }
    return withAnnotations(annotations, this.type(f.type));
  }

  /**
   * The object schema of a list of fields (a struct, a struct variant, a struct payload), after `lead` properties
   * (an internally tagged variant's tag). `hidden` are keys an enclosing object consumes before serde hands this one
   * the rest (an outer struct's own fields, around a flattened union): they are checked there, so here they are
   * neither unknown keys nor map entries.
   */
  private object(
    fields: readonly Field[],
    opts: { deny: boolean; containerDefault: boolean; lead?: readonly [string, JsonObject][]; hidden?: readonly string[] },
  ): JsonObject {
    const into: Collected = { properties: {}, required: [], allOf: [], unions: [], maps: [] };
    for (const [k, s] of opts.lead ?? []) {
      into.properties[k] = s;
      into.required.push(k);
    }
    const hidden = opts.hidden ?? [];
    const lead = (opts.lead ?? []).map(([k]) => k);
    this.collect(fields, opts.containerDefault, true, [...lead, ...hidden], into);
    const { properties, required, allOf } = into;
    // Keys an enclosing object consumes are never this payload's: a field named like one reads as missing.
    for (const k of hidden) {
      if (lead.includes(k) || !Object.hasOwn(properties, k)) continue;
      if (required.includes(k)) return { not: {}, $comment: `Never matches: serde hides \`${k}\`, which this payload requires.` };
      delete properties[k];
    }
    for (const u of into.unions) allOf[u.at] = this.flattenedUnion(u.type, u.hidden);
    const named = Object.keys(properties);
    // A map sees every key no direct field or earlier flattened struct takes: the keys nothing names, and the named
    // keys of a struct flattened after it (or of one that flattens something itself, which takes nothing).
    for (const m of into.maps) {
      for (const k of named) if (!m.hidden.includes(k)) properties[k] = alsoValid(properties[k] as JsonObject, m.value);
    }
    const values = into.maps.map((m) => m.value);
    const rule = values.length === 0 ? (opts.deny ? false : undefined) : values.length === 1 ? values[0] : { allOf: values };
    const out: JsonObject = { type: "object", properties };
    if (required.length > 0) out["required"] = required;
    Object.assign(out, this.rest(rule, named, hidden));
    if (allOf.length > 0) out["allOf"] = allOf;
    return out;
  }

  /**
   * The rule for the keys an object does not name: `false` (closed), a map's value schema, or none. Without hidden
   * keys, `additionalProperties`. With them, the rule must skip them too: `propertyNames` lists every allowed key for
   * a closed object, a `patternProperties` pattern matching every other key carries a map's values (both read by
   * code generators exactly like `additionalProperties`, and neither types the hidden keys).
   */
  private rest(rule: JsonObject | false | undefined, named: readonly string[], hidden: readonly string[]): JsonObject {
    if (rule === undefined) return {};
    if (hidden.length === 0) return { additionalProperties: rule };
    const keys = [...new Set([...named, ...hidden])];
    if (rule === false) return { propertyNames: { enum: keys } };
    return { patternProperties: { [otherKeysPattern(keys)]: rule } };
  }

  /**
   * Adds the fields' properties, required names and alias rules, then walks the flattened fields in declaration
   * order as serde does: its flatten buffer holds every key no direct field takes (`above`: keys consumed by enclosing
   * levels, never in the buffer); a struct that flattens nothing itself takes its field names out of the buffer
   * (merged into `properties`), one that does reads the buffer like a map and takes nothing (its own level, merged
   * too); a map and a union see what is left at their place (`maps`, `unions`, with the keys they do not see).
   *
   * `aliases`: whether serde recognises the fields' aliases here. A struct that flattens nothing itself is read from
   * the buffer by its field names alone (serde_derive's `FIELDS` lists no aliases): an alias is then an unknown key,
   * left to the other flattened members.
   */
  private collect(fields: readonly Field[], containerDefault: boolean, aliases: boolean, above: readonly string[], into: Collected): void {
    const names = (f: Field) => (aliases ? [f.wire, ...f.aliases] : [f.wire]);
    const own = fields.filter((f) => !f.skip && !f.flatten).flatMap(names);
    const taken: string[] = [];
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) {
        this.collectFlattened(f, [...above, ...own, ...taken], taken, into);
        continue;
      }
      const keys = names(f);
      into.properties[f.wire] = this.property(f, containerDefault);
      if (keys.length === 1) {
        if (!f.optional) into.required.push(f.wire);
        continue;
      }
      for (const a of f.aliases) into.properties[a] = this.property(f, containerDefault, `Alias of \`${f.wire}\` (accepted on input).`);
      // One of the names, at most once (serde: `duplicate field` when two are present).
      if (!f.optional) into.allOf.push(atLeastOne(keys));
      for (let i = 0; i < keys.length; i++) {
        for (let j = i + 1; j < keys.length; j++) into.allOf.push({ not: present([keys[i]!, keys[j]!]) });
      }
    }
  }

  /** One flattened field, which does not see the keys `unseen`; adds the keys it takes out of the buffer to `taken`. */
  private collectFlattened(f: Field, unseen: readonly string[], taken: string[], into: Collected): void {
    const inner = f.type.kind === "option" ? f.type.inner : f.type;
    const s = resolveStruct(this.index, inner);
    const readAsMap = s !== undefined && s.fields.some((g) => g.flatten && !g.skip);
    if (s !== undefined && !readAsMap) taken.push(...s.fields.filter((g) => !g.skip).map((g) => g.wire));
    if (f.type.kind === "option") {
      if (s !== undefined && !readAsMap) this.collectOptional(f, s, into.properties);
      return;
    }
    if (s !== undefined) {
      this.collect(s.fields, s.containerDefault, readAsMap, unseen, into);
      return;
    }
    const value = this.mapValue(inner);
    if (value !== undefined) into.maps.push({ hidden: unseen, value: this.type(value) });
    else if (resolveDecl(this.index, inner)?.kind === "union") {
      into.unions.push({ at: into.allOf.length, type: inner, hidden: unseen });
      into.allOf.push({});
    }
  }

  /**
   * A flattened Option: serde gives None whenever the payload cannot be read from the keys it is handed (missing or
   * mistyped fields, an unknown tag, an unknown key of a closed variant), never an error, so it constrains nothing.
   * A struct read by its field names still consumes those keys, whatever their values: they are listed (any value),
   * so that a flattened map or union next to it does not claim them. (Which keys a struct that fails has consumed
   * depends on key order: `flatten-option-order` in jsonschema-limits.ts.)
   */
  private collectOptional(f: Field, s: StructDecl, properties: JsonObject): void {
    const note = `Any value: \`${f.wire}\` (a flattened Option) is None when these keys do not make a \`${s.names.ts}\`.`;
    for (const g of s.fields) if (!g.skip) properties[g.wire] = withAnnotations({ description: note }, {});
  }

  /**
   * A flattened internally tagged union, given the keys its container consumes (`hidden`): serde hands the union
   * only the other keys, so a variant that is closed or takes every other key into a map must not see them. Where
   * no variant does, the union's own definition; else the union's dispatch with those variants specialised.
   */
  private flattenedUnion(t: TypeRef, hidden: readonly string[]): JsonObject {
    const plain = this.type(t);
    const u = resolveDecl(this.index, t);
    if (u?.kind !== "union" || u.repr.kind !== "internal" || hidden.length === 0) return plain;
    const tag = u.repr.tag;
    const special = new Map<Variant, JsonObject>();
    for (const v of u.variants) {
      if (!this.seesHidden(u, v, hidden)) continue;
      const body = this.internalVariant(u, tag, v, hidden);
      if (!sameJson(body, this.internalVariant(u, tag, v, []))) special.set(v, body);
    }
    if (special.size === 0) return plain;
    return {
      $comment:
        `${u.names.ts}, flattened: serde hands it only the keys this object does not consume itself, so its ` +
        `closed variants and maps allow those keys (${hidden.map((k) => `\`${k}\``).join(", ")}).`,
      allOf: this.taggedDispatch(u, tag, (v) => special.get(v) ?? ref(this.variantName(u, v))),
    };
  }

  // ------------------------------------------------------------------------------------------------ declarations

  private emitDecl(d: Decl, into: Map<string, Json>): void {
    const name = this.defName(d.family, d.names.spec);
    switch (d.kind) {
      case "struct":
        into.set(name, { ...header(name, d), ...this.object(d.fields, { deny: d.denyUnknownFields, containerDefault: d.containerDefault }) });
        break;
      case "enum":
        into.set(name, this.enumDef(name, d));
        break;
      case "newtype":
        into.set(name, withAnnotations(header(name, d), this.type(d.inner)));
        break;
      case "alias":
        into.set(name, withAnnotations(header(name, d), this.type(d.target)));
        break;
      case "union":
        into.set(name, this.unionDef(name, d));
        for (const v of d.variants) into.set(this.variantName(d, v), this.variantDef(d, v));
        break;
    }
  }

  private enumDef(name: string, d: EnumDecl): JsonObject {
    const documented = d.values.some((v) => v.doc !== undefined || v.deprecated !== undefined || v.aliases.length > 0);
    const list = documented
      ? d.values
          .map((v) => {
            const also = v.aliases.length ? ` (also accepted: ${v.aliases.map((a) => `\`${a}\``).join(", ")})` : "";
            const dep = v.deprecated === undefined ? "" : v.deprecated === true ? " (deprecated)" : ` (deprecated: ${v.deprecated})`;
            return `- \`${v.wire}\`${also}${v.doc ? `: ${v.doc.trim()}` : ""}${dep}`;
          })
          .join("\n")
      : undefined;
    return { ...header(name, d, list), type: "string", enum: d.values.flatMap((v) => [v.wire, ...v.aliases]) };
  }

  // ------------------------------------------------------------------------------------------------ unions

  /** The tag's schema in a variant: its wire tag, or the tag and its aliases. */
  private tagOf(v: Variant): JsonObject {
    return v.aliases.length === 0 ? { const: v.wire } : { enum: [v.wire, ...v.aliases] };
  }

  /** Every wire tag (and alias) of the tagged variants, in declaration order. */
  private tags(u: UnionDecl): string[] {
    return u.variants.filter((v) => v.shape.kind !== "lossless").flatMap((v) => [v.wire, ...v.aliases]);
  }

  /** An object whose tag is a string none of the variants declares (the catch-all arms). */
  private unknownTag(u: UnionDecl, tag: string): JsonObject {
    return { type: "object", properties: { [tag]: { type: "string", not: { enum: this.tags(u) } } }, required: [tag] };
  }

  private unionDef(name: string, u: UnionDecl): JsonObject {
    const variants = u.variants.map((v) => ref(this.variantName(u, v)));
    const typing: JsonObject = { anyOf: [...variants] };
    const dispatchNote =
      "Validation: the checks in `allOf` are `if`/`then`s — the tag, then one `if`/`then` per tag, so errors name " +
      "the failing variant's own fields; the final `anyOf` lists the variants for code generators (which read no " +
      "`if`/`then`) and never fails where the `if`/`then`s pass.";
    switch (u.repr.kind) {
      case "internal":
      case "adjacent": {
        const tag = u.repr.tag;
        const repr =
          u.repr.kind === "internal"
            ? `Internally tagged: the tag \`${tag}\` sits among the variant's fields.`
            : `Adjacently tagged: \`{ "${tag}": <tag>, "${u.repr.content}": <payload> }\`.`;
        const catchNote = u.catchAll
          ? u.catchAll.kind === "other"
            ? `Unknown tags decode to \`${u.catchAll.variant}\` (serde's \`other\`).`
            : `Unknown tags are kept whole by the lossless arm \`${u.catchAll.variant}\`.`
          : undefined;
        return {
          ...header(name, u, repr, catchNote),
          $comment: dispatchNote,
          type: "object",
          allOf: this.taggedDispatch(u, tag, (v) => ref(this.variantName(u, v))),
        };
      }
      case "external": {
        const units = u.variants.filter((v) => v.shape.kind === "unit");
        const payloads = u.variants.filter((v) => v.shape.kind === "newtype" || v.shape.kind === "struct");
        const repr =
          "Externally tagged: a unit variant is its tag as a string, any other variant a one-key object " +
          "`{ <tag>: <payload> }`.";
        const dispatch: JsonObject[] = [];
        const out: JsonObject = { ...header(name, u, repr), $comment: dispatchNote };
        // Every check sits in an `if`/`then` (code generators read only the final `anyOf`): first the JSON type,
        // then the unit tags (strings), then the one-key objects.
        const expected = payloads.length === 0 ? "string" : units.length === 0 ? "object" : undefined;
        if (expected !== undefined) dispatch.push({ if: { not: { type: expected } }, then: { type: expected } });
        else dispatch.push({ if: { not: { type: "object" } }, then: { type: "string" } });
        if (units.length > 0) {
          const values = units.flatMap((v) => [v.wire, ...v.aliases]);
          dispatch.push({ if: { type: "string" }, then: { enum: values } });
        }
        if (payloads.length > 0) {
          const keys = payloads.flatMap((v) => [v.wire, ...v.aliases]);
          const perKey: JsonObject[] = payloads.flatMap((v) =>
            [v.wire, ...v.aliases].map((k) => ({ if: present([k]), then: ref(this.variantName(u, v)) })),
          );
          const body: JsonObject = { type: "object", minProperties: 1, maxProperties: 1, propertyNames: { enum: keys }, allOf: perKey };
          dispatch.push({ if: { type: "object" }, then: body });
        }
        out["allOf"] = [...dispatch, typing];
        return out;
      }
      case "untagged":
        return {
          ...header(name, u, "Untagged: the first variant (in this order) that the value matches."),
          anyOf: variants,
        };
    }
  }

  /**
   * The checks of an internally or adjacently tagged union: the tag (required, one of the tags), one `if`/`then` per
   * tag (aliases included) applying `variant(v)`, the catch-all's rule, and the final `anyOf` of the variants.
   */
  private taggedDispatch(u: UnionDecl, tag: string, variant: (v: Variant) => JsonObject): JsonObject[] {
    const catchAll = u.catchAll !== undefined;
    const typing: JsonObject[] = u.variants.map(variant);
    const dispatch: JsonObject[] = [];
    const afterDispatch: JsonObject[] = [];
    if (u.catchAll?.kind === "other") {
      const unknown = this.unknownTag(u, tag);
      if (u.repr.kind === "adjacent") {
        // serde's `other` is a unit variant: no content, or null.
        (unknown["properties"] as JsonObject)[u.repr.content] = { type: "null" };
        afterDispatch.push({ if: this.unknownTag(u, tag), then: { properties: { [u.repr.content]: { type: "null" } } } });
      }
      typing.push(unknown);
    }
    for (const v of u.variants) {
      if (v.shape.kind === "lossless") continue;
      for (const k of [v.wire, ...v.aliases]) dispatch.push({ if: { properties: { [tag]: { const: k } }, required: [tag] }, then: variant(v) });
    }
    return [
      // Inside an if/then, like every check here, so that code generators see only the final anyOf.
      { if: { type: "object" }, then: { required: [tag], properties: { [tag]: catchAll ? { type: "string" } : { enum: this.tags(u) } } } },
      ...dispatch,
      ...afterDispatch,
      { anyOf: typing },
    ];
  }

  private variantDef(u: UnionDecl, v: Variant): JsonObject {
    const name = this.variantName(u, v);
    const tagNote =
      v.shape.kind === "lossless" || u.repr.kind === "untagged"
        ? undefined
        : `Wire tag \`${v.wire}\`${v.aliases.length ? ` (also accepted on input: ${v.aliases.map((a) => `\`${a}\``).join(", ")})` : ""}.`;
    const otherNote =
      u.catchAll?.kind === "other" && u.catchAll.variant === v.names.spec
        ? "Unknown tags decode to this variant (serde's `other`)."
        : undefined;
    const losslessNote =
      v.shape.kind === "lossless"
        ? "The lossless catch-all: an event whose tag is none of the declared ones, kept whole (TypeScript holds it " +
          "as `{ tag, payload }` and re-encodes it byte for byte)."
        : undefined;
    const head = header(name, v, tagNote, otherNote, losslessNote);
    const shape = v.shape;
    switch (u.repr.kind) {
      case "internal":
        return { ...head, ...this.internalVariant(u, u.repr.tag, v, []) };
      case "adjacent": {
        const { tag, content } = u.repr;
        const closed: JsonObject = u.denyUnknownFields ? { additionalProperties: false } : {};
        switch (shape.kind) {
          case "lossless":
            return { ...head, ...this.unknownTag(u, tag) };
          case "unit":
            return { ...head, type: "object", properties: { [tag]: this.tagOf(v), [content]: { type: "null" } }, required: [tag], ...closed };
          case "newtype":
            return { ...head, type: "object", properties: { [tag]: this.tagOf(v), [content]: this.type(shape.type) }, required: [tag, content], ...closed };
          case "struct":
            return {
              ...head,
              type: "object",
              properties: { [tag]: this.tagOf(v), [content]: this.object(shape.fields, { deny: u.denyUnknownFields, containerDefault: false }) },
              required: [tag, content],
              ...closed,
            };
        }
        break;
      }
      case "external": {
        const keys = [v.wire, ...v.aliases];
        if (shape.kind === "unit") return { ...head, type: "string", ...this.tagOf(v) };
        const properties: JsonObject = {};
        for (const k of keys) properties[k] = this.externalPayload(u, v);
        return keys.length === 1
          ? { ...head, type: "object", properties, required: [v.wire], additionalProperties: false }
          : { ...head, type: "object", properties, minProperties: 1, maxProperties: 1, additionalProperties: false };
      }
      case "untagged":
        switch (shape.kind) {
          case "unit":
            return { ...head, type: "null" };
          case "newtype":
            return withAnnotations(head, this.type(shape.type));
          case "struct":
            return { ...head, ...this.object(shape.fields, { deny: u.denyUnknownFields, containerDefault: false }) };
          case "lossless":
            return { ...head };
        }
    }
    throw new Error(`jsonschema: unreachable variant ${u.names.spec}::${v.names.spec}`);
  }

  /**
   * An internally tagged variant's schema (without title and docs), given the keys an enclosing object consumes
   * (`hidden`, when the union is flattened). serde removes the tag before the payload sees the rest, so a newtype
   * variant whose struct constrains the other keys (closed, or flattening a map or a union) gets the struct's fields
   * inlined next to the tag: the struct's own definition would count the tag as one of those keys.
   */
  private internalVariant(u: UnionDecl, tag: string, v: Variant, hidden: readonly string[]): JsonObject {
    const shape = v.shape;
    const lead: [string, JsonObject][] = [[tag, this.tagOf(v)]];
    switch (shape.kind) {
      case "lossless":
        return this.unknownTag(u, tag);
      case "unit":
        // serde reads an internally tagged unit variant ignoring every other key, even under deny_unknown_fields.
        return { type: "object", properties: { [tag]: this.tagOf(v) }, required: [tag] };
      case "struct":
        return this.object(shape.fields, { deny: u.denyUnknownFields, containerDefault: false, lead, hidden });
      case "newtype": {
        const s = resolveStruct(this.index, shape.type);
        if (s !== undefined && (this.constrainsRest(s, new Set()) || s.fields.some((g) => hidden.includes(g.wire)))) {
          return this.object(s.fields, { deny: s.denyUnknownFields, containerDefault: s.containerDefault, lead, hidden });
        }
        const value = this.mapValue(shape.type);
        if (s === undefined && value !== undefined) {
          return { type: "object", properties: { [tag]: this.tagOf(v) }, required: [tag], ...this.rest(this.type(value), [tag], hidden) };
        }
        return { type: "object", properties: { [tag]: this.tagOf(v) }, required: [tag], allOf: [this.type(shape.type)] };
      }
    }
  }

  /**
   * Whether a variant's schema could depend on the keys its container hides: it is closed, takes other keys into a
   * map, flattens something, or names one of them (a cheap test before building the variant twice).
   */
  private seesHidden(u: UnionDecl, v: Variant, hidden: readonly string[]): boolean {
    const shape = v.shape;
    const s = shape.kind === "newtype" ? resolveStruct(this.index, shape.type) : undefined;
    if (shape.kind === "newtype" && s === undefined) return this.mapValue(shape.type) !== undefined;
    const fields = shape.kind === "struct" ? shape.fields : s?.fields;
    if (fields === undefined) return false;
    const closed = shape.kind === "struct" ? u.denyUnknownFields : s!.denyUnknownFields;
    return closed || fields.some((f) => !f.skip && (f.flatten || hidden.includes(f.wire) || f.aliases.some((a) => hidden.includes(a))));
  }

  /** Whether a struct's schema says something about keys it does not name (closed, a flattened map or union). */
  private constrainsRest(s: StructDecl, seen: Set<StructDecl>): boolean {
    if (s.denyUnknownFields) return true;
    if (seen.has(s)) return false;
    seen.add(s);
    return s.fields.some((f) => {
      if (!f.flatten || f.skip) return false;
      const inner = f.type.kind === "option" ? f.type.inner : f.type;
      const nested = resolveStruct(this.index, inner);
      return nested === undefined || this.constrainsRest(nested, seen);
    });
  }

  private externalPayload(u: UnionDecl, v: Variant): JsonObject {
    const shape = v.shape;
    if (shape.kind === "newtype") return this.type(shape.type);
    if (shape.kind === "struct") return this.object(shape.fields, { deny: u.denyUnknownFields, containerDefault: false });
    return {};
  }
}

/**
 * "These keys are present": `required`, with the keys also under `properties` (as `true`) so that strict validators
 * (ajv's strictRequired) see them declared where they are required.
 */
function present(keys: readonly string[]): JsonObject {
  const properties: JsonObject = {};
  for (const k of keys) properties[k] = true;
  return { properties, required: [...keys] };
}

/** At least one of `names` is present: `if` the first is missing, `else`-chain through the others. */
function atLeastOne(names: readonly string[]): JsonObject {
  const [first, ...rest] = names;
  if (rest.length === 0) return present([first!]);
  return { if: present([first!]), else: atLeastOne(rest) };
}

/** A pattern matching every key but `keys` (ECMA-262 and Python `re` alike; `(?![\s\S])` is the end). */
function otherKeysPattern(keys: readonly string[]): string {
  if (keys.length === 0) return "^";
  const escaped = keys.map((k) => k.replace(/[\\^$.*+?()[\]{}|/]/g, (c) => `\\${c}`));
  return `^(?!(?:${escaped.join("|")})(?![\\s\\S]))`;
}

/** `schema` that must also match `also` (a map's values, for a key the map sees next to the field that reads it). */
function alsoValid(schema: JsonObject, also: JsonObject): JsonObject {
  const allOf = schema["allOf"] as JsonObject[] | undefined;
  return allOf !== undefined ? { ...schema, allOf: [...allOf, also] } : { allOf: [schema, also] };
}

function sameJson(a: Json, b: Json): boolean {
  return JSON.stringify(a, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) === JSON.stringify(b, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v));
}

function literal(v: LiteralJson): Json {
  return v as Json;
}

// ---------------------------------------------------------------------------------------------------------------
// printing

/** The widest line `printJson` puts an array on. */
const LINE_WIDTH = 120;

/**
 * JSON text in this emitter's fixed layout: 2-space indent, an object one member per line, an array on one line
 * when it holds only scalars (and empty arrays or objects) and that line, trailing comma included, is at most 120
 * columns, else one item per line; `bigint` as exact digits; a newline at the end. (A line can only be wider when
 * a single string is.) Throws on values JSON cannot hold.
 */
export function printJson(value: Json): string {
  const out: string[] = [];
  write(value, "", 0, out);
  out.push("\n");
  return out.join("");
}

function scalar(v: Json): string | undefined {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new Error(`jsonschema: ${v} is not JSON`);
    return JSON.stringify(v);
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return v.length === 0 ? "[]" : undefined;
  return Object.keys(v as object).length === 0 ? "{}" : undefined;
}

/** Writes `v`, whose text starts at column `column` of a line indented by `indent`, followed by a comma or not. */
function write(v: Json, indent: string, column: number, out: string[], comma = false): void {
  const flat = scalar(v);
  if (flat !== undefined) {
    out.push(flat);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    const items = v as readonly Json[];
    const parts = items.map(scalar);
    if (parts.every((p): p is string => p !== undefined)) {
      const line = `[${parts.join(", ")}]`;
      if (column + line.length + (comma ? 1 : 0) <= LINE_WIDTH) {
        out.push(line);
        return;
      }
    }
    out.push("[\n");
    items.forEach((item, i) => {
      out.push(inner);
      write(item, inner, inner.length, out, i < items.length - 1);
      out.push(i < items.length - 1 ? ",\n" : "\n");
    });
    out.push(`${indent}]`);
    return;
  }
  const entries = Object.entries(v as { readonly [key: string]: Json });
  out.push("{\n");
  entries.forEach(([k, item], i) => {
    const head = `${inner}${JSON.stringify(k)}: `;
    out.push(head);
    write(item, inner, head.length, out, i < entries.length - 1);
    out.push(i < entries.length - 1 ? ",\n" : "\n");
  });
  out.push(`${indent}}`);
}
