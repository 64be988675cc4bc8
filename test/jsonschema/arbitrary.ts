/**
 * fast-check arbitraries for the TypeScript value of any declared type, read from the IR: the values the generated
 * encoders take (ARCHITECTURE.md: TS values mirror the wire JSON; bigint for opted-in 64-bit fields; `JsonValue` with
 * bigint and JsonFloat; canonical timestamps and uuids; `{ tag, payload }` for the lossless arm).
 *
 * Floats are finite: NaN and ±Infinity encode to `null` (as serde_json writes them), which no decoder reads back
 * into a float, so they are not values of the type.
 */
import fc from "fast-check";
import { resolveDecl, resolveStruct, type DeclIndex } from "../../generator/ir/lookup";
import type { Decl, Field, TypeRef, UnionDecl, Variant } from "../../generator/ir/types";
import { normalizeTimestamp } from "../../generator/support/timestamp";

/** The generated tree's JsonFloat class (the codecs test `instanceof` against their own copy). */
export type JsonFloatClass = new (value: number) => { readonly value: number };

const MAX_DEPTH = 3;

/** Object keys, including the ones that must stay plain data. */
const key = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom("__proto__", "constructor", "prototype", "", "é", "\u{1f600}", "\ue000") },
);

/** A null-prototype object from entries (so `__proto__` is a key like any other). */
function record(entries: readonly (readonly [string, unknown])[]): Record<string, unknown> {
  const o = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of entries) o[k] = v;
  return o;
}

const text = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.constantFrom('quote " backslash \\', "\u0000\u001f\u007f\u2028", "\u{10ffff}", "__proto__") },
);

const timestamp = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.integer({ min: -62167219200, max: 253402300799 }), fc.constantFrom(0, 3, 6, 9), fc.nat(999_999_999))
      .map(([secs, digits, nanos]) => {
        const iso = new Date(secs * 1000).toISOString().replace(/\.\d{3}Z$/, "");
        const frac = digits === 0 ? "" : `.${String(nanos).padStart(9, "0").slice(0, digits)}`;
        return normalizeTimestamp(`${iso}${frac}Z`);
      }),
  },
  { weight: 1, arbitrary: fc.constantFrom("+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59.999999999Z", "+262143-12-31T23:59:59Z", "2016-12-31T23:59:60Z") },
);

const uuid = fc.oneof(
  { weight: 8, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff") },
);

/** Builds arbitraries for the types of one program. */
export class Arbitraries {
  private readonly memo = new Map<string, fc.Arbitrary<unknown>>();

  constructor(
    private readonly index: DeclIndex,
    private readonly JsonFloat: JsonFloatClass,
  ) {}

  /** Any `serde_json::Value`, as the codecs hold it. */
  json(depth = 0): fc.Arbitrary<unknown> {
    const leaves: fc.Arbitrary<unknown>[] = [
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.maxSafeInteger(),
      fc.bigInt({ min: -(2n ** 63n), max: 2n ** 64n - 1n }).filter((b) => b > BigInt(Number.MAX_SAFE_INTEGER) || b < BigInt(Number.MIN_SAFE_INTEGER)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => Number.isInteger(d)).map((d) => new this.JsonFloat(d)),
      text,
    ];
    if (depth >= MAX_DEPTH) return fc.oneof(...leaves);
    return fc.oneof(
      { weight: 4, arbitrary: fc.oneof(...leaves) },
      { weight: 1, arbitrary: fc.array(this.json(depth + 1), { maxLength: 3 }) },
      { weight: 1, arbitrary: this.jsonObject(depth + 1) },
    );
  }

  /** A JSON object value (null-prototype). */
  jsonObject(depth = 0, without?: string): fc.Arbitrary<Record<string, unknown>> {
    const k = without === undefined ? key : key.filter((x) => x !== without);
    return fc.array(fc.tuple(k, this.json(depth)), { maxLength: 3 }).map(record);
  }

  /** A value of a type expression. */
  type(t: TypeRef, depth: number): fc.Arbitrary<unknown> {
    switch (t.kind) {
      case "string":
        return text;
      case "bool":
        return fc.boolean();
      case "int": {
        if (t.bigint) return fc.oneof(fc.bigInt({ min: t.min, max: t.max }), fc.constantFrom(t.min, t.max, 0n));
        const lo = t.min > BigInt(Number.MIN_SAFE_INTEGER) ? t.min : BigInt(Number.MIN_SAFE_INTEGER);
        const hi = t.max < BigInt(Number.MAX_SAFE_INTEGER) ? t.max : BigInt(Number.MAX_SAFE_INTEGER);
        return fc.oneof(fc.bigInt({ min: lo, max: hi }), fc.constantFrom(lo, hi, 0n)).map(Number);
      }
      case "float":
        return t.name === "f32" ? fc.float({ noNaN: true, noDefaultInfinity: true }) : fc.double({ noNaN: true, noDefaultInfinity: true });
      case "json":
        return this.json(depth);
      case "timestamp":
        return timestamp;
      case "uuid":
        return uuid;
      case "option":
        return depth >= MAX_DEPTH ? fc.constant(null) : fc.option(this.type(t.inner, depth + 1), { nil: null });
      case "list":
        return depth >= MAX_DEPTH ? fc.constant([]) : fc.array(this.type(t.item, depth + 1), { maxLength: 3 });
      case "map":
        return depth >= MAX_DEPTH
          ? fc.constant(record([]))
          : fc.array(fc.tuple(key, this.type(t.value, depth + 1)), { maxLength: 3 }).map(record);
      case "box":
        return this.type(t.inner, depth);
      case "named": {
        const d = this.index.get(t.family, t.name);
        if (d === undefined) throw new Error(`unknown type ${t.family}.${t.name}`);
        return this.decl(d, depth);
      }
    }
  }

  /** A value of a declared type. */
  decl(d: Decl, depth = 0): fc.Arbitrary<unknown> {
    const memoKey = `${d.family}/${d.names.spec}/${Math.min(depth, MAX_DEPTH)}`;
    const known = this.memo.get(memoKey);
    if (known) return known;
    // Tie the knot for recursive types: the memo entry resolves lazily.
    let built: fc.Arbitrary<unknown> | undefined;
    this.memo.set(memoKey, fc.constant(null).chain(() => built!));
    switch (d.kind) {
      case "struct":
        built = this.fields(d.fields, depth, new Set());
        break;
      case "enum":
        built = fc.constantFrom(...d.values.map((v) => v.wire));
        break;
      case "newtype":
        built = this.type(d.inner, depth);
        break;
      case "alias":
        built = this.type(d.target, depth);
        break;
      case "union":
        built = fc.oneof(...d.variants.map((v) => this.variant(d, v, depth)));
        break;
    }
    this.memo.set(memoKey, built);
    return built;
  }

  /**
   * An object with the fields (wire names): optional ones sometimes left out, flattened ones merged in, a flattened
   * map's extra keys chosen apart from every key the fields use.
   */
  private fields(fields: readonly Field[], depth: number, taken: Set<string>): fc.Arbitrary<Record<string, unknown>> {
    const keys = new Set(taken);
    for (const f of fields) if (!f.skip && !f.flatten) keys.add(f.wire);
    const parts: fc.Arbitrary<[string, unknown][]>[] = [];
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) {
        const inner = f.type.kind === "option" ? f.type.inner : f.type;
        const target = resolveDecl(this.index, inner);
        const s = resolveStruct(this.index, inner);
        if (s !== undefined) parts.push(this.fields(s.fields, depth, keys).map((o) => Object.entries(o)));
        else if (target?.kind === "union") parts.push(this.decl(target, depth).map((o) => Object.entries(o as object)));
        else {
          const value = inner.kind === "map" ? inner.value : undefined;
          if (value === undefined) throw new Error(`cannot flatten ${f.names.spec}`);
          const extra = fc.string({ minLength: 1, maxLength: 6 }).map((k) => `x_${k}`).filter((k) => !keys.has(k));
          parts.push(depth >= MAX_DEPTH ? fc.constant([]) : fc.array(fc.tuple(extra, this.type(value, depth + 1)), { maxLength: 2 }));
        }
        continue;
      }
      const value = this.type(f.type, depth);
      parts.push(f.optional ? fc.option(value, { nil: undefined }).map((v) => (v === undefined ? [] : [[f.wire, v]])) : value.map((v) => [[f.wire, v]]));
    }
    return fc.tuple(...parts).map((ps) => record(ps.flat()));
  }

  private variant(u: UnionDecl, v: Variant, depth: number): fc.Arbitrary<unknown> {
    const shape = v.shape;
    const known = new Set(u.variants.flatMap((x) => [x.wire, ...x.aliases]));
    switch (u.repr.kind) {
      case "internal": {
        const tag = u.repr.tag;
        const withTag = (o: Record<string, unknown>) => record([[tag, v.wire], ...Object.entries(o)]);
        switch (shape.kind) {
          case "unit":
            return fc.constant(record([[tag, v.wire]]));
          case "struct":
            return this.fields(shape.fields, depth, new Set([tag])).map(withTag);
          case "newtype":
            return this.type(shape.type, depth).map((o) => withTag(o as Record<string, unknown>));
          case "lossless":
            return fc.record({ tag: text.filter((t) => !known.has(t)), payload: this.jsonObject(depth + 1, tag) });
        }
        break;
      }
      case "adjacent": {
        const { tag, content } = u.repr;
        switch (shape.kind) {
          case "unit":
            return fc.constant(record([[tag, v.wire]]));
          case "newtype":
            return this.type(shape.type, depth).map((c) => record([[tag, v.wire], [content, c]]));
          case "struct":
            return this.fields(shape.fields, depth, new Set()).map((c) => record([[tag, v.wire], [content, c]]));
          case "lossless":
            return fc.record({ tag: text.filter((t) => !known.has(t)), payload: this.json(depth + 1) });
        }
        break;
      }
      case "external":
        switch (shape.kind) {
          case "unit":
            return fc.constant(v.wire);
          case "newtype":
            return this.type(shape.type, depth).map((p) => record([[v.wire, p]]));
          case "struct":
            return this.fields(shape.fields, depth, new Set()).map((p) => record([[v.wire, p]]));
          case "lossless":
            break;
        }
        break;
      case "untagged":
        switch (shape.kind) {
          case "unit":
            return fc.constant(null);
          case "newtype":
            return this.type(shape.type, depth);
          case "struct":
            return this.fields(shape.fields, depth, new Set());
          case "lossless":
            break;
        }
    }
    throw new Error(`no arbitrary for ${u.names.spec}::${v.names.spec}`);
  }
}
