// serde_json::Value in TypeScript: JsonValue, JsonFloat, exact encoding with UTF-8 key order.

import { EncodeError } from "./errors.js";
import { formatF64, I64_MIN, U64_MAX } from "./numbers.js";
import { encodeString, NEEDS_ESCAPE_OUT } from "./strings.js";

/**
 * A float of `serde_json::Value` whose value is integral (`1.0`, `-0.0`, `1e300`): kept apart from integers so it
 * re-encodes as serde writes it (`1.0`, not `1`). Non-integral floats are plain numbers.
 */
/** The brand of a JsonFloat, in the global symbol registry so that another copy of the class carries it too. */
const JSON_FLOAT: unique symbol = Symbol.for("eventspec.JsonFloat") as never;

export class JsonFloat {
  /** The float's value. */
  readonly value: number;

  /** Wraps a float value. */
  constructor(value: number) {
    this.value = value;
  }

  /** The value, so that `+f`, `f + 1` and comparisons use it. */
  valueOf(): number {
    return this.value;
  }

  /** Marks JsonFloats of every copy of this library (two bundles, two generated folders) as one kind. */
  get [JSON_FLOAT]() {
    return true;
  }
}

/** A JSON object of `serde_json::Value`: null-prototype, so `__proto__` and `constructor` are plain keys. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * `serde_json::Value`: integers as `number` (safe range) or `bigint` (beyond it), non-integral floats as `number`,
 * integral floats as JsonFloat, objects null-prototype.
 */
export type JsonValue = null | boolean | number | bigint | string | JsonFloat | JsonValue[] | JsonObject;

const HAS_SURROGATE = /[\ud800-\udfff]/;

/** Compares two strings by UTF-8 bytes (= code points), the order of serde_json's default map (a BTreeMap). */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      // A surrogate (part of an astral code point) sorts above every BMP unit; elsewhere UTF-16 order holds.
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? (y >= 0xe000 ? 1 : x - y) : x >= 0xe000 ? -1 : x - y;
      return x - y;
    }
  }
  return a.length - b.length;
}

/** The keys of `o` in serde_json's order (UTF-8 bytes). */
export function sortedKeys(o: object): string[] {
  const keys = Object.keys(o);
  if (keys.length < 2) return keys;
  if (!inCodeUnitOrder(keys)) keys.sort();
  for (let i = 0; i < keys.length; i++) {
    if (HAS_SURROGATE.test(keys[i]!)) return keys.sort(compareUtf8);
  }
  return keys;
}

/** Writes a number of a JsonValue: integral safe values as integers, others as serde writes an f64. */
function encodeNumber(n: number, plusExponent: boolean): string {
  if (Number.isSafeInteger(n)) return n === 0 ? (1 / n < 0 ? "-0.0" : "0") : "" + n;
  if (Number.isInteger(n) && n >= -9223372036854775808 && n <= 18446744073709551615) {
    // An integral double beyond 2^53 that an i64/u64 holds exactly: its exact digits.
    const b = BigInt(n);
    if (b <= U64_MAX && b >= I64_MIN) return b.toString();
  }
  return formatF64(n, plusExponent);
}

/**
 * Writes a JsonValue exactly as serde_json writes the `Value`: object keys sorted by UTF-8 bytes, integers as
 * digits, floats in serde's layout (`plusExponent` selects `1e+16` over `1e16`), NaN/±Infinity as `null`.
 * Throws EncodeError for what a `Value` cannot hold (a lone surrogate, an integer beyond i64/u64, a non-JSON value).
 */
export function encodeJsonValue(v: JsonValue, plusExponent: boolean, path = "$"): string {
  // A container whose every part JSON.stringify writes as serde_json does goes to it (native, several times faster
  // than the walk below). Its output is checked for surrogates: a lone one (escaped by JSON.stringify) is an error,
  // and an astral character in a key may need code point order; in values both write astral characters raw.
  if (typeof v === "object" && v !== null && writtenAlike(v, 0)) {
    const out = JSON.stringify(v);
    if (!SURROGATE_OR_ESCAPE.test(out) || (!LONE_SURROGATE_ESCAPE.test(out) && !keysHoldSurrogate(v))) return out;
  }
  try {
    return encodeValue(v, plusExponent);
  } catch (e) {
    if (e instanceof EncodeError) e.path = path + e.path;
    throw e;
  }
}

/** A raw surrogate (astral characters are written raw) or JSON.stringify's escape of a lone one (`\udc00`). */
const SURROGATE_OR_ESCAPE = /[\ud800-\udfff]|\\u[dD][89a-fA-F]/;
const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/** Whether a key anywhere in `v` (a value writtenAlike accepted) holds a surrogate. */
function keysHoldSurrogate(v: object): boolean {
  if (Array.isArray(v)) return v.some((x) => typeof x === "object" && x !== null && keysHoldSurrogate(x));
  for (const k in v) {
    const x = (v as Record<string, unknown>)[k];
    if (HAS_SURROGATE.test(k) || (typeof x === "object" && x !== null && keysHoldSurrogate(x))) return true;
  }
  return false;
}

/**
 * Whether JSON.stringify writes `v` exactly as serde_json writes the Value, surrogates aside (see encodeJsonValue):
 * plain or null-prototype objects with keys in code unit order, arrays without holes, strings, booleans, null, safe
 * integers other than -0, and non-integral floats from 1e-5 up (where JavaScript's decimal layout is serde's).
 * Not JsonFloat, bigint, -0, other numbers, other objects (a Date has toJSON) or anything nested deeper than 64.
 */
function writtenAlike(v: object, depth: number): boolean {
  if (depth > 64) return false;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !partWrittenAlike(v[i], depth)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto !== null && proto !== Object.prototype) return false;
  const keys = Object.keys(v);
  if (!inCodeUnitOrder(keys)) return false;
  for (let i = 0; i < keys.length; i++) {
    const x = (v as Record<string, unknown>)[keys[i]!];
    if (x !== undefined && !partWrittenAlike(x, depth)) return false;
  }
  return true;
}

function partWrittenAlike(x: unknown, depth: number): boolean {
  switch (typeof x) {
    case "string":
    case "boolean":
      return true;
    case "number":
      if (Number.isSafeInteger(x)) return !(x === 0 && 1 / x < 0);
      return !Number.isInteger(x) && x - x === 0 && (x >= 1e-5 || x <= -1e-5);
    case "object":
      return x === null || writtenAlike(x, depth + 1);
    default:
      return false;
  }
}

/**
 * Deeper than this, a json value is refused (serde_json reads back at most 128 levels; a cyclic value reaches it
 * too, instead of exhausting the stack).
 */
const MAX_ENCODE_DEPTH = 1000;

function encodeValue(v: JsonValue, plusExponent: boolean, depth = 0): string {
  if (depth > MAX_ENCODE_DEPTH)
    throw new EncodeError(`json value nested deeper than ${MAX_ENCODE_DEPTH} levels, or cyclic`, "");
  switch (typeof v) {
    case "string":
      return encodeString(v, "");
    case "number":
      return encodeNumber(v, plusExponent);
    case "boolean":
      return v ? "true" : "false";
    case "bigint":
      if (v > U64_MAX || v < I64_MIN) {
        throw new EncodeError(`integer ${v} does not fit a serde_json number (i64 or u64)`, "");
      }
      return v.toString();
    case "object": {
      if (v === null) return "null";
      if (v instanceof JsonFloat || (v as { [JSON_FLOAT]?: unknown })[JSON_FLOAT] === true) {
        const f = v as JsonFloat;
        if (typeof f.value !== "number" || !Number.isFinite(f.value)) {
          throw new EncodeError(
            `a JsonFloat holds ${typeof f.value === "number" ? f.value : typeof f.value}, not a finite number`,
            "",
          );
        }
        return formatF64(f.value, plusExponent);
      }
      if (Array.isArray(v)) {
        const n = v.length;
        if (n === 0) return "[]";
        let i = 0;
        try {
          let out = "[" + encodeValue(v[0]!, plusExponent, depth + 1);
          for (i = 1; i < n; i++) out += "," + encodeValue(v[i]!, plusExponent, depth + 1);
          return out + "]";
        } catch (e) {
          if (e instanceof EncodeError) e.path = "[" + i + "]" + e.path;
          throw e;
        }
      }
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== null && proto !== Object.prototype) {
        // A Date, Map, Set or class instance has no JSON form of serde_json's Value (JSON.stringify writes `{}`).
        const name = (v as { constructor?: { name?: unknown } }).constructor?.name;
        throw new EncodeError(
          `${typeof name === "string" && name !== "" ? name : "an object with a prototype"} is not a JSON value`,
          "",
        );
      }
      return encodeObject(v as JsonObject, plusExponent, depth);
    }
    default:
      throw new EncodeError(`${typeof v} is not a JSON value`, "");
  }
}

/**
 * A JsonObject with keys in serde_json's order. UTF-16 order (a plain sort, or none: objects decoded from serde's
 * text arrive sorted) is that order unless a key holds a surrogate; such a key fails the escape test anyway, so
 * only then is the order checked again by code points.
 */
function encodeObject(o: JsonObject, plusExponent: boolean, depth: number): string {
  const keys = Object.keys(o);
  if (keys.length > 1 && !inCodeUnitOrder(keys)) keys.sort();
  return (
    writeMembers(o, keys, plusExponent, keys.length < 2, depth) ??
    writeMembers(o, keys.sort(compareUtf8), plusExponent, true, depth)!
  );
}

function inCodeUnitOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

/** `{…}` with the members in the order of `keys`; undefined when a key holds a surrogate and the order is not final. */
function writeMembers(
  o: JsonObject,
  keys: readonly string[],
  plusExponent: boolean,
  final: boolean,
  depth: number,
): string | undefined {
  let out = "{";
  let k = "";
  try {
    for (let i = 0; i < keys.length; i++) {
      k = keys[i]!;
      const item = o[k]!;
      if (item === undefined) continue;
      let key: string;
      if (!NEEDS_ESCAPE_OUT.test(k)) key = '"' + k + '"';
      else if (!final && HAS_SURROGATE.test(k)) return undefined;
      else key = encodeString(k, "");
      out += (out.length === 1 ? "" : ",") + key + ":" + encodeValue(item, plusExponent, depth + 1);
    }
  } catch (e) {
    // serde meets the members in code point order: with a surrogate key, the first error is the one met in that order.
    if (!final && keys.some((key) => HAS_SURROGATE.test(key))) return undefined;
    if (e instanceof EncodeError)
      e.path = (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? "." + k : `[${JSON.stringify(k)}]`) + e.path;
    throw e;
  }
  return out + "}";
}

/** encodeJsonValue with serde_json ≥ 1.0.147's float layout (`1e+16`). */
export function encodeJsonValuePlus(v: JsonValue, path = "$"): string {
  return encodeJsonValue(v, true, path);
}

/** encodeJsonValue with serde_json < 1.0.147's float layout (`1e16`). */
export function encodeJsonValueLegacy(v: JsonValue, path = "$"): string {
  return encodeJsonValue(v, false, path);
}

/** Thrown by the fast decode path when JSON.parse's output may differ from serde's reading of the text. */
export class NeedsExactPath {
  /** Why the fast path gave up (for debugging and tests). */
  readonly reason: string;

  /** Records why the exact path is needed. */
  constructor(reason: string) {
    this.reason = reason;
  }
}

/** Fast path: a value JSON.parse made turned into a JsonValue; throws NeedsExactPath where only the text knows. */
export function jsonFromParsed(v: unknown, depth = 0): JsonValue {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      // Beyond 2^53 the text may hold an exact integer that JSON.parse rounded; Infinity was an out-of-range float.
      if (Number.isSafeInteger(v) ? v === 0 && 1 / v < 0 : Number.isInteger(v) || !Number.isFinite(v)) {
        throw new NeedsExactPath("number");
      }
      return v;
    case "object": {
      if (v === null) return null;
      if (depth > 100) throw new NeedsExactPath("depth");
      if (Array.isArray(v)) {
        const out: JsonValue[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = jsonFromParsed(v[i], depth + 1);
        return out;
      }
      const out: JsonObject = Object.create(null);
      for (const k in v) out[k] = jsonFromParsed((v as Record<string, unknown>)[k], depth + 1);
      return out;
    }
    default:
      throw new NeedsExactPath("value");
  }
}

/**
 * Exact path: a tree made by `readJson` (plain objects, numbers already classified) turned into a JsonValue with
 * null-prototype objects.
 */
export function jsonFromExact(v: unknown): JsonValue {
  if (typeof v !== "object" || v === null || v instanceof JsonFloat) return v as JsonValue;
  if (Array.isArray(v)) {
    const out: JsonValue[] = new Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = jsonFromExact(v[i]);
    return out;
  }
  const out: JsonObject = Object.create(null);
  for (const k of Object.keys(v)) out[k] = jsonFromExact((v as Record<string, unknown>)[k]);
  return out;
}
