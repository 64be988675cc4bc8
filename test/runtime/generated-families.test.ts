/**
 * The runtime on the generated code of the seed families: harn's JSONL envelope (`PersistedAgentEvent`) written
 * byte for byte as its generated codec (and serde) writes it, routing by the generated accessors, topic records
 * decoded by the generated decoders, seed 004's callback and payload budgets.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as harn from "../../generated/harn_legacy";
import type * as hb from "../../generated/heartbit";
import { agent as heartbitAgent, EVENT_FAMILY as HEARTBIT_FAMILY, TRUNCATION as HEARTBIT_TRUNCATION } from "../../generated/heartbit";
import {
  CallbackSink,
  Emitter,
  EventLogSink,
  FileEventLog,
  JsonlEventSink,
  MultiSink,
  type EventFamily,
  type Sink,
  SinkRegistry,
  readLog,
  readTopic,
  toRecord,
} from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy, heartbit } from "./fixtures/families";

afterAll(cleanupTmp);

const events: harn.AgentEvent[] = [
  { type: "turn_start", session_id: "s", iteration: 0 },
  {
    type: "tool_call_update",
    session_id: "s",
    tool_call_id: "tc-1",
    tool_name: "read",
    status: "completed",
    raw_output: null,
    error: null,
    duration_ms: 42,
    execution_duration_ms: 7,
  },
  {
    type: "tool_call_update",
    session_id: "s",
    tool_call_id: "tc-1",
    tool_name: "read",
    status: "in_progress",
    raw_output: null,
    error: null,
  },
  harn.decodeAgentEvent(
    '{"type":"tool_call","session_id":"s","tool_call_id":"tc-2","tool_name":"grep","kind":"search","status":"pending","raw_input":{"n":1.0,"big":18446744073709551615,"é":"\\u0000"}}',
  ),
  {
    type: "handoff",
    session_id: "s",
    artifact_id: "a-1",
    handoff: {
      id: "h",
      kind: "k",
      from_agent: "a",
      to_agent: "b",
      summary: "sum",
      created_at_ms: 1_700_000_000_000,
      files: ["x.rs"],
      confidence: 0.5,
      payload: null,
    },
  },
  {
    type: "fs_watch",
    session_id: "s",
    subscription_id: "w",
    events: [{ kind: "modify", paths: ["/a"], relative_paths: ["a"], raw_kind: "Modify(Data)", error: null }],
  },
  { type: "turn_end", session_id: "s", iteration: 0, turn_info: { tokens: 12 } },
];

/** The value the generated decoder gives for an event (defaults filled in). */
const normalized = (e: harn.AgentEvent): harn.AgentEvent => harn.decodeAgentEvent(harn.encodeAgentEvent(e));

describe("harn (seed 000) on the generated codec", () => {
  test("every JSONL line is exactly the generated PersistedAgentEvent encoding, and decodes with its decoder", async () => {
    const file = path.join(tmpDir("harn"), "event_log.jsonl");
    const sink = JsonlEventSink.open(file, harnLegacy, { frameDepth: (e) => (e.type === "turn_end" ? 3 : null) });
    const emitter = new Emitter(harnLegacy, sink);
    for (const e of events) emitter.emit(e);
    await emitter.close();
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(events.length);
    lines.forEach((line, index) => {
      const event = events[index] as harn.AgentEvent;
      const emitted_at_ms = Number(/"emitted_at_ms":(\d+)/.exec(line)?.[1]);
      const frame_depth = event.type === "turn_end" ? 3 : null;
      expect(line).toBe(harn.encodePersistedAgentEvent({ index, emitted_at_ms, frame_depth, ...event }));
      expect(harn.decodePersistedAgentEvent(line)).toEqual({ index, emitted_at_ms, frame_depth, ...normalized(event) });
    });
    expect(lines[1]).toMatch(/"duration_ms":42,"execution_duration_ms":7\}$/);
    expect(lines[2]).not.toContain("duration_ms");
    expect(lines[3]).toContain('"raw_input":{"big":18446744073709551615,"n":1.0,"é":"\\u0000"}');
    const replay = readLog(file, harnLegacy);
    expect(replay.toArray().map((e) => [e.index, e.frameDepth, e.event])).toEqual(
      events.map((e, i) => [i, e.type === "turn_end" ? 3 : null, normalized(e)]),
    );
    expect(replay.issues).toEqual([]);
  });

  test("session_scoped_sink_routing (seed 000) with the generated sessionId accessor", () => {
    const seen: Record<string, number> = { a: 0, b: 0 };
    const counting = (k: string): Sink<harn.AgentEvent> => new CallbackSink(() => void seen[k]!++);
    const registry = new SinkRegistry(harnLegacy, harn.sessionId);
    registry.register("session-a", counting("a"));
    registry.register("session-b", counting("b"));
    registry.emit({ type: "turn_start", session_id: "session-a", iteration: 0 });
    expect(seen).toEqual({ a: 1, b: 0 });
    registry.emit({ type: "turn_end", session_id: "session-b", iteration: 0, turn_info: {} });
    expect(seen).toEqual({ a: 1, b: 1 });
    registry.clear("session-a");
    expect(registry.sinkCount("session-a")).toBe(0);
    expect(registry.sinkCount("session-b")).toBe(1);
    registry.reset();
  });

  test("topic records decode with the generated decoder", async () => {
    const log = FileEventLog.open(tmpDir("harn-topic"));
    const sink = new EventLogSink(log, "session-1");
    const emitter = new Emitter(harnLegacy, sink);
    for (const e of events) emitter.emit(e);
    await emitter.close();
    const read = await readTopic(log, sink.topic, harnLegacy);
    expect(read.map((r) => [r.kind, r.event])).toEqual(events.map((e) => [harn.typeName(e), normalized(e)]));
    await log.close();
  });
});

describe("heartbit (seed 004) on the generated codec", () => {
  const usage = { input_tokens: 10, output_tokens: 5 };
  const llm = (agent: string, text: string): hb.AgentEvent => ({
    type: "llm_response",
    agent,
    turn: 1,
    usage,
    stop_reason: "end_turn",
    tool_call_count: 0,
    text,
  });

  test("OnEvent: a callback gets every event synchronously, in order; routing by the partial `agent` accessor", () => {
    const got: string[] = [];
    const onEvent = new CallbackSink<hb.AgentEvent>((e) => void got.push(e.type));
    const emitter = new Emitter(heartbit, new MultiSink([onEvent]));
    emitter.emit({ type: "run_started", agent: "researcher", task: "find info" });
    emitter.emit(llm("researcher", "hello"));
    expect(got).toEqual(["run_started", "llm_response"]);

    const perAgent: string[] = [];
    const registry = new SinkRegistry(heartbit, heartbitAgent);
    registry.register("researcher", new CallbackSink((e) => void perAgent.push(e.type)));
    registry.emit({ type: "run_started", agent: "researcher", task: "t" });
    registry.emit({ type: "sensor_event_processed", sensor_name: "rss", decision: "drop" }); // no agent: unrouted
    registry.emit({ type: "run_started", agent: "writer", task: "t" });
    expect(perAgent).toEqual(["run_started"]);
    expect(registry.stats()).toEqual({ routed: 1, unrouted: 2 });
  });

  test("payload budgets declared in the spec truncate the log's payloads (truncate_for_event), UTF-8 safe", async () => {
    // schema/heartbit.yaml declares seed 004's EVENT_MAX_PAYLOAD_BYTES on the three truncated payloads.
    expect(HEARTBIT_TRUNCATION).toEqual({
      llm_response: { text: 65536 },
      tool_call_started: { input: 65536 },
      tool_call_completed: { output: 65536 },
    });
    // The generated descriptor is the runtime's EventFamily as it is: no glue.
    const family: EventFamily<hb.AgentEvent> = HEARTBIT_FAMILY;
    const file = path.join(tmpDir("heartbit"), "events.jsonl");
    const sink = JsonlEventSink.open(file, family);
    const long = `${"a".repeat(65535)}é${"b".repeat(10)}`; // é straddles the budget
    sink.write(toRecord(family, llm("r", long)));
    sink.write(toRecord(family, llm("r", "short")));
    await sink.close();
    const texts = readLog(file, heartbit)
      .toArray()
      .map((e) => (e.event as hb.AgentEventLlmResponse).text);
    expect(texts).toEqual([`${"a".repeat(65535)}[truncated: 12 bytes omitted]`, "short"]);
  });
});
