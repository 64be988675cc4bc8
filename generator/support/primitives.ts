// Slow paths of the generated walkers: what serde says about a value of the wrong type, range errors, and the
// signal that sends the fast path to the exact reader.
//
// A walker reads either JSON.parse's output (fast path) or readJson's output (exact path). Both trees look alike;
// the exact one may also hold bigints (integers beyond ±2^53) and JsonFloats (integral float tokens), and never a
// number JSON.parse could have rounded. A fast-path walker that meets such a number throws NEEDS_EXACT_PATH.

import { DecodeError, invalidType, invalidValue } from "./errors";
import { JsonFloat, NeedsExactPath } from "./json-value";
import { INT_RANGES, IntKind, unexpectedFloat, unexpectedInteger } from "./numbers";
import { unexpectedString } from "./strings";

/** Thrown by a fast-path walker when only the exact reader can decide (a number beyond ±2^53, Infinity …). */
export const NEEDS_EXACT_PATH = new NeedsExactPath("value that JSON.parse may have rounded");

/** serde's description of a value found where something else was expected (`string "x"`, `map`, `null` …). */
export function unexpected(v: unknown): string {
  switch (typeof v) {
    case "string":
      return unexpectedString(v);
    case "number":
      return Number.isInteger(v) && !(v === 0 && 1 / v < 0) ? unexpectedInteger(v) : unexpectedFloat(v);
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
        `(±2^53 - 1); set \`bigint: true\` on the field or in the spec's settings to decode it exactly`,
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
