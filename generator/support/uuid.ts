// uuid 1.2.1's `Uuid` as serde reads and writes it: lowercase hyphenated out; hyphenated (any case), simple,
// braced and `urn:uuid:` in.

import { utf8Length } from "./strings.js";

/** serde's "expected" phrase for the uuid crate's visitor. */
export const UUID_EXPECTED = "a UUID string";

/** A string the uuid crate rejects; `message` is the crate's text after serde's `UUID parsing failed: ` prefix. */
export class UuidError extends Error {
  /** Builds the error with the uuid crate's message. */
  constructor(message: string) {
    super(message);
    this.name = "UuidError";
  }
}

const CANONICAL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SIMPLE = /^[0-9a-fA-F]{32}$/;

/**
 * Reads a uuid as uuid 1.2.1's `Uuid::parse_str` does and returns its canonical text (lowercase hyphenated).
 * Accepts hyphenated in any case, simple (32 hex digits), braced `{…}` and `urn:uuid:…` hyphenated forms; throws
 * UuidError with the crate's message otherwise.
 */
export function normalizeUuid(text: string): string {
  if (CANONICAL.test(text)) return text;
  let body: string | undefined;
  const bytes = utf8Length(text);
  if (bytes === 32 && SIMPLE.test(text)) {
    const h = text.toLowerCase();
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }
  if (bytes === 36) body = text;
  else if (bytes === 38 && text.startsWith("{") && text.endsWith("}")) body = text.slice(1, -1);
  else if (bytes === 45 && text.startsWith("urn:uuid:")) body = text.slice(9);
  if (body !== undefined && HYPHENATED.test(body)) return body.toLowerCase();
  throw new UuidError(uuidErrorMessage(text));
}

/** The uuid crate's `InvalidUuid::into_err` message for a string it rejected. */
function uuidErrorMessage(input: string): string {
  let uuid = input;
  let offset = 0;
  let simple = true;
  if (input.length >= 2 && input.startsWith("{") && input.endsWith("}")) {
    uuid = input.slice(1, -1);
    offset = 1;
    simple = false;
  } else if (input.startsWith("urn:uuid:")) {
    uuid = input.slice(9);
    offset = 9;
    simple = false;
  }
  let hyphens = 0;
  const bounds: number[] = [];
  let index = 0; // byte index, as Rust's char_indices
  for (const ch of uuid) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x7f)
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-zA-Z], found \`${ch}\` at ${index + offset + 1}`;
    if (ch === "-") {
      if (hyphens < 4) bounds[hyphens] = index;
      hyphens++;
    } else if (!/[0-9a-fA-F]/.test(ch)) {
      return `invalid character: expected an optional prefix of \`urn:uuid:\` followed by [0-9a-zA-Z], found \`${ch}\` at ${index + offset + 1}`;
    }
    index += utf8Length(ch);
  }
  if (hyphens === 0 && simple)
    return `invalid length: expected length 32 for simple format, found ${utf8Length(input)}`;
  if (hyphens !== 4) return `invalid group count: expected 5, found ${hyphens + 1}`;
  const starts = [0, 9, 14, 19, 24];
  const expected = [8, 4, 4, 4, 12];
  for (let i = 0; i < 4; i++) {
    if (bounds[i] !== starts[i + 1]! - 1) {
      return `invalid group length in group ${i}: expected ${expected[i]}, found ${bounds[i]! - starts[i]!}`;
    }
  }
  return `invalid group length in group 4: expected 12, found ${utf8Length(input) - starts[4]!}`;
}
