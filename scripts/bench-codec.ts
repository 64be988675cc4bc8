/**
 * `npm run bench:codec`: the generated serde-exact codecs (schema/harn.yaml's AgentEvent) against bare JSON.parse,
 * JSON.parse + a compiled ajv validator, JSON.parse + TypeBox's compiled check, zod 4, JSON.stringify and
 * fast-json-stringify. Prints, per event kind and for a mixed stream, the median time over rounds and the throughput
 * ratio to JSON.parse (decode) or JSON.stringify (encode), > 1 is faster, with its spread over the rounds. The
 * alternatives are interleaved within each round, so on a shared machine load hits all alike; a ratio whose IQR
 * straddles 1 is "level within noise", not "ahead".
 *
 * Event kinds: small (a chat chunk), medium (a tool call with nested json input), large (a chunk with a 64 KB
 * string), float (a judge decision with f64 fields). The mixed stream is 4 small, 3 medium, 2 float and 1 large.
 * A second mix, the tool-heavy stream, is drawn from a seeded generator (see `toolHeavyStream`): a fifth of its
 * events are tool calls and tool results carrying nested json whose keys come in arbitrary order, as tools return
 * them; the rest are chat and thought chunks, judge decisions and status-only tool updates. At the end both mixes'
 * ratios are printed side by side.
 * A benchmark, not a test: numbers depend on the machine (write them into README.md with the machine's name).
 */
import { Type, type TSchema } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import Ajv from "ajv";
import fastJson from "fast-json-stringify";
import * as os from "node:os";
import { z } from "zod";
import { decodeAgentEvent, decodeAgentEventStrict, encodeAgentEvent, type AgentEvent } from "../generated/harn";

// ------------------------------------------------------------------------------------------- the events

const small = {
  type: "agent_message_chunk",
  session_id: "sess-7f3a9c2e-41b8-4d7e-9a1f-2c3d4e5f6a7b",
  content: "Let me look at the failing test first.",
};

const medium = {
  type: "tool_call",
  session_id: "sess-7f3a9c2e-41b8-4d7e-9a1f-2c3d4e5f6a7b",
  tool_call_id: "call_01HZX8N4K2M9Q7R5T3V1W0Y8Z6",
  tool_name: "edit_file",
  kind: "edit",
  status: "in_progress",
  raw_input: {
    path: "src/lib/parser.rs",
    edits: [
      {
        old_text: "fn parse(input: &str) -> Result<Ast>",
        new_text: "fn parse(input: &str) -> Result<Ast, ParseError>",
      },
      { old_text: "let x = 1;", new_text: "let x = 2;", line: 42, occurrence: 1 },
    ],
    options: { dry_run: false, create_backup: true, encoding: "utf-8", max_bytes: 1048576, ratio: 0.75 },
    tags: ["refactor", "errors", "parser"],
  },
  parsing: false,
};

const large = {
  type: "agent_message_chunk",
  session_id: "sess-7f3a9c2e-41b8-4d7e-9a1f-2c3d4e5f6a7b",
  content: 'The quick brown fox jumps over the lazy dog. Ünïcödé ✓ "quoted" and a tab\tand a newline\n. '
    .repeat(700)
    .slice(0, 65536),
};

const float = {
  type: "step_judge_decision",
  session_id: "sess-7f3a9c2e-41b8-4d7e-9a1f-2c3d4e5f6a7b",
  iteration: 12,
  verdict: "pass",
  reasoning: "The edit addresses the failing assertion and keeps the public API.",
  critique: "Consider a regression test.",
  confidence: 0.8734210526315789,
  judge_duration_ms: 1834,
  vetoed: false,
  on_veto: "retain",
  input_tokens: 18342,
  output_tokens: 412,
  cost_usd: 0.0123456,
  provider: "anthropic",
  model: "claude-sonnet-4",
};

const KINDS = { small, medium, large, float } as const;
type Kind = keyof typeof KINDS;
const MIX: Kind[] = ["small", "medium", "small", "float", "medium", "small", "large", "float", "medium", "small"];

// Decode our own encoding so the texts are exactly what serde writes (and the values the typed ones).
const texts = Object.fromEntries(
  Object.entries(KINDS).map(([k, v]) => [k, encodeAgentEvent(decodeAgentEvent(JSON.stringify(v)))]),
) as Record<Kind, string>;
const values = Object.fromEntries(Object.entries(texts).map(([k, t]) => [k, decodeAgentEvent(t)])) as Record<
  Kind,
  AgentEvent
>;

// ------------------------------------------------------------------------------------------- the tool-heavy stream

/** mulberry32: a small seeded PRNG, so the tool-heavy stream is the same on every run and machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = (
  "path file line column text content score matches query pattern include exclude max_results " +
  "offset limit command cwd timeout_ms env stdout stderr exit_code duration truncated " +
  "encoding edits old_text new_text range start end symbol kind url status headers body items " +
  "total metadata tags confidence"
).split(" ");
const WORDS = (
  "src lib parser error fn return match self config test let value => the result json path " +
  "use crate async await Ok Err None Some 0.5 println!"
).split(" ");

/** Arbitrary-order nested json as a tool returns it: objects 2–4 levels deep, arrays, ints, floats, strings. */
function toolJson(rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const text = (): string => {
    const n = rand() < 0.05 ? int(20, 120) : int(1, 8);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(pick(WORDS) + (rand() < 0.08 ? "\n" : ""));
    return parts.join(rand() < 0.5 ? " " : "/");
  };
  const scalar = (): unknown => {
    const r = rand();
    if (r < 0.45) return text();
    if (r < 0.7) return int(0, r < 0.6 ? 500 : 2_000_000);
    if (r < 0.85) return (int(0, 999_999) + 0.5) / 1000; // a float with a fraction
    if (r < 0.95) return rand() < 0.5;
    return null;
  };
  const value = (depth: number, maxDepth: number): unknown => {
    const r = rand();
    if (depth < maxDepth && r < 0.12) return object(depth + 1, maxDepth);
    if (r < 0.22) {
      const n = int(1, 4);
      return Array.from({ length: n }, () =>
        depth < maxDepth && rand() < 0.3 ? object(depth + 1, maxDepth) : scalar(),
      );
    }
    return scalar();
  };
  const object = (depth: number, maxDepth: number): Record<string, unknown> => {
    const keys = [...new Set(Array.from({ length: int(2, 6) }, () => pick(KEYS)))];
    if (keys.length < 2) keys.push(keys[0] === "path" ? "limit" : "path");
    // Not in sorted order (serde's output order is sorted; a tool's is not).
    if (keys.every((k, i) => i === 0 || keys[i - 1]! < k)) keys.reverse();
    // One member (at a random place) nests further, so the object is as deep as drawn.
    const nested = depth < maxDepth ? int(0, keys.length - 1) : -1;
    const o: Record<string, unknown> = {};
    keys.forEach((k, i) => (o[k] = i === nested ? object(depth + 1, maxDepth) : value(depth, maxDepth)));
    return o;
  };
  return object(1, int(2, 4));
}

/**
 * The tool-heavy stream: `n` events, a fifth of them a `tool_call` with `raw_input` or a completed
 * `tool_call_update` with `raw_output` (nested json in tool order), the rest chat chunks, thought chunks, judge
 * decisions (floats) and status-only tool updates, in a seeded order. The texts keep the json's key order (serde
 * itself writes the rest of each event, so only the json differs from what serde would write); the values are
 * what the generated decoder makes of them.
 */
function toolHeavyStream(n: number, seed: number): { texts: string[]; values: AgentEvent[] } {
  const rand = prng(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const session = "sess-7f3a9c2e-41b8-4d7e-9a1f-2c3d4e5f6a7b";
  const tools: Record<string, string> = {
    read_file: "read",
    edit_file: "edit",
    bash: "execute",
    grep: "search",
    web_fetch: "fetch",
    list_dir: "read",
  };
  const names = Object.keys(tools);
  const sentence = (): string =>
    Array.from({ length: int(4, 60) }, () => WORDS[int(0, WORDS.length - 1)]).join(" ") + ".";
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `call_${seed}_${i}`;
    const tool = names[int(0, names.length - 1)]!;
    let event: Record<string, unknown>;
    let json: [string, Record<string, unknown>] | undefined;
    if (i % 5 === 0) {
      json = i % 10 === 0 ? ["raw_input", toolJson(rand)] : ["raw_output", toolJson(rand)];
      event =
        json[0] === "raw_input"
          ? {
              type: "tool_call",
              session_id: session,
              tool_call_id: id,
              tool_name: tool,
              kind: tools[tool],
              status: "pending",
              raw_input: null,
            }
          : {
              type: "tool_call_update",
              session_id: session,
              tool_call_id: id,
              tool_name: tool,
              status: "completed",
              raw_output: null,
              error: null,
              duration_ms: int(1, 30_000),
              execution_duration_ms: int(1, 20_000),
            };
    } else {
      const r = rand();
      if (r < 0.4) event = { type: "agent_message_chunk", session_id: session, content: sentence() };
      else if (r < 0.6) event = { type: "agent_thought_chunk", session_id: session, content: sentence() };
      else if (r < 0.8)
        event = { ...float, iteration: int(1, 200), confidence: rand(), cost_usd: Math.round(rand() * 1e6) / 1e7 };
      else
        event = {
          type: "tool_call_update",
          session_id: session,
          tool_call_id: id,
          tool_name: tool,
          status: "in_progress",
          raw_output: null,
          error: null,
        };
    }
    // serde's text of the event, then the json field put back in the tool's key order.
    const canonical = JSON.parse(encodeAgentEvent(decodeAgentEvent(JSON.stringify(event)))) as Record<string, unknown>;
    if (json !== undefined) canonical[json[0]] = json[1];
    texts.push(JSON.stringify(canonical));
  }
  // Shuffle (seeded) so the json-bearing events are not at fixed positions.
  for (let i = texts.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [texts[i], texts[j]] = [texts[j]!, texts[i]!];
  }
  return { texts, values: texts.map((t) => decodeAgentEvent(t)) };
}

const TOOL_HEAVY = toolHeavyStream(100, 10);

// ------------------------------------------------------------------------------------------- competitors

const str = { type: "string" } as const;
const u64 = { type: "integer", minimum: 0, maximum: 18446744073709551615 } as const;
const jsonSchemas = {
  small: {
    type: "object",
    properties: { type: { const: "agent_message_chunk" }, session_id: str, content: str },
    required: ["type", "session_id", "content"],
  },
  medium: {
    type: "object",
    properties: {
      type: { const: "tool_call" },
      session_id: str,
      tool_call_id: str,
      tool_name: str,
      kind: {
        anyOf: [
          { type: "null" },
          { enum: ["read", "edit", "delete", "move", "search", "execute", "think", "fetch", "other"] },
        ],
      },
      status: { enum: ["pending", "in_progress", "completed", "failed"] },
      raw_input: {},
      parsing: { type: ["boolean", "null"] },
    },
    required: ["type", "session_id", "tool_call_id", "tool_name", "status", "raw_input"],
  },
  float: {
    type: "object",
    properties: {
      type: { const: "step_judge_decision" },
      session_id: str,
      iteration: u64,
      verdict: str,
      reasoning: str,
      critique: str,
      confidence: { type: "number" },
      judge_duration_ms: u64,
      vetoed: { type: "boolean" },
      skipped: { type: "boolean" },
      reason: { type: ["string", "null"] },
      judge_error: { type: "boolean" },
      on_veto: str,
      input_tokens: u64,
      output_tokens: u64,
      cost_usd: { type: "number" },
      provider: str,
      model: str,
    },
    required: [
      "type",
      "session_id",
      "iteration",
      "verdict",
      "reasoning",
      "critique",
      "confidence",
      "judge_duration_ms",
      "vetoed",
      "on_veto",
      "input_tokens",
      "output_tokens",
      "cost_usd",
      "provider",
      "model",
    ],
  },
};
const nullableU64 = { anyOf: [{ type: "null" }, u64] } as const;
const toolSchemas = {
  thought: {
    type: "object",
    properties: { type: { const: "agent_thought_chunk" }, session_id: str, content: str },
    required: ["type", "session_id", "content"],
  },
  update: {
    type: "object",
    properties: {
      type: { const: "tool_call_update" },
      session_id: str,
      tool_call_id: str,
      tool_name: str,
      status: { enum: ["pending", "in_progress", "completed", "failed"] },
      raw_output: {},
      error: { type: ["string", "null"] },
      duration_ms: nullableU64,
      execution_duration_ms: nullableU64,
    },
    required: ["type", "session_id", "tool_call_id", "tool_name", "status"],
  },
};
const allSchemas = [jsonSchemas.small, jsonSchemas.medium, jsonSchemas.float, toolSchemas.thought, toolSchemas.update];
const eventSchema = {
  type: "object",
  discriminator: { propertyName: "type" },
  required: ["type"],
  oneOf: allSchemas,
};

const ajv = new Ajv({ discriminator: true, allErrors: false });
const ajvValidate = ajv.compile(eventSchema);

const TU64 = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const tbSchema: TSchema = Type.Union([
  Type.Object({ type: Type.Literal("agent_message_chunk"), session_id: Type.String(), content: Type.String() }),
  Type.Object({
    type: Type.Literal("tool_call"),
    session_id: Type.String(),
    tool_call_id: Type.String(),
    tool_name: Type.String(),
    kind: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Union(
          ["read", "edit", "delete", "move", "search", "execute", "think", "fetch", "other"].map((k) =>
            Type.Literal(k),
          ),
        ),
      ]),
    ),
    status: Type.Union(["pending", "in_progress", "completed", "failed"].map((k) => Type.Literal(k))),
    raw_input: Type.Unknown(),
    parsing: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
  }),
  Type.Object({
    type: Type.Literal("step_judge_decision"),
    session_id: Type.String(),
    iteration: TU64,
    verdict: Type.String(),
    reasoning: Type.String(),
    critique: Type.String(),
    confidence: Type.Number(),
    judge_duration_ms: TU64,
    vetoed: Type.Boolean(),
    skipped: Type.Optional(Type.Boolean()),
    reason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    judge_error: Type.Optional(Type.Boolean()),
    on_veto: Type.String(),
    input_tokens: TU64,
    output_tokens: TU64,
    cost_usd: Type.Number(),
    provider: Type.String(),
    model: Type.String(),
  }),
  Type.Object({ type: Type.Literal("agent_thought_chunk"), session_id: Type.String(), content: Type.String() }),
  Type.Object({
    type: Type.Literal("tool_call_update"),
    session_id: Type.String(),
    tool_call_id: Type.String(),
    tool_name: Type.String(),
    status: Type.Union(["pending", "in_progress", "completed", "failed"].map((k) => Type.Literal(k))),
    raw_output: Type.Optional(Type.Unknown()),
    error: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    duration_ms: Type.Optional(Type.Union([TU64, Type.Null()])),
    execution_duration_ms: Type.Optional(Type.Union([TU64, Type.Null()])),
  }),
]);
const tbCheck = TypeCompiler.Compile(tbSchema);

const zU64 = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const zodSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("agent_message_chunk"), session_id: z.string(), content: z.string() }),
  z.object({
    type: z.literal("tool_call"),
    session_id: z.string(),
    tool_call_id: z.string(),
    tool_name: z.string(),
    kind: z
      .enum(["read", "edit", "delete", "move", "search", "execute", "think", "fetch", "other"])
      .nullable()
      .optional(),
    status: z.enum(["pending", "in_progress", "completed", "failed"]),
    raw_input: z.unknown(),
    parsing: z.boolean().nullable().optional(),
  }),
  z.object({
    type: z.literal("step_judge_decision"),
    session_id: z.string(),
    iteration: zU64,
    verdict: z.string(),
    reasoning: z.string(),
    critique: z.string(),
    confidence: z.number(),
    judge_duration_ms: zU64,
    vetoed: z.boolean(),
    skipped: z.boolean().optional(),
    reason: z.string().nullable().optional(),
    judge_error: z.boolean().optional(),
    on_veto: z.string(),
    input_tokens: zU64,
    output_tokens: zU64,
    cost_usd: z.number(),
    provider: z.string(),
    model: z.string(),
  }),
  z.object({ type: z.literal("agent_thought_chunk"), session_id: z.string(), content: z.string() }),
  z.object({
    type: z.literal("tool_call_update"),
    session_id: z.string(),
    tool_call_id: z.string(),
    tool_name: z.string(),
    status: z.enum(["pending", "in_progress", "completed", "failed"]),
    raw_output: z.unknown(),
    error: z.string().nullable().optional(),
    duration_ms: zU64.nullable().optional(),
    execution_duration_ms: zU64.nullable().optional(),
  }),
]);

const fjs = fastJson({ anyOf: allSchemas } as never);

// ------------------------------------------------------------------------------------------- harness

let sink = 0;
/**
 * Keeps results alive. A string result is also flattened (charCodeAt does that): an encoder that returns a rope of
 * concatenations has not copied its bytes yet, and whoever writes the text pays for it — JSON.stringify returns a flat
 * string, so without this the comparison would flatter the concatenating encoders.
 */
function consume(x: unknown): void {
  if (typeof x === "string") sink += x.charCodeAt(0) & 0;
  else if (x === undefined || x === null) sink++;
}

/**
 * JSON bytes each timing processes (BENCH_BYTES overrides). A timing must span several young-generation GC cycles:
 * an encoder of the 64 KB event allocates ~280 KB a call, a scavenge comes every ~17 ms, and the first allocations
 * after one re-fault the freed pages (~3 ms). With 3 MB a timing (~8 ms) was shorter than that period, so which
 * alternative happened to run after a scavenge decided the round and the large event's ratio swung between 0.95× and
 * 1.5× from run to run; at 12 MB (~30 ms) it repeats within a few percent.
 */
const BYTES_PER_TIMING = Number(process.env.BENCH_BYTES ?? 12_000_000);

/** Rounds per group (BENCH_ROUNDS overrides): each round times every alternative once, interleaved. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);

/** Time (ms) to run `fn` over `inputs` `reps` times. */
function timeOnce<T>(inputs: readonly T[], fn: (x: T) => unknown, reps: number): number {
  const t0 = process.hrtime.bigint();
  for (let k = 0; k < reps; k++) for (let i = 0; i < inputs.length; i++) consume(fn(inputs[i]!));
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Times every alternative once per round, in an order rotated each round, so that load from other processes and
 * GC pauses hit all alternatives alike and none always runs first. Returns the times per alternative per round.
 */
function interleaved<T>(inputs: readonly T[], fns: ReadonlyArray<(x: T) => unknown>, reps: number): number[][] {
  const times: number[][] = fns.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    for (let j = 0; j < fns.length; j++) {
      const a = (j + r) % fns.length;
      times[a]!.push(timeOnce(inputs, fns[a]!, reps));
    }
  }
  return times;
}

function quantile(sorted: readonly number[], q: number): number {
  const x = (sorted.length - 1) * q;
  const lo = Math.floor(x);
  const hi = Math.ceil(x);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (x - lo);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`bench: ${what} rejected a valid event`);
}

const decoders: Array<[string, (t: string) => unknown]> = [
  ["JSON.parse", (t) => JSON.parse(t)],
  ["eventspec decode", (t) => decodeAgentEvent(t)],
  ["eventspec decodeStrict", (t) => decodeAgentEventStrict(t)],
  [
    "JSON.parse + ajv",
    (t) => {
      const v = JSON.parse(t);
      check(ajvValidate(v) as boolean, "ajv");
      return v;
    },
  ],
  [
    "JSON.parse + TypeBox",
    (t) => {
      const v = JSON.parse(t);
      check(tbCheck.Check(v), "typebox");
      return v;
    },
  ],
  ["zod 4", (t) => zodSchema.parse(JSON.parse(t))],
];
const encoders: Array<[string, (v: AgentEvent) => string]> = [
  ["JSON.stringify", (v) => JSON.stringify(v)],
  ["eventspec encode", (v) => encodeAgentEvent(v)],
  ["fast-json-stringify", (v) => fjs(v)],
];

function bytesOf(list: readonly string[]): number {
  return list.reduce((n, s) => n + Buffer.byteLength(s), 0);
}

/**
 * One row per alternative: median time, and the ratio to the baseline (row 0) taken round by round (both timed
 * in the same round, so a load spike moves both): its median, interquartile range and min–max over the rounds.
 */
function table(title: string, names: readonly string[], times: readonly number[][]): Map<string, string> {
  const summary = new Map<string, string>();
  console.log(`\n${title}`);
  console.log(`  ${"".padEnd(24)} ${"median".padStart(9)}      ratio  IQR of ratio   min–max`);
  const base = times[0]!;
  names.forEach((name, a) => {
    const t = times[a]!;
    const ratios = t.map((x, r) => base[r]! / x).sort((x, y) => x - y);
    const ms = [...t].sort((x, y) => x - y);
    const f = (x: number): string => x.toFixed(2);
    console.log(
      `  ${name.padEnd(24)} ${f(quantile(ms, 0.5)).padStart(9)} ms   ${f(quantile(ratios, 0.5))}×` +
        `  ${f(quantile(ratios, 0.25))}–${f(quantile(ratios, 0.75))}`.padEnd(14) +
        `  ${f(ratios[0]!)}–${f(ratios[ratios.length - 1]!)}`,
    );
    summary.set(name, `${f(quantile(ratios, 0.5))}× (${f(quantile(ratios, 0.25))}–${f(quantile(ratios, 0.75))})`);
  });
  return summary;
}

function main(): void {
  const load = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  console.log(
    `bench:codec — node ${process.version}, ${os.cpus()[0]?.model ?? "?"} × ${os.cpus().length}, ${os.platform()}, ` +
      `load average ${load}`,
  );
  console.log(
    `${ROUNDS} rounds per group, alternatives interleaved (order rotated every round); ratio = throughput vs the ` +
      `first row, taken within each round`,
  );
  const of = (kinds: Kind[]): [string[], AgentEvent[]] => [kinds.map((k) => texts[k]), kinds.map((k) => values[k])];
  const groups: Array<[string, [string[], AgentEvent[]]]> = [
    ["small", of(["small"])],
    ["medium (nested json)", of(["medium"])],
    ["large (64 KB string)", of(["large"])],
    ["float-bearing", of(["float"])],
    ["mixed stream", of(MIX)],
    ["tool-heavy stream (a fifth carry tool json)", [TOOL_HEAVY.texts, TOOL_HEAVY.values]],
  ];
  const mixes: Array<[string, Map<string, string>, Map<string, string>]> = [];
  // BENCH_ONLY=medium (a prefix of a group's name) runs that group alone, for quick comparisons while working.
  const only = process.env.BENCH_ONLY;
  for (const [name, [inputs, vals]] of groups) {
    if (only !== undefined && !name.startsWith(only)) continue;
    const bytes = bytesOf(inputs);
    const reps = Math.max(10, Math.round(BYTES_PER_TIMING / bytes));
    // Warm up every function on this input set.
    for (const [, f] of decoders) for (let i = 0; i < 3; i++) timeOnce(inputs, f, reps);
    for (const [, f] of encoders) for (let i = 0; i < 3; i++) timeOnce(vals, f, reps);
    const dec = interleaved(
      inputs,
      decoders.map(([, f]) => f),
      reps,
    );
    const enc = interleaved(
      vals,
      encoders.map(([, f]) => f),
      reps,
    );
    console.log(`\n=== ${name}: ${inputs.length} event(s), ${bytes} bytes, ×${reps} per timing`);
    const decoded = table(
      "decode (ratio: throughput vs JSON.parse)",
      decoders.map(([n]) => n),
      dec,
    );
    const encoded = table(
      "encode (ratio: throughput vs JSON.stringify)",
      encoders.map(([n]) => n),
      enc,
    );
    if (name.includes("stream")) mixes.push([name, decoded, encoded]);
  }
  if (mixes.length > 0) {
    console.log("\n=== both mixes: median ratio (IQR)");
    for (const [name, decoded, encoded] of mixes) {
      console.log(`\n${name}`);
      for (const [alt, r] of [...decoded, ...encoded])
        if (alt !== "JSON.parse" && alt !== "JSON.stringify") {
          console.log(`  ${alt.padEnd(24)} ${r}`);
        }
    }
  }
  if (sink < 0) console.log(sink);
}

main();
