import * as fs from "node:fs";
import * as path from "node:path";
import type { JsonValue } from "../../generated/_support/json-value";
import {
  type AgentEvent,
  CANONICAL_KIND,
  type CanonicalEventDraft,
  FIDELITY,
  type SuspendTicket,
  TAGS,
  type ToolResult,
  decodeAgentEvent,
  decodeCanonicalEventDraft,
  encodeCanonicalEventDraft,
} from "../../generated/awaken";
import { AwakenNormalizer, normalizationContext } from "../../runtime/awaken";
import {
  DurableEventSink,
  Emitter,
  JsonlStager,
  MemoryStager,
  type Normalizer,
  type RuntimeEventDurability,
  type Sink,
  SinkError,
  readStagedDrafts,
  shouldPersist,
  toRecord,
} from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { awaken } from "./fixtures/families";

afterAll(cleanupTmp);

// ── builders mirroring the awaken helpers the seed's tests use ─────────────────────────────────────────────
const meta = (entries: Record<string, JsonValue>): Record<string, JsonValue> =>
  Object.assign(Object.create(null) as Record<string, JsonValue>, entries);
const success = (tool_name: string, data: JsonValue): ToolResult => ({
  tool_name,
  status: "success",
  data,
  message: null,
  metadata: meta({}),
});
const suspended = (tool_name: string, message: string, ticket?: SuspendTicket): ToolResult => ({
  tool_name,
  status: "pending",
  data: null,
  message,
  metadata: meta({}),
  ...(ticket === undefined ? {} : { suspension: ticket }),
});
const error = (tool_name: string, message: string, metadata: Record<string, JsonValue>): ToolResult => ({
  tool_name,
  status: "error",
  data: { error: { code: "tool_error", message } },
  message: `[tool_error] ${message}`,
  metadata: meta(metadata),
});
const done = (id: string, result: ToolResult, outcome: "suspended" | "succeeded" | "failed"): AgentEvent => ({
  event_type: "tool_call_done",
  id,
  message_id: "msg-1",
  result,
  outcome,
});
const runStart = (thread_id: string, run_id: string): AgentEvent => ({
  event_type: "run_start",
  thread_id,
  run_id,
  parent_run_id: null,
  identity: null,
});
const snapshot = (compaction: JsonValue): AgentEvent => ({
  event_type: "state_snapshot",
  snapshot: { extensions: { __context_compaction: compaction } } as JsonValue,
});

const context = () => normalizationContext("t1", "r1", "server", "trace-1");

class VecSink implements Sink<AgentEvent> {
  readonly events: AgentEvent[] = [];
  write(r: { event: AgentEvent }): void {
    this.events.push(r.event);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
}

function durable(
  mode: RuntimeEventDurability,
  normalizer: Normalizer<AgentEvent, CanonicalEventDraft> = new AwakenNormalizer(context()),
) {
  const stager = new MemoryStager<CanonicalEventDraft>();
  const inner = new VecSink();
  const sink = new DurableEventSink(inner, stager, normalizer, mode);
  const emitter = new Emitter(awaken, sink);
  return {
    stager,
    inner,
    sink,
    emit: (e: AgentEvent) => emitter.emit(e),
    kinds: () => stager.drafts.map((d) => d.event_kind),
  };
}

/** `payload["a"]["b"]…` on a JsonValue. */
function at(v: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  for (const k of keys)
    v = typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, JsonValue>)[k] : undefined;
  return v;
}

describe("DurableEventSink with the awaken normalizer (seed 001)", () => {
  test("compacted_mode_stages_committed_event_and_forwards_live_frame", () => {
    const d = durable("compacted");
    d.emit({ event_type: "tool_call_ready", id: "call-1", name: "search", arguments: { q: "awaken" } });
    expect(d.kinds()).toEqual(["ToolCallReady"]);
    expect(d.inner.events).toHaveLength(1);
  });

  test("normalizer_maps_suspended_tool_done_to_tool_call_suspended", () => {
    const d = durable("compacted");
    d.emit(done("call-1", suspended("review", "approval required"), "suspended"));
    expect(d.kinds()).toEqual(["ToolCallSuspended"]);
    expect(at(d.stager.drafts[0]?.payload, "outcome")).toBe("suspended");
    expect(d.inner.events).toHaveLength(1);
  });

  test("normalizer_records_permission_request_companion_event", () => {
    const d = durable("compacted");
    const ticket: SuspendTicket = {
      suspension: {
        id: "approval-1",
        action: "approve_tool",
        message: "Allow tool?",
        parameters: { tool: "review" },
        response_schema: null,
      },
      pending: { id: "call-1", name: "review", arguments: { path: "/tmp/a" } },
      resume_mode: "replay_tool_call",
    };
    d.emit(done("call-1", suspended("review", "approval required", ticket), "suspended"));
    expect(d.kinds()).toEqual(["ToolCallSuspended", "ToolPermissionRequested"]);
    expect(at(d.stager.drafts[1]?.payload, "result", "suspension", "suspension", "id")).toBe("approval-1");
    expect(d.inner.events).toHaveLength(1);
  });

  test("no permission request without a replayable ticket with an id", () => {
    const d = durable("compacted");
    const base: SuspendTicket = { suspension: { id: "approval-1" }, resume_mode: "use_decision_as_tool_result" };
    d.emit(done("c1", suspended("review", "x", base), "suspended"));
    d.emit(done("c2", suspended("review", "x", { suspension: { id: "  " } }), "suspended"));
    d.emit(done("c3", suspended("review", "x"), "suspended"));
    expect(d.kinds()).toEqual(["ToolCallSuspended", "ToolCallSuspended", "ToolCallSuspended"]);
  });

  test("normalizer_classifies_lifecycle_facts_as_domain_events", () => {
    const normalizer = new AwakenNormalizer(context());
    const cases: [AgentEvent, string, string][] = [
      [done("call-1", suspended("review", "approval required"), "suspended"), "ToolCallSuspended", "domain_event"],
      [
        done("call-2", error("shell", "permission denied", { rejected: true }), "failed"),
        "ToolCallRejected",
        "domain_event",
      ],
      [
        done("call-3", error("mcp_search", "Timeout: 30s", { timed_out: true }), "failed"),
        "ToolCallTimedOut",
        "domain_event",
      ],
      [
        { event_type: "tool_call_cancel", id: "call-4", name: "search", reason: "user" },
        "ToolCallCancelled",
        "domain_event",
      ],
      [done("call-5", success("search", { ok: true }), "succeeded"), "ToolCallDone", "committed_runtime_event"],
      [done("call-6", error("shell", "x", { timed_out: false }), "failed"), "ToolCallDone", "committed_runtime_event"],
    ];
    for (const [event, kind, fidelity] of cases) {
      const n = normalizer.normalize(event);
      expect([n?.draft.event_kind, n?.fidelity]).toEqual([kind, fidelity]);
    }
  });

  test("normalizer_maps_intercept_block_failures_to_tool_call_rejected and timeouts to ToolCallTimedOut", () => {
    const d = durable("compacted");
    d.emit(done("call-1", error("shell", "permission denied", { rejected: true }), "failed"));
    d.emit(done("call-2", error("mcp_search", "Timeout: 30s", { timed_out: true }), "failed"));
    expect(d.kinds()).toEqual(["ToolCallRejected", "ToolCallTimedOut"]);
    expect(at(d.stager.drafts[0]?.payload, "result", "metadata", "rejected")).toBe(true);
    expect(at(d.stager.drafts[1]?.payload, "result", "metadata", "timed_out")).toBe(true);
    expect(d.inner.events).toHaveLength(2);
  });

  test("compacted_mode_skips_observed_event_but_forwards_live_frame; full_fidelity_persists_observed_event", () => {
    const compacted = durable("compacted");
    compacted.emit({ event_type: "text_delta", delta: "hi" });
    expect(compacted.kinds()).toEqual([]);
    expect(compacted.inner.events).toHaveLength(1);
    const full = durable("full_fidelity");
    full.emit({ event_type: "text_delta", delta: "hi" });
    expect(full.kinds()).toEqual(["TextDeltaObserved"]);
    expect(full.inner.events).toHaveLength(1);
  });

  test("disabled_mode_only_forwards_inner_sink", () => {
    const d = durable("disabled");
    d.emit(runStart("t1", "r1"));
    expect(d.kinds()).toEqual([]);
    expect(d.inner.events).toHaveLength(1);
  });

  test("normalizer_failure_forwards_live_without_staging — and the error is reported, not swallowed", () => {
    const failing: Normalizer<AgentEvent, CanonicalEventDraft> = {
      normalizeMany: () => {
        throw new Error("validation error: forced");
      },
    };
    const d = durable("compacted", failing);
    let thrown: unknown;
    try {
      d.emit({ event_type: "tool_call_ready", id: "call-1", name: "search", arguments: {} });
    } catch (e) {
      thrown = e;
    }
    expect(d.kinds()).toEqual([]);
    expect(d.inner.events).toHaveLength(1);
    expect(thrown).toBeInstanceOf(SinkError);
    expect((thrown as SinkError).failures.map((f) => f.phase)).toEqual(["normalize"]);
    expect((thrown as SinkError).message).toBe("a sink failed in normalize: validation error: forced");

    const reported: string[] = [];
    const quiet = new DurableEventSink(new VecSink(), new MemoryStager<CanonicalEventDraft>(), failing, "compacted", {
      onError: (e, f) => reported.push(`${f.phase}: ${(e as Error).message}`),
    });
    quiet.write(toRecord(awaken, { event_type: "step_end" }));
    expect(reported).toEqual(["normalize: validation error: forced"]);
  });

  test("normalizer_maps_run_lifecycle_without_duplicate_untyped_facts", () => {
    const normalizer = new AwakenNormalizer(context());
    const finish: AgentEvent = {
      event_type: "run_finish",
      thread_id: "t1",
      run_id: "r1",
      identity: null,
      result: null,
      termination: { type: "natural_end" },
    };
    expect(normalizer.normalize(runStart("t1", "r1"))?.draft.event_kind).toBe("RunStarted");
    expect(normalizer.normalize(runStart("t1", "r1"))?.draft.event_kind).toBe("RunResumed");
    expect(normalizer.normalize(finish)?.draft.event_kind).toBe("RunFinished");
    expect(normalizer.normalize(finish)).toBeNull();
  });

  test.each([
    [{ type: "natural_end" }, "RunFinished"],
    [{ type: "behavior_requested" }, "RunFinished"],
    [{ type: "suspended" }, "RunSuspended"],
    [{ type: "cancelled" }, "RunCancelled"],
    [{ type: "error", value: "boom" }, "RunErrored"],
    [{ type: "stopped", value: { code: "max_turns" } }, "RunTerminated"],
    [{ type: "blocked", value: "policy" }, "RunTerminated"],
  ] as const)("run finish %j → %s", (termination, kind) => {
    const normalizer = new AwakenNormalizer(context());
    const n = normalizer.normalize({
      event_type: "run_finish",
      thread_id: "t1",
      run_id: "r1",
      identity: null,
      result: null,
      termination,
    });
    expect([n?.draft.event_kind, n?.fidelity]).toEqual([kind, "domain_event"]);
  });

  test("resumed_normalizer_maps_first_run_start_to_run_resumed", () => {
    const normalizer = new AwakenNormalizer(context(), { resumed: true });
    expect(normalizer.normalize(runStart("t1", "r1"))?.draft.event_kind).toBe("RunResumed");
  });

  test("normalizer_indexes_context_events_into_thread_and_run_scopes", () => {
    const n = new AwakenNormalizer(context()).normalize({ event_type: "error", message: "boom", code: "E_TEST" });
    expect(n?.draft).toMatchObject({
      event_kind: "ErrorRecorded",
      scopes: [
        { scope_type: "thread", thread_id: "t1" },
        { scope_type: "run", run_id: "r1" },
      ],
      correlation_id: "trace-1",
      origin: "server",
      visibility: "public",
      schema_version: 1,
    });
  });

  test("normalizer_does_not_create_aggregate_scope_from_parent_thread", () => {
    const normalizer = new AwakenNormalizer(normalizationContext("child-thread", "run-child", "server", "trace-child"));
    const started = normalizer.normalize({
      event_type: "run_start",
      thread_id: "child-thread",
      run_id: "run-child",
      parent_run_id: null,
      identity: {
        thread_id: "child-thread",
        parent_thread_id: " parent-thread ",
        run_id: "run-child",
        parent_run_id: null,
        agent_id: "agent-a",
        origin: "subagent",
        parent_tool_call_id: null,
      },
    });
    expect(started?.draft.scopes).toEqual([
      { scope_type: "thread", thread_id: "child-thread" },
      { scope_type: "run", run_id: "run-child" },
    ]);
    const ready = normalizer.normalize({ event_type: "tool_call_ready", id: "call-1", name: "lookup", arguments: {} });
    expect(ready?.draft.scopes).toEqual(started?.draft.scopes);
  });

  test("kind and fidelity of every plain variant come from the spec's tables", () => {
    const refined = new Set(["run_start", "run_finish", "tool_call_done"]);
    const samples: Record<string, AgentEvent> = {};
    for (const tag of TAGS) {
      if (refined.has(tag)) continue;
      // The smallest value of each variant the decoder accepts, with every field defaulted or filled.
      samples[tag] = decodeAgentEvent(JSON.stringify(minimal(tag)));
    }
    const normalizer = new AwakenNormalizer(context());
    for (const [tag, event] of Object.entries(samples)) {
      const n = normalizer.normalize(event);
      expect([tag, n?.draft.event_kind, n?.fidelity]).toEqual([
        tag,
        CANONICAL_KIND[tag as keyof typeof CANONICAL_KIND],
        FIDELITY[tag as keyof typeof FIDELITY],
      ]);
    }
    expect(Object.keys(samples)).toHaveLength(TAGS.length - 3);
  });

  describe("blank ids are rejected with a clear error", () => {
    test.each([
      [["", "r1", "server"], "validation error: thread_id is required"],
      [["t1", "  ", "server"], "validation error: run_id is required"],
      [["t1", "r1", "\t"], "validation error: origin is required"],
    ] as const)("context %j", (args, message) => {
      expect(() => normalizationContext(args[0], args[1], args[2])).toThrow(message);
      expect(() => new AwakenNormalizer({ thread_id: args[0], run_id: args[1], origin: args[2] })).toThrow(message);
    });

    test("an event with a blank run id: live event forwarded, nothing staged, the error reported", () => {
      const d = durable("full_fidelity");
      expect(() => d.emit(runStart("t1", " "))).toThrow(
        "a sink failed in normalize: validation error: run_id is required",
      );
      expect(() => d.emit(runStart("", "r1"))).toThrow(
        "a sink failed in normalize: validation error: thread_id is required",
      );
      expect(d.inner.events).toHaveLength(2);
      expect(d.kinds()).toEqual([]);
    });
  });

  test("shouldPersist (seed's RuntimeEventDurability::should_persist)", () => {
    const classes = ["domain_event", "observed_runtime_event", "committed_runtime_event", "control_event"] as const;
    expect(classes.map((c) => shouldPersist("disabled", c))).toEqual([false, false, false, false]);
    expect(classes.map((c) => shouldPersist("compacted", c))).toEqual([true, false, true, true]);
    expect(classes.map((c) => shouldPersist("full_fidelity", c))).toEqual([true, true, true, true]);
  });
});

describe("context compaction (seed 001's compaction observation)", () => {
  test("compacted_mode_persists_context_compaction_started_from_state_snapshot", () => {
    const d = durable("compacted");
    d.emit(
      snapshot({
        boundaries: [],
        total_compactions: 0,
        in_flight: { task_id: "bg_1", boundary_message_id: "msg_1", started_at_ms: 1234 },
      }),
    );
    expect(d.kinds()).toEqual(["ContextCompactionStarted"]);
    const draft = d.stager.drafts[0] as CanonicalEventDraft;
    expect(draft.visibility).toBe("internal");
    expect(draft.correlation_id).toBeNull();
    expect(at(draft.payload, "task_id")).toBe("bg_1");
    expect(at(draft.payload, "boundary_message_id")).toBe("msg_1");
    expect(at(draft.payload, "started_at_ms")).toBe(1234);
    expect(draft.scopes).toEqual([{ scope_type: "thread", thread_id: "t1" }]);
    expect(d.inner.events).toHaveLength(1);
  });

  test("compacted_mode_persists_context_compaction_completed_without_summary_payload", () => {
    const d = durable("compacted");
    const s = {
      boundaries: [
        {
          summary: "sensitive full summary",
          task_id: "bg_1",
          boundary_message_id: "msg_1",
          pre_tokens: 9000,
          post_tokens: 300,
          timestamp_ms: 5678,
        },
      ],
      total_compactions: 1,
    };
    d.emit(snapshot(s));
    d.emit(snapshot(s));
    expect(d.kinds()).toEqual(["ContextCompactionCompleted"]); // not duplicated by the repeated snapshot
    const payload = d.stager.drafts[0]?.payload;
    expect([
      at(payload, "pre_tokens"),
      at(payload, "post_tokens"),
      at(payload, "timestamp_ms"),
      at(payload, "compaction_ordinal"),
    ]).toEqual([9000, 300, 5678, 1]);
    expect([at(payload, "task_id"), at(payload, "boundary_message_id")]).toEqual(["bg_1", "msg_1"]);
    expect(at(payload, "summary_hash")).toMatch(/^[0-9a-f]{64}$/);
    expect(at(payload, "summary")).toBeUndefined();
    expect(d.inner.events).toHaveLength(2);
  });

  test("compacted_mode_summary_hash_keeps_distinct_completed_boundaries", () => {
    const d = durable("compacted");
    const b = (summary: string, task: string) => ({
      summary,
      task_id: task,
      boundary_message_id: `m_${task}`,
      pre_tokens: 100,
      post_tokens: 10,
      timestamp_ms: 42,
    });
    d.emit(snapshot({ boundaries: [b("first summary", "bg_1"), b("second summary", "bg_2")], total_compactions: 2 }));
    expect(d.kinds()).toEqual(["ContextCompactionCompleted", "ContextCompactionCompleted"]);
    expect(at(d.stager.drafts[0]?.payload, "summary_hash")).not.toEqual(
      at(d.stager.drafts[1]?.payload, "summary_hash"),
    );
  });

  test("compacted_mode_persists_context_compaction_cancelled_when_in_flight_clears", () => {
    const d = durable("compacted");
    d.emit(
      snapshot({
        boundaries: [],
        total_compactions: 0,
        in_flight: { task_id: "bg_cancel", boundary_message_id: "msg_cancel", started_at_ms: 10 },
      }),
    );
    d.emit(snapshot({ boundaries: [], total_compactions: 0, timestamp_ms: 20 }));
    expect(d.kinds()).toEqual(["ContextCompactionStarted", "ContextCompactionCancelled"]);
    const p = d.stager.drafts[1]?.payload;
    expect([at(p, "task_id"), at(p, "boundary_message_id"), at(p, "cancelled_at_ms")]).toEqual([
      "bg_cancel",
      "msg_cancel",
      20,
    ]);
  });

  test("compacted_mode_does_not_cancel_when_previous_in_flight_completes", () => {
    const d = durable("compacted");
    d.emit(
      snapshot({
        boundaries: [],
        total_compactions: 0,
        in_flight: { task_id: "bg_done", boundary_message_id: "msg_done" },
      }),
    );
    d.emit(
      snapshot({
        boundaries: [{ summary: "finished", task_id: "bg_done", boundary_message_id: "msg_done", timestamp_ms: 30 }],
        total_compactions: 1,
      }),
    );
    expect(d.kinds()).toEqual(["ContextCompactionStarted", "ContextCompactionCompleted"]);
  });

  test("compacted_mode_does_not_treat_same_boundary_different_task_as_terminal", () => {
    const d = durable("compacted");
    d.emit(
      snapshot({
        boundaries: [],
        total_compactions: 0,
        in_flight: { task_id: "old_task", boundary_message_id: "shared_boundary" },
      }),
    );
    d.emit(
      snapshot({
        boundaries: [
          {
            summary: "different task completed",
            task_id: "new_task",
            boundary_message_id: "shared_boundary",
            timestamp_ms: 30,
          },
        ],
        total_compactions: 1,
        timestamp_ms: 40,
      }),
    );
    expect(d.kinds()).toEqual(["ContextCompactionStarted", "ContextCompactionCompleted", "ContextCompactionCancelled"]);
    expect([
      at(d.stager.drafts[2]?.payload, "task_id"),
      at(d.stager.drafts[2]?.payload, "boundary_message_id"),
    ]).toEqual(["old_task", "shared_boundary"]);
  });

  test("compacted_mode_reset_allows_same_task_to_start_again", () => {
    const d = durable("compacted");
    const inFlight = {
      boundaries: [],
      total_compactions: 2,
      in_flight: { task_id: "bg_reset", boundary_message_id: "msg_reset" },
    };
    d.emit(snapshot(inFlight));
    d.emit(snapshot({ boundaries: [], total_compactions: 0 }));
    d.emit(snapshot(inFlight));
    expect(d.kinds().filter((k) => k === "ContextCompactionStarted")).toHaveLength(2);
  });

  test("compacted_mode_persists_context_compaction_failed_from_state_snapshot", () => {
    const d = durable("compacted");
    d.emit(
      snapshot({
        boundaries: [],
        failures: [
          { task_id: "bg_failed", boundary_message_id: "msg_failed", error: "summarizer failed", timestamp_ms: 6789 },
        ],
        total_compactions: 0,
      }),
    );
    expect(d.kinds()).toEqual(["ContextCompactionFailed"]);
    const draft = d.stager.drafts[0] as CanonicalEventDraft;
    expect(draft.visibility).toBe("internal");
    expect(["task_id", "boundary_message_id", "error", "timestamp_ms"].map((k) => at(draft.payload, k))).toEqual([
      "bg_failed",
      "msg_failed",
      "summarizer failed",
      6789,
    ]);
  });

  test("compacted_mode_persists_context_compaction_skipped_from_state_snapshot", () => {
    const d = durable("compacted");
    d.emit(
      snapshot({
        skipped: [
          {
            task_id: "bg_skipped",
            boundary_message_id: "msg_skipped",
            reason: "min_savings_ratio",
            pre_tokens: 4000,
            post_tokens: 3900,
            savings_ratio_ppm: 25000,
            min_savings_ratio_ppm: 300000,
            timestamp_ms: 7890,
          },
        ],
        total_compactions: 0,
      }),
    );
    expect(d.kinds()).toEqual(["ContextCompactionSkipped"]);
    const p = d.stager.drafts[0]?.payload;
    expect(
      ["task_id", "boundary_message_id", "reason", "savings_ratio_ppm", "min_savings_ratio_ppm"].map((k) => at(p, k)),
    ).toEqual(["bg_skipped", "msg_skipped", "min_savings_ratio", 25000, 300000]);
  });

  test("compacted_mode_does_not_cancel_when_previous_in_flight_is_skipped", () => {
    const d = durable("compacted");
    d.emit(snapshot({ total_compactions: 0, in_flight: { task_id: "bg_skip", boundary_message_id: "msg_skip" } }));
    d.emit(
      snapshot({
        skipped: [
          { task_id: "bg_skip", boundary_message_id: "msg_skip", reason: "min_savings_ratio", timestamp_ms: 22 },
        ],
        total_compactions: 0,
        timestamp_ms: 23,
      }),
    );
    expect(d.kinds()).toEqual(["ContextCompactionStarted", "ContextCompactionSkipped"]);
  });
});

describe("stagers", () => {
  test("JsonlStager writes drafts with the generated codec; they read back equal, byte for byte as serde writes them", async () => {
    const file = path.join(tmpDir("stager"), "drafts", "staged.jsonl");
    const stager = JsonlStager.open(file, encodeCanonicalEventDraft);
    const memory = new MemoryStager<CanonicalEventDraft>();
    const normalizer = new AwakenNormalizer(context());
    const both: Normalizer<AgentEvent, CanonicalEventDraft> = { normalizeMany: (r) => normalizer.normalizeMany(r) };
    const fanout = { stage: (d: CanonicalEventDraft) => (memory.stage(d), stager.stage(d)) };
    const sink = new DurableEventSink(new VecSink(), fanout, both, "full_fidelity");
    const emitter = new Emitter(awaken, sink);
    emitter.emit(runStart("t1", "r1"));
    emitter.emit({ event_type: "tool_call_ready", id: "c", name: "n", arguments: { z: 1, a: "x" } });
    emitter.emit(
      decodeAgentEvent('{"event_type":"state_snapshot","snapshot":{"z":1.0,"big":18446744073709551615,"a":[]}}'),
    );
    await stager.close();
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      '{"scopes":[{"scope_type":"thread","thread_id":"t1"},{"scope_type":"run","run_id":"r1"}],"event_kind":"StateSnapshotObserved",' +
        '"payload":{"event_type":"state_snapshot","snapshot":{"a":[],"big":18446744073709551615,"z":1.0}},"correlation_id":"trace-1","origin":"server","visibility":"public","schema_version":1}',
    );
    expect(readStagedDrafts(file, decodeCanonicalEventDraft)).toEqual(memory.drafts);
    expect(stager.stagedCount).toBe(3);
  });

  test("JsonlStager appends to an existing file after cutting a torn last line", async () => {
    const file = path.join(tmpDir("stager"), "staged.jsonl");
    const draft: CanonicalEventDraft = {
      scopes: [{ scope_type: "thread", thread_id: "t" }],
      event_kind: "K",
      payload: null,
      origin: "o",
      schema_version: 1,
    };
    const first = JsonlStager.open(file, encodeCanonicalEventDraft);
    first.stage(draft);
    await first.close();
    fs.appendFileSync(file, '{"scopes":[{"scope_t');
    const second = JsonlStager.open(file, encodeCanonicalEventDraft);
    second.stage({ ...draft, event_kind: "K2" });
    await second.close();
    expect(readStagedDrafts(file, decodeCanonicalEventDraft).map((d) => d.event_kind)).toEqual(["K", "K2"]);
    await expect(second.close()).resolves.toBeUndefined();
    expect(() => second.stage(draft)).toThrow("is closed");
  });

  test("a stager failure is reported after the live event went through", () => {
    const dir = tmpDir("stager");
    fs.symlinkSync("/dev/full", path.join(dir, "staged.jsonl"));
    const stager = JsonlStager.open(path.join(dir, "staged.jsonl"), encodeCanonicalEventDraft);
    const inner = new VecSink();
    const sink = new DurableEventSink(inner, stager, new AwakenNormalizer(context()), "compacted");
    expect(() => sink.write(toRecord(awaken, runStart("t1", "r1")))).toThrow(
      /^a sink failed in stage: JSONL stager .*staged\.jsonl: write failed: ENOSPC/,
    );
    expect(inner.events).toHaveLength(1);
  });
});

/** A minimal wire object per awaken variant (required fields only). */
function minimal(tag: string): Record<string, unknown> {
  const fields: Record<string, Record<string, unknown>> = {
    text_delta: { delta: "d" },
    reasoning_delta: { delta: "d" },
    reasoning_encrypted_value: { encrypted_value: "v" },
    tool_call_start: { id: "i", name: "n" },
    tool_call_delta: { id: "i", args_delta: "a" },
    tool_call_ready: { id: "i", name: "n", arguments: {} },
    tool_call_stream_delta: { id: "i", name: "n", delta: "d" },
    tool_call_resumed: { target_id: "t", result: null },
    tool_call_cancel: { id: "i", name: "n", reason: "r" },
    stream_reset: { reason: "r" },
    messages_snapshot: { messages: [] },
    activity_snapshot: { message_id: "m", activity_type: "a", content: null },
    activity_delta: { message_id: "m", activity_type: "a", patch: [] },
    step_start: {},
    step_end: {},
    inference_complete: { model: "m", duration_ms: 1 },
    state_snapshot: { snapshot: {} },
    state_delta: { delta: [] },
    error: { message: "m" },
  };
  const f = fields[tag];
  if (f === undefined) throw new Error(`no sample for ${tag}`);
  return { event_type: tag, ...f };
}
