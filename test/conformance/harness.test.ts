/**
 * The oracle harness itself, proven on the hand-written family (`test/conformance/rust/src/hand/`, mirroring seed
 * 000): the crate builds offline against Debian's serde, the batch protocol round-trips any input byte-exactly, the
 * corpus is well formed, and the serde facts the codecs are aimed at (SERDE-NOTES.md) hold for these crates.
 */
import { buildOracle, describeWithOracle, rustCorpus, rustRoundtrip, rustTypes, type RustAnswer } from "./oracle";

const ok = (json: string): RustAnswer => ({ ok: true, json });
const err = (error: string): RustAnswer => ({ ok: false, error });

describeWithOracle("serde oracle harness (hand-written seed-000 family)", () => {
  let binary = "";

  beforeAll(() => {
    const info = buildOracle();
    binary = info.binary;
    // eslint-disable-next-line no-console
    if (info.status === "built") console.log(`conformance oracle built in ${info.ms} ms`);
  }, 15 * 60 * 1000);

  test("knows the hand-written types", () => {
    expect(rustTypes(binary).filter((t) => t.startsWith("hand."))).toEqual([
      "hand.FsWatchEvent",
      "hand.WorkerEvent",
      "hand.ToolCallStatus",
      "hand.ToolKind",
      "hand.HandoffArtifact",
      "hand.AgentEvent",
      "hand.PersistedAgentEvent",
      "hand.Scalars",
    ]);
  });

  // [type, input, serde's answer] — exact strings, positions included.
  const facts: [string, string, RustAnswer][] = [
    // tags, declaration order, flatten order
    ["hand.AgentEvent", `{"session_id":"s","iteration":3,"type":"turn_start"}`, ok(`{"type":"turn_start","session_id":"s","iteration":3}`)],
    [
      "hand.PersistedAgentEvent",
      `{"type":"turn_start","session_id":"s","iteration":0,"index":1,"emitted_at_ms":-5}`,
      ok(`{"index":1,"emitted_at_ms":-5,"frame_depth":null,"type":"turn_start","session_id":"s","iteration":0}`),
    ],
    ["hand.AgentEvent", `{"session_id":"s","iteration":3}`, err("missing field `type` at line 1 column 32")],
    [
      "hand.AgentEvent",
      `{"type":"turn_end"}`,
      err(
        "unknown variant `turn_end`, expected one of `agent_message_chunk`, `tool_call`, `tool_call_update`, `turn_start`, `handoff`, `fs_watch`, `metrics` at line 1 column 18",
      ),
    ],
    ["hand.AgentEvent", `{"type":1}`, err("invalid type: integer `1`, expected variant identifier at line 1 column 9")],
    ["hand.AgentEvent", `{"type":"turn_start","session_id":"s"}`, err("missing field `iteration`")],
    ["hand.AgentEvent", `{"type":"turn_start","type":"turn_start","session_id":"s","iteration":1}`, err("duplicate field `type` at line 1 column 27")],
    ["hand.AgentEvent", `["turn_start","s",7]`, ok(`{"type":"turn_start","session_id":"s","iteration":7}`)],
    // integers
    ["hand.AgentEvent", `{"type":"turn_start","session_id":"s","iteration":1.0}`, err("invalid type: floating point `1`, expected usize")],
    ["hand.AgentEvent", `{"type":"turn_start","session_id":"s","iteration":-1}`, err("invalid value: integer `-1`, expected usize")],
    ["hand.AgentEvent", `{"type":"turn_start","session_id":"s","iteration":"1"}`, err('invalid type: string "1", expected usize')],
    ["hand.AgentEvent", `{"type":"turn_start","session_id":"s","iteration":01}`, err("invalid number at line 1 column 52")],
    ["hand.Scalars", scalars({ big: "18446744073709551615" }), ok(scalars({ big: "18446744073709551615" }))],
    ["hand.Scalars", scalars({ big: "18446744073709551616" }), err("invalid type: floating point `18446744073709552000`, expected u64 at line 1 column 128")],
    ["hand.PersistedAgentEvent", `{"index":0,"emitted_at_ms":0,"frame_depth":4294967296,"type":"turn_start","session_id":"s","iteration":0}`, err("invalid value: integer `4294967296`, expected u32 at line 1 column 53")],
    // floats
    ["hand.HandoffArtifact", handoff("0.1"), ok(handoff("0.1"))],
    ["hand.HandoffArtifact", handoff("1"), ok(handoff("1.0"))],
    ["hand.HandoffArtifact", handoff("-0"), ok(handoff("-0.0"))],
    ["hand.HandoffArtifact", handoff("1e15"), ok(handoff("1000000000000000.0"))],
    ["hand.HandoffArtifact", handoff("1e16"), ok(handoff("1e16"))],
    ["hand.HandoffArtifact", handoff("0.00001"), ok(handoff("0.00001"))],
    ["hand.HandoffArtifact", handoff("0.000001"), ok(handoff("1e-6"))],
    ["hand.HandoffArtifact", handoff("5e-324"), ok(handoff("5e-324"))],
    ["hand.HandoffArtifact", handoff("1e400"), err("number out of range at line 1 column 117")],
    // over-long number tokens (test/support/number-tokens.test.ts holds the reader to the same answers): an integer
    // beyond f64 fails at its end; an exponent beyond i32 fails right after the digit that passes i32::MAX, unless
    // the mantissa is zero or the exponent negative (then ±0)
    ["hand.HandoffArtifact", handoff(null, "1" + "0".repeat(400)), err("number out of range at line 1 column 510")],
    ["hand.HandoffArtifact", handoff(null, "1" + "0".repeat(400) + "e-400"), ok(handoff(null, "1.0"))],
    ["hand.HandoffArtifact", handoff(null, "1e99999999999"), err("number out of range at line 1 column 121")],
    ["hand.HandoffArtifact", handoff(null, "-1.5e+99999999999"), err("number out of range at line 1 column 125")],
    ["hand.HandoffArtifact", handoff(null, "100e2147483647"), err("number out of range at line 1 column 123")],
    ["hand.HandoffArtifact", handoff(null, "0.0e99999999999"), ok(handoff(null, "0.0"))],
    ["hand.HandoffArtifact", handoff(null, "1e-99999999999"), ok(handoff(null, "0.0"))],
    // float_roundtrip: correctly rounded parsing (the default parser reads this one ULP off)
    ["hand.HandoffArtifact", handoff("12.335333333333335"), ok(handoff("12.335333333333335"))],
    ["hand.Scalars", scalars({ ratio: "0.123456789" }), ok(scalars({ ratio: "0.12345679" }))],
    ["hand.Scalars", scalars({ ratio: "16777217" }), ok(scalars({ ratio: "16777216.0" }))],
    // With float_roundtrip an f32 read straight from the parser is rounded once, to f32, and overflows to an error;
    // read through serde's buffer (internally tagged variants, flatten) it is parsed as f64 and cast (1e39 → inf →
    // null), which is what every f32 does without the feature.
    ["hand.Scalars", scalars({ ratio: "1e39" }), err("number out of range at line 1 column 13")],
    ["hand.AgentEvent", `{"type":"metrics","session_id":"s","ratio":1e39,"score":1}`, ok(`{"type":"metrics","session_id":"s","ratio":null,"score":1.0}`)],
    ["hand.Scalars", scalars({ ratio: "null" }), err("invalid type: null, expected f32 at line 1 column 13")],
    // json values keep number kinds, sort keys by UTF-8 bytes, last duplicate wins
    ["hand.HandoffArtifact", handoff("null", `{"b":1,"a":1.0,"\uE000":1e2,"\u{1F600}":-0,"a":18446744073709551616}`),
      ok(handoff(null, `{"a":1.8446744073709552e19,"b":1,"\uE000":100.0,"\u{1F600}":-0.0}`))],
    // strings
    ["hand.ToolCallStatus", `"in_progress"`, ok(`"in_progress"`)],
    ["hand.ToolCallStatus", `{"in_progress":null}`, ok(`"in_progress"`)],
    ["hand.ToolCallStatus", `"In_progress"`, err("unknown variant `In_progress`, expected one of `pending`, `in_progress`, `completed`, `failed` at line 1 column 13")],
    ["hand.AgentEvent", `{"type":"agent_message_chunk","session_id":"\\u00e9\\/\\uD83D\\uDE00","content":"\u007f\u0080\u2028"}`,
      ok(`{"type":"agent_message_chunk","session_id":"é/😀","content":"\u007f\u0080\u2028"}`)],
    ["hand.AgentEvent", `{"type":"agent_message_chunk","session_id":"\\uD83D","content":""}`, err("unexpected end of hex escape at line 1 column 51")],
    ["hand.AgentEvent", `{"type":"agent_message_chunk","session_id":"\\uDE00","content":""}`, err("lone leading surrogate in hex escape at line 1 column 50")],
    ["hand.AgentEvent", `{"type":"agent_message_chunk","session_id":"\u0001","content":""}`, err("control character (\\u0000-\\u001F) found while parsing a string at line 1 column 45")],
    // timestamps and uuids
    ["hand.Scalars", scalars({ at: `"2024-01-02T08:34:05.5+05:30"` }), ok(scalars({ at: `"2024-01-02T03:04:05.500Z"` }))],
    ["hand.Scalars", scalars({ id: `"{67E55044-10B1-426F-9247-BB680E5FE0C8}"` }), ok(scalars({ id: `"67e55044-10b1-426f-9247-bb680e5fe0c8"` }))],
    // trailing garbage, truncation, raw newlines inside the payload
    ["hand.ToolKind", `"read" x`, err("trailing characters at line 1 column 8")],
    ["hand.FsWatchEvent", `{"kind":"k","paths":[`, err("EOF while parsing a list at line 1 column 21")],
    ["hand.ToolKind", `\n\t"read"\r\n`, ok(`"read"`)],
  ];

  test.each(facts)("%s %s", (type, input, want) => {
    expect(rustRoundtrip(binary, [{ type, input }])).toEqual([want]);
  });

  test("one batch answers every request in order (facts batched, repeated)", () => {
    const requests = Array.from({ length: 50 }, () => facts.map(([type, input]) => ({ type, input }))).flat();
    const answers = rustRoundtrip(binary, requests);
    expect(answers).toEqual(Array.from({ length: 50 }, () => facts.map(([, , want]) => want)).flat());
  });

  test("an unknown type name is a harness error, not a serde answer", () => {
    expect(() => rustRoundtrip(binary, [{ type: "hand.Nope", input: "1" }])).toThrow(/does not know type hand.Nope/);
  });

  test("the corpus covers every type and variant, and serde reads back what it wrote", () => {
    const corpus = rustCorpus(binary).filter((c) => c.type.startsWith("hand."));
    expect(new Set(corpus.map((c) => c.type))).toEqual(new Set(rustTypes(binary).filter((t) => t.startsWith("hand."))));
    const variants = new Set(corpus.filter((c) => c.type === "hand.AgentEvent").map((c) => c.label.split(/[#!]/)[0]));
    expect(variants).toEqual(new Set(["AgentMessageChunk", "ToolCall", "ToolCallUpdate", "TurnStart", "Handoff", "FsWatch", "Metrics"]));
    const encoded = corpus.filter((c): c is typeof c & { json: { ok: true } } => c.json.ok);
    expect(encoded).toHaveLength(corpus.length);
    const back = rustRoundtrip(binary, encoded.map((c) => ({ type: c.type, input: c.json.json })));
    const changed = encoded.filter((c, i) => JSON.stringify(back[i]) !== JSON.stringify({ ok: true, json: c.json.json }));
    // Only non-finite floats do not reproduce serde's text: written `null`, an Option reads them back as None (then
    // skipped); a plain f32/f64 cannot read them back at all.
    expect(changed.map((c) => c.label)).toEqual([
      "!nonfinite#0", "Metrics!nonfinite#0", "!nonfinite#1", "Metrics!nonfinite#1", "!nonfinite#2", "Metrics!nonfinite#2",
    ]);
    for (const [i, c] of encoded.entries()) {
      if (c.label.startsWith("Metrics!")) expect(back[i]).toEqual({ ok: false, error: "invalid type: null, expected f32" });
    }
    const text = encoded.map((c) => c.json.json).join("\n");
    for (const needle of ["-0.0", "1e300", "5e-324", "1e16", "0.00001", "1e-7", "18446744073709551615", "-9223372036854775808", "0.33333334", "3.4028235e38", "\\u0000", "\\b", "\\f", "\u2028", "\u{1F600}", ".000000001Z", "+10000-01-01T00:00:00Z", "ffffffff-ffff-ffff-ffff-ffffffffffff"]) {
      expect(text).toContain(needle);
    }
  });
});

function handoff(confidence: string | null, payload = "null"): string {
  const c = confidence === null ? "" : `,"confidence":${confidence}`;
  return `{"id":"i","kind":"k","from_agent":"a","to_agent":"b","summary":"s","created_at_ms":1,"files":["f"]${c},"payload":${payload}}`;
}

function scalars(o: { ratio?: string; at?: string; id?: string; big?: string }): string {
  return (
    `{"ratio":${o.ratio ?? "0.5"},"at":${o.at ?? `"2024-01-02T03:04:05Z"`},` +
    `"id":${o.id ?? `"00000000-0000-0000-0000-000000000000"`},"counts":{"a":1},` +
    `"big":${o.big ?? "1"},"signed_big":-1}`
  );
}
