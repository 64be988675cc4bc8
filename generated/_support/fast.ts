// The fast decode path's guard: which texts JSON.parse may read differently from serde_json.

/**
 * Number tokens that JSON.parse cannot tell apart from integers: a float token with an exponent (`1e3`, `1.5e1`) or
 * an all-zero fraction (`3.0`, `-0.0`). Only numbers count (they follow `:`, `,` or `[`); inside a string the
 * pattern may match too, which costs a detour through the exact reader but never a wrong answer.
 * Also escaped surrogates (`\ud800`), which serde rejects when unpaired and JSON.parse accepts.
 */
const INTEGRAL_FLOAT = /[:,[]\s*-?\d+(?:\.0+(?![0-9])|(?:\.\d+)?[eE])/;
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

/**
 * True when `text` may hold an escaped surrogate (`\ud800`), which JSON.parse accepts unpaired and serde rejects.
 * Cheap: serde_json never writes such escapes, so the regex runs only when the text has a `\u` at all.
 */
export function textHasSurrogateEscape(text: string): boolean {
  return text.indexOf("\\u") >= 0 && SURROGATE_ESCAPE.test(text);
}

/**
 * True when `text` may hold an integral float token (`1.0`, `1e3`, `-0.0`), which JSON.parse reads as an integer.
 * The fast path asks only after the walk put an integral number into a json value (where `1.0` must stay a
 * JsonFloat to re-encode as serde writes it).
 */
export function textHasIntegralFloat(text: string): boolean {
  return INTEGRAL_FLOAT.test(text);
}
