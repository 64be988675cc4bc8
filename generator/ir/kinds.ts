/**
 * One table of the spec language's built-in kinds: for each primitive (`string`, `bool`, every integer, `f32`, `f64`,
 * `json`, `timestamp`, `uuid`) and each container (`option`, `list`, `map`) what every target makes of it — the TS
 * type, the Rust type, the JSON Schema, serde's `Default`, the integer range, serde's "expected" phrase and the
 * `skip_serializing_if` forms that apply. Emitters read these records instead of restating them in their own
 * `switch`, so they cannot disagree; the records are `Record<…>`s over the kind names, so adding a kind does not
 * compile until it has a full record.
 */
import type { IntName, SkipIf, TypeRef } from "./types";

/** The primitive type names a spec may write (each integer is its own name). */
export type PrimitiveKindName = "string" | "bool" | IntName | "f32" | "f64" | "json" | "timestamp" | "uuid";

/** The generic (container) kinds with a built-in meaning; `box` is its inner type everywhere and has no record. */
export type ContainerKindName = "option" | "list" | "map";

/**
 * External Rust names the Rust texts of this table use, written short (the Rust emitter imports them, or writes them
 * fully qualified where a declaration shadows one).
 */
export const RUST_SYMBOLS = ["DateTime", "Utc", "Uuid", "Value", "BTreeMap"] as const;
export type RustSymbol = (typeof RUST_SYMBOLS)[number];

/** serde's `Default` of a kind, as each target writes it. */
export interface KindDefault {
  /** A TS expression of the decoded value (what decoders fill in; the accessors read the same). */
  readonly ts: string;
  /** The same as JSON (the JSON Schema `default` annotation; the text serde writes for it). */
  readonly json: null | boolean | number | string | readonly never[] | Readonly<Record<string, never>>;
  /** The Rust expression `Default::default()` evaluates to. */
  readonly rust: string;
  /** What the value is, in words. */
  readonly meaning: string;
}

/** A function of the support library (`generator/support/<module>.ts`). */
export interface SupportFn {
  readonly fn: string;
  readonly module: string;
}

export interface KindInfo {
  /** The TS type of the decoded value. */
  readonly ts: string;
  /** The TS type when the field opted into bigint (64-bit and size integers only). */
  readonly tsBigint?: string;
  /** The Rust type (external names short: `RUST_SYMBOLS`). */
  readonly rust: string;
  /** The Rust type is `Copy` / `Eq + Hash` (derives and accessor return types depend on it). */
  readonly rustCopy: boolean;
  readonly rustEqHash: boolean;
  /**
   * The JSON Schema: a JSON `type` (integers add their range), `any` (the empty schema), or a shared definition in
   * `$defs`.
   */
  readonly jsonSchema: { readonly type: "string" | "boolean" | "integer" | "number" } | "any" | { readonly definition: "timestamp" | "uuid" };
  readonly default: KindDefault;
  /** The default under a bigint opt-in. */
  readonly defaultBigint?: KindDefault;
  /** Integers: the Rust type's range. */
  readonly range?: { readonly min: bigint; readonly max: bigint };
  /** serde's "expected …" phrase for a value of the wrong JSON type. */
  readonly expecting: string;
  /** What a literal default in the spec must be (`any`: every JSON value). */
  readonly literal: "string" | "boolean" | "integer" | "number" | "any";
  /** The `skip_serializing_if` forms that apply to a field of this kind. */
  readonly skipIf: readonly SkipIf[];
  /**
   * The function serde's `skip_serializing_if` names for that form, where one exists (integers get a generated
   * `is_zero_<int>`). Each takes a type alias of the kind too, being the same Rust type.
   */
  readonly rustSkipPath?: string;
  /**
   * Support functions the codecs call beyond inline checks: decode (a parsed JSON value → the TS value, or a decode
   * error) and encode (the TS value → JSON text). Integers that fit a JS number are checked inline.
   */
  readonly decode?: SupportFn;
  readonly encode?: SupportFn;
}

const EPOCH = "1970-01-01T00:00:00Z";
const NIL_UUID = "00000000-0000-0000-0000-000000000000";

const ZERO: KindDefault = { ts: "0", json: 0, rust: "0", meaning: "zero" };
// Not `0n`: generated code compiles down to target ES2016, where bigint literals are an error.
const ZERO_BIGINT: KindDefault = { ...ZERO, ts: "BigInt(0)" };
const FLOAT_ZERO: KindDefault = { ts: "0", json: 0, rust: "0.0", meaning: "zero" };

function int(name: IntName, min: bigint, max: bigint): KindInfo {
  const wide = min < BigInt(Number.MIN_SAFE_INTEGER) || max > BigInt(Number.MAX_SAFE_INTEGER);
  return {
    ts: "number",
    ...(wide ? { tsBigint: "bigint", defaultBigint: ZERO_BIGINT } : {}),
    rust: name,
    rustCopy: true,
    rustEqHash: true,
    jsonSchema: { type: "integer" },
    default: ZERO,
    range: { min, max },
    expecting: name,
    literal: "integer",
    skipIf: ["zero"],
    ...(wide ? { decode: { fn: "decodeBigInt", module: "primitives" }, encode: { fn: "encodeBigInt", module: "runtime" } } : {}),
  };
}

const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;
const I64_MAX = 9223372036854775807n;

/** Every primitive kind, by the name a spec writes. */
export const PRIMITIVE_KINDS: Readonly<Record<PrimitiveKindName, KindInfo>> = {
  string: {
    ts: "string",
    rust: "String",
    rustCopy: false,
    rustEqHash: true,
    jsonSchema: { type: "string" },
    default: { ts: '""', json: "", rust: "String::new()", meaning: "the empty string" },
    expecting: "a string",
    literal: "string",
    skipIf: ["empty"],
    rustSkipPath: "String::is_empty",
    encode: { fn: "quote", module: "runtime" },
  },
  bool: {
    ts: "boolean",
    rust: "bool",
    rustCopy: true,
    rustEqHash: true,
    jsonSchema: { type: "boolean" },
    default: { ts: "false", json: false, rust: "false", meaning: "false" },
    expecting: "a boolean",
    literal: "boolean",
    skipIf: ["false"],
    rustSkipPath: "std::ops::Not::not",
  },
  u8: int("u8", 0n, 255n),
  u16: int("u16", 0n, 65535n),
  u32: int("u32", 0n, 4294967295n),
  u64: int("u64", 0n, U64_MAX),
  usize: int("usize", 0n, U64_MAX),
  i8: int("i8", -128n, 127n),
  i16: int("i16", -32768n, 32767n),
  i32: int("i32", -2147483648n, 2147483647n),
  i64: int("i64", I64_MIN, I64_MAX),
  isize: int("isize", I64_MIN, I64_MAX),
  f32: {
    ts: "number",
    rust: "f32",
    rustCopy: true,
    rustEqHash: false,
    jsonSchema: { type: "number" },
    default: FLOAT_ZERO,
    expecting: "f32",
    literal: "number",
    skipIf: [],
    decode: { fn: "decodeF32", module: "primitives" },
    encode: { fn: "encodeF32", module: "runtime" },
  },
  f64: {
    ts: "number",
    rust: "f64",
    rustCopy: true,
    rustEqHash: false,
    jsonSchema: { type: "number" },
    default: FLOAT_ZERO,
    expecting: "f64",
    literal: "number",
    skipIf: [],
    decode: { fn: "decodeF64Slow", module: "primitives" },
    encode: { fn: "encodeF64", module: "runtime" },
  },
  json: {
    ts: "JsonValue",
    rust: "Value",
    rustCopy: false,
    rustEqHash: false,
    jsonSchema: "any",
    default: { ts: "null", json: null, rust: "Value::Null", meaning: "JSON null" },
    expecting: "any valid JSON value",
    literal: "any",
    skipIf: ["null"],
    rustSkipPath: "Value::is_null",
    decode: { fn: "toJsonValue", module: "runtime" },
    encode: { fn: "encodeJsonValue", module: "json-value" },
  },
  timestamp: {
    ts: "string",
    rust: "DateTime<Utc>",
    rustCopy: true,
    rustEqHash: true,
    jsonSchema: { definition: "timestamp" },
    default: { ts: JSON.stringify(EPOCH), json: EPOCH, rust: "DateTime::<Utc>::default()", meaning: "the Unix epoch (chrono's Default)" },
    expecting: "a formatted date and time string or a unix timestamp",
    literal: "string",
    skipIf: [],
    decode: { fn: "normalizeTimestamp", module: "timestamp" },
    encode: { fn: "normalizeTimestampForEncode", module: "primitives" },
  },
  uuid: {
    ts: "string",
    rust: "Uuid",
    rustCopy: true,
    rustEqHash: true,
    jsonSchema: { definition: "uuid" },
    default: { ts: JSON.stringify(NIL_UUID), json: NIL_UUID, rust: "Uuid::nil()", meaning: "the nil uuid" },
    expecting: "a UUID string",
    literal: "string",
    skipIf: [],
    decode: { fn: "normalizeUuid", module: "uuid" },
    encode: { fn: "normalizeUuidForEncode", module: "primitives" },
  },
};

/** What the containers mean where a table is enough (their element types are the emitters' business). */
export interface ContainerInfo {
  readonly default: KindDefault;
  readonly expecting: string;
  readonly skipIf: readonly SkipIf[];
  /** The function serde's `skip_serializing_if` names for this kind's form (it takes a type alias of the kind too). */
  readonly rustSkipPath: string;
}

export const CONTAINER_KINDS: Readonly<Record<ContainerKindName, ContainerInfo>> = {
  option: {
    default: { ts: "null", json: null, rust: "None", meaning: "None (null)" },
    expecting: "option",
    skipIf: ["none"],
    rustSkipPath: "Option::is_none",
  },
  list: {
    default: { ts: "[]", json: [], rust: "Vec::new()", meaning: "the empty list" },
    expecting: "a sequence",
    skipIf: ["empty"],
    rustSkipPath: "Vec::is_empty",
  },
  map: {
    // Decoded maps are null-prototype objects (a `__proto__` key is data), the default one too.
    default: { ts: "Object.create(null)", json: {}, rust: "BTreeMap::new()", meaning: "the empty map" },
    expecting: "a map",
    skipIf: ["empty"],
    rustSkipPath: "BTreeMap::is_empty",
  },
};

/** The primitive kind behind each table value type (`int`: Rust's `i64`, a JS number in TS). */
export const TABLE_VALUE_KINDS: Readonly<Record<"bool" | "string" | "int", PrimitiveKindName>> = {
  bool: "bool",
  string: "string",
  int: "i64",
};

/** The type expressions of a primitive kind. */
export type PrimitiveType = Extract<TypeRef, { readonly kind: "string" | "bool" | "int" | "float" | "json" | "timestamp" | "uuid" }>;

/** Whether `t` is a primitive (then the rest of a `switch (t.kind)` handles containers and named types only). */
export function isPrimitive(t: TypeRef): t is PrimitiveType {
  return primitiveName(t) !== undefined;
}

/** The primitive kind name of a type, or undefined for containers and named types. */
export function primitiveName(t: TypeRef): PrimitiveKindName | undefined {
  switch (t.kind) {
    case "string":
    case "bool":
    case "json":
    case "timestamp":
    case "uuid":
      return t.kind;
    case "int":
    case "float":
      return t.name;
    case "option":
    case "list":
    case "map":
    case "box":
    case "named":
      return undefined;
    default:
      return unreachable(t);
  }
}

/** The record of a primitive type, or undefined for containers and named types. */
export function primitiveKind(t: PrimitiveType): KindInfo;
export function primitiveKind(t: TypeRef): KindInfo | undefined;
export function primitiveKind(t: TypeRef): KindInfo | undefined {
  const name = primitiveName(t);
  return name === undefined ? undefined : PRIMITIVE_KINDS[name];
}

/** The primitive kind a spec's type name denotes (an own-property lookup: `toString` is no kind). */
export function primitiveByName(name: string): PrimitiveKindName | undefined {
  return PRIMITIVE_BY_NAME.get(name);
}

const PRIMITIVE_BY_NAME: ReadonlyMap<string, PrimitiveKindName> = new Map(
  (Object.keys(PRIMITIVE_KINDS) as PrimitiveKindName[]).map((n) => [n, n]),
);

/** The TS type text of a primitive type (bigint-aware). */
export function primitiveTs(t: PrimitiveType): string {
  const k = primitiveKind(t);
  return t.kind === "int" && t.bigint ? (k.tsBigint ?? k.ts) : k.ts;
}

/** 64-bit and size integers: the ones that can exceed JavaScript's safe integer range (and may opt into bigint). */
export function isWideInt(name: IntName): boolean {
  return PRIMITIVE_KINDS[name].tsBigint !== undefined;
}

/** serde's Default of a primitive type (bigint-aware). */
export function primitiveDefault(t: PrimitiveType): KindDefault {
  const k = primitiveKind(t);
  return t.kind === "int" && t.bigint ? (k.defaultBigint ?? k.default) : k.default;
}

/** The `skip_serializing_if` forms that apply to a type's own kind (a named type: none; resolve aliases first). */
export function skipForms(t: TypeRef): readonly SkipIf[] {
  const k = primitiveKind(t);
  if (k !== undefined) return k.skipIf;
  return t.kind === "option" || t.kind === "list" || t.kind === "map" ? CONTAINER_KINDS[t.kind].skipIf : [];
}

/**
 * The bounds a non-bigint integer decodes within: the type's range clipped to JavaScript's safe integers (a wider
 * value is an error that says how to opt into bigint). Decimal text, as the codecs print them.
 */
export function numberBounds(name: IntName): { readonly lo: string; readonly hi: string } {
  const { min, max } = PRIMITIVE_KINDS[name].range!;
  const safe = BigInt(Number.MAX_SAFE_INTEGER);
  return { lo: String(min < -safe ? -safe : min), hi: String(max > safe ? safe : max) };
}

/** Ends a `switch` that handles every member of a union: adding a member fails to compile until it is handled. */
export function unreachable(x: never): never {
  throw new Error(`unhandled kind: ${JSON.stringify(x)}`);
}
