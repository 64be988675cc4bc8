// chrono 0.4.23's `DateTime<Utc>` as serde reads and writes it: RFC 3339-like text, normalized to UTC.

/** chrono's ParseError kinds, with chrono's Display texts. */
const INVALID = "input contains invalid characters";
const TOO_SHORT = "premature end of input";
const TOO_LONG = "trailing input";
const OUT_OF_RANGE = "input is out of range";
const NOT_ENOUGH = "input is not enough for unique date and time";

/** serde's "expected" phrase for chrono's `DateTime` visitor. */
export const TIMESTAMP_EXPECTED = "a formatted date and time string or a unix timestamp";

/** A timestamp chrono would reject; `message` is chrono's ParseError text (`input is out of range`). */
export class TimestampError extends Error {
  /** Builds the error with chrono's message. */
  constructor(message: string) {
    super(message);
    this.name = "TimestampError";
  }
}

/** Rust's `char::is_whitespace` (Unicode White_Space), which chrono's `trim_left` strips. */
const RUST_WS = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const CANONICAL = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{3}|\d{6}|\d{9}))?Z$/;
const MIN_YEAR = -262144;
const MAX_YEAR = 262143;

function trimLeft(s: string): string {
  const m = RUST_WS.exec(s);
  return m === null ? s : s.slice(m[0].length);
}

/** chrono's `scan::number`: 1..=max ASCII digits. Returns [rest, value]. */
function scanNumber(s: string, max: number): [string, number] {
  if (s.length < 1) throw new TimestampError(TOO_SHORT);
  let n = 0;
  let i = 0;
  for (; i < s.length && i < max; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) {
      if (i < 1) throw new TimestampError(INVALID);
      return [s.slice(i), n];
    }
    n = n * 10 + (c - 48);
    if (n > 9223372036854775807) throw new TimestampError(OUT_OF_RANGE);
  }
  return [s.slice(i), n];
}

function literal(s: string, ch: string): string {
  if (s.length < 1) throw new TimestampError(TOO_SHORT);
  if (s[0] !== ch) throw new TimestampError(INVALID);
  return s.slice(1);
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(z: number): [number, number, number] {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** chrono's Debug of a year: four digits in 0..=9999, else an explicit sign and at least four digits. */
function formatYear(y: number): string {
  if (y >= 0 && y <= 9999) return pad(y, 4);
  return (y < 0 ? "-" : "+") + pad(Math.abs(y), 4);
}

/** chrono's fraction: none, or 3, 6 or 9 digits, whichever is exact. */
function formatNanos(nano: number): string {
  if (nano === 0) return "";
  if (nano % 1_000_000 === 0) return "." + pad(nano / 1_000_000, 3);
  if (nano % 1_000 === 0) return "." + pad(nano / 1_000, 6);
  return "." + pad(nano, 9);
}

/** Time zone offset as chrono's `timezone_offset_zulu` scans it (`Z`, `z`, `UTC`, `+05:30`, `+0530`, `+05 30`). */
function scanOffset(s: string): [string, number] {
  const c = s[0];
  if (c === "Z" || c === "z") return [s.slice(1), 0];
  if (c === "U" || c === "u") {
    if (s.length >= 3 && s.slice(1, 3).toLowerCase() === "tc") return [s.slice(3), 0];
    throw new TimestampError(INVALID);
  }
  let negative: boolean;
  if (c === "+") negative = false;
  else if (c === "-") negative = true;
  else if (c === undefined) throw new TimestampError(TOO_SHORT);
  else throw new TimestampError(INVALID);
  s = s.slice(1);
  if (s.length < 2) throw new TimestampError(TOO_SHORT);
  if (!/^\d\d/.test(s)) throw new TimestampError(INVALID);
  const hours = Number(s.slice(0, 2));
  s = s.slice(2).replace(/^[:\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/, "");
  if (s.length < 2) throw new TimestampError(TOO_SHORT);
  const m1 = s.charCodeAt(0);
  const m2 = s.charCodeAt(1);
  let minutes: number;
  if (m1 >= 48 && m1 <= 53 && m2 >= 48 && m2 <= 57) minutes = (m1 - 48) * 10 + (m2 - 48);
  else if (m1 >= 54 && m1 <= 57 && m2 >= 48 && m2 <= 57) throw new TimestampError(OUT_OF_RANGE);
  else throw new TimestampError(INVALID);
  const seconds = hours * 3600 + minutes * 60;
  return [s.slice(2), negative ? -seconds : seconds];
}

/**
 * Reads a timestamp as chrono 0.4.23's `DateTime<Utc>` deserializer does and returns its canonical text (what
 * chrono writes back: UTC with `Z`, fraction in 0/3/6/9 digits, `+10000-…` beyond year 9999). Accepts any offset,
 * a space for `T`, single-digit fields, surrounding and inner whitespace, a leap second `:60`, more than nine
 * fraction digits (truncated); throws TimestampError with chrono's message otherwise.
 */
export function normalizeTimestamp(text: string): string {
  const m = CANONICAL.exec(text);
  if (m !== null) {
    const y = +m[1]!;
    const mo = +m[2]!;
    const d = +m[3]!;
    const frac = m[7];
    if (
      mo >= 1 &&
      mo <= 12 &&
      d >= 1 &&
      d <= daysInMonth(y, mo) &&
      +m[4]! <= 23 &&
      +m[5]! <= 59 &&
      +m[6]! <= 59 &&
      (frac === undefined || !frac.endsWith("000"))
    ) {
      return text;
    }
  }
  return parseTimestampSlow(text);
}

function parseTimestampSlow(text: string): string {
  // DATE_ITEMS: Year, Space, "-", Month, Space, "-", Day.
  let s = trimLeft(text);
  let year: number;
  if (s[0] === "-" || s[0] === "+") {
    const negative = s[0] === "-";
    const [rest, v] = scanNumber(s.slice(1), Infinity);
    s = rest;
    year = negative ? -v : v;
  } else {
    [s, year] = scanNumber(s, 4);
  }
  if (year < -2147483648 || year > 2147483647) throw new TimestampError(OUT_OF_RANGE);
  s = literal(trimLeft(s), "-");
  let month: number;
  [s, month] = scanNumber(trimLeft(s), 2);
  s = literal(trimLeft(s), "-");
  let day: number;
  [s, day] = scanNumber(trimLeft(s), 2);
  if (s.length === 0) throw new TimestampError(NOT_ENOUGH);
  if (s[0] !== "T" && s[0] !== " ") throw new TimestampError(INVALID);
  s = s.slice(1);
  // TIME_ITEMS: Hour, Space, ":", Minute, Space, ":", Second, Nanosecond, Space, OffsetZ, Space.
  let hour: number;
  [s, hour] = scanNumber(trimLeft(s), 2);
  s = literal(trimLeft(s), ":");
  let minute: number;
  [s, minute] = scanNumber(trimLeft(s), 2);
  s = literal(trimLeft(s), ":");
  let second: number;
  [s, second] = scanNumber(trimLeft(s), 2);
  let nano = 0;
  if (s[0] === ".") {
    const digits = /^\d*/.exec(s.slice(1))![0];
    if (digits.length === 0) throw new TimestampError(s.length === 1 ? TOO_SHORT : INVALID);
    nano = Number(digits.slice(0, 9).padEnd(9, "0"));
    s = s.slice(1 + digits.length);
  }
  let offset: number;
  [s, offset] = scanOffset(trimLeft(s));
  if (trimLeft(s).length !== 0) throw new TimestampError(TOO_LONG);

  // Parsed::to_datetime: date, then time, then offset.
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new TimestampError(OUT_OF_RANGE);
  }
  if (hour > 23 || minute > 59 || second > 60) throw new TimestampError(OUT_OF_RANGE);
  if (second === 60) {
    second = 59;
    nano += 1_000_000_000;
  }
  if (offset <= -86400 || offset >= 86400) throw new TimestampError(OUT_OF_RANGE);
  const local = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  const utc = local - offset;
  const days = Math.floor(utc / 86400);
  const secs = utc - days * 86400;
  const [uy, um, ud] = civilFromDays(days);
  if (uy < MIN_YEAR || uy > MAX_YEAR) throw new TimestampError(OUT_OF_RANGE);
  let sec = secs % 60;
  let frac = nano;
  if (frac >= 1_000_000_000) {
    sec += 1;
    frac -= 1_000_000_000;
  }
  return (
    `${formatYear(uy)}-${pad(um, 2)}-${pad(ud, 2)}T${pad(Math.floor(secs / 3600), 2)}:` +
    `${pad(Math.floor(secs / 60) % 60, 2)}:${pad(sec, 2)}${formatNanos(frac)}Z`
  );
}

/** True when `text` is already in chrono's canonical output form. */
export function isCanonicalTimestamp(text: string): boolean {
  try {
    return normalizeTimestamp(text) === text;
  } catch {
    return false;
  }
}
