// What the generated writers call per field beside runtime.ts's encoders: kept small, so that a field's write is
// one short line and the engine inlines the call.

import { INT_NUMBER_RANGES, type IntKind } from "./numbers.js";
import { encodeInt } from "./runtime.js";

/** An integer of `kind` held as a number, as serde writes it; out of range, non-integral or not a number throws. */
export function writeInt(x: number, kind: IntKind): string {
  const range = INT_NUMBER_RANGES[kind];
  return Number.isSafeInteger(x) && x >= range[0] && x <= range[1] ? "" + x : encodeInt(x, kind);
}
