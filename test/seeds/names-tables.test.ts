/**
 * Seed tests ported to the generated TypeScript (generated/, which CI keeps fresh with `npm run gen -- --check`):
 * seed 004's `type_name_matches_serde_tag`, seed 000's `WorkerEvent::as_status()` / `as_str()` tables and
 * `tool_call_status_serde`, seed 003's `is_terminal()` and `run_id()`.
 */
import * as behest from "../../generated/behest";
import * as legacy from "../../generated/harn_legacy";
import * as heartbit from "../../generated/heartbit";

describe("seed 004: type_name() matches the serde tag", () => {
  // The seed's cases: the event, and the tag serde writes for it.
  const cases: [heartbit.AgentEvent, string][] = [
    [{ type: "run_started", agent: "a", task: "t" }, "run_started"],
    [
      {
        type: "llm_response",
        agent: "a",
        turn: 1,
        usage: { input_tokens: 0, output_tokens: 0 },
        stop_reason: "end_turn",
        tool_call_count: 0,
        text: "",
        latency_ms: 0,
        model: null,
        time_to_first_token_ms: 0,
      },
      "llm_response",
    ],
    [{ type: "sub_agents_dispatched", agent: "a", agents: [] }, "sub_agents_dispatched"],
    [{ type: "kill_switch_activated", agent: "a", reason: "r", guardrail_name: "g" }, "kill_switch_activated"],
  ];
  test.each(cases)("%j → %s", (event, expected) => {
    expect(heartbit.typeName(event)).toBe(expected);
    // The TS value is the wire JSON: its `type` property is what serde wrote.
    const json = JSON.parse(JSON.stringify(event)) as { type: string };
    expect(heartbit.typeName(event)).toBe(json.type);
  });

  test("the whole hand-written type_name() match, against the generated tag table", () => {
    // seed 004, lines 307-338: Self::Variant { .. } => "tag"
    const seed: Record<string, string> = {
      RunStarted: "run_started",
      TurnStarted: "turn_started",
      LlmResponse: "llm_response",
      ToolCallStarted: "tool_call_started",
      ToolCallCompleted: "tool_call_completed",
      ApprovalRequested: "approval_requested",
      ApprovalDecision: "approval_decision",
      SubAgentsDispatched: "sub_agents_dispatched",
      SubAgentCompleted: "sub_agent_completed",
      ContextSummarized: "context_summarized",
      RunCompleted: "run_completed",
      GuardrailDenied: "guardrail_denied",
      GuardrailWarned: "guardrail_warned",
      RunFailed: "run_failed",
      RetryAttempt: "retry_attempt",
      DoomLoopDetected: "doom_loop_detected",
      FuzzyDoomLoopDetected: "fuzzy_doom_loop_detected",
      KillSwitchActivated: "kill_switch_activated",
      SessionPruned: "session_pruned",
      AutoCompactionTriggered: "auto_compaction_triggered",
      SensorEventProcessed: "sensor_event_processed",
      StoryUpdated: "story_updated",
      ModelEscalated: "model_escalated",
      BudgetExceeded: "budget_exceeded",
      AgentSpawned: "agent_spawned",
      TaskRouted: "task_routed",
      WorkflowNodeStarted: "workflow_node_started",
      WorkflowNodeCompleted: "workflow_node_completed",
      WorkflowNodeFailed: "workflow_node_failed",
      ToolNameRepaired: "tool_name_repaired",
    };
    expect({ ...heartbit.TAG_BY_VARIANT }).toEqual(seed);
    expect([...heartbit.TAGS]).toEqual(Object.values(seed));
    expect([...heartbit.VARIANTS]).toEqual(Object.keys(seed));
    for (const [variant, tag] of Object.entries(seed)) {
      expect(heartbit.VARIANT_BY_TAG[tag as heartbit.AgentEventTag]).toBe(variant);
      expect(heartbit.isTag(tag)).toBe(true);
    }
    expect(heartbit.isTag("RunStarted")).toBe(false);
    expect(heartbit.isTag("constructor")).toBe(false);
    expect(heartbit.isTag(42)).toBe(false);
  });
});

describe("seed 000: WorkerEvent tables", () => {
  const all: legacy.WorkerEvent[] = ["WorkerSpawned", "WorkerCompleted", "WorkerFailed", "WorkerCancelled"];

  test("as_status()", () => {
    expect(all.map(legacy.asStatus)).toEqual(["running", "completed", "failed", "cancelled"]);
    expect({ ...legacy.WORKER_EVENT_STATUS }).toEqual({
      WorkerSpawned: "running",
      WorkerCompleted: "completed",
      WorkerFailed: "failed",
      WorkerCancelled: "cancelled",
    });
  });

  test("as_str()", () => {
    expect(all.map(legacy.workerEventVariantName)).toEqual(["WorkerSpawned", "WorkerCompleted", "WorkerFailed", "WorkerCancelled"]);
    expect([...legacy.WORKER_EVENT_VALUES]).toEqual(all);
    expect(legacy.isWorkerEvent("WorkerFailed")).toBe(true);
    expect(legacy.isWorkerEvent("worker_failed")).toBe(false);
  });

  test("tables are frozen", () => {
    expect(Object.isFrozen(legacy.WORKER_EVENT_STATUS)).toBe(true);
    expect(Object.isFrozen(legacy.TAGS)).toBe(true);
  });
});

describe("seed 000: tool_call_status_serde", () => {
  test("wire values", () => {
    expect({ ...legacy.TOOL_CALL_STATUS_VALUE_BY_VARIANT }).toEqual({
      Pending: "pending",
      InProgress: "in_progress",
      Completed: "completed",
      Failed: "failed",
    });
    expect(legacy.toolCallStatusVariantName("in_progress")).toBe("InProgress");
  });
});

describe("seed 000/002: session_id()", () => {
  test("reads every variant", () => {
    const e: legacy.AgentEvent = { type: "turn_start", session_id: "s-1", iteration: 2 };
    expect(legacy.sessionId(e)).toBe("s-1");
    expect(legacy.typeName(e)).toBe("turn_start");
    expect(legacy.variantName(e)).toBe("TurnStart");
  });
});

describe("seed 003: run_id() and is_terminal()", () => {
  const base = { session_id: "00000000-0000-0000-0000-000000000002", timestamp: "2024-01-01T00:00:00Z" };
  const run = "00000000-0000-0000-0000-000000000001";
  test("run_id() reaches into newtype variants", () => {
    const e: behest.AgentEvent = { RunStarted: { run_id: run, provider: "p", model: "m", ...base } };
    expect(behest.runId(e)).toBe(run);
    expect(behest.typeName(e)).toBe("RunStarted");
    expect(behest.isTerminal(e)).toBe(false);
  });
  test("is_terminal() is true exactly for RunCompleted, RunFailed, RunCancelled", () => {
    const terminal = behest.TAGS.filter((t) => behest.TERMINAL[t]);
    expect(terminal).toEqual(["RunCompleted", "RunFailed", "RunCancelled"]);
  });
});
