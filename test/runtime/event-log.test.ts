import * as fs from "node:fs";
import * as path from "node:path";
import {
  EventLogError,
  EventLogSink,
  FileEventLog,
  agentEventsTopic,
  assertTopic,
  readTopic,
  sanitizeTopicComponent,
  toRecord,
} from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy } from "./fixtures/families";
import { chunk, eventAt, turn } from "./fixtures/harn-events";

afterAll(cleanupTmp);

describe("topic names", () => {
  test.each([
    ["session-1", "session-1"],
    ["0b5c6f1e-9d2a-4f7e-8a8b-2d5f6c7e8f90", "0b5c6f1e-9d2a-4f7e-8a8b-2d5f6c7e8f90"],
    ["", "~"],
    ["..", "~2E~2E"],
    ["../../etc/passwd", "~2E~2E~2F~2E~2E~2Fetc~2Fpasswd"],
    ["a.b", "a~2Eb"],
    ["*", "~2A"],
    [">", "~3E"],
    ["a b\tc\n", "a~20b~09c~0A"],
    ["C:\\x", "C~3A~5Cx"],
    ["~", "~7E"],
    ["é", "~C3~A9"],
    ["😀", "~F0~9F~98~80"],
    ["a\u0000b", "a~00b"],
  ])("%j → %s", (id, want) => {
    expect(sanitizeTopicComponent(id)).toBe(want);
    expect(() => assertTopic(agentEventsTopic(id))).not.toThrow();
  });

  test("the topic is observability.agent_events.<sanitized id> (seed 000)", () => {
    expect(agentEventsTopic("sess/1")).toBe("observability.agent_events.sess~2F1");
  });

  test("distinct ids give distinct components; long ids are bounded and still distinct", () => {
    const ids = ["a_b", "a.b", "a/b", "a b", "a~2Eb", "", "~", "x".repeat(500), `${"x".repeat(499)}y`];
    const out = ids.map(sanitizeTopicComponent);
    expect(new Set(out).size).toBe(ids.length);
    for (const c of out) expect(c.length).toBeLessThanOrEqual(128);
    expect(out[7]).toMatch(/^x{80}~~[0-9a-f]{40}$/);
  });

  test.each(["", "a..b", ".a", "a.", "a.*", "a.>", "a/b", "a b", "../x", "x".repeat(256)])(
    "assertTopic rejects %j",
    (topic) => {
      expect(() => assertTopic(topic)).toThrow(RangeError);
    },
  );
});

describe("FileEventLog", () => {
  const record = (kind: string, payload: string) => ({
    kind,
    payload,
    headers: { session_id: "s", a: "1" },
    occurredAtMs: 42,
  });

  test("appends records to <dir>/<topic>.jsonl and reads them back in order", async () => {
    const dir = tmpDir("filelog");
    const log = FileEventLog.open(dir);
    const topic = agentEventsTopic("s");
    expect(await log.append(topic, record("k1", '{"event":{"n":1.0}}'), "p:0")).toEqual({ seq: 1, duplicate: false });
    expect(await log.append(topic, record("k2", '{"event":2}'), "p:1")).toEqual({ seq: 2, duplicate: false });
    expect(fs.readFileSync(path.join(dir, `${topic}.jsonl`), "utf8")).toBe(
      '{"seq":1,"msg_id":"p:0","kind":"k1","headers":{"a":"1","session_id":"s"},"occurred_at_ms":42,"payload":{"event":{"n":1.0}}}\n' +
        '{"seq":2,"msg_id":"p:1","kind":"k2","headers":{"a":"1","session_id":"s"},"occurred_at_ms":42,"payload":{"event":2}}\n',
    );
    const all = await log.read(topic);
    expect(all.map((r) => [r.seq, r.msgId, r.kind, r.payload])).toEqual([
      [1, "p:0", "k1", '{"event":{"n":1.0}}'],
      [2, "p:1", "k2", '{"event":2}'],
    ]);
    expect(all[0]?.headers).toEqual({ a: "1", session_id: "s" });
    expect((await log.read(topic, { after: 1 })).map((r) => r.seq)).toEqual([2]);
    expect((await log.read(topic, { limit: 1 })).map((r) => r.seq)).toEqual([1]);
    expect(await log.read(agentEventsTopic("nobody"))).toEqual([]);
    await log.close();
  });

  test("a message id already stored is not appended again (retries are idempotent), even after reopening", async () => {
    const dir = tmpDir("filelog");
    const topic = agentEventsTopic("s");
    const log = FileEventLog.open(dir);
    await log.append(topic, record("k", "1"), "m-1");
    expect(await log.append(topic, record("k", "1"), "m-1")).toEqual({ seq: 1, duplicate: true });
    await log.close();
    const again = FileEventLog.open(dir);
    expect(await again.append(topic, record("k", "1"), "m-1")).toEqual({ seq: 1, duplicate: true });
    expect(await again.append(topic, record("k", "2"), "m-2")).toEqual({ seq: 2, duplicate: false });
    expect((await again.read(topic)).length).toBe(2);
    await again.close();
  });

  test("a torn last record left by a crash is cut off on open; the sequence continues", async () => {
    const dir = tmpDir("filelog");
    const topic = agentEventsTopic("s");
    const log = FileEventLog.open(dir);
    await log.append(topic, record("k", "1"), "m-1");
    await log.close();
    fs.appendFileSync(path.join(dir, `${topic}.jsonl`), '{"seq":2,"msg_id":"m-2","kind":"k","hea');
    const again = FileEventLog.open(dir);
    expect(await again.append(topic, record("k", "2"), "m-2")).toEqual({ seq: 2, duplicate: false });
    expect((await again.read(topic)).map((r) => r.payload)).toEqual(["1", "2"]);
    await again.close();
  });

  test("a failed write is rejected and leaves no partial record", async () => {
    const dir = tmpDir("filelog");
    const topic = agentEventsTopic("full");
    fs.symlinkSync("/dev/full", path.join(dir, `${topic}.jsonl`));
    const log = FileEventLog.open(dir);
    await expect(log.append(topic, record("k", "1"), "m-1")).rejects.toMatchObject({ code: "ENOSPC" });
    expect(log.isRetryable(new Error("x"))).toBe(false);
    await log.close();
  });

  test("topics that are not safe names are refused", async () => {
    const log = FileEventLog.open(tmpDir("filelog"));
    await expect(log.append("../escape", record("k", "1"), "m")).rejects.toThrow(RangeError);
    await log.close();
  });
});

describe("EventLogSink on the file log", () => {
  test("appends (kind, payload, headers) records to the session topic; a consumer decodes them", async () => {
    const log = FileEventLog.open(tmpDir("sinklog"));
    const sink = new EventLogSink(log, "sess/1", { producerId: "p" });
    expect(sink.topic).toBe("observability.agent_events.sess~2F1");
    const events = [turn("sess/1", 0), chunk("sess/1", 'é\n"x"'), eventAt(2)];
    for (const e of events) sink.write(toRecord(harnLegacy, e));
    await sink.flush();
    expect(sink.stats()).toEqual({ accepted: 3, acked: 3, duplicates: 0, dropped: 0, retries: 0, pending: 0 });
    const stored = await log.read(sink.topic);
    expect(stored.map((r) => [r.seq, r.msgId, r.kind, r.headers])).toEqual([
      [1, "p:0", "turn_start", { session_id: "sess/1" }],
      [2, "p:1", "agent_message_chunk", { session_id: "sess/1" }],
      [3, "p:2", "tool_call", { session_id: "sess/1" }],
    ]);
    expect(stored[0]?.payload).toMatch(
      /^\{"index_hint":\d+,"session_id":"sess\/1","event":\{"type":"turn_start","session_id":"sess\/1","iteration":0\}\}$/,
    );
    const read = await readTopic(log, sink.topic, harnLegacy);
    expect(read.map((r) => r.event)).toEqual(events);
    expect(read[0]?.sessionId).toBe("sess/1");
    expect(read[0]?.indexHint).toBeGreaterThan(1_600_000_000_000);
    expect((await readTopic(log, sink.topic, harnLegacy, { after: 2 })).map((r) => r.seq)).toEqual([3]);
    await sink.close();
    await log.close();
  });

  test("a permanent backend failure stops the sink and reaches the caller with the number of lost events", async () => {
    const dir = tmpDir("sinklog");
    fs.symlinkSync("/dev/full", path.join(dir, `${agentEventsTopic("s")}.jsonl`));
    const log = FileEventLog.open(dir);
    const sink = new EventLogSink(log, "s");
    sink.write(toRecord(harnLegacy, turn("s", 0)));
    sink.write(toRecord(harnLegacy, turn("s", 1)));
    const err = (await sink.flush().catch((e: unknown) => e)) as EventLogError;
    expect(err).toBeInstanceOf(EventLogError);
    expect(err.message).toBe(
      `event log append to ${sink.topic} failed: ENOSPC: no space left on device, write (2 events not stored)`,
    );
    expect(err.unacked).toBe(2);
    expect(() => sink.write(toRecord(harnLegacy, turn("s", 2)))).toThrow(err);
    await expect(sink.close()).rejects.toBe(err);
    await log.close();
  });

  test("a corrupt record makes readTopic fail loudly, naming the topic and record", async () => {
    const log = FileEventLog.open(tmpDir("sinklog"));
    const topic = agentEventsTopic("s");
    await log.append(topic, { kind: "x", payload: '{"event":{"type":"nope"}}', headers: {}, occurredAtMs: 0 }, "m");
    await expect(readTopic(log, topic, harnLegacy)).rejects.toThrow(
      /^topic observability\.agent_events\.s, record 1: unknown variant `nope`/,
    );
    await log.close();
  });
});
