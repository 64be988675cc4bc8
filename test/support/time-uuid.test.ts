// Cases in fixtures/serde-time-uuid.jsonl were run through real serde_json 1.0.87 with chrono 0.4.23's
// `DateTime<Utc>` and uuid 1.2.1's `Uuid` (Debian's crates).

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DecodeError } from "../../generator/support/errors";
import { errType } from "../../generator/support/primitives";
import { readJson } from "../../generator/support/reader";
import { encodeString } from "../../generator/support/strings";
import { normalizeTimestamp, TimestampError, TIMESTAMP_EXPECTED } from "../../generator/support/timestamp";
import { normalizeUuid, UuidError, UUID_EXPECTED } from "../../generator/support/uuid";

function throwIt(e: unknown): never {
  throw e;
}

interface Case {
  type: string;
  input: string;
  serde: string;
}

const cases: Case[] = readFileSync(join(__dirname, "fixtures/serde-time-uuid.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as Case);

function run(type: string, input: string): string {
  const v = readJson(input);
  try {
    if (type === "ts") {
      return encodeString(
        typeof v === "string" ? normalizeTimestamp(v) : throwIt(errType(v, TIMESTAMP_EXPECTED, "$")),
        "$",
      );
    }
    return encodeString(typeof v === "string" ? normalizeUuid(v) : throwIt(errType(v, UUID_EXPECTED, "$")), "$");
  } catch (e) {
    if (e instanceof TimestampError) throw new DecodeError(e.message, "$");
    if (e instanceof UuidError) throw new DecodeError(`UUID parsing failed: ${e.message}`, "$");
    throw e;
  }
}

describe("timestamps and uuids against chrono 0.4.23 / uuid 1.2.1", () => {
  it.each(cases.map((c) => [c.type, c.input, c.serde] as const))("%s %s → %s", (type, input, serde) => {
    let got: string;
    try {
      got = "OK " + run(type, input);
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      got = "ERR " + e.message;
    }
    expect(got).toBe(serde.replace(/ at line \d+ column \d+$/, ""));
  });

  it("keeps canonical text as is", () => {
    const s = "2024-05-06T07:08:09.123Z";
    expect(normalizeTimestamp(s)).toBe(s);
  });
});
