import * as path from "node:path";
import { headers as natsHeaders } from "nats";
import { EventLogError, EventLogSink, NatsEventLog, agentEventsTopic, readTopic, toRecord } from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { NatsServer, natsServerAvailable } from "./nats-server";
import { harnLegacy } from "./fixtures/families";
import { type HarnEvent, chunk, eventAt, turn } from "./fixtures/harn-events";

if (!natsServerAvailable()) {
  // .ci/run installs Debian's nats-server; without it these tests cannot run at all.
  throw new Error("nats-server not found at /usr/sbin/nats-server (apt-get install nats-server)");
}

let server: NatsServer;
const logs: NatsEventLog[] = [];

beforeAll(async () => {
  server = await NatsServer.start(path.join(tmpDir("nats"), "jetstream"));
});

afterAll(async () => {
  for (const log of logs) await log.close().catch(() => undefined);
  await server.stop();
  cleanupTmp();
});

async function connect(options: Partial<Parameters<typeof NatsEventLog.connect>[0]> = {}): Promise<NatsEventLog> {
  const log = await NatsEventLog.connect({ servers: server.url, ackTimeoutMs: 500, ...options });
  logs.push(log);
  return log;
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

test("appends wait for the server's ack; a repeated message id is not stored twice; a consumer decodes the topic", async () => {
  const log = await connect();
  const topic = agentEventsTopic("basic");
  const rec = {
    kind: "turn_start",
    payload: `{"index_hint":1,"session_id":"basic","event":${harnLegacy.encode(turn("basic", 0))}}`,
    headers: { session_id: "basic" },
    occurredAtMs: 7,
  };
  const first = await log.append(topic, rec, "basic:0");
  expect(first.duplicate).toBe(false);
  expect(await log.append(topic, rec, "basic:0")).toEqual({ seq: first.seq, duplicate: true });
  const stored = await log.read(topic);
  expect(stored).toEqual([
    {
      topic,
      seq: first.seq,
      msgId: "basic:0",
      kind: "turn_start",
      occurredAtMs: 7,
      headers: { session_id: "basic" },
      payload: rec.payload,
    },
  ]);
  const entries = await readTopic(log, topic, harnLegacy);
  expect(entries.map((e) => [e.kind, e.sessionId, e.event])).toEqual([["turn_start", "basic", turn("basic", 0)]]);
  expect(await log.read(agentEventsTopic("empty"))).toEqual([]);
});

test("EventLogSink publishes in order with acks; the topic reads back with the decoder", async () => {
  const log = await connect();
  const sink = new EventLogSink<HarnEvent>(log, "ordered");
  const n = 3000;
  for (let i = 0; i < n; i++) await sink.write(toRecord(harnLegacy, eventAt(i)));
  await sink.flush();
  expect(sink.stats()).toMatchObject({ accepted: n, acked: n, dropped: 0, pending: 0 });
  const entries = await readTopic(log, sink.topic, harnLegacy);
  expect(entries.map((e) => e.event)).toEqual([...Array(n).keys()].map((i) => eventAt(i)));
  const after = await readTopic(log, sink.topic, harnLegacy, { after: entries[n - 11]?.seq ?? 0, limit: 5 });
  expect(after.map((e) => e.event)).toEqual([...Array(5).keys()].map((i) => eventAt(n - 10 + i)));
  await sink.close();
});

test.each(["SIGTERM", "SIGKILL"] as const)(
  "the server is stopped (%s) and restarted mid-stream: no acknowledged event is lost, none is duplicated",
  async (signal) => {
    const log = await connect();
    const retries: number[] = [];
    const sink = new EventLogSink<HarnEvent>(log, `restart-${signal}`, {
      retryDelayMs: 20,
      maxRetryDelayMs: 200,
      onRetry: (_, attempt) => retries.push(attempt),
    });
    const n = 6000;
    let ackedBeforeStop = 0;
    for (let i = 0; i < n; i++) {
      await sink.write(toRecord(harnLegacy, eventAt(i)));
      if (i % 100 === 0) await tick();
      if (i === 2000) {
        ackedBeforeStop = sink.stats().acked;
        await server.stop(signal);
      }
      if (i === 4000) {
        expect(sink.stats().pending).toBeGreaterThan(1000); // buffered while the server was down
        await server.start();
      }
    }
    await sink.flush();
    expect(ackedBeforeStop).toBeGreaterThan(0);
    expect(retries.length).toBeGreaterThan(0);
    const stats = sink.stats();
    expect(stats).toMatchObject({ accepted: n, acked: n, dropped: 0, pending: 0 });
    // Read back on a fresh connection: every event exactly once, in order.
    const reader = await connect();
    const entries = await readTopic(reader, sink.topic, harnLegacy);
    expect(entries.length).toBe(n);
    expect(entries.map((e) => e.event)).toEqual([...Array(n).keys()].map((i) => eventAt(i)));
    const ids = (await reader.read(sink.topic)).map((r) => r.msgId);
    expect(new Set(ids).size).toBe(n);
    await sink.close();
  },
  60_000,
);

test("any session id round-trips: CR, LF, TAB, empty, lone surrogates and emoji in headers and message ids", async () => {
  const log = await connect();
  const ids = ["a\r\nb", "\t", "", " x ", "\ud800", "\udc00", "\ufffd", "😀", "é", "100%41", "\0"];
  const topics = new Set(ids.map(agentEventsTopic));
  expect(topics.size).toBe(ids.length);
  for (const [n, id] of ids.entries()) {
    const sink = new EventLogSink<HarnEvent>(log, id, { producerId: `p\r\n${id}`, closeTimeoutMs: 5_000 });
    await sink.write(toRecord(harnLegacy, turn("s", n)));
    await sink.close();
    expect(sink.stats()).toMatchObject({ acked: 1, pending: 0 });
  }
  for (const [n, id] of ids.entries()) {
    const topic = agentEventsTopic(id);
    const records = await log.read(topic);
    expect(records.map((r) => [r.msgId, r.kind, r.headers])).toEqual([
      [`p\r\n${id}:0`, "turn_start", { session_id: id }],
    ]);
    const entries = await readTopic(log, topic, harnLegacy);
    expect(entries.map((e) => [e.sessionId, e.event])).toEqual([[id, turn("s", n)]]);
  }
  // The same message id (however odd) is still deduplicated.
  const rec = { kind: "k\n", payload: "{}", headers: { session_id: "\t", note: "a\r\n" }, occurredAtMs: 1 };
  const topic = agentEventsTopic("dedupe\n");
  const first = await log.append(topic, rec, "id\r\n\ud800");
  expect(await log.append(topic, rec, "id\r\n\ud800")).toEqual({ seq: first.seq, duplicate: true });
  expect(await log.append(topic, rec, "id\r\n\udc00")).toMatchObject({ duplicate: false });
  expect((await log.read(topic)).map((r) => [r.msgId, r.kind, r.headers])).toEqual([
    ["id\r\n\ud800", "k\n", rec.headers],
    ["id\r\n\udc00", "k\n", rec.headers],
  ]);
});

test("a message written before header values were encoded reads back verbatim", async () => {
  const log = await connect();
  const topic = agentEventsTopic("old-format");
  const h = natsHeaders();
  h.set("session_id", "100%41");
  h.set("Eventspec-Kind", "turn_start");
  h.set("Eventspec-Occurred-At-Ms", "5");
  const payload = `{"index_hint":1,"session_id":"100%41","event":${harnLegacy.encode(turn("s", 0))}}`;
  await log.connection.jetstream().publish(topic, Buffer.from(payload), { msgID: "old%20id", headers: h });
  expect((await log.read(topic)).map((r) => [r.msgId, r.kind, r.occurredAtMs, r.headers])).toEqual([
    ["old%20id", "turn_start", 5, { session_id: "100%41" }],
  ]);
});

test("drop policy: with the server down, events beyond the bound are dropped and counted, the rest stored after restart", async () => {
  const log = await connect();
  const dropped: number[] = [];
  const sink = new EventLogSink<HarnEvent>(log, "drop", {
    maxBuffered: 50,
    whenFull: "drop",
    retryDelayMs: 20,
    maxRetryDelayMs: 100,
    onDrop: (_, count) => dropped.push(count),
  });
  sink.write(toRecord(harnLegacy, turn("drop", 1000)));
  await sink.flush();
  await server.stop();
  for (let i = 0; i < 200; i++) sink.write(toRecord(harnLegacy, turn("drop", i)));
  expect(sink.stats()).toMatchObject({ accepted: 51, dropped: 150, pending: 50 });
  expect(dropped).toEqual([...Array(150).keys()].map((i) => i + 1));
  await server.start();
  await sink.flush();
  expect(sink.stats()).toMatchObject({ acked: 51, pending: 0 });
  const entries = await readTopic(await connect(), sink.topic, harnLegacy);
  expect(entries.map((e) => e.event)).toEqual([
    turn("drop", 1000),
    ...[...Array(50).keys()].map((i) => turn("drop", i)),
  ]);
  await sink.close();
}, 60_000);

test("block policy: a full buffer makes write return a Promise; ignoring it is an error, not unbounded memory", async () => {
  const log = await connect();
  const sink = new EventLogSink<HarnEvent>(log, "block", { maxBuffered: 10, retryDelayMs: 20, maxRetryDelayMs: 100 });
  await server.stop();
  const results: unknown[] = [];
  for (let i = 0; i < 10; i++) results.push(sink.write(toRecord(harnLegacy, turn("block", i))));
  expect(results.every((r) => r === undefined)).toBe(true);
  const waiting: Promise<void>[] = [];
  for (let i = 10; i < 20; i++) waiting.push(sink.write(toRecord(harnLegacy, turn("block", i))) as Promise<void>);
  expect(waiting.every((p) => p instanceof Promise)).toBe(true);
  expect(() => sink.write(toRecord(harnLegacy, turn("block", 20)))).toThrow(EventLogError);
  expect(sink.stats()).toMatchObject({ accepted: 20, pending: 20 });
  await server.start();
  await Promise.all(waiting);
  await sink.flush();
  const entries = await readTopic(await connect(), sink.topic, harnLegacy);
  expect(entries.map((e) => e.event)).toEqual([...Array(20).keys()].map((i) => turn("block", i)));
  await sink.close();
}, 60_000);

test("close gives up after closeTimeoutMs while the server is down, saying how many events were not stored", async () => {
  const log = await connect();
  const sink = new EventLogSink<HarnEvent>(log, "timeout", { closeTimeoutMs: 300, retryDelayMs: 20 });
  await server.stop();
  try {
    sink.write(toRecord(harnLegacy, turn("timeout", 0)));
    sink.write(toRecord(harnLegacy, turn("timeout", 1)));
    const err = (await sink.close().catch((e: unknown) => e)) as EventLogError;
    expect(err).toBeInstanceOf(EventLogError);
    expect(err.message).toBe(
      `event log sink for ${sink.topic}: close timed out after 300 ms with 2 events not acknowledged`,
    );
    expect(err.unacked).toBe(2);
  } finally {
    await server.start();
  }
}, 30_000);

test("a permanent failure (message over the server's max_payload) stops the sink with a clear error", async () => {
  const log = await connect();
  const sink = new EventLogSink<HarnEvent>(log, "toobig");
  sink.write(toRecord(harnLegacy, chunk("toobig", "x".repeat(2 * 1024 * 1024))));
  const err = (await sink.flush().catch((e: unknown) => e)) as EventLogError;
  expect(err).toBeInstanceOf(EventLogError);
  expect(err.message).toMatch(
    /^event log append to observability\.agent_events\.toobig failed: .*(payload|PAYLOAD).* \(1 events not stored\)$/,
  );
  expect(() => sink.write(toRecord(harnLegacy, turn("toobig", 0)))).toThrow(err);
});

test("a server without JetStream gets an error naming -js, not a bare 503", async () => {
  const plain = await NatsServer.start(path.join(tmpDir("nats-plain"), "unused"), { jetstream: false });
  try {
    await expect(NatsEventLog.connect({ servers: plain.url })).rejects.toThrow(
      `JetStream is not enabled on the NATS server at ${plain.url}: start nats-server with -js`,
    );
  } finally {
    await plain.stop();
  }
});
