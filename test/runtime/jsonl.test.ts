import * as fs from "node:fs";
import * as path from "node:path";
import {
  type EventFamily,
  JsonlEventSink,
  JsonlWriteError,
  SinkClosedError,
  logFiles,
  readLog,
  rotationPath,
  toRecord,
} from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy } from "./fixtures/families";
import { type HarnEvent, chunk, turn } from "./fixtures/harn-events";

afterAll(cleanupTmp);

function open(
  file: string,
  options: Parameters<typeof JsonlEventSink.open<HarnEvent>>[2] = {},
  family: EventFamily<HarnEvent> = harnLegacy,
) {
  return JsonlEventSink.open(file, family, { flushIntervalMs: 0, ...options });
}

function lines(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return text === "" ? [] : text.slice(0, -1).split("\n");
}

describe("JsonlEventSink", () => {
  test("jsonl_sink_writes_monotonic_indices_and_timestamps (seed 000)", async () => {
    const file = path.join(tmpDir("jsonl"), "nested", "event_log.jsonl");
    const sink = open(file);
    for (let i = 0; i < 5; i++) sink.write(toRecord(harnLegacy, turn("s", i)));
    expect(sink.eventCount).toBe(5);
    await sink.flush();
    let lastIdx = -1;
    let lastTs = 0;
    for (const line of lines(file)) {
      const val = JSON.parse(line) as { index: number; emitted_at_ms: number; type: string };
      expect(val.index).toBe(lastIdx + 1);
      expect(val.emitted_at_ms).toBeGreaterThanOrEqual(lastTs);
      lastIdx = val.index;
      lastTs = val.emitted_at_ms;
      expect(val.type).toBe("turn_start");
    }
    expect(lastIdx).toBe(4);
    await sink.close();
  });

  test("a line is the envelope with the event's JSON flattened in, byte for byte", async () => {
    const file = path.join(tmpDir("jsonl"), "log.jsonl");
    const sink = open(file, { frameDepth: (e) => (e.type === "turn_start" ? e.iteration + 1 : null) });
    const before = Date.now();
    sink.write(toRecord(harnLegacy, turn("s-1", 2)));
    sink.write(toRecord(harnLegacy, chunk("s-1", 'quote " and é and \u2028')));
    await sink.close();
    const [a, b] = lines(file);
    const ms = Number(/"emitted_at_ms":(\d+)/.exec(a as string)?.[1]);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(a).toBe(
      `{"index":0,"emitted_at_ms":${ms},"frame_depth":3,"type":"turn_start","session_id":"s-1","iteration":2}`,
    );
    expect(b).toMatch(
      /^\{"index":1,"emitted_at_ms":\d+,"frame_depth":null,"type":"agent_message_chunk","session_id":"s-1","content":"quote \\" and é and \u2028"\}$/,
    );
  });

  test("emitted_at_ms never decreases even if the clock steps back", async () => {
    const file = path.join(tmpDir("jsonl"), "log.jsonl");
    const sink = open(file);
    const now = jest.spyOn(Date, "now");
    try {
      for (const t of [5000, 7000, 6000, 6500, 8000]) {
        now.mockReturnValueOnce(t);
        sink.write(toRecord(harnLegacy, turn("s", t)));
      }
    } finally {
      now.mockRestore();
    }
    await sink.close();
    expect(lines(file).map((l) => (JSON.parse(l) as { emitted_at_ms: number }).emitted_at_ms)).toEqual([
      5000, 7000, 7000, 7000, 8000,
    ]);
  });

  test("rotation: -000001 suffixed files, each at most rotateBytes, no line split, indices contiguous", async () => {
    const file = path.join(tmpDir("jsonl"), "event_log.jsonl");
    const sink = open(file, { rotateBytes: 4096, bufferBytes: 1024 });
    for (let i = 0; i < 500; i++) sink.write(toRecord(harnLegacy, chunk("s", "x".repeat(i % 97))));
    await sink.close();
    const files = logFiles(file);
    expect(files).toEqual(sink.files);
    expect(files[1]).toBe(path.join(path.dirname(file), "event_log-000001.jsonl"));
    expect(files.length).toBeGreaterThan(10);
    let next = 0;
    for (const f of files) {
      expect(fs.statSync(f).size).toBeLessThanOrEqual(4096);
      const text = fs.readFileSync(f, "utf8");
      expect(text.endsWith("\n")).toBe(true);
      for (const line of text.slice(0, -1).split("\n"))
        expect((JSON.parse(line) as { index: number }).index).toBe(next++);
    }
    expect(next).toBe(500);
    expect(sink.writtenCount).toBe(500);
  });

  test("the default rotation size is seed 000's ROTATE_BYTES, 100 MiB", () => {
    expect(JsonlEventSink.ROTATE_BYTES).toBe(100 * 1024 * 1024);
  });

  test("rotation naming follows seed 000: stem, -NNNNNN, extension (default .jsonl)", () => {
    expect(rotationPath("/a/event_log.jsonl", 1)).toBe("/a/event_log-000001.jsonl");
    expect(rotationPath("/a/log", 12)).toBe("/a/log-000012.jsonl");
    expect(rotationPath("/a/x.log", 1234567)).toBe("/a/x-1234567.log");
  });

  test("a line longer than the buffer, or than rotateBytes, is written whole into a file of its own", async () => {
    const file = path.join(tmpDir("jsonl"), "big.jsonl");
    const sink = open(file, { rotateBytes: 2000, bufferBytes: 512 });
    sink.write(toRecord(harnLegacy, chunk("s", "a")));
    sink.write(toRecord(harnLegacy, chunk("s", "b".repeat(5000))));
    sink.write(toRecord(harnLegacy, chunk("s", "c")));
    await sink.close();
    const replay = readLog(file, harnLegacy).toArray();
    expect(replay.map((e) => [e.index, path.basename(e.file), e.line])).toEqual([
      [0, "big.jsonl", 1],
      [1, "big-000001.jsonl", 1],
      [2, "big-000002.jsonl", 1],
    ]);
    expect((replay[1]?.event as { content: string }).content).toHaveLength(5000);
  });

  test("opening a log starts it afresh: truncates the base and removes stale rotations", async () => {
    const dir = tmpDir("jsonl");
    const file = path.join(dir, "event_log.jsonl");
    const first = open(file, { rotateBytes: 300 });
    for (let i = 0; i < 20; i++) first.write(toRecord(harnLegacy, turn("old", i)));
    await first.close();
    expect(logFiles(file).length).toBeGreaterThan(2);
    fs.writeFileSync(path.join(dir, "event_log-notarotation.jsonl"), "keep me");
    const second = open(file);
    second.write(toRecord(harnLegacy, turn("new", 0)));
    await second.close();
    expect(logFiles(file)).toEqual([file]);
    expect(
      readLog(file, harnLegacy)
        .toArray()
        .map((e) => e.event),
    ).toEqual([turn("new", 0)]);
    expect(fs.readFileSync(path.join(dir, "event_log-notarotation.jsonl"), "utf8")).toBe("keep me");
  });

  test("buffered lines reach the file on flush, on the flush interval, and on close", async () => {
    const file = path.join(tmpDir("jsonl"), "log.jsonl");
    const sink = open(file, { flushIntervalMs: 20 });
    sink.write(toRecord(harnLegacy, turn("s", 0)));
    expect(fs.statSync(file).size).toBe(0);
    expect(sink.writtenCount).toBe(0);
    await new Promise((r) => setTimeout(r, 80));
    expect(lines(file)).toHaveLength(1);
    sink.write(toRecord(harnLegacy, turn("s", 1)));
    await sink.flush();
    expect(lines(file)).toHaveLength(2);
    sink.write(toRecord(harnLegacy, turn("s", 2)));
    await sink.close();
    expect(lines(file)).toHaveLength(3);
    expect(() => sink.write(toRecord(harnLegacy, turn("s", 3)))).toThrow(SinkClosedError);
    await sink.close();
  });

  test("fsync policy: none never syncs, close syncs each finished file and on close, everyMs syncs periodically", async () => {
    const dir = tmpDir("jsonl");
    const none = open(path.join(dir, "none.jsonl"), { fsync: "none", rotateBytes: 200 });
    for (let i = 0; i < 10; i++) none.write(toRecord(harnLegacy, turn("s", i)));
    await none.close();
    expect(none.files.length).toBeGreaterThan(2);
    expect(none.fsyncCount).toBe(0);
    const onClose = open(path.join(dir, "close.jsonl"), { rotateBytes: 200 });
    for (let i = 0; i < 10; i++) onClose.write(toRecord(harnLegacy, turn("s", i)));
    await onClose.close();
    expect(onClose.fsyncCount).toBe(onClose.files.length);
    const periodic = open(path.join(dir, "periodic.jsonl"), { fsync: { everyMs: 10 } });
    periodic.write(toRecord(harnLegacy, turn("s", 0)));
    await new Promise((r) => setTimeout(r, 80));
    expect(periodic.fsyncCount).toBeGreaterThanOrEqual(2);
    expect(lines(path.join(dir, "periodic.jsonl"))).toHaveLength(1);
    const before = periodic.fsyncCount;
    await periodic.sync();
    expect(periodic.fsyncCount).toBe(before + 1);
    await periodic.close();
  });

  test("payload truncation per field, from the family's table and the sink's options; only cut events are re-encoded", async () => {
    let encodes = 0;
    const family: EventFamily<HarnEvent> = {
      ...harnLegacy,
      encode: (e) => (encodes++, harnLegacy.encode(e)),
      truncation: { agent_message_chunk: { content: 8 } },
    };
    const file = path.join(tmpDir("jsonl"), "log.jsonl");
    const sink = open(file, { truncate: { tool_call: { tool_call_id: 4 } } }, family);
    const records = [
      toRecord(family, chunk("s", "short")),
      toRecord(family, chunk("s", "a much longer message")),
      toRecord(family, {
        type: "tool_call",
        session_id: "s",
        tool_call_id: "call-123456",
        tool_name: "t",
        kind: null,
        status: "pending",
        raw_input: { q: "x".repeat(50) },
      }),
    ];
    expect(encodes).toBe(3);
    for (const r of records) sink.write(r);
    expect(encodes).toBe(5);
    await sink.close();
    const events = readLog(file, harnLegacy)
      .toArray()
      .map((e) => e.event);
    expect(events).toEqual([
      chunk("s", "short"),
      chunk("s", "a much l[truncated: 13 bytes omitted]"),
      {
        type: "tool_call",
        session_id: "s",
        tool_call_id: "call[truncated: 7 bytes omitted]",
        tool_name: "t",
        kind: null,
        status: "pending",
        raw_input: { q: "x".repeat(50) },
      },
    ]);
  });

  test("an event whose JSON is not an object cannot be flattened and is refused", () => {
    const family: EventFamily<string> = {
      name: "strings",
      encode: (s) => JSON.stringify(s),
      decode: (j) => JSON.parse(j) as string,
      typeName: () => "unit",
    };
    const sink = JsonlEventSink.open(path.join(tmpDir("jsonl"), "log.jsonl"), family, { flushIntervalMs: 0 });
    expect(() => sink.write(toRecord(family, "Unit"))).toThrow(
      "strings event `unit` is not a JSON object; it cannot be flattened into the envelope",
    );
    expect(sink.eventCount).toBe(0);
    sink.closeSync();
  });
});

describe("JsonlEventSink: disk write failures reach the caller", () => {
  test("the path is a directory: open throws EISDIR", () => {
    const dir = tmpDir("jsonl");
    expect(() => open(dir)).toThrow(expect.objectContaining({ name: "JsonlWriteError", code: "EISDIR" }));
  });

  test("a parent is a file: open throws (ENOTDIR, or EEXIST for the direct parent)", () => {
    const dir = tmpDir("jsonl");
    fs.writeFileSync(path.join(dir, "file"), "");
    expect(() => open(path.join(dir, "file", "sub", "log.jsonl"))).toThrow(
      expect.objectContaining({ name: "JsonlWriteError", code: "ENOTDIR" }),
    );
    expect(() => open(path.join(dir, "file", "log.jsonl"))).toThrow(expect.objectContaining({ code: "EEXIST" }));
  });

  test("the next rotation's path is a directory: the write that rotates throws, earlier lines are intact, the sink refuses more", async () => {
    const dir = tmpDir("jsonl");
    const file = path.join(dir, "log.jsonl");
    fs.mkdirSync(path.join(dir, "log-000001.jsonl"));
    const sink = open(file, { rotateBytes: 1000 });
    let failed: unknown;
    let accepted = 0;
    try {
      for (let i = 0; i < 100; i++) {
        sink.write(toRecord(harnLegacy, turn("s", i)));
        accepted++;
      }
    } catch (error) {
      failed = error;
    }
    expect(failed).toBeInstanceOf(JsonlWriteError);
    const err = failed as JsonlWriteError;
    expect(err.code).toBe("EISDIR");
    expect(err.written).toBe(accepted);
    expect(err.lost).toBe(0);
    expect(sink.eventCount).toBe(accepted);
    expect(sink.writtenCount).toBe(accepted);
    expect(readLog(file, harnLegacy).toArray()).toHaveLength(accepted);
    expect(() => sink.write(toRecord(harnLegacy, turn("s", 999)))).toThrow(err);
    await expect(sink.flush()).rejects.toBe(err);
    await expect(sink.close()).rejects.toBe(err);
  });

  test("the device is full (ENOSPC): flush throws, and the error says how many lines were lost", async () => {
    const dir = tmpDir("jsonl");
    const file = path.join(dir, "log.jsonl");
    fs.symlinkSync("/dev/full", file);
    const sink = open(file, { fsync: "none" });
    for (let i = 0; i < 3; i++) sink.write(toRecord(harnLegacy, turn("s", i)));
    const failure = sink.flush();
    await expect(failure).rejects.toBeInstanceOf(JsonlWriteError);
    const err = (await failure.catch((e: unknown) => e)) as JsonlWriteError;
    expect(err.code).toBe("ENOSPC");
    expect([err.written, err.lost]).toEqual([0, 3]);
    expect(err.message).toMatch(/: write failed: ENOSPC: no space left on device, write \(0 lines written, 3 lost\)$/);
    expect(() => sink.write(toRecord(harnLegacy, turn("s", 3)))).toThrow(err);
    await expect(sink.close()).rejects.toBe(err);
  });

  test("ENOSPC while the buffer fills up is thrown from write itself", () => {
    const dir = tmpDir("jsonl");
    const file = path.join(dir, "log.jsonl");
    fs.symlinkSync("/dev/full", file);
    const sink = open(file, { bufferBytes: 1024, fsync: "none" });
    expect(() => {
      for (let i = 0; i < 100; i++) sink.write(toRecord(harnLegacy, turn("s", i)));
    }).toThrow(JsonlWriteError);
    expect(sink.writtenCount).toBe(0);
    sink.closeSync(true);
  });
});
