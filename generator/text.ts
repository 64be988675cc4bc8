/**
 * Spec text in generated source and in messages. Docs, deprecation notes, wire names, values and file names come
 * from a spec, which is untrusted input: they reach a comment or a string literal only through the functions here,
 * so no text can end a comment or a literal early, start a new line where a reader or compiler would not expect one,
 * or hide what the code says from a reviewer (bidi controls, invisible characters).
 */

/** Every line terminator some target recognises: CRLF, CR, LF, NEL (U+0085), LS (U+2028) and PS (U+2029). */
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/g;

/**
 * A code point a reviewer cannot see or a compiler treats specially, written as an escape wherever spec text is
 * printed: C0 controls but tab and newline, DEL and the C1 controls, line/paragraph separators, bidi controls
 * (Trojan Source; rustc rejects them raw), zero-width and other invisible format characters, the byte order mark,
 * tag characters, and lone surrogates (which no UTF-8 file can hold).
 */
export function isHiddenCodePoint(c: number): boolean {
  return (
    (c < 0x20 && c !== 0x09 && c !== 0x0a) ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x061c ||
    c === 0x180e ||
    (c >= 0x200b && c <= 0x200f) ||
    (c >= 0x2028 && c <= 0x202e) ||
    (c >= 0x2060 && c <= 0x206f) ||
    (c >= 0xd800 && c <= 0xdfff) ||
    c === 0xfeff ||
    (c >= 0xfff9 && c <= 0xfffb) ||
    (c >= 0xe0000 && c <= 0xe007f)
  );
}

/** `\u{202E}`: how a hidden code point is shown in a comment (the same notation as a JS or Rust escape). */
function visibleEscape(c: number): string {
  return `\\u{${c.toString(16).toUpperCase()}}`;
}

/** Replaces every hidden code point (lone surrogates included) with its `\u{…}` notation. */
function showHidden(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    out += isHiddenCodePoint(c) ? visibleEscape(c) : ch;
  }
  return out;
}

/**
 * Spec text for a documentation comment, as lines: every line terminator ends a line, trailing whitespace is dropped,
 * hidden characters are shown as `\u{…}`. Enough for a line comment (Rust's `///`, `//!`); a block comment also needs
 * `jsDocLines`.
 */
export function docLines(text: string): string[] {
  return text.split(LINE_BREAK).map((line) => showHidden(line.replace(/\s+$/, "")));
}

/** `docLines` for a block comment (JSDoc): a star-slash in the text, which would close it, is written `*\/`. */
export function jsDocLines(text: string): string[] {
  return docLines(text).map((line) => line.replace(/\*\//g, "*\\/"));
}

/** Text for one line of output (a message): every line terminator and hidden character is shown as `\u{…}`. */
export function oneLine(text: string): string {
  return showHidden(text.replace(/\n/g, "\\u{A}"));
}

/** Spec text for one comment line (a file name in a header): `oneLine`, and no star-slash to close a comment. */
export function commentLine(text: string): string {
  return oneLine(text).replace(/\*\//g, "*\\/");
}

/**
 * A TypeScript string literal. JSON's escaping (quotes, backslashes, C0 controls, lone surrogates) plus `\u…`
 * escapes for what JSON leaves raw: DEL and C1 controls, U+2028/U+2029, bidi controls and invisible characters.
 *
 * A final backslash is written `\u005c`: ts-morph's writer takes the quote after `\\` for an escaped one, believes
 * the string goes on, and then reads a later `/*` as a comment it "closes" with a `*\/` of its own.
 */
export function tsString(s: string): string {
  let out = "";
  for (const ch of JSON.stringify(s)) {
    const c = ch.codePointAt(0)!;
    if (!isHiddenCodePoint(c)) out += ch;
    else out += c > 0xffff ? `\\u{${c.toString(16)}}` : `\\u${c.toString(16).padStart(4, "0")}`;
  }
  return out.endsWith('\\\\"') ? `${out.slice(0, -3)}\\u005c"` : out;
}

/**
 * A Rust string literal (`"…"`): escapes `\`, `"`, newline, carriage return, tab, NUL, and every hidden character as
 * `\u{…}`. A lone surrogate has no Rust form: the loader rejects it (a spec error), so reaching here is a bug.
 */
export function rustString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c === 0) out += "\\0";
    else if (c >= 0xd800 && c <= 0xdfff) throw new Error(`eventspec: a lone surrogate (U+${c.toString(16)}) reached the Rust emitter`);
    else if (isHiddenCodePoint(c)) out += `\\u{${c.toString(16)}}`;
    else out += ch;
  }
  return `${out}"`;
}
