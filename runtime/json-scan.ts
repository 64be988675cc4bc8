/**
 * A minimal JSON scanner that finds the extent of values without building them. The runtime uses it to cut the
 * raw text of an event out of an envelope (a JSONL line, a topic record), so the generated decoder sees the
 * event's exact bytes — big integers and float spellings included.
 */

/** A syntax problem found while scanning. */
export class JsonScanError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at offset ${offset}`);
    this.name = "JsonScanError";
  }
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index of the first non-whitespace character at or after `i`. */
export function skipWs(text: string, i: number): number {
  while (i < text.length && isWs(text.charCodeAt(i))) i++;
  return i;
}

/** Given the index of an opening quote, the index just past the closing quote. */
function skipString(text: string, i: number): number {
  i++;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q < 0) throw new JsonScanError("unterminated string", text.length);
    let backslashes = 0;
    for (let j = q - 1; j >= i && text.charCodeAt(j) === 0x5c; j--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    i = q + 1;
  }
}

/** Given the index of the first character of a value, the index just past it. Checks structure, not content. */
export function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 0x22) return skipString(text, i);
  if (c === 0x7b || c === 0x5b) {
    let depth = 0;
    while (i < text.length) {
      const ch = text.charCodeAt(i);
      if (ch === 0x22) {
        i = skipString(text, i);
        continue;
      }
      if (ch === 0x7b || ch === 0x5b) depth++;
      else if (ch === 0x7d || ch === 0x5d) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new JsonScanError("unterminated container", text.length);
  }
  const start = i;
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === 0x2c || ch === 0x7d || ch === 0x5d || isWs(ch)) break;
    i++;
  }
  if (i === start) throw new JsonScanError("expected a value", i);
  return i;
}

/** One member of an object: its decoded key and the raw spans of the member and its value. */
export interface Member {
  readonly key: string;
  /** Index of the key's opening quote. */
  readonly start: number;
  readonly valueStart: number;
  readonly valueEnd: number;
}

function readKey(text: string, i: number): { key: string; end: number } {
  if (text.charCodeAt(i) !== 0x22) throw new JsonScanError("expected a string key", i);
  const end = skipString(text, i);
  const raw = text.slice(i + 1, end - 1);
  return { key: raw.includes("\\") ? (JSON.parse(text.slice(i, end)) as string) : raw, end };
}

/**
 * Scans the members of the object starting at `i` (after whitespace). `visit` is called for each member; when it
 * returns `false` the scan stops there. Returns the index just past the object, or the stop position.
 */
export function scanObject(text: string, i: number, visit: (m: Member) => boolean | void): number {
  i = skipWs(text, i);
  if (text.charCodeAt(i) !== 0x7b) throw new JsonScanError("expected an object", i);
  i = skipWs(text, i + 1);
  if (text.charCodeAt(i) === 0x7d) return i + 1;
  for (;;) {
    const start = i;
    const { key, end } = readKey(text, i);
    i = skipWs(text, end);
    if (text.charCodeAt(i) !== 0x3a) throw new JsonScanError("expected ':'", i);
    const valueStart = skipWs(text, i + 1);
    if (valueStart >= text.length) throw new JsonScanError("expected a value", valueStart);
    const valueEnd = skipValue(text, valueStart);
    if (visit({ key, start, valueStart, valueEnd }) === false) return start;
    i = skipWs(text, valueEnd);
    const c = text.charCodeAt(i);
    if (c === 0x7d) return i + 1;
    if (c !== 0x2c) throw new JsonScanError("expected ',' or '}'", i);
    i = skipWs(text, i + 1);
  }
}

/** The raw text of `obj[key]` (first occurrence) in the object at `i`, or `undefined` if absent. */
export function rawMember(text: string, key: string, i = 0): string | undefined {
  let found: string | undefined;
  scanObject(text, i, (m) => {
    if (m.key !== key) return true;
    found = text.slice(m.valueStart, m.valueEnd);
    return false;
  });
  return found;
}

/** Checks that nothing but whitespace follows `i`. */
export function expectEnd(text: string, i: number): void {
  const j = skipWs(text, i);
  if (j !== text.length) throw new JsonScanError("trailing characters", j);
}
