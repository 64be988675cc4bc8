// The exact JSON reader: serde_json 1.0.87's grammar, its error texts, integer tokens kept apart from float tokens.

import { DecodeError } from "./errors";
import { JsonFloat } from "./json-value";
import { isWellFormed } from "./strings";

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
const U64_MAX = 18446744073709551615n;
const I64_MIN = -9223372036854775808n;

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
  const column = Buffer.byteLength(text.slice(start, Math.min(pos, text.length)), "utf8");
  return { line, column };
}

class Reader {
  readonly text: string;
  pos = 0;
  depth = 0;

  constructor(text: string) {
    this.text = text;
  }

  fail(message: string, at: number = this.pos): never {
    const { line, column } = position(this.text, at);
    throw new DecodeError(message, "$", "", "", line, column);
  }

  skipWhitespace(): number {
    const text = this.text;
    let pos = this.pos;
    let c = text.charCodeAt(pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++pos);
    this.pos = pos;
    return c;
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
    if (c === 101 || c === 69) {
      isFloat = true;
      c = text.charCodeAt(++pos);
      if (c === 43 || c === 45) c = text.charCodeAt(++pos);
      if (!(c >= 48 && c <= 57)) this.fail(c !== c ? "EOF while parsing a value" : "invalid number", pos + 1);
      do c = text.charCodeAt(++pos);
      while (c >= 48 && c <= 57);
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
      const b = BigInt(token);
      if (negative ? b >= I64_MIN : b <= U64_MAX) {
        const n = Number(b);
        return Number.isSafeInteger(n) ? n : b;
      }
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
    const backslash = text.indexOf("\\", start);
    if (backslash < 0 || backslash > end) {
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
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
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
          Object.defineProperty(out, DUPLICATE_KEYS, { value: duplicates, enumerable: false });
          Object.defineProperty(out, SHADOWED_VALUES, { value: shadowed, enumerable: false });
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
 */
export function readJson(text: string): unknown {
  // Lone surrogates (raw or escaped) are caught string by string; outside strings any such character is a syntax
  // error anyway.
  const reader = new Reader(text);
  const value = reader.value();
  const c = reader.skipWhitespace();
  if (c === c) reader.fail("trailing characters", reader.pos + 1);
  return value;
}
