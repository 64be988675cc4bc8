// The fast decode path's guard: which texts JSON.parse may read differently from serde_json.

/**
 * Number tokens that JSON.parse cannot tell apart from integers: an all-zero fraction (`3.0`, `-0.0`) or an exponent
 * (`1e3`, `1.5e1`), each ending where a JSON number ends (`,` `}` `]` whitespace or the end). Inside a string the
 * pattern may match too (`"v1.0 "`), which costs a detour through the exact reader but never a wrong answer; hex
 * digits in ids (`7f3a9c2e-41b8`) do not match, since the exponent must end the token.
 */
const ZERO_FRACTION = /\.0+(?:[,}\]\s]|$)/;
const EXPONENT = /[0-9][eE][+-]?[0-9]+(?:[,}\]\s]|$)/;

/**
 * True when `text` may hold an integral float token (`1.0`, `1e3`, `-0.0`), which JSON.parse reads as an integer.
 * The fast path asks only after the walk put an integral number into a json value (where `1.0` must stay a
 * JsonFloat to re-encode as serde writes it).
 */
export function textHasIntegralFloat(text: string): boolean {
  // Two patterns, not one alternation: the fraction's is asked only when indexOf (a native search, ~10× faster than
  // the regex's scan) finds ".0", which saves ~15 % of the scan on texts without one.
  return (text.indexOf(".0") >= 0 && ZERO_FRACTION.test(text)) || EXPONENT.test(text) || hasLongFraction(text);
}

/**
 * A fraction that a double may round away: 16 or more digits after the point (`1.00000000000000001`, `0.000…0001`
 * far below the smallest double), or 16 or more before it and any after (`4503599627370496.5`), where the parsed
 * value may be integral although the token is a float. A scan from each `.` (a regex that starts at every digit
 * cost ~0.4 µs on a 600-byte event, this ~0.07 µs).
 */
function hasLongFraction(text: string): boolean {
  for (let i = text.indexOf("."); i >= 0; i = text.indexOf(".", i + 1)) {
    let after = 0;
    while (after < 16 && isDigit(text.charCodeAt(i + 1 + after))) after++;
    if (after === 16) return true;
    if (after === 0) continue;
    let before = 0;
    while (before < 16 && isDigit(text.charCodeAt(i - 1 - before))) before++;
    if (before === 16) return true;
  }
  return false;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
