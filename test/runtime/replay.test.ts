import * as fs from "node:fs";
import * as path from "node:path";
import { JsonlEventSink, type LogIssue, encodeEnvelope, readLog, splitEnvelope, toRecord } from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy } from "./fixtures/families";
import { type HarnEvent, chunk, turn } from "./fixtures/harn-events";

afterAll(cleanupTmp);

function writeLog(dir: string, n: number, rotateBytes = 100 * 1024 * 1024): string {
  const file = path.join(dir, "event_log.jsonl");
  const sink = JsonlEventSink.open(file, harnLegacy, { rotateBytes, flushIntervalMs: 0 });
  for (let i = 0; i < n; i++) sink.write(toRecord(harnLegacy, i % 2 === 0 ? turn("s", i) : chunk("s", `c${i}`)));
  sink.closeSync();
  return file;
}

const line = (index: number, e: HarnEvent): string =>
  encodeEnvelope({ index, emittedAtMs: 1000 + index, frameDepth: null }, harnLegacy.encode(e));

describe("readLog", () => {
  test("reads the base file and its rotations in order, with envelope, file and line", () => {
    const file = writeLog(tmpDir("replay"), 40, 600);
    const replay = readLog(file, harnLegacy);
    expect(replay.files.length).toBeGreaterThan(3);
    const entries = replay.toArray();
    expect(entries.map((e) => e.index)).toEqual([...Array(40).keys()]);
    expect(entries[1]?.event).toEqual(chunk("s", "c1"));
    expect(entries[0]?.frameDepth).toBeNull();
    expect(entries[0]).toMatchObject({ file, line: 1 });
    const second = entries.find((e) => e.file === replay.files[1]);
    expect(second?.line).toBe(1);
    expect(replay.issues).toEqual([]);
  });

  test("reports each corrupt line with file and line number and keeps reading", () => {
    const dir = tmpDir("replay");
    const file = path.join(dir, "event_log.jsonl");
    fs.writeFileSync(
      file,
      [
        line(0, turn("s", 0)),
        "not json at all",
        line(2, turn("s", 2)),
        '{"index":3,"emitted_at_ms":1,"frame_depth":null,"type":"no_such_variant"}',
        '{"index":"4","emitted_at_ms":1,"type":"turn_start","session_id":"s","iteration":4}',
        line(5, turn("s", 5)),
        "",
      ].join("\n"),
    );
    const replay = readLog(file, harnLegacy);
    expect(replay.toArray().map((e) => e.index)).toEqual([0, 2, 5]);
    expect(replay.issues.map((i) => [i.kind, path.basename(i.file), i.line])).toEqual([
      ["corrupt", "event_log.jsonl", 2],
      ["sequence", "event_log.jsonl", 3],
      ["corrupt", "event_log.jsonl", 4],
      ["corrupt", "event_log.jsonl", 5],
      ["sequence", "event_log.jsonl", 6],
    ]);
    expect(replay.issues[2]?.message).toMatch(
      /^unknown variant `no_such_variant`, expected one of `agent_message_chunk`, `agent_thought_chunk`, .*, `fs_watch`$/,
    );
    expect(replay.issues[3]?.message).toBe('invalid envelope field `index`: "4"');
    expect(replay.issues[1]?.message).toBe("index 2 where 1 was expected");
  });

  test("tolerates a torn last line: every complete line is read, the torn one reported", () => {
    const dir = tmpDir("replay");
    const file = path.join(dir, "event_log.jsonl");
    const full = `${line(0, turn("s", 0))}\n${line(1, chunk("s", "héllo"))}\n`;
    const third = line(2, chunk("s", "cut short"));
    // Cut inside a multi-byte character too: the reader must not choke on invalid UTF-8.
    fs.writeFileSync(file, Buffer.concat([Buffer.from(full), Buffer.from(third).subarray(0, 40)]));
    const issues: LogIssue[] = [];
    const replay = readLog(file, harnLegacy, { onIssue: (i) => issues.push(i) });
    expect(replay.toArray().map((e) => e.event)).toEqual([turn("s", 0), chunk("s", "héllo")]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ kind: "torn", file, line: 3 });
    expect(issues[0]?.message).toMatch(/^torn last line \(the writer stopped mid-line\): /);
    expect(replay.issues).toEqual(issues);
  });

  test("a last line missing only its newline is complete and is read", () => {
    const file = path.join(tmpDir("replay"), "event_log.jsonl");
    fs.writeFileSync(file, `${line(0, turn("s", 0))}\n${line(1, turn("s", 1))}`);
    const replay = readLog(file, harnLegacy);
    expect(replay.toArray().map((e) => e.index)).toEqual([0, 1]);
    expect(replay.issues).toEqual([]);
  });

  test("an incomplete line at the end of a rotated (not the newest) file is corrupt, not torn", () => {
    const dir = tmpDir("replay");
    const file = path.join(dir, "event_log.jsonl");
    fs.writeFileSync(file, `${line(0, turn("s", 0))}\n{"index":1,"emi`);
    fs.writeFileSync(path.join(dir, "event_log-000001.jsonl"), `${line(2, turn("s", 2))}\n`);
    const replay = readLog(file, harnLegacy);
    expect(replay.toArray().map((e) => e.index)).toEqual([0, 2]);
    expect(replay.issues.map((i) => [i.kind, path.basename(i.file), i.line])).toEqual([
      ["corrupt", "event_log.jsonl", 2],
      ["sequence", "event_log-000001.jsonl", 1],
    ]);
  });

  test("resumes from an index, skipping whole files before it", () => {
    const file = writeLog(tmpDir("replay"), 200, 1000);
    const replay = readLog(file, harnLegacy, { fromIndex: 137 });
    const entries = replay.toArray();
    expect(entries.map((e) => e.index)).toEqual([...Array(63).keys()].map((i) => i + 137));
    expect(replay.issues).toEqual([]);
    let decodes = 0;
    readLog(file, { ...harnLegacy, decode: (j) => (decodes++, harnLegacy.decode(j)) }, { fromIndex: 137 }).toArray();
    expect(decodes).toBe(63);
    expect(readLog(file, harnLegacy, { fromIndex: 10_000 }).toArray()).toEqual([]);
  });

  test("lines longer than the read chunk, and chunk boundaries anywhere", () => {
    const file = path.join(tmpDir("replay"), "event_log.jsonl");
    const sink = JsonlEventSink.open(file, harnLegacy, { flushIntervalMs: 0 });
    const events = [chunk("s", "x".repeat(300_000)), turn("s", 1), chunk("s", "€".repeat(5000)), turn("s", 3)];
    for (const e of events) sink.write(toRecord(harnLegacy, e));
    sink.closeSync();
    for (const chunkBytes of [7, 64, 1000, 1 << 20]) {
      const replay = readLog(file, harnLegacy, { chunkBytes });
      expect(replay.toArray().map((e) => e.event)).toEqual(events);
      expect(replay.issues).toEqual([]);
    }
  });

  test("a log still being written: iterating again picks up new lines and rotations", () => {
    const file = path.join(tmpDir("replay"), "event_log.jsonl");
    const sink = JsonlEventSink.open(file, harnLegacy, { rotateBytes: 400, flushIntervalMs: 0 });
    for (let i = 0; i < 3; i++) sink.write(toRecord(harnLegacy, turn("s", i)));
    sink.flushSync();
    const replay = readLog(file, harnLegacy);
    const first = replay.toArray().length;
    for (let i = 3; i < 20; i++) sink.write(toRecord(harnLegacy, turn("s", i)));
    sink.closeSync();
    expect(first).toBe(3);
    expect(replay.toArray().map((e) => e.index)).toEqual([...Array(20).keys()]);
    expect(replay.files.length).toBeGreaterThan(2);
  });

  test("iterating again re-reads the files and resets the issues", () => {
    const file = path.join(tmpDir("replay"), "event_log.jsonl");
    fs.writeFileSync(file, `${line(0, turn("s", 0))}\nbad\n`);
    const replay = readLog(file, harnLegacy);
    expect(replay.toArray()).toHaveLength(1);
    expect(replay.toArray()).toHaveLength(1);
    expect(replay.issues).toHaveLength(1);
  });
});

describe("envelope", () => {
  test("splitEnvelope inverts encodeEnvelope and keeps the event's bytes", () => {
    const eventJson =
      '{"type":"tool_call","session_id":"s","tool_call_id":"c","raw_input":{"n":1.0,"big":18446744073709551615}}';
    const l = encodeEnvelope({ index: 7, emittedAtMs: 1_700_000_000_123, frameDepth: 2 }, eventJson);
    expect(l).toBe(
      '{"index":7,"emitted_at_ms":1700000000123,"frame_depth":2,"type":"tool_call","session_id":"s","tool_call_id":"c","raw_input":{"n":1.0,"big":18446744073709551615}}',
    );
    expect(splitEnvelope(l)).toEqual({
      header: { index: 7, emittedAtMs: 1_700_000_000_123, frameDepth: 2 },
      eventJson,
    });
  });

  test.each([
    [
      "envelope fields in another order",
      '{"type":"a","index":1,"x":[1,{"index":9}],"frame_depth":null,"emitted_at_ms":-5}',
      { index: 1, emittedAtMs: -5, frameDepth: null },
      '{"type":"a","x":[1,{"index":9}]}',
    ],
    [
      "frame_depth absent (None)",
      '{"index":0,"emitted_at_ms":3,"type":"a"}',
      { index: 0, emittedAtMs: 3, frameDepth: null },
      '{"type":"a"}',
    ],
    [
      "an event with no fields",
      '{"index":0,"emitted_at_ms":3,"frame_depth":null}',
      { index: 0, emittedAtMs: 3, frameDepth: null },
      "{}",
    ],
    [
      "escaped keys and strings",
      '{"index":0,"emitted_at_ms":3,"frame_depth":1,"t\\u0079pe":"a\\"}b"}',
      { index: 0, emittedAtMs: 3, frameDepth: 1 },
      '{"t\\u0079pe":"a\\"}b"}',
    ],
  ])("%s", (_, text, header, eventJson) => {
    expect(splitEnvelope(text)).toEqual({ header, eventJson });
  });

  test.each([
    ['{"emitted_at_ms":1,"type":"a"}', "missing field `index`"],
    ['{"index":1,"type":"a"}', "missing field `emitted_at_ms`"],
    ['{"index":-1,"emitted_at_ms":1}', "invalid envelope field `index`: -1"],
    ['{"index":1.0,"emitted_at_ms":1}', "invalid envelope field `index`: 1.0"],
    ['{"index":1,"emitted_at_ms":1,"frame_depth":4294967296}', "envelope field `frame_depth` out of range: 4294967296"],
    ['{"index":1,"emitted_at_ms":1,"type":"a"', "expected ',' or '}' at offset 39"],
    ["[1]", "expected an object at offset 0"],
  ])("rejects %s", (text, message) => {
    expect(() => splitEnvelope(text)).toThrow(message);
  });
});
