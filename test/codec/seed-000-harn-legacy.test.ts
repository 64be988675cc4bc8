// Seed 000's serde tests (harn's earlier event module), ported to the generated codecs of schema/harn_legacy.yaml,
// plus the JSONL envelope (PersistedAgentEvent, the event flattened in) as serde writes it.

import {
  decodeAgentEvent,
  decodeAgentEventStrict,
  decodePersistedAgentEvent,
  decodeToolCallStatus,
  encodeAgentEvent,
  encodePersistedAgentEvent,
  encodeToolCallStatus,
  type AgentEvent,
  type PersistedAgentEvent,
} from "../../generated/harn_legacy";

describe("seed 000 (harn_legacy) serde tests", () => {
  it("tool_call_update_durations_serialize_when_present_and_skip_when_absent", () => {
    const terminal = {
      type: "tool_call_update",
      session_id: "s",
      tool_call_id: "tc-1",
      tool_name: "read",
      status: "completed",
      raw_output: null,
      error: null,
      duration_ms: 42,
      execution_duration_ms: 7,
    } as AgentEvent;
    const json = encodeAgentEvent(terminal);
    const value = JSON.parse(json) as Record<string, unknown>;
    expect(value.duration_ms).toBe(42);
    expect(value.execution_duration_ms).toBe(7);
    expect(encodeAgentEvent(decodeAgentEvent(json))).toBe(json);

    const intermediate = {
      ...terminal,
      status: "in_progress",
      duration_ms: null,
      execution_duration_ms: null,
    } as AgentEvent;
    const object = JSON.parse(encodeAgentEvent(intermediate)) as Record<string, unknown>;
    expect("duration_ms" in object).toBe(false);
    expect("execution_duration_ms" in object).toBe(false);
  });

  it("tool_call_update_deserializes_without_duration_fields_for_back_compat", () => {
    const raw = JSON.stringify({
      type: "tool_call_update",
      session_id: "s",
      tool_call_id: "tc-1",
      tool_name: "read",
      status: "completed",
      raw_output: null,
      error: null,
    });
    for (const decode of [decodeAgentEvent, decodeAgentEventStrict]) {
      const e = decode(raw);
      expect(e).toMatchObject({ type: "tool_call_update", duration_ms: null, execution_duration_ms: null });
    }
  });

  it("tool_call_status_serde", () => {
    expect(encodeToolCallStatus("pending")).toBe('"pending"');
    expect(encodeToolCallStatus("in_progress")).toBe('"in_progress"');
    expect(encodeToolCallStatus("completed")).toBe('"completed"');
    expect(encodeToolCallStatus("failed")).toBe('"failed"');
    expect(decodeToolCallStatus('"in_progress"')).toBe("in_progress");
    // serde also accepts the map form of a unit variant.
    expect(decodeToolCallStatus('{"in_progress":null}')).toBe("in_progress");
    expect(() => decodeToolCallStatus('"InProgress"')).toThrow(
      "unknown variant `InProgress`, expected one of `pending`, `in_progress`, `completed`, `failed`",
    );
  });

  it("jsonl envelope: outer fields first, then the flattened event, tag first", () => {
    const envelope = {
      index: 0,
      emitted_at_ms: 1700000000000,
      frame_depth: null,
      type: "turn_start",
      session_id: "s",
      iteration: 3,
    } as PersistedAgentEvent;
    const json = encodePersistedAgentEvent(envelope);
    expect(json).toBe(
      '{"index":0,"emitted_at_ms":1700000000000,"frame_depth":null,"type":"turn_start","session_id":"s","iteration":3}',
    );
    expect(decodePersistedAgentEvent(json)).toEqual(envelope);
    // Decoding accepts any order, and the event's fields around the envelope's.
    expect(
      decodePersistedAgentEvent(
        '{"type":"turn_start","iteration":3,"index":0,"session_id":"s","emitted_at_ms":1700000000000}',
      ),
    ).toEqual(envelope);
  });

  it("jsonl_sink_writes_monotonic_indices_and_timestamps (envelope lines)", () => {
    let lastIdx = -1;
    let lastTs = 0;
    for (let i = 0; i < 5; i++) {
      const line = encodePersistedAgentEvent({
        index: i,
        emitted_at_ms: 1000 + i,
        frame_depth: null,
        type: "turn_start",
        session_id: "s",
        iteration: i,
      } as PersistedAgentEvent);
      const val = JSON.parse(line) as { index: number; emitted_at_ms: number; type: string };
      expect(val.index).toBe(lastIdx + 1);
      expect(val.emitted_at_ms).toBeGreaterThanOrEqual(lastTs);
      expect(val.type).toBe("turn_start");
      lastIdx = val.index;
      lastTs = val.emitted_at_ms;
    }
    expect(lastIdx).toBe(4);
  });
});
