// Slow paths of the generated walkers: what serde says about a value of the wrong type, range errors, and the
// signal that sends the fast path to the exact reader.
//
// A walker reads either JSON.parse's output (fast path) or readJson's output (exact path). Both trees look alike;
// the exact one may also hold bigints (integers beyond ±2^53) and JsonFloats (integral float tokens), and never a
// number JSON.parse could have rounded. A fast-path walker that meets such a number throws NEEDS_EXACT_PATH.

import {
  customError,
  DecodeError,
  duplicateField,
  EncodeError,
  invalidLength,
  invalidType,
  invalidValue,
  missingField,
  unknownField,
  unknownVariant,
} from "./errors.js";
import {
  encodeJsonValue,
  JsonFloat,
  type JsonObject,
  type JsonValue,
  NeedsExactPath,
  sortedKeys,
} from "./json-value.js";
import { INT_RANGES, type IntKind, unexpectedFloat, unexpectedInteger } from "./numbers.js";
import { encodeString, rustDebugString, unexpectedString } from "./strings.js";
import { DUPLICATE_KEYS } from "./reader.js";
import { at, keySegment, keysInTextOrder, putEntry, shadowedOf, walkForeign } from "./runtime.js";
import { normalizeTimestamp, TimestampError } from "./timestamp.js";
import { normalizeUuid, UuidError } from "./uuid.js";

/** Thrown by a fast-path walker when only the exact reader can decide (a number beyond ±2^53, Infinity …). */
export const NEEDS_EXACT_PATH = new NeedsExactPath("value that JSON.parse may have rounded");

/** serde's description of a value found where something else was expected (`string "x"`, `map`, `null` …). */
export function unexpected(v: unknown): string {
  switch (typeof v) {
    case "string":
      return unexpectedString(v);
    case "number":
      if (Number.isSafeInteger(v) && !(v === 0 && 1 / v < 0)) return unexpectedInteger(v);
      // An integral number beyond 2^53 but within i64/u64 may have been an integer token that JSON.parse rounded.
      if (Number.isInteger(v) && v >= -9223372036854775808 && v <= 18446744073709551615) throw NEEDS_EXACT_PATH;
      return unexpectedFloat(v);
    case "bigint":
      return unexpectedInteger(v);
    case "boolean":
      return `boolean \`${v}\``;
    case "object":
      if (v === null) return "null";
      if (v instanceof JsonFloat) return unexpectedFloat(v.value);
      return Array.isArray(v) ? "sequence" : "map";
    default:
      return "unit value";
  }
}

/** Throws NEEDS_EXACT_PATH when the fast path met a number JSON.parse may have rounded or read as Infinity. */
export function checkExactNumber(v: unknown): void {
  if (typeof v === "number" && (Number.isInteger(v) ? !Number.isSafeInteger(v) : !Number.isFinite(v))) {
    throw NEEDS_EXACT_PATH;
  }
}

/** The end of the error refusing a 64-bit integer beyond ±2^53 without the bigint opt-in (serde reads the value). */
export const BIGINT_HINT = "set `bigint: true` on the field or in the spec's settings to decode it exactly";

/**
 * The error for a value that is not an integer of `kind` (the walker's inline check failed), or NEEDS_EXACT_PATH
 * when the fast path met a number JSON.parse may have rounded. Returned for the caller to throw.
 */
export function errInt(v: unknown, kind: IntKind, path = ""): DecodeError | NeedsExactPath {
  if (typeof v === "number" && (Number.isInteger(v) ? !Number.isSafeInteger(v) : !Number.isFinite(v))) {
    return NEEDS_EXACT_PATH;
  }
  if ((typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint") {
    const [lo, hi] = INT_RANGES[kind];
    const b = BigInt(v);
    if (b < lo || b > hi) return invalidValue(unexpectedInteger(v), kind, path);
    return new DecodeError(
      `invalid value: ${unexpectedInteger(v)}, expected ${kind} within JavaScript's safe integer range ` +
        `(±2^53 - 1); ${BIGINT_HINT}`,
      path,
      kind,
      unexpectedInteger(v),
    );
  }
  return invalidType(unexpected(v), kind, path);
}

/** Decodes an integer of `kind` into a bigint (fields that opted into `bigint`). */
export function decodeBigInt(v: unknown, kind: IntKind, path = ""): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) {
    const b = BigInt(v);
    const [lo, hi] = INT_RANGES[kind];
    if (b >= lo && b <= hi) return b;
  } else if (typeof v === "bigint") {
    const [lo, hi] = INT_RANGES[kind];
    if (v >= lo && v <= hi) return v;
  }
  checkExactNumber(v);
  if ((typeof v === "number" && Number.isInteger(v)) || typeof v === "bigint") {
    throw invalidValue(unexpectedInteger(v), kind, path);
  }
  throw invalidType(unexpected(v), kind, path);
}

/** Slow path of an f64 field: integers and integral floats are f64 values too; Infinity needs the exact reader. */
export function decodeF64Slow(v: unknown, path = ""): number {
  if (typeof v === "number") {
    checkExactNumber(v);
    return v;
  }
  if (v instanceof JsonFloat) return v.value;
  if (typeof v === "bigint") return Number(v);
  throw invalidType(unexpected(v), "f64", path);
}

/** An f32 field: any number, rounded to f32 (`1e39` becomes Infinity, as in serde). */
export function decodeF32(v: unknown, path = ""): number {
  if (typeof v === "number" && Number.isFinite(v)) return Math.fround(v);
  if (typeof v === "number") checkExactNumber(v);
  if (v instanceof JsonFloat) return Math.fround(v.value);
  if (typeof v === "bigint") return Math.fround(Number(v));
  throw invalidType(unexpected(v), "f32", path);
}

/**
 * serde's `invalid type` error for a value that is not what the decoder expected (`expected` is serde's phrase:
 * `a string`, `a boolean`, `struct Usage`, `a sequence`, `a map` …). Returned for the caller to throw.
 */
export function errType(v: unknown, expected: string, path = ""): DecodeError {
  return invalidType(unexpected(v), expected, path);
}

/**
 * The error of field `name` whose inline check failed (`expected`: serde's phrase, or an integer's kind, which
 * picks the range errors), located at the field. Returned for the caller to throw.
 */
export function fieldError(v: unknown, expected: string, name: string): unknown {
  const e = Object.prototype.hasOwnProperty.call(INT_RANGES, expected)
    ? errInt(v, expected as IntKind)
    : errType(v, expected);
  return at(e, keySegment(name));
}

/**
 * The slow path of a required field's inline check: absent, the first missing field's name so far (serde reports
 * it after every present field was checked); present, serde's error at the field.
 */
export function required(v: unknown, expected: string, name: string, missing: string | undefined): string | undefined {
  if (v === undefined) return missing ?? name;
  throw fieldError(v, expected, name);
}

/** The slow path of an Option field's inline check: absent or null is None; anything else is an error. */
export function nullable(v: unknown, expected: string, name: string): null {
  if (v === undefined || v === null) return null;
  throw fieldError(v, expected, name);
}

/** The slow path of a defaulted field's inline check: absent is the default; anything else is an error. */
export function orDefault<T>(v: unknown, expected: string, name: string, value: T): T {
  if (v === undefined) return value;
  throw fieldError(v, expected, name);
}

/** A timestamp field: its canonical text (UTC `Z`), or serde's error at `path`. */
export function decodeTimestamp(v: unknown, path = ""): string {
  if (typeof v !== "string") throw errType(v, "a formatted date and time string or a unix timestamp", path);
  try {
    return normalizeTimestamp(v);
  } catch (e) {
    throw at(timestampFailure(e), path);
  }
}

/** A uuid field: its canonical text (lowercase, hyphenated), or serde's error at `path`. */
export function decodeUuid(v: unknown, path = ""): string {
  if (typeof v !== "string") throw errType(v, "a UUID string", path);
  try {
    return normalizeUuid(v);
  } catch (e) {
    throw at(uuidFailure(e), path);
  }
}

/**
 * One field of a struct as the rare paths read it: its wire name, its walker, a function giving its default (when
 * it has one) and its aliases.
 */
export type FieldSpec = readonly [
  wire: string,
  walk: (v: unknown) => unknown,
  fallback?: (() => unknown) | undefined,
  ...aliases: string[],
];

/** A struct's fields (neither skipped nor flattened): serde's name of the struct (`struct Usage`), then each. */
export type StructFields = readonly [what: string, ...fields: FieldSpec[]];

/**
 * Strict path: raises serde's `duplicate field` for the first repeated key of `o` that names one of `desc`'s fields
 * (or the tag). A name and its alias both present also count as a repeat; `aliases: false` where serde matches wire
 * names only (a flattened struct without flatten of its own).
 */
export function checkRepeats(o: object, desc: StructFields, tag?: string, aliases = true): void {
  const repeated = (o as { [DUPLICATE_KEYS]?: string[] })[DUPLICATE_KEYS];
  if (repeated === undefined) return;
  for (const k of repeated) {
    if (k === tag) throw duplicateField(k, "");
    for (let i = 1; i < desc.length; i++) {
      const f = desc[i] as FieldSpec;
      if (f[0] === k || (aliases && f.indexOf(k, 3) >= 3)) throw duplicateField(f[0], "");
    }
  }
}

/**
 * A struct given as a JSON array of its fields in declaration order (serde's visit_seq), read by its descriptor.
 * `buffered`: inside serde's buffered content, where extra elements are counted (`invalid length`) rather than met
 * as serde_json's `trailing characters`. The TypeScript value of a struct is never an array: a value check refuses
 * the form.
 */
export function seqStruct(a: unknown[], desc: StructFields, buffered: boolean): object {
  const what = desc[0];
  if (checkingValue) throw errType(a, what);
  const n = desc.length - 1;
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const [wire, walk, fallback] = desc[i + 1] as FieldSpec;
    let x: unknown;
    if (i >= a.length) {
      if (fallback === undefined) throw invalidLength(i, `${what} with ${n} element${n === 1 ? "" : "s"}`, "");
      x = fallback();
    } else {
      try {
        x = walk(a[i]);
      } catch (e) {
        throw at(e, `[${i}]`);
      }
    }
    putEntry(out, wire, x);
  }
  if (a.length > n) {
    throw buffered
      ? invalidLength(a.length, `${n} element${n === 1 ? "" : "s"} in sequence`, "")
      : customError("trailing characters", "");
  }
  return out;
}

/**
 * A variant of an internally tagged union given as a JSON array: the key that names it, its form — the descriptor
 * of a struct variant's fields, the walker of a newtype variant's payload, null for a unit variant, or serde's name
 * of a struct variant that has no sequence form (its union has flatten) — and its wire name when the key is an alias.
 */
export type SeqVariant = readonly [
  key: string,
  form: StructFields | ((v: unknown) => unknown) | null | string,
  wire?: string,
];

/**
 * An internally tagged union given as a JSON array (serde reads `["tag", field…]`), read by the table of its
 * variants. `union`: its Rust name; `expected`: the wire names serde lists for an unknown tag.
 */
export function seqInternal(
  v: unknown[],
  union: string,
  tag: string,
  variants: readonly SeqVariant[],
  expected: readonly string[],
): object {
  // A TypeScript value is never the array form.
  if (checkingValue) throw errType(v, `internally tagged enum ${union}`);
  if (v.length === 0) throw missingField(tag, "");
  const t = v[0];
  if (typeof t !== "string") throw errType(t, "variant identifier");
  const a = v.slice(1);
  for (const [key, form, wire] of variants) {
    if (key !== t) continue;
    let payload: object;
    if (typeof form === "string") throw errType(a, form);
    if (form === null) {
      if (a.length > 0) throw invalidLength(a.length, "0 elements in sequence", "");
      payload = {};
    } else if (typeof form === "function") payload = form(a) as object;
    else payload = seqStruct(a, form, true);
    return { [tag]: wire ?? key, ...payload };
  }
  throw unknownVariant(t, expected, "");
}

/**
 * The tag of a union inside serde's buffered content, where a variant may also be named by its index: the name of
 * that variant; any other value unchanged.
 */
export function tagOfIndex(t: unknown, names: readonly string[]): unknown {
  if (typeof t !== "number" || !Number.isInteger(t) || t < 0) return t;
  if (t >= names.length) throw invalidValue(`integer \`${t}\``, `variant index 0 <= i < ${names.length}`, "");
  return names[t];
}

/** A chrono rejection as serde reports it (chrono's message, raised through serde's `custom`). */
export function timestampFailure(e: unknown): unknown {
  return e instanceof TimestampError ? new DecodeError(e.message, "") : e;
}

/** A uuid rejection as serde reports it: `UUID parsing failed: <uuid's message>`. */
export function uuidFailure(e: unknown): unknown {
  return e instanceof UuidError ? new DecodeError(`UUID parsing failed: ${e.message}`, "") : e;
}

/** A timestamp field's canonical text on encode; one chrono would not read is an EncodeError. */
export function normalizeTimestampForEncode(s: string): string {
  try {
    return normalizeTimestamp(s);
  } catch (e) {
    throw new EncodeError(`not a timestamp chrono reads: ${e instanceof Error ? e.message : String(e)}`, "");
  }
}

/** A uuid field's canonical text on encode; one the uuid crate would not read is an EncodeError. */
export function normalizeUuidForEncode(s: string): string {
  try {
    return normalizeUuid(s);
  } catch (e) {
    throw new EncodeError(`not a uuid: ${e instanceof Error ? e.message : String(e)}`, "");
  }
}

/**
 * The variant name and payload of an externally tagged value: a bare string (unit variant, no payload) or an object
 * whose first key names the variant. `mode` picks serde's wording: `direct` (serde_json reading the text: a map with
 * more keys is an error only after the first variant is read — the fourth element says so) or `content` (serde's
 * buffer, inside an internally tagged or untagged union or a flatten: exactly one key).
 */
export function externalVariant(v: unknown, mode: "direct" | "content"): [string, unknown, boolean, boolean] {
  if (typeof v === "string") return [v, undefined, false, false];
  if (typeof v === "object" && v !== null && !Array.isArray(v)) {
    let key: string | undefined;
    let n = 0;
    for (const k in v) {
      if (n === 0) key = k;
      if (++n > 1) break;
    }
    // The exact reader's integral float token (a JsonFloat object, its one key `value`) is no map.
    if (key === "value" && v instanceof JsonFloat) {
      if (mode === "content") throw invalidType(unexpected(v), "string or map", "");
      throw new DecodeError("expected value", "");
    }
    // A repeated key is a second entry for serde (readJson lists it; the object kept one).
    if ((v as { [DUPLICATE_KEYS]?: string[] })[DUPLICATE_KEYS] !== undefined) n = Math.max(n, 2);
    if (mode === "content" && n !== 1) throw invalidValue("map", "map with a single key", "");
    if (n === 0) throw new DecodeError("expected value", "");
    return [key!, (v as Record<string, unknown>)[key!], true, n > 1];
  }
  if (mode === "content") throw invalidType(unexpected(v), "string or map", "");
  throw new DecodeError("expected value", "");
}

/**
 * A unit enum given as a map (`{"in_progress":null}`, which serde accepts): its variant name, the payload (which the
 * caller checks is null after the name, as serde does) and whether more keys follow.
 */
export function unitVariantFromMap(v: unknown, mode: "direct" | "content"): [string, unknown, boolean] {
  if (checkingValue) throw invalidType(unexpected(v), "a string", "");
  const [k, p, , extra] = externalVariant(v, mode);
  return [k, p, extra];
}

/**
 * A unit enum given as a map (`{"in_progress":null}`): the variant `walk` (the enum's walker) makes of its name,
 * then serde's checks of the payload (null) and of more keys, in serde's order.
 */
export function unitVariantOf<T>(v: unknown, mode: "direct" | "content", walk: (name: string) => T): T {
  const [name, payload, extra] = unitVariantFromMap(v, mode);
  const r = walk(name);
  if (payload !== null) throw errType(payload, "unit");
  // serde_json reads the variant (and its unit payload) before it finds the map has more keys.
  if (extra) throw customError("expected value", "");
  return r;
}

/** Where an adjacently tagged union with deny_unknown_fields meets a key that is neither its tag nor its content. */
export interface StrayKey {
  readonly key: string;
  /** How many keys (tag or content) come before it. */
  readonly before: number;
  /** Whether the first key is the tag (serde then reads the tag's value before it meets the stray key). */
  readonly tagFirst: boolean;
}

/**
 * The first key of `o` that is neither `tag` nor `content`, in the order serde meets the keys; undefined when there
 * is none, or when serde meets a repeated tag or content first (its `duplicate field` comes first then).
 */
export function strayKey(o: object, tag: string, content: string): StrayKey | undefined {
  if (shadowedOf(o) === undefined) {
    let before = 0;
    let tagFirst = false;
    for (const k in o) {
      if (k !== tag && k !== content) return { key: k, before, tagFirst };
      if (before++ === 0) tagFirst = k === tag;
    }
    return undefined;
  }
  const keys = keysInTextOrder(o);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (k !== tag && k !== content) return { key: k, before: i, tagFirst: keys[0] === tag };
    if (keys.indexOf(k) < i) return undefined;
  }
  return undefined;
}

/** serde's error for a stray key in an adjacently tagged union with deny_unknown_fields. */
export function strayKeyError(key: string, tag: string, content: string): DecodeError {
  return invalidValue(unexpectedString(key), `${rustDebugString(tag)} or ${rustDebugString(content)}`, "");
}

/**
 * serde's `missing field` of a struct — unless the value is no map at all but the exact reader's integral float
 * token (a JsonFloat object): then serde's `invalid type` for `what`. On the error path only.
 */
export function missingFieldIn(v: unknown, name: string, what: string): DecodeError {
  return v instanceof JsonFloat ? errType(v, what) : missingField(name, "");
}

/** serde's `unknown field` of a struct with deny_unknown_fields (or `invalid type`, as missingFieldIn). */
export function unknownFieldIn(v: unknown, key: string, expected: readonly string[], what: string): DecodeError {
  return v instanceof JsonFloat ? errType(v, what) : unknownField(key, expected, "");
}

/** Members (`,"k":v…`, keys in serde_json's order) of a lossless arm's payload, without `skip` (the tag). */
export function encodeJsonMembers(payload: JsonValue, skip: string, plusExponent: boolean): string {
  if (typeof payload !== "object" || payload === null || Array.isArray(payload) || payload instanceof JsonFloat) {
    throw new EncodeError("the payload of an unknown event must be a JSON object", "");
  }
  let out = "";
  for (const k of sortedKeys(payload)) {
    if (k === skip) continue;
    const x = (payload as JsonObject)[k];
    if (x === undefined) continue;
    out += "," + encodeString(k, "") + ":" + encodeJsonValue(x, plusExponent, "");
  }
  return out;
}

/** True while `accepts` runs: walkers then take only the forms serde writes (the forms of TypeScript values). */
let checkingValue = false;

/**
 * Whether the walker running is checking a TypeScript value rather than decoding input: the other forms serde
 * reads (a struct as an array of its fields, an enum as a map …) are then refused. Asked on those rare paths only.
 */
export function checkingTsValue(): boolean {
  return checkingValue;
}

/**
 * Whether a TypeScript value belongs to the type a walker decodes (an untagged union's encoder picks the first
 * variant whose type does): the walker accepts it in the form serde writes — `[2]` is a list, not a struct given
 * as the array of its fields.
 */
export function accepts(walk: (v: unknown) => unknown, v: unknown): boolean {
  const outer = checkingValue;
  checkingValue = true;
  try {
    walkForeign(walk, v);
    return true;
  } catch {
    return false;
  } finally {
    checkingValue = outer;
  }
}
