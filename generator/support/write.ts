// What the generated writers call per field beside runtime.ts's encoders: kept small, so that a field's write is
// one short line and the engine inlines the call.

import { encodeJsonValue, type JsonValue } from "./json-value.js";
import { INT_NUMBER_RANGES, type IntKind } from "./numbers.js";
import { normalizeTimestampForEncode, normalizeUuidForEncode } from "./primitives.js";
import { encodeInt, quote } from "./runtime.js";

/** An integer of `kind` held as a number, as serde writes it; out of range, non-integral or not a number throws. */
export function writeInt(x: number, kind: IntKind): string {
  const range = INT_NUMBER_RANGES[kind];
  return Number.isSafeInteger(x) && x >= range[0] && x <= range[1] ? "" + x : encodeInt(x, kind);
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
