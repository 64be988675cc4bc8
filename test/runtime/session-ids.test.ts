// Any string is a session id: topics, session directories and header values keep distinct ids distinct and safe.
import * as path from "node:path";
import fc from "fast-check";
import {
  EventLogSink,
  FileEventLog,
  agentEventsTopic,
  assertTopic,
  readTopic,
  sanitizeTopicComponent,
  sessionLogPath,
  sessionPathSegment,
  toRecord,
} from "../../runtime";
import { percentDecode, percentEncode, wtf8Decode, wtf8Encode } from "../../runtime/wtf8";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy } from "./fixtures/families";
import { turn } from "./fixtures/harn-events";

afterAll(cleanupTmp);

// Strings of arbitrary UTF-16 code units (lone surrogates included), and of a small alphabet of near-misses:
// case pairs, escape characters, the three strings UTF-8 used to merge, separators and controls.
const anyUnits = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) });
const nearMiss = fc.constantFrom(
  ...[..."aAcon.~%/\\\0\t\r\n 2E_-é😀"],
  "\ud800",
  "\udc00",
  "\ufffd",
  "",
) as fc.Arbitrary<string>;
const nearMisses = fc.string({ unit: nearMiss, maxLength: 8 });
const ids = fc.oneof(anyUnits, nearMisses, fc.string({ unit: "grapheme", maxLength: 300 }));
const longIds = fc.tuple(fc.string({ minLength: 150, maxLength: 200 }), nearMisses).map(([a, b]) => a + b);
// Two ids that differ in one place only (a string and its lower case, `\ud800` and `\ufffd`, `.` and `~2E`…),
// or two independent ids.
const idPairs = fc.oneof(
  fc
    .tuple(fc.oneof(nearMisses, longIds), nearMiss, nearMiss, nearMisses)
    .map(([pre, x, y, post]) => [pre + x + post, pre + y + post] as const),
  fc.tuple(ids, ids),
  fc.tuple(nearMisses, nearMisses),
);

// UTF-8 hex escapes as the sanitizer wrote them before lone surrogates were told apart: what any well-formed id
// must still give (its topic is unchanged).
function utf8Rule(id: string, safe: RegExp): string {
  if (id === "") return "~";
  let out = "";
  for (const ch of id) {
    if (safe.test(ch)) out += ch;
    else for (const b of Buffer.from(ch, "utf8")) out += `~${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("topic components", () => {
  // WTF-8 writes U+D800 as ED A0 80 and U+DC00 as ED B0 80 (the three-byte form of the code point).
  const table: [string, string][] = [
    ["\ud800", "~ED~A0~80"],
    ["\udc00", "~ED~B0~80"],
    ["\ufffd", "~EF~BF~BD"],
    ["\ud800\udc00", "~F0~90~80~80"], // a pair is one code point, U+10000
    ["\udc00\ud800", "~ED~B0~80~ED~A0~80"], // the wrong order is two lone surrogates
    ["a\ud800", "a~ED~A0~80"],
    ["a\ufffd", "a~EF~BF~BD"],
    ["\udbff", "~ED~AF~BF"],
    ["\udfff", "~ED~BF~BF"],
  ];

  test.each(table)("%j → %s", (id, want) => {
    expect(sanitizeTopicComponent(id)).toBe(want);
    expect(() => assertTopic(agentEventsTopic(id))).not.toThrow();
  });

  test("every pair of the table maps to two different topics", () => {
    for (const [a] of table)
      for (const [b] of table) if (a !== b) expect(agentEventsTopic(a)).not.toBe(agentEventsTopic(b));
  });

  test("long ids that differ only in a lone surrogate get different hashes", () => {
    const base = "x".repeat(200);
    const out = ["\ud800", "\udc00", "\ufffd"].map((s) => sanitizeTopicComponent(base + s));
    expect(new Set(out).size).toBe(3);
    for (const c of out) expect(c).toMatch(/^x{80}~~[0-9a-f]{40}$/);
  });

  test("property: distinct ids give distinct topics, each a valid topic", () => {
    fc.assert(
      fc.property(idPairs, ([a, b]) => {
        assertTopic(agentEventsTopic(a));
        return a === b || sanitizeTopicComponent(a) !== sanitizeTopicComponent(b);
      }),
      { numRuns: 3000 },
    );
  });

  test("property: a well-formed id keeps the topic it had (its UTF-8 bytes escaped)", () => {
    fc.assert(
      fc.property(ids, (id) => {
        fc.pre(!lone.test(id) && utf8Rule(id, /^[A-Za-z0-9_-]$/).length <= 128);
        return sanitizeTopicComponent(id) === utf8Rule(id, /^[A-Za-z0-9_-]$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("session directories", () => {
  test.each([
    ["", "~"],
    [".", "~2E"],
    ["..", "~2E~2E"],
    ["../../escaped", "~2E~2E~2F~2E~2E~2Fescaped"],
    ["a/b\\c", "a~2Fb~5Cc"],
    ["a\0b\n", "a~00b~0A"],
    ["Session-A", "~53ession-~41"],
    ["session-a", "session-a"],
    ["0b5c6f1e-9d2a-4f7e-8a8b-2d5f6c7e8f90", "0b5c6f1e-9d2a-4f7e-8a8b-2d5f6c7e8f90"],
    ["con", "~63on"],
    ["nul", "~6Eul"],
    ["com1", "~63om1"],
    ["CON", "~43~4F~4E"],
    ["console", "console"],
    ["\ud800", "~ED~A0~80"],
  ])("%j → %s", (id, want) => {
    expect(sessionPathSegment(id)).toBe(want);
  });

  // Safe: one non-empty segment of [a-z0-9_~-] (no `.`, so neither `.` nor `..`; no separator, NUL or control
  // character; nothing a case-insensitive file system folds), not a Windows device name, at most 128 characters.
  const SAFE_SEGMENT = /^[a-z0-9_~-]{1,128}$/i;
  const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;

  test("property: every segment is safe and the log path stays inside the root", () => {
    const root = path.join("runs", "nested");
    fc.assert(
      fc.property(fc.oneof(ids, longIds), (id) => {
        const segment = sessionPathSegment(id);
        expect(segment).toMatch(SAFE_SEGMENT);
        // Upper case only in hex escapes (the last one may be cut short before a long id's `~~<hash>`).
        expect(segment.replace(/~[0-9A-F]{1,2}/g, "")).not.toMatch(/[A-Z]/);
        expect(segment).not.toMatch(RESERVED);
        const file = sessionLogPath(root, id);
        const rel = path.relative(root, file);
        expect(rel.startsWith("..") || path.isAbsolute(rel)).toBe(false);
        expect(path.dirname(path.dirname(file))).toBe(root);
        expect(path.basename(path.dirname(file))).toBe(segment);
      }),
      { numRuns: 3000 },
    );
  });

  test("property: distinct ids give distinct segments, even compared case-insensitively", () => {
    fc.assert(
      fc.property(idPairs, ([a, b]) => {
        return a === b || sessionPathSegment(a).toLowerCase() !== sessionPathSegment(b).toLowerCase();
      }),
      { numRuns: 3000 },
    );
  });
});

describe("header values", () => {
  test.each([
    ["a\r\nb", "a%0D%0Ab"],
    ["\t", "%09"],
    ["", ""],
    [" x ", "%20x%20"],
    ["100%", "100%25"],
    ["é", "%C3%A9"],
    ["\ud800", "%ED%A0%80"],
    ["\ufffd", "%EF%BF%BD"],
    ["😀", "%F0%9F%98%80"],
    ["0b5c6f1e-9d2a:12", "0b5c6f1e-9d2a:12"],
  ])("%j → %s", (value, want) => {
    expect(percentEncode(value)).toBe(want);
    expect(percentDecode(want)).toBe(value);
  });

  test("property: percent-encoding round-trips any string into printable ASCII without spaces", () => {
    fc.assert(
      fc.property(fc.oneof(ids, longIds), (s) => {
        const enc = percentEncode(s);
        expect(enc).toMatch(/^[!-~]*$/);
        expect(percentDecode(enc)).toBe(s);
        expect(wtf8Decode(wtf8Encode(s))).toBe(s);
      }),
      { numRuns: 3000 },
    );
  });

  test.each(["%", "%4", "%4g", "%e9", "a b", "\t", "%ED%A0%80%ED%B0%80", "%C0%80", "%FF"])(
    "percentDecode rejects %j, which the encoder never writes",
    (text) => {
      expect(() => percentDecode(text)).toThrow(RangeError);
    },
  );
});

test("FileEventLog: hostile session ids get their own topics and read back exactly", async () => {
  const log = FileEventLog.open(tmpDir("ids"));
  const hostile = ["a\r\nb", "\t", "", "\ud800", "\udc00", "\ufffd", "😀", "..", "../../escaped"];
  for (const id of hostile) {
    const sink = new EventLogSink(log, id, { producerId: `p\n${id}` });
    await sink.write(toRecord(harnLegacy, turn("s", hostile.indexOf(id))));
    await sink.close();
  }
  for (const id of hostile) {
    const topic = agentEventsTopic(id);
    const records = await log.read(topic);
    expect(records.map((r) => [r.msgId, r.headers])).toEqual([[`p\n${id}:0`, { session_id: id }]]);
    const entries = await readTopic(log, topic, harnLegacy);
    expect(entries.map((e) => [e.sessionId, e.event])).toEqual([[id, turn("s", hostile.indexOf(id))]]);
  }
  await log.close();
});
