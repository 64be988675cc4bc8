// Session-scoped JSONL logs: any session id gets its own directory under the root, and reopening a session's log
// resumes it (torn tail cut, rotations kept, index contiguous) instead of wiping it.
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import {
  JsonlEventSink,
  JsonlWriteError,
  type JsonlEventSinkOptions,
  encodeEnvelope,
  logFiles,
  readLog,
  rotationPath,
  sessionLogPath,
  toRecord,
} from "../../runtime";
import { linesBackward } from "../../runtime/lines";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy } from "./fixtures/families";
import { type HarnEvent, eventAt, turn } from "./fixtures/harn-events";

afterAll(cleanupTmp);

const quiet: JsonlEventSinkOptions<HarnEvent> = { flushIntervalMs: 0, flushOnExit: false };

function writeEvents(sink: JsonlEventSink<HarnEvent>, from: number, to: number): void {
  for (let i = from; i < to; i++) sink.write(toRecord(harnLegacy, eventAt(i)));
}

/** Reads the whole log back and checks it holds exactly eventAt(0..n-1), in order, with no issue. */
function expectLog(file: string, n: number): void {
  const replay = readLog(file, harnLegacy);
  const entries = replay.toArray();
  expect(replay.issues).toEqual([]);
  expect(entries.map((e) => e.index)).toEqual([...Array(n).keys()]);
  expect(entries.map((e) => e.event)).toEqual([...Array(n).keys()].map((i) => eventAt(i)));
}

/** The first `bytes` bytes of the line a sink would write for event i: what a write(2) cut short leaves. */
function tornLine(i: number, bytes: number): string {
  const line = encodeEnvelope({ index: i, emittedAtMs: Date.now(), frameDepth: null }, harnLegacy.encode(eventAt(i)));
  return line.slice(0, bytes);
}

describe("JsonlEventSink.forSession", () => {
  test("hostile ids each get their own log inside the root; nothing is written outside it", async () => {
    const top = tmpDir("sessions");
    const root = path.join(top, "runs");
    const ids = ["../../escaped", "..", ".", "", "a/b", "A", "a", "con", "\ud800", "\ufffd"];
    for (const [n, id] of ids.entries()) {
      const sink = JsonlEventSink.forSession(root, id, harnLegacy, quiet);
      sink.write(toRecord(harnLegacy, turn(`for ${n}`, n)));
      await sink.close();
      expect(sink.basePath).toBe(sessionLogPath(root, id));
    }
    expect(fs.readdirSync(top)).toEqual(["runs"]);
    const dirs = fs.readdirSync(root);
    expect(dirs.length).toBe(ids.length);
    // Distinct even where a case-insensitive file system would fold names together.
    expect(new Set(dirs.map((d) => d.toLowerCase())).size).toBe(ids.length);
    for (const d of dirs) expect(fs.readdirSync(path.join(root, d))).toEqual(["event_log.jsonl"]);
    for (const [n, id] of ids.entries()) {
      expect(
        readLog(sessionLogPath(root, id), harnLegacy)
          .toArray()
          .map((e) => e.event),
      ).toEqual([turn(`for ${n}`, n)]);
    }
  });

  test("reopening a session resumes its log; mode truncate starts it over", async () => {
    const root = tmpDir("sessions");
    const first = JsonlEventSink.forSession(root, "s", harnLegacy, quiet);
    expect(first.resumed).toEqual({ nextIndex: 0, file: sessionLogPath(root, "s"), cutBytes: 0 });
    writeEvents(first, 0, 10);
    await first.close();
    const again = JsonlEventSink.forSession(root, "s", harnLegacy, quiet);
    expect(again.resumed).toEqual({ nextIndex: 10, file: sessionLogPath(root, "s"), cutBytes: 0 });
    expect([again.eventCount, again.writtenCount]).toEqual([10, 10]);
    writeEvents(again, 10, 15);
    await again.close();
    expectLog(sessionLogPath(root, "s"), 15);

    const fresh = JsonlEventSink.forSession(root, "s", harnLegacy, { ...quiet, mode: "truncate" });
    expect(fresh.resumed).toBeUndefined();
    fresh.write(toRecord(harnLegacy, eventAt(0)));
    await fresh.close();
    expectLog(sessionLogPath(root, "s"), 1);
  });
});

describe("append mode", () => {
  test("a torn last line is cut; the index resumes after the last complete line; nothing complete is lost", async () => {
    const file = path.join(tmpDir("resume"), "event_log.jsonl");
    const sink = JsonlEventSink.open(file, harnLegacy, quiet);
    writeEvents(sink, 0, 20);
    await sink.close();
    const complete = fs.readFileSync(file);
    const torn = tornLine(20, 37);
    fs.appendFileSync(file, torn);
    expect(readLog(file, harnLegacy).toArray().length).toBe(20);

    const resumed = JsonlEventSink.open(file, harnLegacy, { ...quiet, mode: "append" });
    expect(resumed.resumed).toEqual({ nextIndex: 20, file, cutBytes: Buffer.byteLength(torn) });
    // The cut happens on open: the file is back to its complete lines, byte for byte.
    expect(fs.readFileSync(file).equals(complete)).toBe(true);
    writeEvents(resumed, 20, 30);
    await resumed.close();
    expectLog(file, 30);
    expect(fs.readFileSync(file).subarray(0, complete.length).equals(complete)).toBe(true);
  });

  test("complete lines after the last envelope line (zeros a power loss left, garbage) are cut too", async () => {
    const file = path.join(tmpDir("resume"), "event_log.jsonl");
    const sink = JsonlEventSink.open(file, harnLegacy, quiet);
    writeEvents(sink, 0, 5);
    await sink.close();
    const junk = `\0\0\0\0\n{"index":5,"emitted_at_ms":1,"frame_depth":null,"type":"turn_st\n\0\0`;
    fs.appendFileSync(file, junk);
    const resumed = JsonlEventSink.open(file, harnLegacy, { ...quiet, mode: "append" });
    expect(resumed.resumed).toMatchObject({ nextIndex: 5, cutBytes: Buffer.byteLength(junk) });
    writeEvents(resumed, 5, 8);
    await resumed.close();
    expectLog(file, 8);
  });

  test("rotations are kept and the next rotation number follows the last", async () => {
    const file = path.join(tmpDir("resume"), "event_log.jsonl");
    const options = { ...quiet, rotateBytes: 2000 };
    const sink = JsonlEventSink.open(file, harnLegacy, options);
    writeEvents(sink, 0, 40);
    await sink.close();
    const before = logFiles(file);
    expect(before.length).toBeGreaterThan(3);
    const finished = before.slice(0, -1).map((f) => fs.readFileSync(f));
    fs.appendFileSync(before[before.length - 1] as string, tornLine(40, 10));

    const resumed = JsonlEventSink.open(file, harnLegacy, { ...options, mode: "append" });
    expect(resumed.resumed).toEqual({ nextIndex: 40, file: before[before.length - 1], cutBytes: 10 });
    expect(resumed.files).toEqual(before);
    writeEvents(resumed, 40, 80);
    await resumed.close();
    const after = logFiles(file);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after[before.length]).toBe(rotationPath(file, before.length));
    for (const [i, data] of finished.entries()) expect(fs.readFileSync(before[i] as string).equals(data)).toBe(true);
    for (const f of after) expect(fs.statSync(f).size).toBeLessThanOrEqual(2000);
    expectLog(file, 80);
  });

  test("a crash right after a rotation: the newest file holds only a torn line; the index comes from the previous file", async () => {
    const file = path.join(tmpDir("resume"), "event_log.jsonl");
    const sink = JsonlEventSink.open(file, harnLegacy, { ...quiet, rotateBytes: 2000 });
    writeEvents(sink, 0, 12);
    await sink.close();
    const files = logFiles(file);
    const next = rotationPath(file, files.length);
    fs.writeFileSync(next, tornLine(12, 25));

    const resumed = JsonlEventSink.open(file, harnLegacy, { ...quiet, rotateBytes: 2000, mode: "append" });
    expect(resumed.resumed).toEqual({ nextIndex: 12, file: next, cutBytes: 25 });
    writeEvents(resumed, 12, 14);
    await resumed.close();
    expect(readLog(file, harnLegacy).toArray()[12]?.file).toBe(next);
    expectLog(file, 14);
  });

  test("emitted_at_ms keeps not decreasing across a resume", async () => {
    const file = path.join(tmpDir("resume"), "event_log.jsonl");
    const future = Date.now() + 3_600_000;
    fs.writeFileSync(
      file,
      `${encodeEnvelope({ index: 0, emittedAtMs: future, frameDepth: null }, harnLegacy.encode(eventAt(0)))}\n`,
    );
    const resumed = JsonlEventSink.open(file, harnLegacy, { ...quiet, mode: "append" });
    writeEvents(resumed, 1, 3);
    await resumed.close();
    const times = readLog(file, harnLegacy)
      .toArray()
      .map((e) => e.emittedAtMs);
    expect(times).toEqual([future, future, future]);
    expectLog(file, 3);
  });

  test("a file that is not an event log is refused, not cut", async () => {
    const file = path.join(tmpDir("resume"), "notes.jsonl");
    fs.writeFileSync(file, '{"some":"json"}\nplain text\n');
    expect(() => JsonlEventSink.open(file, harnLegacy, { ...quiet, mode: "append" })).toThrow(JsonlWriteError);
    expect(() => JsonlEventSink.open(file, harnLegacy, { ...quiet, mode: "append" })).toThrow(/refusing to append/);
    expect(fs.readFileSync(file, "utf8")).toBe('{"some":"json"}\nplain text\n');
  });

  test("an empty or missing log starts at 0", async () => {
    const dir = tmpDir("resume");
    fs.writeFileSync(path.join(dir, "empty.jsonl"), "");
    for (const name of ["empty.jsonl", "missing.jsonl"]) {
      const sink = JsonlEventSink.open(path.join(dir, name), harnLegacy, { ...quiet, mode: "append" });
      expect(sink.resumed?.nextIndex).toBe(0);
      writeEvents(sink, 0, 2);
      await sink.close();
      expectLog(path.join(dir, name), 2);
    }
  });
});

test("property: linesBackward gives a file's lines last first, across chunk boundaries", () => {
  const file = path.join(tmpDir("backward"), "lines");
  fc.assert(
    fc.property(
      fc.string({ unit: fc.constantFrom("a", "é", "\n"), maxLength: 40 }),
      fc.integer({ min: 1, max: 8 }),
      (text, chunk) => {
        fs.writeFileSync(file, text);
        const bytes = Buffer.from(text);
        // Reference: split after each newline; a non-empty rest is the incomplete last line.
        const want: [number, number, boolean][] = [];
        let start = 0;
        for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) want.push([start, (start = i + 1), true]);
        if (start < bytes.length) want.push([start, bytes.length, false]);
        const fd = fs.openSync(file, "r");
        try {
          const got = [...linesBackward(fd, bytes.length, chunk)].map((l) => [l.start, l.end, l.complete]);
          expect(got).toEqual(want.reverse());
        } finally {
          fs.closeSync(fd);
        }
      },
    ),
    { numRuns: 500 },
  );
});

test("no README example builds a session's log path by hand", () => {
  const root = path.join(__dirname, "../..");
  for (const readme of ["README.md", "runtime/README.md"]) {
    const text = fs.readFileSync(path.join(root, readme), "utf8");
    expect(text).toContain("JsonlEventSink.forSession(");
    expect(text).not.toMatch(/JsonlEventSink\.open\(`[^`]*\$\{/);
    expect(text).not.toMatch(/["'`]runs\/[^"'`]*["'`]/);
  }
});
