/**
 * The `pattern`s of the JSON Schema emitter for `timestamp` and `uuid`: exactly the strings chrono 0.4.23's
 * `DateTime<Utc>` and uuid 1.2.1's `Uuid` deserializers accept (the same grammar as `generator/support/timestamp.ts`
 * and `uuid.ts`), so a schema's verdict on a string field equals the decoders'.
 *
 * The patterns are written in the common subset of ECMA-262 (JSON Schema's regex dialect, what ajv compiles with the
 * `u` flag) and Python's `re` (what Python's `jsonschema` uses): explicit ASCII classes (`[0-9]`, never `\d`, which
 * is Unicode in Python), and `(?![\s\S])` for the end of input (Python's `$` also matches before a final newline).
 *
 * One thing a regular expression cannot check is left out on purpose: whether converting the local time to UTC leaves
 * chrono's year range (±262143); only timestamps within a day of that edge are affected (`timestamp-utc-overflow` in
 * `jsonschema-limits.ts`).
 */

/** Rust's `char::is_whitespace`, which chrono skips around every field. */
const WS = "[\\t\\n\\u000b\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const SEP = (ch: string) => `${WS}*${ch}${WS}*`;

/** 0..=262143 with any number of leading zeros (chrono's largest year). */
const YEAR_POS = "0*(?:[0-9]{1,5}|1[0-9]{5}|2[0-5][0-9]{4}|26[01][0-9]{3}|262(?:0[0-9]{2}|1[0-3][0-9]|14[0-3]))";
/** 0..=262144 (the magnitude of chrono's smallest year). */
const YEAR_NEG = "0*(?:[0-9]{1,5}|1[0-9]{5}|2[0-5][0-9]{4}|26[01][0-9]{3}|262(?:0[0-9]{2}|1[0-3][0-9]|14[0-4]))";
/** A year as chrono scans it: 1 to 4 digits, or a sign and any number of digits (in range). */
const YEAR = `(?:[0-9]{1,4}|\\+${YEAR_POS}|-${YEAR_NEG})`;
/**
 * Decimal digits of a leap year (proleptic Gregorian; the sign does not matter): a multiple of 4 that is not a
 * multiple of 100, or a multiple of 400 — read off the last two digits and the two before them.
 */
const LEAP_DIGITS =
  "(?:[0-9]*(?:0[48]|[2468][048]|[13579][26])|[48]|(?:[0-9]*(?:[02468][048]|[13579][26])|[048])?00|0)";
const LEAP_YEAR =
  `(?:(?=[0-9]{1,4}(?![0-9]))${LEAP_DIGITS}` +
  `|\\+(?=${YEAR_POS}(?![0-9]))${LEAP_DIGITS}` +
  `|-(?=${YEAR_NEG}(?![0-9]))${LEAP_DIGITS})`;

const M31 = "(?:0?[13578]|1[02])";
const M30 = "(?:0?[469]|11)";
const FEB = "0?2";
const D31 = "(?:0?[1-9]|[12][0-9]|3[01])";
const D30 = "(?:0?[1-9]|[12][0-9]|30)";
const D28 = "(?:0?[1-9]|1[0-9]|2[0-8])";

/** A calendar date chrono accepts: months and days in range, February 29 only in leap years. */
const DATE =
  `(?:${YEAR}${SEP("-")}(?:${M31}${SEP("-")}${D31}|${M30}${SEP("-")}${D30}|${FEB}${SEP("-")}${D28})` +
  `|${LEAP_YEAR}${SEP("-")}${FEB}${SEP("-")}29)`;

const HOUR = "(?:[01]?[0-9]|2[0-3])";
const MINUTE = "[0-5]?[0-9]";
/** Seconds, with chrono's leap second `60` (any minute). */
const SECOND = "(?:[0-5]?[0-9]|60)";
/** `Z`, `z`, `UTC` in any case, or `±HH[:…]MM` with the offset under 24 hours (colons and spaces between). */
const OFFSET = `(?:[Zz]|[Uu][Tt][Cc]|[+-](?:[01][0-9]|2[0-3])(?::|${WS})*[0-5][0-9])`;

const END = "(?![\\s\\S])";

/**
 * What chrono's `DateTime<Utc>` deserializer accepts (RFC 3339 and its leniencies: any offset, a space for `T`,
 * single-digit fields, whitespace around fields, `UTC`, a leap second, any number of fraction digits).
 */
export const TIMESTAMP_PATTERN =
  `^${WS}*${DATE}[T ]${WS}*${HOUR}${SEP(":")}${MINUTE}${SEP(":")}${SECOND}(?:\\.[0-9]+)?${WS}*${OFFSET}${WS}*${END}`;

const HEX = "[0-9a-fA-F]";
const HYPHENATED = `${HEX}{8}-${HEX}{4}-${HEX}{4}-${HEX}{4}-${HEX}{12}`;

/** What the uuid crate accepts: hyphenated (any case), simple (32 hex digits), braced, or `urn:uuid:` hyphenated. */
export const UUID_PATTERN = `^(?:${HEX}{32}|${HYPHENATED}|\\{${HYPHENATED}\\}|urn:uuid:${HYPHENATED})${END}`;
