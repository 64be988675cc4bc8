// What the generated writers call per field beside runtime.ts's encoders: kept small, so that a field's write is
// one short line and the engine inlines the call.

import { encodeJsonValue, type JsonValue } from "./json-value.js";
import { normalizeTimestampForEncode, normalizeUuidForEncode } from "./primitives.js";
import { encodeInt, quote } from "./runtime.js";

/**
 * An integer of each Rust kind held as a number, as serde writes it; out of range, non-integral or not a number is an
 * EncodeError. One function a kind with its bounds as constants, so every call site stays monomorphic (a shared
 * `writeInt(x, kind)` with a table lookup encoded the float-bearing bench event at 1.83× `JSON.stringify`, these at
 * 2.05×; micro-benchmark, 200k encodes).
 */
export function writeU8(x: number): string {
  return Number.isSafeInteger(x) && x >= 0 && x <= 255 ? "" + x : encodeInt(x, "u8");
}

export function writeU16(x: number): string {
  return Number.isSafeInteger(x) && x >= 0 && x <= 65535 ? "" + x : encodeInt(x, "u16");
}

export function writeU32(x: number): string {
  return Number.isSafeInteger(x) && x >= 0 && x <= 4294967295 ? "" + x : encodeInt(x, "u32");
}

export function writeU64(x: number): string {
  return Number.isSafeInteger(x) && x >= 0 ? "" + x : encodeInt(x, "u64");
}

export function writeUsize(x: number): string {
  return Number.isSafeInteger(x) && x >= 0 ? "" + x : encodeInt(x, "usize");
}

export function writeI8(x: number): string {
  return Number.isSafeInteger(x) && x >= -128 && x <= 127 ? "" + x : encodeInt(x, "i8");
}

export function writeI16(x: number): string {
  return Number.isSafeInteger(x) && x >= -32768 && x <= 32767 ? "" + x : encodeInt(x, "i16");
}

export function writeI32(x: number): string {
  return Number.isSafeInteger(x) && x >= -2147483648 && x <= 2147483647 ? "" + x : encodeInt(x, "i32");
}

export function writeI64(x: number): string {
  return Number.isSafeInteger(x) ? "" + x : encodeInt(x, "i64");
}

export function writeIsize(x: number): string {
  return Number.isSafeInteger(x) ? "" + x : encodeInt(x, "isize");
}

/** A json value as serde_json 1.0.147 and later writes it (`1e+16`). */
export function writeJson(v: JsonValue): string {
  return encodeJsonValue(v, true, "");
}

/** A json value as serde_json before 1.0.147 writes it (`1e16`: a family's `float_exponent: legacy`). */
export function writeJsonLegacy(v: JsonValue): string {
  return encodeJsonValue(v, false, "");
}

/** A timestamp in chrono's canonical RFC 3339 text; one chrono would not read is an EncodeError. */
export function writeTimestamp(s: string): string {
  return quote(normalizeTimestampForEncode(s));
}

/** A uuid in its canonical hyphenated lowercase text; one the uuid crate would not read is an EncodeError. */
export function writeUuid(s: string): string {
  return quote(normalizeUuidForEncode(s));
}
