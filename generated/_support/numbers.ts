// Numbers as serde_json writes and reads them: f64/f32 text layout, integer ranges, Rust's Display of floats.

/** The Rust integer types a field may have (`usize`/`isize` are 64-bit, as on every platform we target). */
export type IntKind = "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize";

// Bigints are built with BigInt(…), never written as literals (`255n`): literals need `target` ES2020, and bundlers
// aiming at older browsers reject them. Large values go through strings: a number literal would round them.
const ZERO = BigInt(0);
const ONE = BigInt(1);
const TWO = BigInt(2);
const TEN = BigInt(10);
export const U64_MAX = BigInt("18446744073709551615");
export const I64_MIN = BigInt("-9223372036854775808");
const I64_MAX = BigInt("9223372036854775807");

/** Inclusive ranges of each Rust integer type, as bigints. */
export const INT_RANGES: Readonly<Record<IntKind, readonly [bigint, bigint]>> = {
  u8: [ZERO, BigInt(255)],
  u16: [ZERO, BigInt(65535)],
  u32: [ZERO, BigInt(4294967295)],
  u64: [ZERO, U64_MAX],
  usize: [ZERO, U64_MAX],
  i8: [BigInt(-128), BigInt(127)],
  i16: [BigInt(-32768), BigInt(32767)],
  i32: [BigInt(-2147483648), BigInt(2147483647)],
  i64: [I64_MIN, I64_MAX],
  isize: [I64_MIN, I64_MAX],
};

/** Inclusive ranges of each Rust integer type as numbers, clamped to the safe-integer range for 64-bit kinds. */
export const INT_NUMBER_RANGES: Readonly<Record<IntKind, readonly [number, number]>> = {
  u8: [0, 255],
  u16: [0, 65535],
  u32: [0, 4294967295],
  u64: [0, Number.MAX_SAFE_INTEGER],
  usize: [0, Number.MAX_SAFE_INTEGER],
  i8: [-128, 127],
  i16: [-32768, 32767],
  i32: [-2147483648, 2147483647],
  i64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  isize: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

/** True when `kind` is 64 bits wide (the kinds that may opt into `bigint`). */
export function isWideInt(kind: IntKind): boolean {
  return kind === "u64" || kind === "usize" || kind === "i64" || kind === "isize";
}

/** True when the integer `value` fits the Rust type `kind`. */
export function intInRange(kind: IntKind, value: number | bigint): boolean {
  const [lo, hi] = INT_RANGES[kind];
  const v = typeof value === "bigint" ? value : BigInt(value);
  return v >= lo && v <= hi;
}

/** The decimal digits and exponent of a finite, non-zero |x|: |x| = 0.d₁d₂… × 10^point, shortest round trip. */
function shortestDigits(abs: number): { digits: string; point: number } {
  // Number#toString gives the shortest round-trip digits (ECMA-262 Number::toString), in one of three layouts.
  return digitsOf(String(abs));
}

/** Digits and decimal point of a positive decimal text (`123.4`, `1.5e-7`, `1e+21`), trailing zeros dropped. */
function digitsOf(s: string): { digits: string; point: number } {
  const e = s.indexOf("e");
  let mantissa = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  let point = dot < 0 ? mantissa.length : dot;
  if (dot >= 0) mantissa = mantissa.slice(0, dot) + mantissa.slice(dot + 1);
  let lead = 0;
  while (lead < mantissa.length - 1 && mantissa.charCodeAt(lead) === 48) lead++;
  point -= lead;
  let digits = mantissa.slice(lead);
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  digits = digits.slice(0, end);
  return { digits, point: point + exp };
}

/**
 * ryu's layout (serde_json's float writer) of shortest digits |x| = 0.digits × 10^point: decimal while
 * `minPoint < point <= maxPoint` (f64: 1e-5 ≤ |x| < 1e16; f32: 1e-6 ≤ |x| < 1e13), scientific otherwise.
 */
function layout(
  negative: boolean,
  digits: string,
  point: number,
  plusExponent: boolean,
  maxPoint: number,
  minPoint: number,
): string {
  const sign = negative ? "-" : "";
  const n = digits.length;
  if (point >= n && point <= maxPoint) return sign + digits + "0".repeat(point - n) + ".0";
  if (point > 0 && point <= maxPoint) return sign + digits.slice(0, point) + "." + digits.slice(point);
  if (point > minPoint && point <= 0) return sign + "0." + "0".repeat(-point) + digits;
  const e = point - 1;
  const expText = e < 0 ? String(e) : plusExponent ? "+" + e : String(e);
  const mant = n === 1 ? digits : digits[0] + "." + digits.slice(1);
  return sign + mant + "e" + expText;
}

/**
 * Writes an f64 exactly as serde_json does: `1.0`, `-0.0`, `0.1`, `1e16` (or `1e+16` with `plusExponent`, the
 * serde_json ≥ 1.0.147 layout), `1e-7`, `5e-324`; NaN and ±Infinity as `null`.
 */
export function formatF64(x: number, plusExponent: boolean): string {
  if (Number.isInteger(x)) {
    if (x < 1e16 && x > -1e16) return x === 0 && 1 / x < 0 ? "-0.0" : x + ".0";
  } else if (x !== x || x === Infinity || x === -Infinity) {
    return "null";
  } else if (x >= 1e-5 || x <= -1e-5) {
    // Non-integral doubles are below 2^53 < 1e16, so JavaScript's decimal layout is serde's here.
    return "" + x;
  }
  const negative = x < 0;
  const { digits, point } = shortestDigits(negative ? -x : x);
  return layout(negative, digits, point, plusExponent, 16, -5);
}

/** formatF64 with serde_json ≥ 1.0.147's layout (`1e+16`). */
export function formatF64Plus(x: number): string {
  return formatF64(x, true);
}

/** formatF64 with serde_json < 1.0.147's layout (`1e16`), as Debian's 1.0.87 writes. */
export function formatF64Legacy(x: number): string {
  return formatF64(x, false);
}

const F32_VIEW = /* @__PURE__ */ new DataView(/* @__PURE__ */ new ArrayBuffer(4));

/**
 * The shortest digits of the f32 value `x` (finite, positive) as ryu finds them: the shortest decimal inside the
 * f32's rounding interval (bounds included when the mantissa is even), the closest to `x` among those, ties to even.
 * Exact arithmetic on bigints.
 */
function shortestF32Digits(x: number): { digits: string; point: number } {
  F32_VIEW.setFloat32(0, x);
  const bits = F32_VIEW.getUint32(0);
  const ieeeExponent = (bits >>> 23) & 0xff;
  const ieeeMantissa = bits & 0x7fffff;
  const m2 = ieeeExponent === 0 ? ieeeMantissa : ieeeMantissa | 0x800000;
  const e2 = (ieeeExponent === 0 ? 1 : ieeeExponent) - 150 - 2;
  const acceptBounds = (m2 & 1) === 0;
  const mmShift = ieeeMantissa !== 0 || ieeeExponent <= 1 ? 1 : 0;
  const mv = BigInt(4 * m2);
  const mp = BigInt(4 * m2 + 2);
  const mm = BigInt(4 * m2 - 1 - mmShift);
  const decimalExponent = Number(x.toExponential(20).split("e")[1]);
  for (let p = 1; p <= 9; p++) {
    const k = decimalExponent - p + 1;
    // x = mv · 2^e2; a candidate is n · 10^k. Scale both to integers over a common denominator.
    const up = (e2 > 0 ? ONE << BigInt(e2) : ONE) * (k < 0 ? TEN ** BigInt(-k) : ONE);
    const den = (e2 < 0 ? ONE << BigInt(-e2) : ONE) * (k > 0 ? TEN ** BigInt(k) : ONE);
    const v = mv * up;
    const lo = mm * up;
    const hi = mp * up;
    const floor = v / den;
    let best = -ONE;
    let bestDistance = ZERO;
    for (const n of [floor, floor + ONE]) {
      if (n <= ZERO) continue;
      const c = n * den;
      if (!(acceptBounds ? c >= lo && c <= hi : c > lo && c < hi)) continue;
      const distance = c > v ? c - v : v - c;
      if (best < ZERO || distance < bestDistance || (distance === bestDistance && n % TWO === ZERO)) {
        best = n;
        bestDistance = distance;
      }
    }
    if (best > ZERO) {
      let digits = best.toString();
      const point = digits.length + k;
      let end = digits.length;
      while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
      digits = digits.slice(0, end);
      return { digits, point };
    }
  }
  return shortestDigits(x);
}

/**
 * Writes an f32 as serde_json does: the shortest text that round-trips through f32 (`0.15`, `0.33333334`,
 * `3.4028235e38`), in the same layout as f64. `x` is rounded to f32 first; NaN and ±Infinity write `null`.
 */
export function formatF32(x: number, plusExponent: boolean): string {
  const f = Math.fround(x);
  if (f !== f || f === Infinity || f === -Infinity) return "null";
  if (f === 0) return 1 / f < 0 ? "-0.0" : "0.0";
  if (Number.isInteger(f) && f < 16777216 && f > -16777216) return f + ".0";
  const negative = f < 0;
  const { digits, point } = shortestF32Digits(negative ? -f : f);
  return layout(negative, digits, point, plusExponent, 13, -6);
}

/** formatF32 with serde_json ≥ 1.0.147's layout (`3.4028235e+38`). */
export function formatF32Plus(x: number): string {
  return formatF32(x, true);
}

/** formatF32 with serde_json < 1.0.147's layout (`3.4028235e38`). */
export function formatF32Legacy(x: number): string {
  return formatF32(x, false);
}

/**
 * Rust's `Display` of an f64 (used by Debian's serde in `floating point \`…\`` messages): shortest round-trip digits
 * in plain decimal, never an exponent, no `.0` (`3`, `-0`, `0.0000001`, `18446744073709552000`).
 */
export function rustDisplayF64(x: number): string {
  if (x !== x) return "NaN";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return 1 / x < 0 ? "-0" : "0";
  const negative = x < 0;
  const abs = negative ? -x : x;
  let { digits, point } = shortestDigits(abs);
  // An exact tie between two shortest candidates: JavaScript (like ryu) picks the even one, Rust's Display the
  // larger one.
  const tie = abs.toPrecision(digits.length + 1).replace(/e.*$/, "");
  if (tie.endsWith("5") && abs.toPrecision(digits.length + 21).replace(/e.*$/, "") === tie + "0".repeat(20)) {
    const rounded = abs.toPrecision(digits.length);
    if (Number(rounded) === abs) ({ digits, point } = digitsOf(rounded));
  }
  const sign = negative ? "-" : "";
  if (point >= digits.length) return sign + digits + "0".repeat(point - digits.length);
  if (point > 0) return sign + digits.slice(0, point) + "." + digits.slice(point);
  return sign + "0." + "0".repeat(-point) + digits;
}

/** serde's description of a float that was found where something else was expected: ``floating point `3` ``. */
export function unexpectedFloat(x: number): string {
  return `floating point \`${rustDisplayF64(x)}\``;
}

/** serde's description of an integer that was found: ``integer `-1` ``. */
export function unexpectedInteger(x: number | bigint): string {
  return `integer \`${typeof x === "bigint" ? x.toString() : x === 0 ? "0" : String(x)}\``;
}

/** Decimal digits of an integer held as a number (safe range) or bigint, as serde writes any Rust integer. */
export function formatInteger(x: number | bigint): string {
  return typeof x === "bigint" ? x.toString() : x === 0 ? "0" : "" + x;
}
