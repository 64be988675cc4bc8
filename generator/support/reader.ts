// The exact JSON reader: serde_json 1.0.87's grammar, its error texts, integer tokens kept apart from float tokens.

import { DecodeError } from "./errors.js";
import { JsonFloat } from "./json-value.js";
import { I64_MIN, U64_MAX } from "./numbers.js";
import { isWellFormed, utf8Length } from "./strings.js";

/**
 * Symbol under which `readJson` records, on an object, the keys that occurred more than once (in order of their
 * repeated occurrences). The object itself keeps the last value, as `serde_json::Value` does; struct decoders use
 * the list to raise serde's `duplicate field` error.
 */
export const DUPLICATE_KEYS: unique symbol = Symbol("eventspec.duplicateKeys");

/**
 * Non-enumerable property of an object with repeated keys: for each repeating entry, in text order, its key, the
 * value it replaced and its index among the object's entries in text order — a flat list `[key, value, index …]`.
 * serde decodes every occurrence of a map's key (the last one wins), so a map decoder checks these values too; the
 * indices give the order in which serde meets the keys.
 */
export const SHADOWED_VALUES: unique symbol = Symbol("eventspec.shadowedValues");

/** serde_json's limit: at most 127 nested arrays/objects; the 128th is `recursion limit exceeded`. */
const MAX_DEPTH = 127;

const SPECIAL_IN_STRING = /["\\\u0000-\u001f]/g;
const CONTROL = /[\u0000-\u001f]/;
const MAX_SAFE_DIGITS = 15;
/** u64::MAX has 20 digits: a longer integer token (JSON has no leading zeros) is beyond i64/u64, an f64 for serde. */
const MAX_EXACT_DIGITS = 20;
/** serde_json stops reading an exponent when its value would pass i32::MAX. */
const I32_MAX = 2147483647;

/** Position of offset `pos` in serde_json's terms: 1-based line, column in UTF-8 bytes of that line. */
function position(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  const column = utf8Length(text.slice(start, Math.min(pos, text.length)));
  return { line, column };
}

/** A position in a JSON text, and how deep in it: what the careful reader and the checker share. */
class Cursor {
  readonly text: string;
  pos = 0;
  depth = 0;

  constructor(text: string) {
    this.text = text;
  }

  skipWhitespace(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
  }
}

class Reader extends Cursor {
  /**
   * Offset of the first backslash at or after the last place one was looked for (`text.length` when there is none).
   * Each string asks for the first backslash ahead of it: searched afresh only once the reader has passed this one,
   * the searches cover the text once in all, where a search per string would rescan the rest of the text each time.
   */
  private backslash = -1;

  fail(message: string, at: number = this.pos): never {
    const { line, column } = position(this.text, at);
    throw new DecodeError(message, "$", "", "", line, column);
  }

  value(): unknown {
    const c = this.skipWhitespace();
    switch (c) {
      case 34: // "
        this.pos++;
        return this.string();
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 116: // t
        this.ident("true");
        return true;
      case 102: // f
        this.ident("false");
        return false;
      case 110: // n
        this.ident("null");
        return null;
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        if (c !== c) this.fail("EOF while parsing a value");
        this.fail("expected value", this.pos + 1);
    }
  }

  ident(word: string): void {
    const text = this.text;
    const start = this.pos;
    for (let i = 1; i < word.length; i++) {
      const c = text.charCodeAt(start + i);
      if (c !== c) this.fail("EOF while parsing a value", start + i);
      if (c !== word.charCodeAt(i)) this.fail("expected ident", start + i + 1);
    }
    this.pos = start + word.length;
  }

  number(): unknown {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    if (c === 45) c = text.charCodeAt(++pos);
    if (c === 48) {
      c = text.charCodeAt(++pos);
      if (c >= 48 && c <= 57) this.fail("invalid number", pos + 1);
    } else if (c >= 49 && c <= 57) {
      do c = text.charCodeAt(++pos);
      while (c >= 48 && c <= 57);
    } else {
      this.fail(c !== c ? "EOF while parsing a value" : "invalid number", pos + 1);
    }
    let isFloat = false;
    if (c === 46) {
      isFloat = true;
      c = text.charCodeAt(++pos);
      if (!(c >= 48 && c <= 57)) this.fail(c !== c ? "EOF while parsing a value" : "invalid number", pos + 1);
      do c = text.charCodeAt(++pos);
      while (c >= 48 && c <= 57);
    }
    const mantissaEnd = pos;
    if (c === 101 || c === 69) {
      isFloat = true;
      c = text.charCodeAt(++pos);
      const positiveExponent = c !== 45;
      if (c === 43 || c === 45) c = text.charCodeAt(++pos);
      if (!(c >= 48 && c <= 57)) this.fail(c !== c ? "EOF while parsing a value" : "invalid number", pos + 1);
      // serde_json stops at the digit that takes the exponent past i32::MAX: with a positive exponent and a mantissa
      // that is not all zeros, "number out of range" right after that digit; otherwise it reads on and gets ±0.
      let exponent = 0;
      do {
        if (exponent <= I32_MAX) {
          exponent = exponent * 10 + (c - 48);
          if (exponent > I32_MAX && positiveExponent && nonZeroDigit(text, start, mantissaEnd))
            this.fail("number out of range", pos + 1);
        }
        c = text.charCodeAt(++pos);
      } while (c >= 48 && c <= 57);
    }
    this.pos = pos;
    const token = text.slice(start, pos);
    if (!isFloat) {
      const negative = text.charCodeAt(start) === 45;
      if (pos - start - (negative ? 1 : 0) <= MAX_SAFE_DIGITS) {
        const n = +token;
        // `-0` is a float token for serde_json (it becomes -0.0).
        return n === 0 && negative ? new JsonFloat(-0) : n;
      }
      const exact = exactInteger(token, negative);
      if (exact !== undefined) return exact;
      // Beyond i64/u64 serde_json reads the integer as an f64.
    }
    const f = +token;
    if (f === Infinity || f === -Infinity) this.fail("number out of range", pos);
    return Number.isInteger(f) ? new JsonFloat(f) : f;
  }

  string(): string {
    const text = this.text;
    const start = this.pos;
    let end = text.indexOf('"', start);
    if (end < 0) return this.escapedString(start);
    if (this.backslash < start) {
      const next = text.indexOf("\\", start);
      this.backslash = next < 0 ? text.length : next;
    }
    if (this.backslash > end) {
      const segment = text.slice(start, end);
      if (CONTROL.test(segment) || !isWellFormed(segment)) return this.escapedString(start);
      this.pos = end + 1;
      return segment;
    }
    // Escapes: find the closing quote (one not escaped), then let JSON.parse unescape the segment natively, after
    // ruling out what it would read differently from serde (escaped surrogates, control characters).
    for (;;) {
      let n = 0;
      while (text.charCodeAt(end - 1 - n) === 92) n++;
      if (n % 2 === 0) break;
      end = text.indexOf('"', end + 1);
      if (end < 0) return this.escapedString(start);
    }
    // JSON.parse rejects raw control characters and bad escapes as serde does (the careful path then words the
    // error); it accepts an escaped lone surrogate, which serde rejects: the text is well-formed, so a lone surrogate
    // in the result can only come from an escape.
    let value: string;
    try {
      value = JSON.parse(text.slice(start - 1, end + 1)) as string;
    } catch {
      return this.escapedString(start);
    }
    if (!isWellFormed(value)) return this.escapedString(start);
    this.pos = end + 1;
    return value;
  }

  escapedString(start: number): string {
    const text = this.text;
    let out = "";
    let from = start;
    const special = SPECIAL_IN_STRING;
    for (;;) {
      special.lastIndex = from;
      const m = special.exec(text);
      if (m === null) this.fail("EOF while parsing a string", text.length);
      const at = m.index;
      const c = text.charCodeAt(at);
      out += text.slice(from, at);
      if (c === 34) {
        // A raw lone surrogate (no UTF-8 text holds one): what serde_json says of invalid UTF-8.
        if (!isWellFormed(out)) this.fail("invalid unicode code point", at);
        this.pos = at + 1;
        return out;
      }
      if (c !== 92) this.fail("control character (\\u0000-\\u001F) found while parsing a string", at + 1);
      const e = text.charCodeAt(at + 1);
      from = at + 2;
      switch (e) {
        case 34:
          out += '"';
          break;
        case 92:
          out += "\\";
          break;
        case 47:
          out += "/";
          break;
        case 98:
          out += "\b";
          break;
        case 102:
          out += "\f";
          break;
        case 110:
          out += "\n";
          break;
        case 114:
          out += "\r";
          break;
        case 116:
          out += "\t";
          break;
        case 117: {
          const n = this.hex4(at + 2);
          from = at + 6;
          if (n >= 0xdc00 && n <= 0xdfff) this.fail("lone leading surrogate in hex escape", from);
          if (n >= 0xd800 && n <= 0xdbff) {
            if (from >= text.length) this.fail("EOF while parsing a string", text.length);
            if (text.charCodeAt(from) !== 92) this.fail("unexpected end of hex escape", from + 1);
            if (from + 1 >= text.length) this.fail("EOF while parsing a string", text.length);
            if (text.charCodeAt(from + 1) !== 117) this.fail("unexpected end of hex escape", from + 2);
            const n2 = this.hex4(from + 2);
            from += 6;
            if (n2 < 0xdc00 || n2 > 0xdfff) this.fail("lone leading surrogate in hex escape", from);
            out += String.fromCharCode(n, n2);
          } else {
            out += String.fromCharCode(n);
          }
          break;
        }
        default:
          if (e !== e) this.fail("EOF while parsing a string", text.length);
          this.fail("invalid escape", at + 2);
      }
    }
  }

  hex4(at: number): number {
    const text = this.text;
    let n = 0;
    for (let i = 0; i < 4; i++) {
      const c = text.charCodeAt(at + i);
      let d: number;
      if (c >= 48 && c <= 57) d = c - 48;
      else if (c >= 97 && c <= 102) d = c - 87;
      else if (c >= 65 && c <= 70) d = c - 55;
      else if (c !== c) this.fail("EOF while parsing a string", text.length);
      else this.fail("invalid escape", at + i + 1);
      n = n * 16 + d;
    }
    return n;
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail("recursion limit exceeded", this.pos + 1);
    this.pos++;
  }

  array(): unknown[] {
    this.enter();
    const out: unknown[] = [];
    let c = this.skipWhitespace();
    if (c === 93) {
      this.pos++;
      this.depth--;
      return out;
    }
    if (c !== c) this.fail("EOF while parsing a list");
    for (;;) {
      out.push(this.value());
      c = this.skipWhitespace();
      if (c === 44) {
        this.pos++;
        c = this.skipWhitespace();
        if (c === 93) this.fail("trailing comma", this.pos + 1);
        continue;
      }
      if (c === 93) {
        this.pos++;
        this.depth--;
        return out;
      }
      this.fail(c !== c ? "EOF while parsing a list" : "expected `,` or `]`", this.pos + 1);
    }
  }

  object(): Record<string, unknown> {
    this.enter();
    const out: Record<string, unknown> = {};
    const text = this.text;
    let c = this.skipWhitespace();
    if (c === 125) {
      this.pos++;
      this.depth--;
      return out;
    }
    let duplicates: string[] | undefined;
    let shadowed: unknown[] | undefined;
    let entries = 0;
    if (c !== c) this.fail("EOF while parsing an object");
    for (;;) {
      if (c !== 34) this.fail(c !== c ? "EOF while parsing a value" : "key must be a string", this.pos + 1);
      this.pos++;
      const key = this.string();
      c = this.skipWhitespace();
      if (c !== 58) this.fail(c !== c ? "EOF while parsing an object" : "expected `:`", this.pos + 1);
      this.pos++;
      const v = this.value();
      if (out[key] !== undefined && Object.prototype.hasOwnProperty.call(out, key)) {
        (duplicates ??= []).push(key);
        (shadowed ??= []).push(key, out[key], entries);
      }
      entries++;
      if (key === "__proto__")
        Object.defineProperty(out, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = v;
      c = this.skipWhitespace();
      if (c === 44) {
        this.pos++;
        c = this.skipWhitespace();
        if (c === 125) this.fail("trailing comma", this.pos + 1);
        continue;
      }
      if (c === 125) {
        this.pos++;
        this.depth--;
        if (duplicates !== undefined) {
          Object.defineProperty(out, DUPLICATE_KEYS, {
            value: duplicates,
            enumerable: false,
          });
          Object.defineProperty(out, SHADOWED_VALUES, {
            value: shadowed,
            enumerable: false,
          });
        }
        return out;
      }
      this.fail(
        c !== c ? "EOF while parsing an object" : "expected `,` or `}`",
        text.length > this.pos ? this.pos + 1 : this.pos,
      );
    }
  }
}

/**
 * Reads JSON text exactly as serde_json does, or throws a DecodeError with serde_json's message (`trailing
 * characters`, `invalid number`, `recursion limit exceeded`, `lone leading surrogate in hex escape` …) and position.
 *
 * The result is a tree of plain arrays and objects (a `__proto__` key is an own property; repeated keys keep the
 * last value and are listed under DUPLICATE_KEYS). Integer tokens are numbers, or bigints beyond ±2^53 (up to
 * u64::MAX / i64::MIN; beyond, serde reads a float); float tokens are numbers, or JsonFloat when integral (`1.0`,
 * `1e3`, `-0`). Floats are rounded correctly (serde_json's `float_roundtrip` behaviour).
 *
 * How: JSON.parse reads the text natively, then a scan of the text checks and completes its tree in place (see
 * Checker); whatever that scan cannot settle (a repeated key, a lone surrogate, a number out of range, nesting
 * deeper than serde's limit, or text JSON.parse rejects) is read again by the careful reader, which words the error.
 */
export function readJson(text: string): unknown {
  let tree: unknown;
  try {
    tree = JSON.parse(text);
  } catch {
    return readCarefully(text);
  }
  try {
    return new Checker(text).value(tree);
  } catch {
    // CAREFUL, or anything else the scan tripped on: the careful reader has the last word.
    return readCarefully(text);
  }
}

/** readJson without the JSON.parse-led fast path: the careful reader alone (same results; for tests and comparison). */
export function readJsonCarefully(text: string): unknown {
  return readCarefully(text);
}

function readCarefully(text: string): unknown {
  // Lone surrogates (raw or escaped) are caught string by string; outside strings any such character is a syntax
  // error anyway.
  const reader = new Reader(text);
  const value = reader.value();
  const c = reader.skipWhitespace();
  if (c === c) reader.fail("trailing characters", reader.pos + 1);
  return value;
}

/** Thrown inside Checker for what only the careful reader settles. */
const CAREFUL: unique symbol = Symbol("eventspec.readCarefully");

/**
 * Walks text that JSON.parse accepted in step with JSON.parse's tree, token by token, and makes the tree what the
 * careful reader builds: integer tokens beyond ±2^53 become exact (bigint), integral float tokens JsonFloat, `-0`
 * JsonFloat(-0). It never copies a string: the tree already holds each one, so only its end is looked for — from
 * `start + value.length` on, since escapes only make the text longer than the value — which skips all the escaped
 * quotes of a long text. Anything else (see readJson) throws CAREFUL.
 */
class Checker extends Cursor {
  /**
   * Whether each string must be checked for lone surrogates. Not when a short text is well formed and has no `\u`
   * escape: one check of the text then covers all its strings (cheaper than a call per string). A long text is
   * checked string by string, where the check costs what it would on the text and a `\u` search would be extra.
   */
  readonly checkStrings: boolean;

  constructor(text: string) {
    super(text);
    this.checkStrings = !(text.length <= 4096 && text.indexOf("\\u") < 0 && isWellFormed(text));
  }

  /** The token at `pos` is the one JSON.parse read as `v`; returns what the careful reader makes of it. */
  value(v: unknown): unknown {
    // The type checks cost little and keep a slip of the scan from ever passing silently.
    switch (this.skipWhitespace()) {
      case 34:
        // A lone surrogate, raw or escaped, is serde's error (JSON.parse keeps it).
        if (typeof v !== "string" || (this.checkStrings && !isWellFormed(v))) throw CAREFUL;
        this.pos = this.stringEnd(this.pos + 1, v.length) + 1;
        return v;
      case 123:
        if (typeof v !== "object" || v === null || Array.isArray(v)) throw CAREFUL;
        return this.object(v as Record<string, unknown>);
      case 91:
        if (!Array.isArray(v)) throw CAREFUL;
        return this.array(v);
      case 116:
      case 110:
        this.pos += 4;
        return v;
      case 102:
        this.pos += 5;
        return v;
      default:
        if (typeof v !== "number") throw CAREFUL;
        return this.number(v);
    }
  }

  /** Offset of the closing quote of the string whose contents start at `start` and decode to `length` units. */
  stringEnd(start: number, length: number): number {
    const text = this.text;
    let end = text.indexOf('"', start + length);
    for (;;) {
      if (end < 0) throw CAREFUL;
      let n = 0;
      while (text.charCodeAt(end - 1 - n) === 92) n++;
      if (n % 2 === 0) return end;
      end = text.indexOf('"', end + 1);
    }
  }

  /**
   * Whether the key token whose contents start at `start` is exactly `key`, written without escapes. A loop, as keys
   * are short: String.prototype.startsWith costs ~25 ns a call.
   */
  rawKeyIs(key: string, start: number): boolean {
    const text = this.text;
    const n = key.length;
    if (text.charCodeAt(start + n) !== 34) return false;
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c !== text.charCodeAt(start + i) || c === 92) return false;
    }
    return true;
  }

  enter(): void {
    if (++this.depth > MAX_DEPTH) throw CAREFUL;
    this.pos++;
  }

  object(o: Record<string, unknown>): Record<string, unknown> {
    this.enter();
    let c = this.skipWhitespace();
    if (c === 125) {
      this.pos++;
      this.depth--;
      return o;
    }
    // JSON.parse's keys are in the text's order (first occurrences) unless a key looks like an array index (those
    // come first). While every key token is the next of them, written without escapes, no key has repeated (a
    // repeat would name an earlier one); from the first that is not, keys are read from the text and remembered.
    const text = this.text;
    const keys = Object.keys(o);
    const values = Object.values(o);
    let seen: Set<string> | undefined;
    let entries = 0;
    for (; ; entries++) {
      const start = this.pos + 1;
      const guess = keys[entries];
      let key: string;
      let v: unknown;
      if (seen === undefined && guess !== undefined && this.rawKeyIs(guess, start)) {
        key = guess;
        v = values[entries];
        this.pos = start + guess.length + 1;
      } else {
        seen ??= new Set(keys.slice(0, entries));
        const end = this.stringEnd(start, 0);
        key = JSON.parse(text.slice(start - 1, end + 1)) as string;
        if (seen.has(key) || !Object.prototype.hasOwnProperty.call(o, key)) throw CAREFUL;
        seen.add(key);
        v = o[key];
        this.pos = end + 1;
      }
      // A lone surrogate in a key (raw, or escaped) is serde's error.
      if (this.checkStrings && !isWellFormed(key)) throw CAREFUL;
      // Whitespace is rare (serde writes none): look for the `:` first.
      if (text.charCodeAt(this.pos) !== 58) this.skipWhitespace();
      this.pos++;
      const w = this.value(v);
      if (w !== v) Object.defineProperty(o, key, { value: w, enumerable: true, writable: true, configurable: true });
      c = text.charCodeAt(this.pos);
      if (c !== 44 && c !== 125) c = this.skipWhitespace();
      this.pos++;
      if (c === 125) break;
      if (text.charCodeAt(this.pos) !== 34) this.skipWhitespace();
    }
    if (entries + 1 !== keys.length) throw CAREFUL;
    this.depth--;
    return o;
  }

  array(a: unknown[]): unknown[] {
    this.enter();
    let c = this.skipWhitespace();
    if (c === 93) {
      this.pos++;
    } else {
      for (let i = 0; ; i++) {
        const v = a[i];
        const w = this.value(v);
        if (w !== v) a[i] = w;
        c = this.skipWhitespace();
        this.pos++;
        if (c === 93) break;
      }
    }
    this.depth--;
    return a;
  }

  number(x: number): unknown {
    const text = this.text;
    const start = this.pos;
    let pos = start;
    let c = text.charCodeAt(pos);
    const negative = c === 45;
    if (negative) c = text.charCodeAt(++pos);
    while (c >= 48 && c <= 57) c = text.charCodeAt(++pos);
    const digits = pos - start - (negative ? 1 : 0);
    let isFloat = false;
    while (c === 46 || c === 101 || c === 69 || c === 43 || c === 45 || (c >= 48 && c <= 57)) {
      isFloat = true;
      c = text.charCodeAt(++pos);
    }
    this.pos = pos;
    if (!isFloat) {
      if (digits <= MAX_SAFE_DIGITS) return x === 0 && negative ? new JsonFloat(-0) : x;
      const exact = exactInteger(text.slice(start, pos), negative);
      if (exact !== undefined) return exact;
    }
    if (x === Infinity || x === -Infinity) throw CAREFUL;
    return Number.isInteger(x) ? new JsonFloat(x) : x;
  }
}

/** Whether text[from, to) holds a digit other than 0. */
function nonZeroDigit(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 49 && c <= 57) return true;
  }
  return false;
}

/**
 * An integer token of more than 15 digits as serde_json reads it: exact within i64/u64, else undefined (an f64).
 * A token longer than any i64/u64 is not given to BigInt, whose parse grows faster than the token (a million digits
 * took ~400 ms).
 */
function exactInteger(token: string, negative: boolean): number | bigint | undefined {
  if (token.length - (negative ? 1 : 0) > MAX_EXACT_DIGITS) return undefined;
  const b = BigInt(token);
  if (negative ? b >= I64_MIN : b <= U64_MAX) {
    const n = Number(b);
    return Number.isSafeInteger(n) ? n : b;
  }
  return undefined;
}
