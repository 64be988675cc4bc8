// Every case in fixtures/serde-cases.jsonl was run through real serde_json 1.0.87 (Debian's crates): `serde` holds
// `OK <re-encoding>` or `ERR <serde_json's message>`. The support library must agree on acceptance, re-encoding and
// message text (positions are compared separately, for syntax errors only).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DecodeError } from "../../generator/support/errors";
import { encodeJsonValueLegacy, jsonFromExact, sortedKeys } from "../../generator/support/json-value";
import { formatF32Legacy, formatF64Legacy, IntKind, INT_NUMBER_RANGES } from "../../generator/support/numbers";
import { decodeBigInt, decodeF32, decodeF64Slow, errInt, errType } from "../../generator/support/primitives";
import { readJson } from "../../generator/support/reader";
import { encodeString } from "../../generator/support/strings";

function throwIt(e: unknown): never {
  throw e;
}

interface Case {
  type: string;
  input: string;
  serde: string;
}

const cases: Case[] = readFileSync(join(__dirname, "fixtures/serde-cases.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Case);

function int(v: unknown, kind: IntKind): string {
  const [lo, hi] = INT_NUMBER_RANGES[kind];
  if (typeof v === "number" && Number.isInteger(v) && v >= lo && v <= hi) return String(v);
  if (typeof v === "bigint" && (kind === "u64" || kind === "usize" || kind === "i64" || kind === "isize")) {
    // The support library's bigint decoding, as a field with `bigint: true` uses it.
    return String(decodeBigInt(v, kind, "$"));
  }
  throw errInt(v, kind, "$");
}

function f64(v: unknown): number {
  return typeof v === "number" && Number.isFinite(v) ? v : decodeF64Slow(v, "$");
}

function decodeAndEncode(type: string, text: string): string {
  const v = readJson(text);
  switch (type) {
    case "value":
      return encodeJsonValueLegacy(jsonFromExact(v));
    case "f64":
      return formatF64Legacy(f64(v));
    case "f32":
      return formatF32Legacy(decodeF32(v, "$"));
    case "optf64":
      return v === null ? "null" : formatF64Legacy(f64(v));
    case "string":
      return typeof v === "string" ? encodeString(v, "$") : throwIt(errType(v, "a string", "$"));
    case "bool":
      return typeof v === "boolean" ? String(v) : throwIt(errType(v, "a boolean", "$"));
    case "map": {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return throwIt(errType(v, "a map", "$"));
      const o = v as Record<string, unknown>;
      return (
        "{" +
        sortedKeys(o)
          .map((k) => encodeString(k, "$") + ":" + int(o[k], "u32"))
          .join(",") +
        "}"
      );
    }
    default:
      return int(v, type as IntKind);
  }
}

describe("support library against serde_json 1.0.87", () => {
  it.each(cases.map((c) => [c.type, c.input, c.serde] as const))("%s %j → %s", (type, input, serde) => {
    let got: string;
    try {
      got = "OK " + decodeAndEncode(type, input);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      got = "ERR " + e.message;
    }
    const want = serde.replace(/ at line \d+ column \d+$/, "");
    expect(got).toBe(want);
  });

  it("reports syntax errors at serde_json's line and column", () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const m = / at line (\d+) column (\d+)$/.exec(c.serde);
      if (m === null) continue;
      try {
        readJson(c.input);
      } catch (e) {
        if (e instanceof DecodeError && e.line > 0 && `${e.line}:${e.column}` !== `${m[1]}:${m[2]}`) {
          mismatches.push(`${JSON.stringify(c.input).slice(0, 40)}: ${e.line}:${e.column} vs ${m[1]}:${m[2]}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
