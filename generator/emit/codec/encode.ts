// The writers `e$T`: a typed value to serde_json's text, one function per type; the encoders of untagged unions ask
// the walkers which variant a value belongs to.
import { resolveDecl, resolveStruct, unbox } from "../../ir/lookup";
import type { Decl, Field, TypeRef, UnionDecl, Variant } from "../../ir/types";
import { isIdentifier } from "../../naming";
import {
  guarded,
  intBounds,
  json,
  keySet,
  mapValueType,
  PLAIN,
  resolveAliasMap,
  seg,
  str,
  SUPPORT,
  typeKey,
  unoption,
} from "./shared";
import { Walkers } from "./decode";

/** Whether `encodeExpr` of `t` is one parenthesized conditional expression. */
function conditionalExpr(t: TypeRef): boolean {
  const u = unbox(t);
  return u.kind === "bool" || u.kind === "option" || (u.kind === "int" && !u.bigint);
}

const SAFE_LO = String(Number.MIN_SAFE_INTEGER);
const SAFE_HI = String(Number.MAX_SAFE_INTEGER);

export abstract class Writers extends Walkers {
  // ------------------------------------------------------------------------------------------------ writers

  /** The name of a writer `(v: T) => string` for `t`, generating it on first use. */
  writer(t: TypeRef): string {
    if (t.kind === "box") return this.writer(t.inner);
    if (t.kind === "named" && t.family !== this.family.name) {
      const d = this.index.get(t.family, t.name);
      const name = `e$${d?.names.ts ?? t.name}`;
      this.imports.addValue(name, `../${t.family}/codec`);
      return name;
    }
    const key = `e:${typeKey(t)}`;
    const done = this.made.get(key);
    if (done !== undefined) return done;
    const name = t.kind === "named" ? `e$${this.index.get(t.family, t.name)?.names.ts ?? t.name}` : `e$${typeKey(t)}`;
    this.made.set(key, name);
    const body = this.writerBody(t);
    const exported = t.kind === "named" ? "export " : "";
    this.fns.push(`${exported}function ${name}(v: ${this.tsOf(t)}): string {\n${body}\n}\n`);
    return name;
  }

  /** A TS expression writing the value `x` (a simple expression) of type `t`. */
  encodeExpr(t: TypeRef, x: string): string {
    switch (t.kind) {
      case "string":
        return `${this.rt("quote")}(${x})`;
      case "timestamp":
        return `${this.rt("quote")}(${this.sup("normalizeTimestampForEncode", "primitives")}(${x}))`;
      case "uuid":
        return `${this.rt("quote")}(${this.sup("normalizeUuidForEncode", "primitives")}(${x}))`;
      case "bool":
        return `(${x} ? "true" : "false")`;
      case "int": {
        if (t.bigint) return `${this.rt("encodeBigInt")}(${x}, ${str(t.name)})`;
        const b = intBounds(t.name);
        // Number.isSafeInteger is `typeof x === "number"`, integral and within ±(2^53 - 1), which holds every bound:
        // the same test as spelling it out, in a line short enough to need no formatting.
        const test = [`Number.isSafeInteger(${x})`];
        if (b.lo !== SAFE_LO) test.push(`${x} >= ${b.lo}`);
        if (b.hi !== SAFE_HI) test.push(`${x} <= ${b.hi}`);
        return `(${test.join(" && ")} ? "" + ${x} : ${this.rt("encodeInt")}(${x}, ${str(t.name)}))`;
      }
      case "float":
        return t.name === "f64"
          ? `${this.rt("encodeF64")}(${x}, ${this.plus})`
          : `${this.rt("encodeF32")}(${x}, ${this.plus})`;
      case "json":
        return `${this.sup("encodeJsonValue", "json-value")}(${x}, ${this.plus}, "")`;
      case "box":
        return this.encodeExpr(t.inner, x);
      case "option": {
        // A conditional in the alternate needs no parentheses (prettier prints the chain without them).
        const inner = this.encodeExpr(t.inner, x);
        return `(${x} === null || ${x} === undefined ? "null" : ${conditionalExpr(t.inner) ? inner.slice(1, -1) : inner})`;
      }
      default:
        return `${this.writer(t)}(${x})`;
    }
  }

  protected writerBody(t: TypeRef): string {
    switch (t.kind) {
      case "list":
        return [
          `  const n = v.length;`,
          `  if (n === 0) return "[]";`,
          `  let i = 0;`,
          `  try {`,
          `    let out = "[" + ${this.encodeExpr(t.item, "v[0]!")};`,
          `    for (i = 1; i < n; i++) out += "," + ${this.encodeExpr(t.item, "v[i]!")};`,
          `    return out + "]";`,
          `  } catch (e) {`,
          `    throw ${this.rt("at")}(e, "[" + i + "]");`,
          `  }`,
        ].join("\n");
      case "map":
        return [
          `  const keys = ${this.sup("sortedKeys", "json-value")}(v);`,
          `  let out = "";`,
          `  for (const k of keys) {`,
          `    const x = v[k]!;`,
          `    if (x === undefined) continue;`,
          `    try {`,
          `      out += (out === "" ? "" : ",") + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(t.value, "x")};`,
          `    } catch (e) {`,
          `      throw ${this.rt("at")}(e, ${this.rt("keySegment")}(k));`,
          `    }`,
          `  }`,
          `  return "{" + out + "}";`,
        ].join("\n");
      case "named": {
        const d = this.index.get(t.family, t.name)!;
        return this.declWriter(d);
      }
      default:
        return `  return ${this.encodeExpr(t, "v")};`;
    }
  }

  protected declWriter(d: Decl): string {
    switch (d.kind) {
      case "struct":
        return this.objectWriterBody(d.fields, [], `struct ${d.names.rust}`);
      case "enum":
        return `  return ${this.rt("quote")}(v);`;
      case "newtype":
        return `  return ${this.encodeExpr(d.inner, "v")};`;
      case "alias":
        return `  return ${this.encodeExpr(d.target, "v")};`;
      case "union":
        return this.unionWriterBody(d);
    }
  }

  /**
   * Statements appending a struct's members to `out` (each with a leading comma), in declaration order, skip rules
   * applied. Sets `at_` before each field so an EncodeError names it. `hidden`: keys of `obj` that belong to
   * someone else (the tag of an internally tagged union, an outer struct's members under flatten), which a
   * flattened map must not write again.
   */
  protected membersCode(
    fields: readonly Field[],
    obj: string,
    ind: string,
    opening?: string,
    hidden: readonly string[] = [],
  ): { lines: string[]; opened: boolean } {
    const lines: string[] = [];
    let opened = false;
    let first = true;
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) {
        const inner = f.type.kind === "option" ? f.type.inner : f.type;
        if (
          inner.kind === "map" ||
          (mapValueType(this.index, inner) !== undefined &&
            resolveStruct(this.index, inner) === undefined &&
            resolveDecl(this.index, inner)?.kind !== "union")
        ) {
          const vt = mapValueType(this.index, inner)!;
          const own = this.constant(
            this.fresh("OWN_"),
            `new Set<string>(${str([...new Set([...this.consumedKeys(fields, undefined), ...hidden])])})`,
          );
          lines.push(
            `${ind}for (const k of ${this.sup("sortedKeys", "json-value")}(${obj})) {`,
            `${ind}  if (${own}.has(k)) continue;`,
            `${ind}  const x = (${obj} as Record<string, ${this.tsOf(vt)}>)[k]!;`,
            `${ind}  if (x === undefined) continue;`,
            `${ind}  at_ = ${this.rt("keySegment")}(k);`,
            `${ind}  out += "," + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(vt, "x")};`,
            `${ind}}`,
          );
          first = false;
          continue;
        }
        const others = this.consumedKeys(
          fields.filter((x) => x !== f),
          undefined,
        );
        const write = `out += ${this.membersWriter(inner, [...hidden, ...others])}(${obj} as never);`;
        const present = f.type.kind === "option" ? this.optionPresent(inner, obj) : undefined;
        lines.push(present === undefined ? `${ind}${write}` : `${ind}if (${present}) ${write}`);
        first = false;
        continue;
      }
      const x = `${obj}${isIdentifier(f.wire) ? "." + f.wire : `[${str(f.wire)}]`}`;
      const value = this.fresh("v");
      const missingDefault = f.optional ? this.missingValue(f) : undefined;
      const skip = this.skipTest(f, value);
      // The first member opens the object itself when it is always written (no leading comma to cut off later).
      const open = first && opening !== undefined && skip === undefined;
      first = false;
      if (open) opened = true;
      const key = open ? str(opening + json(f.wire) + ":") : str("," + json(f.wire) + ":");
      lines.push(`${ind}at_ = ${seg(f.wire)};`);
      lines.push(`${ind}const ${value} = ${x};`);
      const write = `out += ${key} + ${this.encodeExpr(f.type, value)};`;
      if (skip !== undefined) {
        // `!!x` as prettier prints `!(!x)`.
        lines.push(...guarded(ind, /^![\w$]+$/.test(skip) ? `!${skip}` : `!(${skip})`, write));
      } else if (missingDefault !== undefined) {
        lines.push(`${ind}if (${value} === undefined) out += ${key} + ${missingDefault};`, `${ind}else ${write}`);
      } else {
        lines.push(`${ind}${write}`);
      }
    }
    return { lines, opened };
  }

  /**
   * The test that a flattened `Option<t>` is Some in `obj`: one of the struct's keys or the union's tag is set (None
   * writes nothing, as serde does; the TS type is `Partial<T>`). Undefined when `t` has no key to tell them apart.
   */
  protected optionPresent(t: TypeRef, obj: string): string | undefined {
    const d = resolveDecl(this.index, t);
    const keys =
      d?.kind === "union" && d.repr.kind === "internal"
        ? [d.repr.tag]
        : this.flattenedKeys(t).filter((k, i, all) => all.indexOf(k) === i);
    if (keys.length === 0) return undefined;
    return keys.map((k) => `(${obj} as Record<string, unknown>)[${str(k)}] !== undefined`).join(" || ");
  }

  /** What a missing (undefined) optional field writes: its default's encoding. */
  protected missingValue(f: Field): string {
    if (f.default.kind === "value") return this.encodeExpr(f.type, this.fieldDefault(f, false));
    const t = f.type;
    if (t.kind === "option" || t.kind === "json") return '"null"';
    return this.encodeExpr(t, this.defaultOf(t));
  }

  /** The condition under which serde omits the field (skip_serializing_if), or undefined. */
  protected skipTest(f: Field, x: string): string | undefined {
    switch (f.skipSerializingIf) {
      case undefined:
        return undefined;
      case "none":
        return `${x} === null || ${x} === undefined`;
      case "empty":
        if (f.type.kind === "map" || resolveAliasMap(this.index, f.type))
          return `${x} === undefined || Object.keys(${x}).length === 0`;
        return `${x} === undefined || ${x}.length === 0`;
      case "false":
        return `!${x}`;
      case "zero":
        return `${x} === undefined || ${x} === 0 || (${x} as unknown) === BigInt(0)`; // no `0n`: target ES2020 only
      case "null":
        return `${x} === null || ${x} === undefined`;
    }
  }

  protected objectWriterBody(fields: readonly Field[], leading: string[], _what: string): string {
    const { lines, opened } = this.membersCode(fields, "v", "    ", leading.length === 0 ? "{" : undefined);
    return [
      `  let at_ = "";`,
      `  try {`,
      `    let out = "";`,
      ...leading.map((l) => `    out += ${l};`),
      ...lines,
      opened ? `    return out + "}";` : `    return "{" + out.slice(1) + "}";`,
      `  } catch (e) {`,
      `    throw ${this.rt("at")}(e, at_);`,
      `  }`,
    ].join("\n");
  }

  /**
   * A writer of the members (`,"k":v…`) of a struct, an internally tagged union or a map, for flatten and newtype
   * variants. `hidden`: keys of the value that belong to someone else (see membersCode).
   */
  protected membersWriter(t: TypeRef, hidden: readonly string[] = []): string {
    const d = resolveDecl(this.index, t);
    const keys = this.writerSeesAllKeys(t) ? keySet(hidden) : [];
    const suffix = this.viewSuffix(keys.length === 0 ? PLAIN : { hidden: keys, flat: false });
    if (
      resolveStruct(this.index, t) === undefined &&
      d?.kind !== "union" &&
      mapValueType(this.index, t) !== undefined
    ) {
      return this.mapMembersWriter(mapValueType(this.index, t)!, keys, suffix);
    }
    if (d === undefined || (d.kind !== "struct" && d.kind !== "union"))
      throw new Error(`codec: cannot flatten ${typeKey(t)}`);
    const foreign = d.family !== this.family.name;
    const name = `m$${foreign && suffix !== "" ? `${d.family}$` : ""}${d.names.ts}${suffix}`;
    if (foreign && suffix === "") {
      this.imports.addValue(name, `../${d.family}/codec`);
      return name;
    }
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    let body: string;
    if (d.kind === "struct") {
      body = [
        `  let at_ = "";`,
        `  try {`,
        `    let out = "";`,
        ...this.membersCode(d.fields, "v", "    ", undefined, keys).lines,
        `    return out;`,
        `  } catch (e) {`,
        `    throw ${this.rt("at")}(e, at_);`,
        `  }`,
      ].join("\n");
    } else {
      body = this.unionMembersBody(d, keys);
    }
    const T = this.tsOf({ kind: "named", family: d.family, name: d.names.spec });
    this.fns.push(`${suffix === "" ? "export " : ""}function ${name}(v: ${T}): string {\n${body}\n}\n`);
    return name;
  }

  /** A writer of a map's entries as members (`,"k":v…`, keys sorted as serde's BTreeMap), without `hidden`. */
  protected mapMembersWriter(value: TypeRef, hidden: readonly string[], suffix: string): string {
    const name = `m$map_${typeKey(value)}${suffix}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const body = [
      `  let k = "";`,
      `  try {`,
      `    let out = "";`,
      `    for (k of ${this.sup("sortedKeys", "json-value")}(v)) {`,
      ...(hidden.length === 0 ? [] : [`      if (${this.hiddenTest(hidden, "k")}) continue;`]),
      `      const x = v[k];`,
      `      if (x === undefined) continue;`,
      `      out += "," + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(value, "x")};`,
      `    }`,
      `    return out;`,
      `  } catch (e) {`,
      `    throw ${this.rt("at")}(e, ${this.rt("keySegment")}(k));`,
      `  }`,
    ].join("\n");
    this.fns.push(`function ${name}(v: Record<string, ${this.tsOf(value)}>): string {\n${body}\n}\n`);
    return name;
  }

  /** Whether a members writer of `t` writes keys it does not name (a map, a flattened map). */
  protected writerSeesAllKeys(t: TypeRef, seen: Set<string> = new Set()): boolean {
    const u = unbox(t);
    if (u.kind === "map") return true;
    if (u.kind !== "named") return false;
    const key = `${u.family}/${u.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const d = this.index.get(u.family, u.name);
    const flattenSees = (fields: readonly Field[]) =>
      fields.some((f) => f.flatten && !f.skip && this.writerSeesAllKeys(unoption(f.type), seen));
    switch (d?.kind) {
      case "alias":
        return this.writerSeesAllKeys(d.target, seen);
      case "newtype":
        return this.writerSeesAllKeys(d.inner, seen);
      case "struct":
        return flattenSees(d.fields);
      case "union":
        if (d.repr.kind !== "internal") return false;
        return d.variants.some((v) =>
          v.shape.kind === "struct"
            ? flattenSees(v.shape.fields)
            : v.shape.kind === "newtype" && this.writerSeesAllKeys(v.shape.type, seen),
        );
      default:
        return false;
    }
  }

  /** The TS type name of a variant (imported from its family's types module). */
  protected variantTs(u: UnionDecl, v: Variant): string {
    this.imports.addType(v.names.ts, u.family === this.family.name ? "./types" : `../${u.family}/types`);
    return v.names.ts;
  }

  /** Members of an internally tagged union value: the tag, then the variant's fields. */
  protected unionMembersBody(u: UnionDecl, hidden: readonly string[]): string {
    if (u.repr.kind !== "internal") throw new Error(`codec: only internally tagged unions flatten (${u.names.spec})`);
    const tag = u.repr.tag;
    const lines = [
      `  let at_ = "";`,
      `  try {`,
      `    let out = "";`,
      `    switch (v${isIdentifier(tag) ? "." + tag : `[${str(tag)}]`}) {`,
    ];
    for (const v of u.variants) {
      if (v.shape.kind === "lossless") continue;
      lines.push(`      case ${str(v.wire)}: {`);
      lines.push(`        out += ${str("," + json(tag) + ":" + json(v.wire))};`);
      const obj = `(v as ${this.variantTs(u, v)})`;
      if (v.shape.kind === "struct")
        lines.push(...this.membersCode(v.shape.fields, obj, "        ", undefined, [...hidden, tag]).lines);
      else if (v.shape.kind === "newtype")
        lines.push(`        out += ${this.membersWriter(v.shape.type, [...hidden, tag])}(${obj} as never);`);
      lines.push(`        return out;`, `      }`);
    }
    lines.push(`    }`);
    const lossless = u.variants.find((v) => v.shape.kind === "lossless");
    if (lossless) {
      lines.push(`    const l = v as unknown as { tag: string; payload: JsonValue };`);
      this.imports.addType("JsonValue", SUPPORT + "json-value");
      lines.push(`    out += "," + ${this.rt("quote")}(${str(tag)}) + ":" + ${this.rt("quote")}(l.tag);`);
      lines.push(`    out += ${this.sup("encodeJsonMembers", "primitives")}(l.payload, ${str(tag)}, ${this.plus});`);
      lines.push(`    return out;`);
    } else {
      lines.push(
        `    throw new ${this.sup("EncodeError", "errors")}("unknown variant tag " + String((v as unknown as Record<string, unknown>)[${str(tag)}]), "");`,
      );
    }
    lines.push(`  } catch (e) {`, `    throw ${this.rt("at")}(e, at_);`, `  }`);
    return lines.join("\n");
  }

  protected unionWriterBody(u: UnionDecl): string {
    const EncodeError = () => this.sup("EncodeError", "errors");
    switch (u.repr.kind) {
      case "internal": {
        const tag = u.repr.tag;
        const entries: string[] = [];
        for (const v of u.variants) {
          if (v.shape.kind === "lossless") continue;
          const fn = `e$${v.names.ts}`;
          this.imports.addType(v.names.ts, "./types");
          if (!this.made.has(fn)) {
            this.made.set(fn, fn);
            const head = str("{" + json(tag) + ":" + json(v.wire));
            const body: string[] = [`  let at_ = "";`, `  try {`, `    let out = ${head};`];
            if (v.shape.kind === "struct")
              body.push(...this.membersCode(v.shape.fields, "v", "    ", undefined, [tag]).lines);
            else if (v.shape.kind === "newtype")
              body.push(`    out += ${this.membersWriter(v.shape.type, [tag])}(v as never);`);
            body.push(`    return out + "}";`, `  } catch (e) {`, `    throw ${this.rt("at")}(e, at_);`, `  }`);
            this.fns.push(`function ${fn}(v: ${v.names.ts}): string {\n${body.join("\n")}\n}\n`);
          }
          entries.push(`[${str(v.wire)}, ${fn} as (v: ${u.names.ts}) => string]`);
        }
        const dispatch = this.constant(
          this.fresh("VARIANT_WRITERS_"),
          `new Map<unknown, (v: ${u.names.ts}) => string>([${entries.join(", ")}])`,
        );
        const t = `(v as unknown as Record<string, unknown>)[${str(tag)}]`;
        const lines = [`  const f = ${dispatch}.get(${t});`, `  if (f !== undefined) return f(v);`];
        if (u.variants.some((v) => v.shape.kind === "lossless")) {
          lines.push(
            `  return "{" + ${this.membersWriter({ kind: "named", name: u.names.spec, family: u.family })}(v).slice(1) + "}";`,
          );
        } else {
          lines.push(`  throw new ${EncodeError()}("unknown variant tag " + String(${t}), "");`);
        }
        return lines.join("\n");
      }
      case "adjacent": {
        const { tag, content } = u.repr;
        const tagKey = isIdentifier(tag) ? "." + tag : `[${str(tag)}]`;
        const lines = [`  switch (v${tagKey}) {`];
        for (const v of u.variants) {
          if (v.shape.kind === "lossless") continue;
          this.imports.addType(v.names.ts, "./types");
          const obj = `(v as ${v.names.ts})`;
          const head = str("{" + json(tag) + ":" + json(v.wire));
          if (v.shape.kind === "unit") {
            lines.push(`    case ${str(v.wire)}:`, `      return ${str("{" + json(tag) + ":" + json(v.wire) + "}")};`);
          } else {
            const c = `${obj}${isIdentifier(content) ? "." + content : `[${str(content)}]`}`;
            const payload =
              v.shape.kind === "newtype" ? this.encodeExpr(v.shape.type, c) : `${this.inlineStructWriter(u, v)}(${c})`;
            lines.push(
              `    case ${str(v.wire)}:`,
              `      try {`,
              `        return ${head} + ${str("," + json(content) + ":")} + ${payload} + "}";`,
              `      } catch (e) {`,
              `        throw ${this.rt("at")}(e, ${seg(content)});`,
              `      }`,
            );
          }
        }
        lines.push(`  }`);
        const lossless = u.variants.find((v) => v.shape.kind === "lossless");
        if (lossless) {
          this.imports.addType("JsonValue", SUPPORT + "json-value");
          lines.push(
            `  const l = v as unknown as { tag: string; payload: JsonValue };`,
            `  const head = "{" + ${this.rt("quote")}(${str(tag)}) + ":" + ${this.rt("quote")}(l.tag);`,
            `  return l.payload === null ? head + "}" : head + ${str("," + json(content) + ":")} + ${this.sup("encodeJsonValue", "json-value")}(l.payload, ${this.plus}, "") + "}";`,
          );
        } else {
          lines.push(
            `  throw new ${EncodeError()}("unknown variant tag " + String((v as unknown as Record<string, unknown>)[${str(tag)}]), "");`,
          );
        }
        return lines.join("\n");
      }
      case "external": {
        const lines: string[] = [];
        const units = u.variants.filter((v) => v.shape.kind === "unit");
        if (units.length > 0) {
          lines.push(`  if (typeof v === "string") {`, `    switch (v) {`);
          for (const v of units) lines.push(`      case ${str(v.wire)}:`, `        return ${str(json(v.wire))};`);
          lines.push(`    }`, `    throw new ${EncodeError()}("unknown variant " + v, "");`, `  }`);
        }
        lines.push(`  const o = v as unknown as Record<string, unknown>;`);
        for (const v of u.variants) {
          if (v.shape.kind === "unit" || v.shape.kind === "lossless") continue;
          this.imports.addType(v.names.ts, "./types");
          const x = `o[${str(v.wire)}]`; // an index signature: noPropertyAccessFromIndexSignature forbids `o.key`
          const payload =
            v.shape.kind === "newtype"
              ? this.encodeExpr(v.shape.type, `${x} as never`)
              : `${this.inlineStructWriter(u, v)}(${x} as never)`;
          lines.push(
            `  if (${x} !== undefined) {`,
            `    try {`,
            `      return ${str("{" + json(v.wire) + ":")} + ${payload} + "}";`,
            `    } catch (e) {`,
            `      throw ${this.rt("at")}(e, ${seg(v.wire)});`,
            `    }`,
            `  }`,
          );
        }
        lines.push(`  throw new ${EncodeError()}("no variant of ${u.names.ts} matches the value", "");`);
        return lines.join("\n");
      }
      case "untagged": {
        const lines: string[] = [];
        for (const v of u.variants) {
          if (v.shape.kind === "unit") {
            lines.push(`  if (v === null) return "null";`);
          } else if (v.shape.kind === "newtype") {
            const w = this.walker(v.shape.type, "content");
            lines.push(
              `  if (${this.sup("accepts", "primitives")}(${w}, v)) return ${this.encodeExpr(v.shape.type, "v as never")};`,
            );
          } else if (v.shape.kind === "struct") {
            const w = this.untaggedStructWalker(u, v);
            lines.push(
              `  if (${this.sup("accepts", "primitives")}(${w}, v)) return ${this.inlineStructWriter(u, v)}(v as never);`,
            );
          }
        }
        lines.push(`  throw new ${EncodeError()}("no variant of ${u.names.ts} matches the value", "");`);
        return lines.join("\n");
      }
    }
  }

  /** A writer for a struct variant's payload object (adjacent, external, untagged). */
  protected inlineStructWriter(u: UnionDecl, v: Variant): string {
    const name = `e$${u.names.ts}$${v.names.ts}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const fields = v.shape.kind === "struct" ? v.shape.fields : [];
    this.fns.push(`function ${name}(v: any): string {\n${this.objectWriterBody(fields, [], "")}\n}\n`);
    return name;
  }
}
