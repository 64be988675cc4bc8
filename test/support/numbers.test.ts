import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import {
  formatF32Legacy,
  formatF32Plus,
  formatF64Legacy,
  formatF64Plus,
  intInRange,
  rustDisplayF64,
  unexpectedFloat,
} from "../../generator/support/numbers";

// Cases from shared/SERDE-NOTES.md (serde_json 1.0.87's layout).
const F64_CASES: Array<[number, string]> = [
  [1, "1.0"],
  [-0, "-0.0"],
  [0, "0.0"],
  [0.1, "0.1"],
  [1e15, "1000000000000000.0"],
  [1e16, "1e16"],
  [1e21, "1e21"],
  [1e300, "1e300"],
  [1e-5, "0.00001"],
  [1e-6, "1e-6"],
  [1e-7, "1e-7"],
  [5e-324, "5e-324"],
  [1.7976931348623157e308, "1.7976931348623157e308"],
  [18446744073709551616, "1.8446744073709552e19"],
  [123.456, "123.456"],
  [-2.5e-7, "-2.5e-7"],
];

describe("formatF64", () => {
  it.each(F64_CASES)("%p → %s (serde_json 1.0.87 layout)", (x, want) => {
    expect(formatF64Legacy(x)).toBe(want);
  });
  it.each([
    [1e16, "1e+16"],
    [1.7976931348623157e308, "1.7976931348623157e+308"],
    [1e-7, "1e-7"],
    [1, "1.0"],
  ])("%p → %s (serde_json ≥ 1.0.147 layout)", (x, want) => {
    expect(formatF64Plus(x)).toBe(want);
  });
  it.each([NaN, Infinity, -Infinity])("%p → null", (x) => {
    expect(formatF64Legacy(x)).toBe("null");
    expect(formatF64Plus(x)).toBe("null");
  });
  it("round-trips every double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = formatF64Legacy(x);
        expect(Object.is(Number(s), x)).toBe(true);
        expect(Object.is(Number(formatF64Plus(x)), x)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});

describe("formatF32", () => {
  it.each([
    [0.15, "0.15"],
    [1 / 3, "0.33333334"],
    [3.4028234663852886e38, "3.4028235e38"],
    [16777217, "16777216.0"],
    [0.123456789, "0.12345679"],
    [1e-50, "0.0"],
    [1e39, "null"],
    [1, "1.0"],
    [-0, "-0.0"],
  ])("%p → %s", (x, want) => {
    expect(formatF32Legacy(x)).toBe(want);
  });
  it("writes e+ in the new layout", () => {
    expect(formatF32Plus(3.4028234663852886e38)).toBe("3.4028235e+38");
  });
  it("round-trips every f32", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Math.fround(Number(formatF32Legacy(x))), x)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});

describe("rustDisplayF64 (floats in Debian serde's messages)", () => {
  it.each([
    [3, "3"],
    [-0, "-0"],
    [1e-7, "0.0000001"],
    [18446744073709551616, "18446744073709552000"],
    [1.5, "1.5"],
  ])("%p → %s", (x, want) => {
    expect(rustDisplayF64(x)).toBe(want);
  });
  it("words serde's unexpected float", () => {
    expect(unexpectedFloat(3)).toBe("floating point `3`");
  });
});

// Observed with serde_json 1.0.87 on random and boundary bit patterns (test/support/fixtures/serde-floats.tsv:
// kind, bits, serde_json::to_string, Rust's Display).
describe("against serde_json's own output", () => {
  const rows = readFileSync(join(__dirname, "fixtures/serde-floats.tsv"), "utf8").trim().split("\n");
  const buf = new DataView(new ArrayBuffer(8));
  it(`matches ${rows.length} floats written by serde_json`, () => {
    const bad: string[] = [];
    for (const row of rows) {
      const [kind, bits, serde, display] = row.split("\t") as [string, string, string, string];
      let x: number;
      if (kind === "f64") {
        buf.setBigUint64(0, BigInt("0x" + bits));
        x = buf.getFloat64(0);
        if (formatF64Legacy(x) !== serde) bad.push(`${bits}: ${formatF64Legacy(x)} != ${serde}`);
        if (display !== "-" && rustDisplayF64(x) !== display) bad.push(`${bits}: ${rustDisplayF64(x)} != ${display}`);
      } else {
        buf.setUint32(0, parseInt(bits, 16));
        x = buf.getFloat32(0);
        if (formatF32Legacy(x) !== serde) bad.push(`${bits}: ${formatF32Legacy(x)} != ${serde}`);
      }
    }
    expect(bad).toEqual([]);
  });
});

describe("integer ranges", () => {
  it.each([
    ["u8", 255, true],
    ["u8", 256, false],
    ["u32", 4294967296, false],
    ["usize", -1, false],
    ["i8", -128, true],
    ["i8", 200, false],
    ["u64", 18446744073709551615n, true],
    ["u64", 18446744073709551616n, false],
    ["i64", -9223372036854775808n, true],
    ["i64", -9223372036854775809n, false],
  ] as const)("%s holds %p: %p", (kind, v, want) => {
    expect(intInRange(kind, v)).toBe(want);
  });
});
