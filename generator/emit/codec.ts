/**
 * `generated/<family>/codec.ts`: serde-exact codecs, specialized per type, plus a verbatim copy of the hand-written
 * support library (`generator/support/`) in `generated/_support/`.
 *
 * Per named type `T` the module exports (see README.md, "Codecs"):
 *   encodeT(value): string            serde_json::to_string
 *   decodeT(text): T                  JSON.parse + a specialized walk; the exact reader when the text needs it
 *   decodeTStrict(text): T            the exact reader always: agrees with serde on every input
 *   tryDecodeT(text): DecodeResult<T> decodeT without throwing
 *   fromJsonT(value): T               from an already-parsed JSON value (JSON.parse output or a JsonValue)
 *   toJsonT(value): JsonValue         the value as serde_json::Value would hold it
 *
 * The walkers (`d$T`) read a JSON tree, check every field inline (typeof, integer range, …) and build the typed value
 * in declaration order; errors are created only on failure and get their path while they travel up (`at`). The
 * writers (`e$T`) concatenate strings in serde's field order. Names with a `$` are internal (exported only so other
 * families' codecs can call them; not in the barrel).
 */
export { codecExports, emitCodec } from "./codec/module";
export { codecNames } from "./codec/naming";
export { SUPPORT_FILES, supportFiles } from "./codec/support-files";
