// Strings as serde_json writes them, and Rust's `{:?}` of a string for serde's `invalid type: string "…"` texts.

import { EncodeError } from "./errors.js";
import { escapeWithWasm, wellFormedWithWasm } from "./json-escape.js";
export { longStringWriter } from "./json-escape.js";

type WellFormedString = string & { isWellFormed(): boolean };

const nativeIsWellFormed: (s: string) => boolean =
  typeof (String.prototype as Partial<WellFormedString>).isWellFormed === "function"
    ? (s) => (s as WellFormedString).isWellFormed()
    : (s) => !/\p{Cs}/u.test(s);

/**
 * The length of `s` in UTF-8 bytes, a lone surrogate counting as U+FFFD (3 bytes), as Node's `Buffer.byteLength`
 * counts — written out so that the support code needs neither Node's Buffer nor the DOM's TextEncoder.
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: two units, four bytes
      i++;
    } else n += 2;
  }
  return n;
}

/**
 * From this length on the lone-surrogate check runs in WebAssembly (json-escape.wat, eight code units a step),
 * where String.prototype.isWellFormed takes ~0.37 ns a code unit on Node 20 (V8 11.3 checks one at a time).
 */
export const LONG_CHECK = 1024;

/** True when `s` holds no lone surrogate, i.e. Rust's `String` can hold it. */
export function isWellFormed(s: string): boolean {
  if (s.length >= LONG_CHECK) {
    const ok = wellFormedWithWasm(s);
    if (ok !== undefined) return ok;
  }
  return nativeIsWellFormed(s);
}

/**
 * Writes `s` as a JSON string exactly as serde_json escapes it: only `"`, `\` and C0 controls are escaped
 * (`\b \t \n \f \r`, the rest `\u00XX` in lowercase hex); everything else is raw. `JSON.stringify` writes exactly
 * that for well-formed strings; a lone surrogate, which no Rust `String` can hold, is an EncodeError.
 */
export function encodeString(s: string, path: string): string {
  if (s.length >= LONG_STRING) {
    const out = escapeWithWasm(s);
    if (out === null) throw loneSurrogate(path);
    if (out !== undefined) return out;
  }
  // Nothing to escape and no surrogate (the common case): JSON.stringify would write exactly this. The test is a
  // native scan (~0.6 ns a character) and the concatenation copies nothing, where JSON.stringify costs ~1.75 ns a
  // character and, for short strings, more per call.
  if (!NEEDS_ESCAPE_OUT.test(s)) return '"' + s + '"';
  if (!isWellFormed(s)) throw loneSurrogate(path);
  return JSON.stringify(s);
}

/**
 * From this length on a string goes to the WebAssembly escaper (json-escape.wat): ~2.5× faster than JSON.stringify
 * plus the surrogate check on 64 KB of text, ~1.5× at 128 characters; below ~64 its fixed cost (copying the
 * string in and out through a Buffer, ~100 ns) loses to the regex test above. Measured on Node 20.
 */
export const LONG_STRING = 96;

/** A character JSON.stringify would escape (`"`, `\`, C0 controls), or a surrogate (possibly lone). */
export const NEEDS_ESCAPE_OUT = /["\\\u0000-\u001f\ud800-\udfff]/;

/** The EncodeError for a string with a lone surrogate at `path`. */
export function loneSurrogate(path: string): EncodeError {
  return new EncodeError("string contains a lone surrogate, which a Rust String cannot hold", path);
}

const NEEDS_ESCAPE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"\\]/u;
const GRAPHEME_EXTEND = /\p{Grapheme_Extend}/u;

/**
 * Rust's `{:?}` of a string, as serde prints it in ``invalid type: string "…"``: quotes; `\t \r \n \\ \" \0`;
 * other non-printable characters and grapheme extenders as `\u{hex}`. Printability follows Unicode categories (controls, format, separators
 * other than space, unassigned, private use), an approximation of Rust's own table.
 */
export function rustDebugString(s: string): string {
  if (!NEEDS_ESCAPE.test(s) && !GRAPHEME_EXTEND.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\0") out += "\\0";
    else if (NEEDS_ESCAPE.test(ch) || GRAPHEME_EXTEND.test(ch)) out += `\\u{${cp.toString(16)}}`;
    else out += ch;
  }
  return out + '"';
}

/** serde's description of a string that was found where something else was expected: `string "x"`. */
export function unexpectedString(s: string): string {
  return "string " + rustDebugString(s);
}
