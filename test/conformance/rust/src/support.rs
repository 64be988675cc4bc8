//! Hand-written support for the oracle: the round trip every dispatch arm calls, and the sample pools the corpus
//! builders (generated from the IR, or hand-written in `hand.rs`) draw from.
//!
//! Every pool is indexed by a case number `i` and cycles, so a corpus builder that runs `i` over
//! `0..pool_len` visits every sample. Pools hold the edge cases serde and the TypeScript codecs must agree on.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// Decodes `input` as `T` with serde_json and re-encodes it: `Ok(json)` or `Err(serde's message)`.
pub fn roundtrip<T: DeserializeOwned + Serialize>(input: &str) -> Result<String, String> {
    let value: T = serde_json::from_str(input).map_err(|e| e.to_string())?;
    serde_json::to_string(&value).map_err(|e| format!("serialize: {e}"))
}

/// Encodes a value the corpus built.
pub fn encode<T: Serialize>(value: &T) -> Result<String, String> {
    serde_json::to_string(value).map_err(|e| format!("serialize: {e}"))
}

/// One corpus entry: what type, which case, how TypeScript is expected to treat it, and serde's encoding.
pub struct Case {
    pub type_name: &'static str,
    pub label: String,
    /// `ok`, or `reject:<reason>` when TypeScript must refuse a value Rust accepts (a 64-bit integer beyond
    /// ±2^53 in a field that did not opt into bigint).
    pub expect: &'static str,
    pub json: Result<String, String>,
}

impl Case {
    pub fn new<T: Serialize>(type_name: &'static str, label: String, expect: &'static str, value: &T) -> Case {
        Case { type_name, label, expect, json: encode(value) }
    }
}

// ---------------------------------------------------------------------------------------------------------
// Pools. Sizes are part of the contract with the corpus emitter (it sizes each variant's case count by the
// largest pool among the variant's fields): keep `POOL_SIZES` in sync.

pub const STRINGS: &[&str] = &[
    "",
    "s",
    "plain ascii with spaces",
    "quote \" backslash \\ slash / tab \t newline \n cr \r bs \u{8} ff \u{c}",
    "controls \u{0} \u{1} \u{1f} del \u{7f} c1 \u{80} \u{9f}",
    "separators \u{2028} \u{2029} bom \u{feff}",
    "unicode h\u{e9}llo \u{4e16}\u{754c} \u{1f600} \u{10ffff} private \u{e000} \u{fffd} \u{ffff}",
    "__proto__",
    "constructor",
];

pub fn string(i: usize) -> String {
    STRINGS[i % STRINGS.len()].to_owned()
}

pub const BOOLS: &[bool] = &[false, true];

pub fn bool_(i: usize) -> bool {
    BOOLS[i % BOOLS.len()]
}

pub const U8S: &[u8] = &[0, 1, 127, u8::MAX];
pub const U16S: &[u16] = &[0, 1, 255, u16::MAX];
pub const U32S: &[u32] = &[0, 1, 65_535, u32::MAX];
pub const I8S: &[i8] = &[0, -1, i8::MIN, i8::MAX];
pub const I16S: &[i16] = &[0, -1, i16::MIN, i16::MAX];
pub const I32S: &[i32] = &[0, -1, i32::MIN, i32::MAX];
/// 64-bit values a plain `number` holds exactly (|v| ≤ 2^53 − 1).
pub const U64S_SAFE: &[u64] = &[0, 1, 4_294_967_296, 9_007_199_254_740_991];
pub const I64S_SAFE: &[i64] = &[0, -1, -9_007_199_254_740_991, 9_007_199_254_740_991];
/// 64-bit values for fields that opted into bigint.
pub const U64S_BIG: &[u64] = &[0, 1, 9_007_199_254_740_993, u64::MAX];
pub const I64S_BIG: &[i64] = &[0, -1, i64::MIN, i64::MAX, -9_007_199_254_740_993];

pub fn u8_(i: usize) -> u8 { U8S[i % U8S.len()] }
pub fn u16_(i: usize) -> u16 { U16S[i % U16S.len()] }
pub fn u32_(i: usize) -> u32 { U32S[i % U32S.len()] }
pub fn i8_(i: usize) -> i8 { I8S[i % I8S.len()] }
pub fn i16_(i: usize) -> i16 { I16S[i % I16S.len()] }
pub fn i32_(i: usize) -> i32 { I32S[i % I32S.len()] }
pub fn u64_safe(i: usize) -> u64 { U64S_SAFE[i % U64S_SAFE.len()] }
pub fn i64_safe(i: usize) -> i64 { I64S_SAFE[i % I64S_SAFE.len()] }
pub fn u64_big(i: usize) -> u64 { U64S_BIG[i % U64S_BIG.len()] }
pub fn i64_big(i: usize) -> i64 { I64S_BIG[i % I64S_BIG.len()] }
pub fn usize_safe(i: usize) -> usize { u64_safe(i) as usize }
pub fn isize_safe(i: usize) -> isize { i64_safe(i) as isize }
pub fn usize_big(i: usize) -> usize { u64_big(i) as usize }
pub fn isize_big(i: usize) -> isize { i64_big(i) as isize }

/// A 64-bit value beyond 2^53 for a field that did not opt into bigint (TypeScript must refuse it).
pub const U64_UNSAFE: u64 = u64::MAX;
pub const I64_UNSAFE: i64 = i64::MIN;

pub const F64S: &[f64] = &[
    0.0,
    1.0,
    0.1,
    -0.0,
    1e300,
    5e-324,
    1e15,
    1e16,
    1e21,
    0.00001,
    1e-6,
    1e-7,
    12.335333333333335,
    f64::MAX,
    -2.5,
    123456789.125,
];

pub fn f64_(i: usize) -> f64 {
    F64S[i % F64S.len()]
}

pub const F32S: &[f32] = &[0.0, 1.0, 0.15, -0.0, 0.33333334, 3.4028235e38, 1e-45, 16777216.0, 0.1];

pub fn f32_(i: usize) -> f32 {
    F32S[i % F32S.len()]
}

/// Non-finite floats: serde_json writes them as `null` (which a non-Option float then fails to decode).
pub const F64_NONFINITE: &[f64] = &[f64::NAN, f64::INFINITY, f64::NEG_INFINITY];

pub fn timestamp(i: usize) -> DateTime<Utc> {
    let (y, mo, d, h, mi, s, nanos) = [
        (1970, 1, 1, 0, 0, 0, 0),
        (2024, 2, 29, 23, 59, 20, 0),
        (2024, 1, 2, 3, 4, 5, 120_000_000),
        (2024, 1, 2, 3, 4, 5, 123_400_000),
        (2024, 1, 2, 3, 4, 5, 1),
        (1969, 12, 31, 23, 59, 59, 999_999_999),
        (10000, 1, 1, 0, 0, 0, 0),
        (1, 1, 1, 0, 0, 0, 0),
    ][i % 8];
    let naive = NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_nano_opt(h, mi, s, nanos).unwrap();
    DateTime::<Utc>::from_utc(naive, Utc)
}

pub fn uuid(i: usize) -> Uuid {
    [
        Uuid::nil(),
        Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8),
        Uuid::from_u128(u128::MAX),
        Uuid::from_u128(0x0000_0000_0000_4000_8000_0000_0000_0001),
    ][i % 4]
}

/// serde_json `Value`s: scalars of every kind, then nested containers (sorted keys, big numbers, awkward keys).
pub fn json(i: usize, depth: usize) -> Value {
    let scalars: Vec<Value> = vec![
        Value::Null,
        Value::Bool(true),
        Value::from(0u64),
        Value::from(-1i64),
        Value::from(u64::MAX),
        Value::from(i64::MIN),
        Value::from(1.0f64),
        Value::from(-0.0f64),
        Value::from(1e300f64),
        Value::from(5e-324f64),
        Value::from(0.1f64),
        Value::from(1e16f64),
        Value::from(string(i / 13)),
    ];
    let n = scalars.len();
    if i % (n + 4) < n || depth == 0 {
        return scalars[i % n].clone();
    }
    match i % (n + 4) - n {
        0 => Value::Array(vec![]),
        1 => Value::Object(serde_json::Map::new()),
        2 => {
            let mut m = serde_json::Map::new();
            for (k, key) in ["z", "a", "__proto__", "constructor", "\u{e000}", "\u{1f600}", "", "A", "\u{7f}"]
                .iter()
                .enumerate()
            {
                m.insert((*key).to_owned(), json(i + 7 * k + 1, depth - 1));
            }
            Value::Object(m)
        }
        _ => Value::Array((0..4).map(|k| json(i + 5 * k + 2, depth - 1)).collect()),
    }
}

/// A json object (the payload of an unknown internally tagged event): empty, flat, or nested.
pub fn json_object(i: usize, depth: usize) -> Value {
    let mut m = serde_json::Map::new();
    let keys = ["z", "a", "__proto__", "constructor", "\u{e000}", "\u{1f600}", "", "A", "\u{7f}"];
    for k in 0..(i % 4) * 2 {
        m.insert(keys[(i + k) % keys.len()].to_owned(), json(i + 3 * k, depth.saturating_sub(1)));
    }
    Value::Object(m)
}

/// `json` values nested `levels` arrays deep around a big integer.
pub fn json_nested(levels: usize) -> Value {
    let mut v = Value::from(u64::MAX);
    for _ in 0..levels {
        v = Value::Array(vec![v]);
    }
    v
}

pub fn opt<T>(i: usize, depth: usize, f: impl Fn(usize) -> T) -> Option<T> {
    if depth == 0 || i % 3 == 0 { None } else { Some(f(i / 3 + i % 3)) }
}

pub fn vec<T>(i: usize, depth: usize, f: impl Fn(usize) -> T) -> Vec<T> {
    if depth == 0 {
        return Vec::new();
    }
    (0..i % 4).map(|k| f(i + k)).collect()
}

pub fn map<T>(i: usize, depth: usize, f: impl Fn(usize) -> T) -> BTreeMap<String, T> {
    if depth == 0 {
        return BTreeMap::new();
    }
    let keys = ["b", "a", "\u{e000}", "\u{1f600}", "__proto__", "", "Z"];
    (0..i % 5).map(|k| (keys[(i + k) % keys.len()].to_owned(), f(i + k))).collect()
}

/// Largest pool size per scalar kind; the corpus emitter mirrors this table.
pub const POOL_SIZES: &[(&str, usize)] = &[
    ("string", 9),
    ("bool", 2),
    ("u8", 4),
    ("u16", 4),
    ("u32", 4),
    ("i8", 4),
    ("i16", 4),
    ("i32", 4),
    ("u64_safe", 4),
    ("i64_safe", 4),
    ("u64_big", 4),
    ("i64_big", 5),
    ("f64", 16),
    ("f32", 9),
    ("timestamp", 8),
    ("uuid", 4),
    ("json", 17),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_sizes_match() {
        let sizes: BTreeMap<&str, usize> = POOL_SIZES.iter().copied().collect();
        assert_eq!(sizes["string"], STRINGS.len());
        assert_eq!(sizes["f64"], F64S.len());
        assert_eq!(sizes["f32"], F32S.len());
        assert_eq!(sizes["i64_big"], I64S_BIG.len());
    }
}
