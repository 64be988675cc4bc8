/**
 * The timestamp and uuid `pattern`s accept exactly what chrono's and the uuid crate's deserializers accept: checked
 * against the cases observed with Debian's crates (test/support/fixtures/serde-time-uuid.jsonl), then fuzzed against
 * the decoders' own readers (generator/support: normalizeTimestamp, normalizeUuid) — in JavaScript (ajv's regex
 * engine, `u` flag) and in Python's `re` (Python's jsonschema).
 *
 * The one documented gap: `timestamp-utc-overflow` (a timestamp at the edge of chrono's year range whose UTC
 * conversion leaves it).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { TIMESTAMP_PATTERN, UUID_PATTERN } from "../../generator/emit/jsonschema-patterns";
import { normalizeTimestamp } from "../../generator/support/timestamp";
import { normalizeUuid } from "../../generator/support/uuid";
import { ROOT } from "../conformance/program";
import { describeWithPython, PYTHON } from "./helpers";

const TS = new RegExp(TIMESTAMP_PATTERN, "u");
const UUID = new RegExp(UUID_PATTERN, "u");

const accepts = (f: (s: string) => string) => (s: string) => {
  try {
    f(s);
    return true;
  } catch {
    return false;
  }
};
const chronoAccepts = accepts(normalizeTimestamp);
const uuidAccepts = accepts(normalizeUuid);

/** `timestamp-utc-overflow`: the year is at chrono's edge (±262143/262144), where the UTC conversion can overflow. */
function utcOverflowEdge(s: string): boolean {
  return /[+-]0*26214[34]\s*-/.test(s) && !chronoAccepts(s) && TS.test(s);
}

interface Case {
  type: "ts" | "uuid";
  value: string;
  serdeOk: boolean;
}

const FIXTURE: Case[] = fs
  .readFileSync(path.join(ROOT, "test", "support", "fixtures", "serde-time-uuid.jsonl"), "utf8")
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l) as { type: "ts" | "uuid"; input: string; serde: string })
  .map((c) => ({ type: c.type, value: JSON.parse(c.input) as unknown, serdeOk: c.serde.startsWith("OK") }))
  .filter((c): c is Case => typeof c.value === "string");

// Pieces of timestamp-like text: the grammar's tokens and their near misses.
const WS = ["", "", "", " ", "\t", "\u00a0", "\u2003", "\u3000", "\u200b", "\n", "\u0085"];
const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
const piece = fc.oneof(
  { arbitrary: fc.constantFrom(...WS), weight: 3 },
  { arbitrary: digits(1, 2), weight: 4 },
  { arbitrary: fc.constantFrom("-", ":", "T", " ", "t", ".", "Z", "z", "UTC", "utc", "U", "+", "-", ",", "e", "１"), weight: 4 },
);
const year = fc.oneof(
  digits(1, 5),
  fc.constantFrom("2024", "2000", "1900", "2100", "0000", "0", "4", "400", "100", "9999", "10000"),
  fc.tuple(fc.constantFrom("+", "-"), fc.oneof(digits(1, 7), fc.constantFrom("262143", "262144", "262145", "0262143", "000004", "1600", "1700"))).map(([s, d]) => s + d),
);
const offset = fc.oneof(
  fc.constantFrom("Z", "z", "UTC", "uTc", "", "+", "+0", "+05", "+05:3"),
  fc.tuple(fc.constantFrom("+", "-"), digits(2, 2), fc.constantFrom(":", "", " ", "::", ": "), digits(1, 3)).map((p) => p.join("")),
);
/** Mostly the valid form of each field (so about half the strings are accepted), sometimes a near miss. */
const mostly = <T,>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<T>) => fc.oneof({ arbitrary: valid, weight: 9 }, { arbitrary: invalid, weight: 1 });
const ws = mostly(fc.constant(""), fc.constantFrom(...WS));
const field = (max: number, pad: boolean) =>
  fc.nat(max).map((n) => (pad ? String(n).padStart(2, "0") : String(n)));
const timestampish = fc.oneof(
  { weight: 4, arbitrary: fc
    .tuple(
      ws,
      mostly(fc.oneof(fc.integer({ min: 0, max: 9999 }).map((y) => String(y).padStart(4, "0")), fc.constantFrom("2000", "1900", "2100", "2024", "0004", "0400")), year),
      mostly(fc.constant("-"), fc.constantFrom(" - ", "-\t", "--", "/")),
      mostly(fc.oneof(field(12, true), field(12, false)), fc.constantFrom("13", "00", "0", "012")),
      mostly(fc.constant("-"), fc.constantFrom(" -", "- ", ".")),
      mostly(fc.oneof(field(31, true), field(31, false), fc.constantFrom("29", "28", "30", "31")), fc.constantFrom("00", "32", "011")),
      mostly(fc.constantFrom("T", " "), fc.constantFrom("t", "  ", "T ", "_")),
      mostly(fc.oneof(field(23, true), field(23, false)), fc.constantFrom("24", "99", "001")),
      mostly(fc.constant(":"), fc.constantFrom(" : ", "::", " :")),
      mostly(fc.oneof(field(59, true), field(59, false)), fc.constantFrom("60", "99")),
      mostly(fc.constant(":"), fc.constantFrom(" :", "; ")),
      mostly(fc.oneof(field(60, true), field(59, false)), fc.constantFrom("61", "600")),
      mostly(fc.oneof(fc.constant(""), digits(1, 12).map((d) => `.${d}`)), fc.constantFrom(".", ".Z", ",5")),
      ws,
      mostly(fc.oneof(fc.constantFrom("Z", "z", "UTC", "utc", "uTc"), fc.tuple(fc.constantFrom("+", "-"), field(23, true), fc.constantFrom(":", "", " ", "::"), field(59, true)).map((p) => p.join(""))), offset),
      mostly(fc.constant(""), fc.constantFrom(...WS, "x")),
    )
    .map((p) => p.join("")) },
  // Anything made of the grammar's pieces.
  { weight: 1, arbitrary: fc.array(piece, { maxLength: 24 }).map((p) => p.join("")) },
);
const HEX = fc.stringMatching(/^[0-9a-fA-Fg_é-]{0,40}$/);
const uuidish = fc.oneof(
  fc.uuid().map((u) => u.toUpperCase()),
  fc.uuid().map((u) => u.replace(/-/g, "")),
  fc.uuid().map((u) => `{${u}}`),
  fc.uuid().map((u) => `urn:uuid:${u}`),
  fc.tuple(fc.uuid(), fc.nat(40), HEX).map(([u, i, junk]) => u.slice(0, i % 37) + junk + u.slice((i * 7) % 37)),
  fc.tuple(fc.constantFrom("{", "urn:uuid:", "URN:UUID:", ""), HEX, fc.constantFrom("}", "", " ")).map((p) => p.join("")),
);

describe("timestamp and uuid patterns (JavaScript regex, as ajv compiles them)", () => {
  test("agree with serde on every observed case except the documented UTC-overflow edge", () => {
    const wrong = FIXTURE.filter((c) => (c.type === "ts" ? TS : UUID).test(c.value) !== c.serdeOk);
    expect(wrong.map((c) => c.value)).toEqual(["-262144-01-01T00:00:00+01:00", "+262143-12-31T23:59:59-01:00"]);
    expect(wrong.every((c) => c.type === "ts" && utcOverflowEdge(c.value))).toBe(true);
  });

  test("the timestamp pattern accepts exactly what the decoders' chrono reader accepts (fuzzed)", () => {
    fc.assert(
      fc.property(timestampish, (s) => {
        if (utcOverflowEdge(s)) return;
        expect({ s, pattern: TS.test(s) }).toEqual({ s, pattern: chronoAccepts(s) });
      }),
      { numRuns: 20000, seed: 4 },
    );
  });

  test("the uuid pattern accepts exactly what the decoders' uuid reader accepts (fuzzed)", () => {
    fc.assert(
      fc.property(uuidish, (s) => {
        expect({ s, pattern: UUID.test(s) }).toEqual({ s, pattern: uuidAccepts(s) });
      }),
      { numRuns: 20000, seed: 4 },
    );
  });
});

describeWithPython("timestamp and uuid patterns (Python's re, as Python's jsonschema uses them)", () => {
  test("Python's re gives the same verdict as JavaScript on the fixture and on fuzzed strings", () => {
    const strings = [
      ...FIXTURE.map((c) => ({ kind: c.type, s: c.value })),
      ...fc.sample(timestampish, { numRuns: 5000, seed: 7 }).map((s) => ({ kind: "ts" as const, s })),
      ...fc.sample(uuidish, { numRuns: 2000, seed: 7 }).map((s) => ({ kind: "uuid" as const, s })),
    ];
    const code = [
      "import json, re, sys",
      "p = json.loads(sys.stdin.readline())",
      "ts, uu = re.compile(p['ts']), re.compile(p['uuid'])",
      "out = []",
      "for line in sys.stdin:",
      "    c = json.loads(line)",
      "    out.append((ts if c['kind'] == 'ts' else uu).search(c['s']) is not None)",
      "print(json.dumps(out))",
    ].join("\n");
    const input = [JSON.stringify({ ts: TIMESTAMP_PATTERN, uuid: UUID_PATTERN }), ...strings.map((x) => JSON.stringify(x))].join("\n") + "\n";
    const r = spawnSync(PYTHON, ["-c", code], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(r.stderr).toBe("");
    const py = JSON.parse(r.stdout) as boolean[];
    const differ = strings.filter((x, i) => (x.kind === "ts" ? TS : UUID).test(x.s) !== py[i]);
    expect(differ).toEqual([]);
  });
});
