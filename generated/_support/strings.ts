// Strings as serde_json writes them, and Rust's `{:?}` of a string for serde's `invalid type: string "…"` texts.

import { EncodeError } from "./errors";
import { JSON_ESCAPE_WASM } from "./json-escape-wasm";

type WellFormedString = string & { isWellFormed(): boolean };

/** True when `s` holds no lone surrogate, i.e. Rust's `String` can hold it. */
export const isWellFormed: (s: string) => boolean =
  typeof (String.prototype as Partial<WellFormedString>).isWellFormed === "function"
    ? (s) => (s as WellFormedString).isWellFormed()
    : (s) => !/\p{Cs}/u.test(s);

/**
 * Writes `s` as a JSON string exactly as serde_json escapes it: only `"`, `\` and C0 controls are escaped
 * (`\b \t \n \f \r`, the rest `\u00XX` in lowercase hex); everything else is raw. `JSON.stringify` writes exactly
 * that for well-formed strings; a lone surrogate, which no Rust `String` can hold, is an EncodeError.
 */
export function encodeString(s: string, path: string): string {
  if (s.length >= LONG_STRING) {
    const out = escapeLong(s);
    if (out === LONE) throw loneSurrogate(path);
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

/** Code units per escaper call: 64 KB of input at byte 0, its worst-case output (6 units each) after it. */
const CHUNK = 16384;
const OUT = 2 * CHUNK;
const LONE = "";

interface Escaper {
  escape(n: number, out: number): number;
  memory: Buffer;
}

/** The instantiated escaper; null where WebAssembly (with SIMD) or Buffer is missing, undefined until first use. */
let escaper: Escaper | null | undefined;

/** The part of the WebAssembly API used here, declared locally: the generated code compiles without lib "dom". */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

function loadEscaper(): Escaper | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined || typeof Buffer !== "function") return null;
    const { exports } = new wasm.Instance(new wasm.Module(Buffer.from(JSON_ESCAPE_WASM, "base64")));
    const escape = exports.escape as Escaper["escape"];
    const memory = exports.memory as { buffer: ArrayBuffer };
    // The memory never grows (8 pages fit the largest chunk), so this view never detaches.
    return { escape, memory: Buffer.from(memory.buffer) };
  } catch {
    // No SIMD (or no WebAssembly at all): JSON.stringify writes the same text, only slower.
    return null;
  }
}

/** Which writer long strings get here: "wasm", or "JSON.stringify" where the escaper cannot load. */
export function longStringWriter(): "wasm" | "JSON.stringify" {
  if (escaper === undefined) escaper = loadEscaper();
  return escaper === null ? "JSON.stringify" : "wasm";
}

/**
 * `s` written by the escaper, in chunks of up to CHUNK code units (never splitting a surrogate pair); LONE when a
 * surrogate is lone; undefined when the escaper is unavailable.
 */
function escapeLong(s: string): string | undefined {
  const e = escaper === undefined ? (escaper = loadEscaper()) : escaper;
  if (e === null) return undefined;
  const n = s.length;
  if (n <= CHUNK) {
    e.memory.write(s, 0, "utf16le");
    const units = e.escape(n, OUT);
    if (units < 0) return LONE;
    // Nothing escaped: the input is the output, and concatenating copies nothing.
    return units === n + 2 ? '"' + s + '"' : e.memory.toString("utf16le", OUT, OUT + 2 * units);
  }
  let out = '"';
  for (let start = 0; start < n;) {
    let end = Math.min(n, start + CHUNK);
    const last = s.charCodeAt(end - 1);
    if (end < n && last >= 0xd800 && last < 0xdc00) end--;
    const piece = s.slice(start, end);
    e.memory.write(piece, 0, "utf16le");
    const units = e.escape(end - start, OUT);
    if (units < 0) return LONE;
    out += units === end - start + 2 ? piece : e.memory.toString("utf16le", OUT + 2, OUT + 2 * units - 2);
    start = end;
  }
  return out + '"';
}

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
