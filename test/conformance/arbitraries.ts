/**
 * fast-check arbitraries for every declared type, derived from the IR: values shaped like the generated TS types
 * (which mirror the wire JSON — tags, wire names, flattened members, `{ tag, payload }` for a lossless arm), with
 * the edge cases serde cares about weighted in (extreme integers, -0, subnormals, f32 values, astral and control
 * characters, `__proto__` keys, integral json floats, big json integers, canonical timestamps of every precision).
 *
 * Non-finite floats are left out: serde writes them as `null`, which a plain float cannot read back, so they cannot
 * round-trip through Rust (the corpus suite covers them). So are keys a flattened map (or the map of an internally
 * tagged newtype variant) shares with its container's other members or the tag: serde would write them twice.
 */
import fc from "fast-check";
import { type DeclIndex, indexDecls } from "../../generator/ir/lookup";
import { ESCAPE_CHUNK } from "../../generator/support/json-escape";
import type { Decl, Field, IrProgram, StructDecl, TypeRef, UnionDecl, Variant } from "../../generator/ir/types";

/** The generated tree's JsonFloat (codecs recognize integral json floats by `instanceof` on their own class). */
export type JsonFloatClass = new (value: number) => { readonly value: number };

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const specialStrings = fc.constantFrom(
  "",
  "__proto__",
  "constructor",
  "quote \" backslash \\ /",
  "\u0000\u0001\u001f\u007f\u0080\u009f",
  "\u2028\u2029\ufeff",
  "\ud83d\ude00\u{10ffff}\ue000\uffff",
  "\b\f\n\r\t",
);
/**
 * Strings the encoder hands to its WebAssembly escaper (96 code units and up, generator/support/strings.ts), one of
 * them 20,000 units long with every escape in it and an astral character split across the escaper's 16,384-unit
 * chunk boundary.
 */
const CHUNK_CROSSING = (() => {
  const text = 'quote " backslash \\ tab \t newline \n bell \u0007 del \u007f h\u00e9llo, check \u2713 '.repeat(400);
  return text.slice(0, ESCAPE_CHUNK - 1) + "\u{1f600}" + text.slice(ESCAPE_CHUNK - 1, 20000 - 2);
})();
const longStrings = fc.oneof(
  { weight: 9, arbitrary: fc.string({ unit: "binary", minLength: 96, maxLength: 300 }) },
  { weight: 1, arbitrary: fc.constant(CHUNK_CROSSING) },
);
const stringArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
  { weight: 2, arbitrary: specialStrings },
  { weight: 1, arbitrary: longStrings },
);

function intArb(t: TypeRef & { kind: "int" }): fc.Arbitrary<number | bigint> {
  if (t.bigint) {
    return fc.oneof(fc.constantFrom(t.min, t.max, 0n, SAFE + 2n < t.max ? SAFE + 2n : t.max), fc.bigInt({ min: t.min, max: t.max }));
  }
  const min = Number(t.min < -SAFE ? -SAFE : t.min);
  const max = Number(t.max > SAFE ? SAFE : t.max);
  const edges = fc.constantFrom(min, max, 0);
  if (min >= -(2 ** 31) && max <= 2 ** 32) return fc.oneof(edges, fc.integer({ min, max }));
  const wide = min >= 0 ? fc.maxSafeNat() : fc.maxSafeInteger();
  return fc.oneof(edges, fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31 - 1) }), wide);
}

const f64Arb = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, 0.1, 1e15, 1e16, 1e21, 1e-5, 1e-6, 1e-7, 5e-324, Number.MAX_VALUE, 12.335333333333335, 2 ** 53 + 2),
);
const f32Arb = fc.oneof(
  fc.float({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, Math.fround(0.15), Math.fround(1 / 3), Math.fround(3.4028235e38), Math.fround(1e-45), 16777216),
);

/** RFC 3339 as chrono writes `DateTime<Utc>`: `Z`, a fraction of 0, 3, 6 or 9 digits. */
const timestampArb = fc
  .tuple(fc.integer({ min: -62135596800, max: 253402300799 }), fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 3 }))
  .map(([secs, nanos, precision]) => {
    const n = precision === 0 ? 0 : precision === 1 ? Math.floor(nanos / 1e6) * 1e6 : precision === 2 ? Math.floor(nanos / 1e3) * 1e3 : nanos;
    const base = new Date(secs * 1000).toISOString().slice(0, 19);
    const frac = n === 0 ? "" : n % 1e6 === 0 ? `.${String(n / 1e6).padStart(3, "0")}` : n % 1e3 === 0 ? `.${String(n / 1e3).padStart(6, "0")}` : `.${String(n).padStart(9, "0")}`;
    return `${base}${frac}Z`;
  });

const uuidArb = fc.oneof(
  fc.uuid().map((u) => u.toLowerCase()),
  fc.constantFrom("00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"),
);

/** Sets an own data property, even for `__proto__`. */
function defineOwn(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
}

function nullProto<T>(entries: readonly (readonly [string, T])[]): Record<string, T> {
  const o = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) o[k] = v;
  return o;
}

const keyArb = fc.oneof(stringArb, fc.constantFrom("a", "b", "Z", "\ue000", "\u{1f600}", "__proto__", "constructor"));

/** serde_json::Value as the codecs hold it. */
export function jsonArb(JsonFloat: JsonFloatClass, depth: number): fc.Arbitrary<unknown> {
  const scalar = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
    fc.maxSafeInteger(),
    fc.constantFrom(18446744073709551615n, -9223372036854775808n, 9007199254740993n),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => (Number.isInteger(x) ? new JsonFloat(x) : x)),
    fc.constantFrom(0.1, 5e-324).map((x) => x),
    fc.constantFrom(1, -0, 1e300, 1e16).map((x) => new JsonFloat(x)),
    stringArb,
  );
  if (depth <= 0) return scalar;
  const inner = jsonArb(JsonFloat, depth - 1);
  return fc.oneof(
    { weight: 3, arbitrary: scalar },
    { weight: 1, arbitrary: fc.array(inner, { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(keyArb, inner), { maxLength: 3 }).map(nullProto) },
  );
}

/** Builds arbitraries for a program's types. */
export class Arbitraries {
  private readonly index: DeclIndex;
  private readonly cache = new Map<string, fc.Arbitrary<unknown>>();

  constructor(
    readonly program: IrProgram,
    private readonly JsonFloat: JsonFloatClass,
    private readonly maxDepth = 3,
  ) {
    this.index = indexDecls(program);
  }

  /** Values of the declared type `family.name`. */
  of(family: string, name: string): fc.Arbitrary<unknown> {
    return this.named(family, name, this.maxDepth);
  }

  private named(family: string, name: string, depth: number): fc.Arbitrary<unknown> {
    const key = `${family}/${name}/${depth}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const d = this.index.get(family, name);
    if (!d) throw new Error(`no declaration ${family}.${name}`);
    const arb = this.decl(d, depth);
    this.cache.set(key, arb);
    return arb;
  }

  type(t: TypeRef, depth: number): fc.Arbitrary<unknown> {
    switch (t.kind) {
      case "string":
        return stringArb;
      case "bool":
        return fc.boolean();
      case "int":
        return intArb(t);
      case "float":
        return t.name === "f32" ? f32Arb : f64Arb;
      case "json":
        return jsonArb(this.JsonFloat, Math.min(depth, 2));
      case "timestamp":
        return timestampArb;
      case "uuid":
        return uuidArb;
      case "option":
        return depth <= 0 ? fc.constant(null) : fc.option(this.type(t.inner, depth), { nil: null, freq: 3 });
      case "list":
        return depth <= 0 ? fc.constant([]) : fc.array(this.type(t.item, depth - 1), { maxLength: 3 });
      case "map":
        return depth <= 0
          ? fc.constant(nullProto([]))
          : fc.array(fc.tuple(keyArb, this.type(t.value, depth - 1)), { maxLength: 3 }).map(nullProto);
      case "box":
        return this.type(t.inner, depth);
      case "named":
        return this.named(t.family, t.name, Math.max(0, depth - 1));
    }
  }

  /**
   * An object's members for a list of fields (flattened fields merged in, skipped fields left out). `taken`: keys the
   * object's container writes (a tag, an outer struct's members), which a flattened map must not hold.
   */
  private fields(fields: readonly Field[], depth: number, taken: readonly string[] = []): fc.Arbitrary<Record<string, unknown>> {
    const live = fields.filter((f) => !f.skip);
    const parts = live
      .map((f) => {
        if (f.flatten) {
          const others = [...taken, ...live.filter((x) => x !== f).flatMap((x) => this.keysOf(x))];
          const inner = f.type.kind === "option" ? f.type.inner : f.type;
          const value =
            f.type.kind === "option" && depth + 1 > 0 ? fc.option(this.members(inner, depth + 1, others), { nil: null, freq: 3 }) : f.type.kind === "option" ? fc.constant(null) : this.members(inner, depth + 1, others);
          return value.map((v) => ({ flat: v as Record<string, unknown> | null }));
        }
        const value = this.type(f.type, depth);
        const member = value.map((v) => ({ key: f.wire, v }));
        // A field the decoder does not require may be left out (the encoder then writes None / the default).
        return f.optional ? fc.oneof({ weight: 4, arbitrary: member }, { weight: 1, arbitrary: fc.constant({ key: f.wire, absent: true }) }) : member;
      });
    return fc.tuple(...parts).map((ms) => {
      const o: Record<string, unknown> = {};
      for (const m of ms as ({ flat: Record<string, unknown> | null } | { key: string; v?: unknown; absent?: boolean })[]) {
        if ("flat" in m) {
          if (m.flat !== null) for (const k of Object.keys(m.flat)) defineOwn(o, k, m.flat[k]);
        } else if (!m.absent) defineOwn(o, m.key, m.v);
      }
      return o;
    });
  }

  /** The keys a field writes into its container: its wire name, or a flattened struct's keys. */
  private keysOf(f: Field, seen: Set<Decl> = new Set()): string[] {
    if (!f.flatten) return [f.wire, ...f.aliases];
    let t = f.type.kind === "option" ? f.type.inner : f.type;
    for (let d = this.declOf(t); d?.kind === "alias" || d?.kind === "newtype"; d = this.declOf(t)) t = d.kind === "alias" ? d.target : d.inner;
    const d = this.declOf(t);
    if (d?.kind !== "struct" || seen.has(d)) return [];
    seen.add(d);
    return d.fields.filter((x) => !x.skip).flatMap((x) => this.keysOf(x, seen));
  }

  private declOf(t: TypeRef): Decl | undefined {
    const u = t.kind === "box" ? t.inner : t;
    return u.kind === "named" ? this.index.get(u.family, u.name) : undefined;
  }

  /**
   * Values of `t` whose members are merged into a container (a flattened field, an internally tagged newtype
   * variant's payload): a map never holds a key in `taken`.
   */
  private members(t: TypeRef, depth: number, taken: readonly string[]): fc.Arbitrary<unknown> {
    if (taken.length === 0) return this.type(t, depth);
    const u = t.kind === "box" ? t.inner : t;
    if (u.kind === "map") {
      const not = new Set(taken);
      return depth <= 0
        ? fc.constant(nullProto([]))
        : fc.array(fc.tuple(keyArb.filter((k) => !not.has(k)), this.type(u.value, depth - 1)), { maxLength: 3 }).map(nullProto);
    }
    const d = this.declOf(u);
    switch (d?.kind) {
      case "alias":
        return this.members(d.target, depth, taken);
      case "newtype":
        return this.members(d.inner, depth, taken);
      case "struct":
        return this.fields(d.fields, Math.max(0, depth - 1), taken);
      case "union":
        if (d.repr.kind === "internal") return fc.oneof(...d.variants.map((v) => this.variant(d, v, Math.max(0, depth - 1), taken)));
        return this.type(t, depth);
      default:
        return this.type(t, depth);
    }
  }

  private decl(d: Decl, depth: number): fc.Arbitrary<unknown> {
    switch (d.kind) {
      case "struct":
        return this.struct(d, depth);
      case "enum":
        return fc.constantFrom(...d.values.map((v) => v.wire));
      case "newtype":
        return this.type(d.inner, depth + 1);
      case "alias":
        return this.type(d.target, depth + 1);
      case "union":
        return fc.oneof(...d.variants.map((v) => this.variant(d, v, depth)));
    }
  }

  private struct(d: StructDecl, depth: number): fc.Arbitrary<unknown> {
    return this.fields(d.fields, depth);
  }

  /** Values of one variant (for per-variant runs). */
  variantOf(family: string, union: string, variant: string): fc.Arbitrary<unknown> {
    const d = this.index.get(family, union);
    const v = d?.kind === "union" ? d.variants.find((x) => x.names.spec === variant) : undefined;
    if (!d || d.kind !== "union" || !v) throw new Error(`no variant ${family}.${union}::${variant}`);
    return this.variant(d, v, this.maxDepth);
  }

  /** `taken`: keys written next to the payload besides the tag (see `members`); internally tagged unions only. */
  private payload(u: UnionDecl, v: Variant, depth: number, taken: readonly string[]): fc.Arbitrary<unknown> | undefined {
    const merged = u.repr.kind === "internal" ? [...taken, u.repr.tag] : [];
    switch (v.shape.kind) {
      case "unit":
      case "lossless":
        return undefined;
      case "newtype":
        return this.members(v.shape.type, depth + 1, merged);
      case "struct":
        return this.fields(v.shape.fields, depth, merged);
    }
  }

  private variant(u: UnionDecl, v: Variant, depth: number, taken: readonly string[] = []): fc.Arbitrary<unknown> {
    const repr = u.repr;
    if (v.shape.kind === "lossless") {
      const known = new Set(u.variants.flatMap((x) => [x.wire, ...x.aliases]));
      const tag = fc.oneof(stringArb, fc.constantFrom("brand_new_event", "Started")).filter((t) => !known.has(t));
      const tagKey = repr.kind === "internal" || repr.kind === "adjacent" ? repr.tag : "";
      const not = new Set([...taken, tagKey]);
      const payload =
        repr.kind === "internal"
          ? fc.array(fc.tuple(keyArb.filter((k) => !not.has(k)), jsonArb(this.JsonFloat, 1)), { maxLength: 3 }).map(nullProto)
          : jsonArb(this.JsonFloat, 2);
      return fc.record({ tag, payload });
    }
    const payload = this.payload(u, v, depth, taken);
    switch (repr.kind) {
      case "internal":
        return payload === undefined
          ? fc.constant({ [repr.tag]: v.wire })
          : payload.map((p) => ({ [repr.tag]: v.wire, ...(p as Record<string, unknown>) }));
      case "adjacent":
        return payload === undefined ? fc.constant({ [repr.tag]: v.wire }) : payload.map((p) => ({ [repr.tag]: v.wire, [repr.content]: p }));
      case "external":
        return payload === undefined ? fc.constant(v.wire) : payload.map((p) => ({ [v.wire]: p }));
      case "untagged":
        return payload === undefined ? fc.constant(null) : payload;
    }
  }
}
