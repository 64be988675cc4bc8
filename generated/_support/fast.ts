// The fast decode path's guard: which texts JSON.parse may read differently from serde_json.

/**
 * Number tokens that JSON.parse cannot tell apart from integers: a float token with an exponent (`1e3`, `1.5e1`) or
 * an all-zero fraction (`3.0`, `-0.0`). Only numbers count (they follow `:`, `,` or `[`); inside a string the
 * pattern may match too, which costs a detour through the exact reader but never a wrong answer.
 * Also escaped surrogates (`\ud800`), which serde rejects when unpaired and JSON.parse accepts.
 */
const HAZARD = /[:,[]\s*-?\d+(?:\.0+(?![0-9])|(?:\.\d+)?[eE])|\\u[dD][89a-fA-F]/;

/**
 * True when JSON.parse's reading of `text` may differ from serde_json's in a way the fast path's walk cannot see
 * (integral float tokens, escaped surrogates). The fast path then decodes through the exact reader instead.
 * Big integers, `-0`, out-of-range floats and deep nesting are caught by the walk itself.
 */
export function textNeedsExactPath(text: string): boolean {
  return HAZARD.test(text);
}
