// Seed 004's serde tests (heartbit's events), ported to the generated codecs of schema/heartbit.yaml.

import {
  decodeAgentEvent,
  decodeAgentEventStrict,
  encodeAgentEvent,
  type AgentEvent,
  type TokenUsage,
} from "../../generated/heartbit";
import { typeName } from "../../generated/heartbit/names";

const usage0: TokenUsage = {
  input_tokens: 0,
  output_tokens: 0,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  reasoning_tokens: 0,
};

function roundTrip(e: AgentEvent): AgentEvent {
  const json = encodeAgentEvent(e);
  const back = decodeAgentEvent(json);
  expect(decodeAgentEventStrict(json)).toEqual(back);
  expect(encodeAgentEvent(back)).toBe(json);
  return back;
}

describe("seed 004 (heartbit) serde tests", () => {
  it("event_serializes_to_tagged_json", () => {
    const json = encodeAgentEvent({ type: "run_started", agent: "researcher", task: "find info" });
    expect(json).toBe('{"type":"run_started","agent":"researcher","task":"find info"}');
  });

  it("event_roundtrips_through_json", () => {
    const e: AgentEvent = {
      type: "llm_response",
      agent: "coder",
      turn: 3,
      usage: {
        input_tokens: 100,
        output_tokens: 50,
        cache_creation_input_tokens: 10,
        cache_read_input_tokens: 20,
        reasoning_tokens: 0,
      },
      stop_reason: "tool_use",
      tool_call_count: 2,
      text: "hello world",
      latency_ms: 42,
      model: "claude-3-5-sonnet",
      time_to_first_token_ms: 0,
    };
    expect(encodeAgentEvent(e)).toBe(
      '{"type":"llm_response","agent":"coder","turn":3,"usage":{"input_tokens":100,"output_tokens":50,' +
        '"cache_creation_input_tokens":10,"cache_read_input_tokens":20,"reasoning_tokens":0},"stop_reason":"tool_use",' +
        '"tool_call_count":2,"text":"hello world","latency_ms":42,"model":"claude-3-5-sonnet","time_to_first_token_ms":0}',
    );
    expect(roundTrip(e)).toEqual(e);
  });

  it("tool_call_events_roundtrip", () => {
    const started: AgentEvent = {
      type: "tool_call_started",
      agent: "worker",
      tool_name: "web_search",
      tool_call_id: "call-1",
      input: '{"query":"rust async"}',
    };
    expect(encodeAgentEvent(started)).toContain('"type":"tool_call_started"');
    expect(roundTrip(started)).toEqual(started);
    const completed: AgentEvent = {
      type: "tool_call_completed",
      agent: "worker",
      tool_name: "web_search",
      tool_call_id: "call-1",
      is_error: false,
      duration_ms: 150,
      output: "search results here",
    };
    expect(roundTrip(completed)).toEqual(completed);
  });

  const all: AgentEvent[] = [
    { type: "run_started", agent: "a", task: "t" },
    { type: "turn_started", agent: "a", turn: 1, max_turns: 10 },
    {
      type: "llm_response",
      agent: "a",
      turn: 1,
      usage: usage0,
      stop_reason: "end_turn",
      tool_call_count: 0,
      text: "",
      latency_ms: 0,
      model: null,
      time_to_first_token_ms: 0,
    },
    { type: "tool_call_started", agent: "a", tool_name: "t", tool_call_id: "c", input: "{}" },
    {
      type: "tool_call_completed",
      agent: "a",
      tool_name: "t",
      tool_call_id: "c",
      is_error: false,
      duration_ms: 0,
      output: "",
    },
    { type: "approval_requested", agent: "a", turn: 1, tool_names: ["t"] },
    { type: "approval_decision", agent: "a", turn: 1, approved: true },
    { type: "sub_agents_dispatched", agent: "orchestrator", agents: ["a"] },
    { type: "sub_agent_completed", agent: "a", success: true, usage: usage0 },
    { type: "context_summarized", agent: "a", turn: 2, usage: usage0 },
    { type: "run_completed", agent: "a", total_usage: usage0, tool_calls_made: 0 },
    { type: "guardrail_denied", agent: "a", hook: "post_llm", reason: "unsafe", tool_name: null },
    { type: "guardrail_denied", agent: "a", hook: "pre_tool", reason: "blocked", tool_name: "web_search" },
    { type: "guardrail_warned", agent: "a", hook: "pre_tool", reason: "unusual input", tool_name: "bash" },
    { type: "run_failed", agent: "a", error: "oops", partial_usage: usage0 },
    { type: "retry_attempt", agent: "a", attempt: 1, max_retries: 3, delay_ms: 500, error_class: "rate_limited" },
    { type: "doom_loop_detected", agent: "a", turn: 4, consecutive_count: 3, tool_names: ["web_search"] },
    { type: "fuzzy_doom_loop_detected", agent: "a", turn: 5, consecutive_count: 4, tool_names: ["web_search"] },
    { type: "kill_switch_activated", agent: "a", reason: "critical detection", guardrail_name: "content_fence" },
    { type: "auto_compaction_triggered", agent: "a", turn: 2, success: true, usage: usage0 },
    {
      type: "sensor_event_processed",
      sensor_name: "tech_rss",
      decision: "promote",
      priority: "normal",
      story_id: "story-123",
    },
    {
      type: "story_updated",
      story_id: "story-123",
      subject: "Rust ecosystem news",
      event_count: 3,
      priority: "normal",
    },
    { type: "session_pruned", agent: "a", turn: 3, tool_results_pruned: 2, bytes_saved: 1500, tool_results_total: 4 },
    { type: "model_escalated", agent: "a", from_tier: "haiku", to_tier: "sonnet", reason: "gate_rejected" },
    { type: "budget_exceeded", agent: "a", used: 150000, limit: 100000, partial_usage: usage0 },
    {
      type: "agent_spawned",
      agent: "orchestrator",
      spawned_name: "spawn:tax_specialist",
      tools: ["read", "grep"],
      task: "analyze tax implications",
    },
    {
      type: "task_routed",
      decision: "single_agent",
      reason: "heuristic score below threshold",
      selected_agent: "coder",
      complexity_score: 0.15,
      escalated: false,
    },
  ] as AgentEvent[];

  it("all_variants_serialize (and round-trip to the same bytes)", () => {
    for (const e of all) roundTrip(e);
  });

  it("type_name_matches_serde_tag", () => {
    for (const e of all) {
      const json = JSON.parse(encodeAgentEvent(e)) as { type: string };
      expect(typeName(e)).toBe(json.type);
    }
  });

  it("f32 complexity_score is written as serde writes an f32", () => {
    const e = all.find((x) => x.type === "task_routed")!;
    expect(encodeAgentEvent(e)).toContain('"complexity_score":0.15,');
  });

  it("llm_response_model_none_roundtrip: model omitted when None", () => {
    const json = encodeAgentEvent(all[2]!);
    expect(json).not.toContain("model");
    const back = decodeAgentEvent(json);
    expect(back.type === "llm_response" && back.model).toBeNull();
  });

  it("guardrail_warned_no_tool_name_omits_field", () => {
    const json = encodeAgentEvent({
      type: "guardrail_warned",
      agent: "a",
      hook: "post_llm",
      reason: "test",
      tool_name: null,
    });
    expect(json).not.toContain("tool_name");
  });

  it("llm_response_ttft_roundtrip", () => {
    const e = { ...all[2]!, text: "hello", latency_ms: 500, time_to_first_token_ms: 42 } as AgentEvent;
    expect(encodeAgentEvent(e)).toContain('"time_to_first_token_ms":42');
    expect(roundTrip(e)).toEqual(e);
  });

  it("backward_compat_llm_response_without_ttft", () => {
    const json = `{
            "type":"llm_response",
            "agent":"a",
            "turn":1,
            "usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0},
            "stop_reason":"end_turn",
            "tool_call_count":0,
            "text":"hello",
            "latency_ms":100
        }`;
    for (const decode of [decodeAgentEvent, decodeAgentEventStrict]) {
      const e = decode(json);
      expect(e.type === "llm_response" && e.time_to_first_token_ms).toBe(0);
    }
  });

  it("backward_compatible_deserialization_without_new_fields", () => {
    const llm = decodeAgentEvent(`{
            "type":"llm_response",
            "agent":"a",
            "turn":1,
            "usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0},
            "stop_reason":"end_turn",
            "tool_call_count":0
        }`);
    expect(llm).toMatchObject({ type: "llm_response", text: "", latency_ms: 0, model: null });
    const started = decodeAgentEvent('{"type":"tool_call_started","agent":"a","tool_name":"t","tool_call_id":"c"}');
    expect(started).toMatchObject({ input: "" });
    const completed = decodeAgentEvent(
      '{"type":"tool_call_completed","agent":"a","tool_name":"t","tool_call_id":"c","is_error":false,"duration_ms":0}',
    );
    expect(completed).toMatchObject({ output: "" });
  });

  it("model_escalated_roundtrip", () => {
    const e: AgentEvent = {
      type: "model_escalated",
      agent: "a",
      from_tier: "haiku",
      to_tier: "sonnet",
      reason: "gate_rejected",
    };
    expect(encodeAgentEvent(e)).toBe(
      '{"type":"model_escalated","agent":"a","from_tier":"haiku","to_tier":"sonnet","reason":"gate_rejected"}',
    );
    expect(roundTrip(e)).toEqual(e);
  });
});
