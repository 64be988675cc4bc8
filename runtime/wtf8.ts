/**
 * Byte encodings of arbitrary JavaScript strings — including lone surrogates, which UTF-8 cannot represent and
 * `Buffer.from(s, "utf8")` silently replaces with U+FFFD (so `"\ud800"`, `"\udc00"` and `"\ufffd"` would share one
 * encoding). Used for topic names, session directories and NATS header values, where distinct ids must stay
 * distinct.
 */

const SURROGATE = /[\ud800-\udfff]/;

/**
 * WTF-8 (https://simonsapin.github.io/wtf-8/): UTF-8, except that a lone surrogate code unit is written as the
 * three-byte form of its code point (`\ud800` → `ED A0 80`), which valid UTF-8 never contains. For a well-formed
 * string it is exactly its UTF-8; for any two distinct strings the bytes differ.
 */
export function wtf8Encode(s: string): Buffer {
  if (!SURROGATE.test(s)) return Buffer.from(s, "utf8");
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Buffer.from(out);
}

/** The inverse of {@link wtf8Encode}. Throws a `RangeError` on bytes that are not WTF-8 (truncated, overlong…). */
export function wtf8Decode(bytes: Uint8Array): string {
  let out = "";
  let leadBefore = false;
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) throw new RangeError(`not WTF-8 at byte ${i}`);
    let cp = n === 1 ? b : b & (0xff >> (n + 1));
    for (let k = 1; k < n; k++) {
      const c = bytes[i + k] as number;
      if ((c & 0xc0) !== 0x80) throw new RangeError(`not WTF-8 at byte ${i + k}`);
      cp = (cp << 6) | (c & 0x3f);
    }
    if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff))) {
      throw new RangeError(`overlong or out-of-range sequence at byte ${i}`);
    }
    // A lead surrogate followed by a trail surrogate is a pair, which WTF-8 writes as one 4-byte sequence.
    if (leadBefore && cp >= 0xdc00 && cp <= 0xdfff) throw new RangeError(`split surrogate pair at byte ${i}`);
    leadBefore = cp >= 0xd800 && cp <= 0xdbff;
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}

const HEX = "0123456789ABCDEF";

/**
 * Percent-encodes any string into printable ASCII without spaces (safe in a NATS header value, which may hold
 * neither CR nor LF and is trimmed of surrounding whitespace): the bytes `!`..`~` except `%` stay, every other
 * WTF-8 byte becomes `%XX` (uppercase hex). `"a\r\nb"` → `a%0D%0Ab`, `"\t"` → `%09`, `"é"` → `%C3%A9`,
 * `"\ud800"` → `%ED%A0%80`.
 */
export function percentEncode(s: string): string {
  if (/^[!-$&-~]*$/.test(s)) return s;
  let out = "";
  for (const b of wtf8Encode(s)) {
    out += b > 0x20 && b < 0x7f && b !== 0x25 ? String.fromCharCode(b) : `%${HEX[b >> 4]}${HEX[b & 15]}`;
  }
  return out;
}

/** The inverse of {@link percentEncode}. Throws a `RangeError` on text it could not have produced. */
export function percentDecode(s: string): string {
  if (!s.includes("%")) {
    if (!/^[!-~]*$/.test(s)) throw new RangeError("not percent-encoded: a character outside ! .. ~");
    return s;
  }
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x25) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9A-F]{2}$/.test(hex)) throw new RangeError(`bad percent escape at ${i}`);
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (c > 0x20 && c < 0x7f) bytes.push(c);
    else throw new RangeError(`not percent-encoded: character ${c} at ${i}`);
  }
  return wtf8Decode(Uint8Array.from(bytes));
}
