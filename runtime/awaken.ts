/**
 * Seed 001's normalizer (`ScopedAgentEventNormalizer`) for the awaken family, on its generated code: the kind and
 * fidelity of every variant come from the spec's `canonical_kind` and `fidelity` tables (generated/awaken/tables),
 * and only the refinements the spec documents on RunStart, RunFinish and ToolCallDone, the permission-request
 * companion and the context-compaction events are code here.
 */
import { createHash } from "node:crypto";
import { readJson } from "../generated/_support/reader";
import { toJsonValue } from "../generated/_support/runtime";
import { JsonFloat, type JsonObject, type JsonValue } from "../generated/_support/json-value";
import {
  type AgentEvent,
  type AgentEventNormalizationContext,
  type CanonicalEventDraft,
  type EventScope,
  type FidelityClass,
  type NormalizedCanonicalEvent,
  type TerminationReason,
  canonicalKind,
  encodeAgentEvent,
  fidelity,
} from "../generated/awaken";
import type { EventRecord } from "./family";
import type { Normalizer } from "./durable";

/** Seed 001's `EventStoreError` (the variants the normalizer raises); the message is Rust's `Display`. */
export class EventStoreError extends Error {
  constructor(
    readonly kind: "validation" | "serialization",
    readonly detail: string,
  ) {
    super(`${kind} error: ${detail}`);
    this.name = "EventStoreError";
  }
}

function rejectBlank(field: string, value: string): void {
  if (value.trim() === "") throw new EventStoreError("validation", `${field} is required`);
}

/**
 * Seed 001's `AgentEventNormalizationContext::new`: the thread, run and origin used for events that carry none;
 * each must be non-blank.
 */
export function normalizationContext(
  threadId: string,
  runId: string,
  origin: string,
  correlationId?: string,
): AgentEventNormalizationContext {
  rejectBlank("thread_id", threadId);
  rejectBlank("run_id", runId);
  rejectBlank("origin", origin);
  return correlationId === undefined
    ? { thread_id: threadId, run_id: runId, origin }
    : { thread_id: threadId, run_id: runId, origin, correlation_id: correlationId };
}

const scopeDebug = (s: EventScope): string =>
  s.scope_type === "thread"
    ? `Thread { thread_id: ${JSON.stringify(s.thread_id)} }`
    : `Run { run_id: ${JSON.stringify(s.run_id)} }`;

/** The event store's `CanonicalEventKind::new` then `CanonicalEventDraft::validate`: kind, scopes, origin, version. */
export function validateDraft(draft: CanonicalEventDraft): void {
  rejectBlank("event_kind", draft.event_kind);
  if (draft.scopes.length === 0) throw new EventStoreError("validation", "at least one event scope is required");
  const exact = new Set<string>();
  const families = new Set<string>();
  for (const scope of draft.scopes) {
    if (scope.scope_type === "thread") rejectBlank("thread_id", scope.thread_id);
    else rejectBlank("run_id", scope.run_id);
    const debug = scopeDebug(scope);
    if (exact.has(debug)) throw new EventStoreError("validation", `duplicate event scope: ${debug}`);
    exact.add(debug);
    if (families.has(scope.scope_type))
      throw new EventStoreError(
        "validation",
        `duplicate event scope family: ${scope.scope_type === "thread" ? "Thread" : "Run"}`,
      );
    families.add(scope.scope_type);
  }
  rejectBlank("origin", draft.origin);
  if (!(draft.schema_version > 0)) throw new EventStoreError("validation", "schema_version must be greater than 0");
}

/** Seed 001's `run_finish_kind`: the canonical kind of a finished run, by termination reason. */
export function runFinishKind(termination: TerminationReason): string {
  switch (termination.type) {
    case "natural_end":
    case "behavior_requested":
      return "RunFinished";
    case "suspended":
      return "RunSuspended";
    case "cancelled":
      return "RunCancelled";
    case "error":
      return "RunErrored";
    case "stopped":
    case "blocked":
      return "RunTerminated";
  }
}

const thread = (thread_id: string): EventScope => ({ scope_type: "thread", thread_id });
const run = (run_id: string): EventScope => ({ scope_type: "run", run_id });

/** serde_json's `Value::get` on an object (undefined for anything else, or a missing key). */
function get(v: JsonValue | undefined, key: string): JsonValue | undefined {
  if (typeof v !== "object" || v === null || Array.isArray(v) || v instanceof JsonFloat) return undefined;
  return Object.prototype.hasOwnProperty.call(v, key) ? v[key] : undefined;
}

/** serde_json's `Value::as_u64`: a non-negative integer (not a float), else undefined. */
function asU64(v: JsonValue | undefined): number | bigint | undefined {
  if (typeof v === "number") return Number.isInteger(v) && v >= 0 && !Object.is(v, -0) ? v : undefined;
  if (typeof v === "bigint") return v >= 0n && v <= 0xffffffffffffffffn ? v : undefined;
  return undefined;
}

/** The seed's `non_blank_string`: a string field, trimmed, if not blank. */
function nonBlank(v: JsonValue | undefined, key: string): string | undefined {
  const s = get(v, key);
  if (typeof s !== "string") return undefined;
  const t = s.trim();
  return t === "" ? undefined : t;
}

function obj(entries: [string, JsonValue | undefined][]): JsonObject {
  const o = Object.create(null) as JsonObject;
  for (const [k, v] of entries) if (v !== undefined) o[k] = v;
  return o;
}

const sha256Hex = (s: string): string => createHash("sha256").update(s, "utf8").digest("hex");

interface InFlight {
  readonly taskId: string;
  readonly boundaryMessageId: string | undefined;
}

/** The compaction state the normalizer remembers between state snapshots (seed 001's `CompactionObservation`). */
class CompactionObservation {
  inFlight: InFlight | undefined;
  readonly completed = new Set<string>();
  readonly failed = new Set<string>();
  readonly skipped = new Set<string>();
  readonly cancelled = new Set<string>();
  maxTotal: number | bigint = 0;
}

function parseInFlight(state: JsonValue): InFlight | undefined {
  const f = get(state, "in_flight");
  const taskId = nonBlank(f, "task_id");
  return taskId === undefined ? undefined : { taskId, boundaryMessageId: nonBlank(f, "boundary_message_id") };
}

const sameInFlight = (a: InFlight | undefined, b: InFlight | undefined): boolean =>
  a !== undefined && b !== undefined && a.taskId === b.taskId && a.boundaryMessageId === b.boundaryMessageId;

function entryMatches(entry: JsonValue, f: InFlight): boolean {
  const taskId = nonBlank(entry, "task_id");
  const boundary = nonBlank(entry, "boundary_message_id");
  if (taskId !== undefined && boundary !== undefined && f.boundaryMessageId !== undefined) {
    return taskId === f.taskId && boundary === f.boundaryMessageId;
  }
  if (taskId !== undefined) return taskId === f.taskId;
  if (boundary !== undefined && f.boundaryMessageId !== undefined) return boundary === f.boundaryMessageId;
  return false;
}

function entries(state: JsonValue, key: string): JsonValue[] | undefined {
  const v = get(state, key);
  return Array.isArray(v) ? v : undefined;
}

/**
 * Seed 001's `ScopedAgentEventNormalizer` over the generated awaken `AgentEvent`.
 *
 * - Every variant: kind = `canonicalKind(e)`, fidelity = `fidelity(e)` (the spec's tables), scopes = the context's
 *   thread and run, visibility public, the context's correlation id, payload = the event as JSON.
 * - RunStart: `RunStarted` the first time a run id is seen, `RunResumed` after (always, with `resumed`); scopes from
 *   the event's own thread and run ids.
 * - RunFinish: kind by termination ({@link runFinishKind}); once per run id, repeats yield nothing.
 * - ToolCallDone: `ToolCallSuspended` for a suspended outcome; for a failed one `ToolCallRejected` if the result
 *   metadata has `rejected`, `ToolCallTimedOut` if it has `timed_out: true` — all DomainEvent.
 * - A suspended call whose pending result has a ticket that replays the call and a suspension id also yields
 *   `ToolPermissionRequested`.
 * - StateSnapshot with `extensions.__context_compaction` yields `ContextCompaction{Completed,Failed,Skipped,
 *   Cancelled,Started}` (internal visibility, thread scope only, no correlation id), each once.
 *
 * Blank ids anywhere (context, event ids, kinds) throw {@link EventStoreError} (`validation error: run_id is required`).
 */
export class AwakenNormalizer implements Normalizer<AgentEvent, CanonicalEventDraft> {
  private readonly startedRuns = new Set<string>();
  private readonly terminalRuns = new Set<string>();
  private readonly compaction = new CompactionObservation();
  private readonly context: AgentEventNormalizationContext;

  /** `resumed`: seed's `new_resumed`, the context's run counts as started already. */
  constructor(context: AgentEventNormalizationContext, options: { readonly resumed?: boolean } = {}) {
    this.context = normalizationContext(
      context.thread_id,
      context.run_id,
      context.origin,
      context.correlation_id ?? undefined,
    );
    if (options.resumed) this.startedRuns.add(context.run_id);
  }

  /** The live-sink entry point: uses the record's JSON for the payloads (no second serialization). */
  normalizeMany(record: EventRecord<AgentEvent>): NormalizedCanonicalEvent[] {
    return this.normalizeAll(record.event, record.json);
  }

  /** Seed's `normalize_many`: the event's own canonical event, then a permission request, then compaction events. */
  normalizeAll(event: AgentEvent, json?: string): NormalizedCanonicalEvent[] {
    let payload: JsonValue | undefined;
    const eventPayload = (): JsonValue => (payload ??= toJsonValue(readJson(json ?? encodeAgentEvent(event))));
    const out: NormalizedCanonicalEvent[] = [];
    const main = this.normalizeWith(event, eventPayload);
    if (main !== null) out.push(main);
    const permission = this.permissionRequested(event, eventPayload);
    if (permission !== null) out.push(permission);
    out.push(...this.compactionEvents(event));
    return out;
  }

  /** Seed's `normalize`: the event's own canonical event, or null (a repeated RunFinish). */
  normalize(event: AgentEvent, json?: string): NormalizedCanonicalEvent | null {
    return this.normalizeWith(event, () => toJsonValue(readJson(json ?? encodeAgentEvent(event))));
  }

  private contextScopes(): EventScope[] {
    return [thread(this.context.thread_id), run(this.context.run_id)];
  }

  private normalizeWith(event: AgentEvent, payload: () => JsonValue): NormalizedCanonicalEvent | null {
    let cls: FidelityClass = fidelity(event);
    let kind = canonicalKind(event);
    let scopes = this.contextScopes();
    switch (event.event_type) {
      case "run_start": {
        if (this.startedRuns.has(event.run_id)) kind = "RunResumed";
        else this.startedRuns.add(event.run_id);
        scopes = [thread(event.thread_id), run(event.run_id)];
        break;
      }
      case "run_finish": {
        if (this.terminalRuns.has(event.run_id)) return null;
        this.terminalRuns.add(event.run_id);
        kind = runFinishKind(event.termination);
        scopes = [thread(event.thread_id), run(event.run_id)];
        break;
      }
      case "tool_call_done": {
        const metadata = event.result.metadata;
        if (event.outcome === "suspended") [cls, kind] = ["domain_event", "ToolCallSuspended"];
        else if (
          event.outcome === "failed" &&
          metadata !== undefined &&
          Object.prototype.hasOwnProperty.call(metadata, "rejected")
        ) {
          [cls, kind] = ["domain_event", "ToolCallRejected"];
        } else if (event.outcome === "failed" && metadata !== undefined && get(metadata, "timed_out") === true) {
          [cls, kind] = ["domain_event", "ToolCallTimedOut"];
        }
        break;
      }
      default:
        break;
    }
    return this.build(cls, kind, scopes, payload());
  }

  private permissionRequested(event: AgentEvent, payload: () => JsonValue): NormalizedCanonicalEvent | null {
    if (event.event_type !== "tool_call_done") return null;
    if (event.outcome !== "suspended" || event.result.status !== "pending") return null;
    const ticket = event.result.suspension;
    if (ticket === undefined || ticket === null) return null;
    // Defaults as serde fills them: resume_mode replay_tool_call, suspension.id "".
    if (
      (ticket.resume_mode ?? "replay_tool_call") !== "replay_tool_call" ||
      (ticket.suspension?.id ?? "").trim() === ""
    )
      return null;
    return this.build("domain_event", "ToolPermissionRequested", this.contextScopes(), payload());
  }

  private build(
    cls: FidelityClass,
    kind: string,
    scopes: EventScope[],
    payload: JsonValue,
    internal = false,
  ): NormalizedCanonicalEvent {
    const draft: CanonicalEventDraft = {
      scopes,
      event_kind: kind,
      payload,
      causation_id: null,
      correlation_id: internal ? null : (this.context.correlation_id ?? null),
      origin: this.context.origin,
      visibility: internal ? "internal" : "public",
      schema_version: 1,
    };
    validateDraft(draft);
    return { fidelity: cls, draft };
  }

  private compactionEvents(event: AgentEvent): NormalizedCanonicalEvent[] {
    if (event.event_type !== "state_snapshot") return [];
    const state = get(get(event.snapshot, "extensions"), "__context_compaction");
    if (state === undefined) return [];
    const o = this.compaction;
    const planned: [string, JsonObject][] = [];
    const threadId = this.context.thread_id;

    // A lower total than seen before means the state was cleared: forget what was observed.
    const total = asU64(get(state, "total_compactions")) ?? o.maxTotal;
    if (total < o.maxTotal) {
      o.inFlight = undefined;
      for (const set of [o.completed, o.failed, o.skipped, o.cancelled]) set.clear();
    }
    o.maxTotal = total;
    const previous = o.inFlight;

    const boundaries = entries(state, "boundaries");
    if (boundaries !== undefined) {
      const totalCompactions = asU64(get(state, "total_compactions")) ?? boundaries.length;
      boundaries.forEach((b, index) => {
        const pre = asU64(get(b, "pre_tokens")) ?? 0;
        const post = asU64(get(b, "post_tokens")) ?? 0;
        const ts = asU64(get(b, "timestamp_ms")) ?? 0;
        const summary = get(b, "summary");
        const summaryHash = sha256Hex(typeof summary === "string" ? summary : "");
        const taskId = nonBlank(b, "task_id");
        const boundaryId = nonBlank(b, "boundary_message_id");
        const fp = `completed/${taskId ?? ""}/${boundaryId ?? ""}/${index}/${ts}/${pre}/${post}/${summaryHash}`;
        if (o.completed.has(fp)) return;
        o.completed.add(fp);
        planned.push([
          "ContextCompactionCompleted",
          obj([
            ["thread_id", threadId],
            ["boundary_index", index],
            ["compaction_ordinal", index + 1],
            ["total_compactions", totalCompactions],
            ["pre_tokens", pre],
            ["post_tokens", post],
            ["timestamp_ms", ts],
            ["summary_hash", summaryHash],
            ["task_id", taskId],
            ["boundary_message_id", boundaryId],
          ]),
        ]);
      });
    }

    entries(state, "failures")?.forEach((f, index) => {
      const taskId = nonBlank(f, "task_id");
      const boundaryId = nonBlank(f, "boundary_message_id") ?? "";
      const error = nonBlank(f, "error") ?? "unknown error";
      const ts = asU64(get(f, "timestamp_ms")) ?? 0;
      const fp = `failed/${index}/${ts}/${taskId ?? ""}/${boundaryId}/${error}`;
      if (o.failed.has(fp)) return;
      o.failed.add(fp);
      planned.push([
        "ContextCompactionFailed",
        obj([
          ["thread_id", threadId],
          ["failure_index", index],
          ["boundary_message_id", boundaryId],
          ["error", error],
          ["timestamp_ms", ts],
          ["task_id", taskId],
        ]),
      ]);
    });

    entries(state, "skipped")?.forEach((s, index) => {
      const taskId = nonBlank(s, "task_id");
      const boundaryId = nonBlank(s, "boundary_message_id") ?? "";
      const reason = nonBlank(s, "reason") ?? "unknown";
      const n = (k: string): number | bigint => asU64(get(s, k)) ?? 0;
      const fp = `skipped/${index}/${n("timestamp_ms")}/${taskId ?? ""}/${boundaryId}/${reason}/${n("pre_tokens")}/${n("post_tokens")}/${n("savings_ratio_ppm")}/${n("min_savings_ratio_ppm")}`;
      if (o.skipped.has(fp)) return;
      o.skipped.add(fp);
      planned.push([
        "ContextCompactionSkipped",
        obj([
          ["thread_id", threadId],
          ["skip_index", index],
          ["boundary_message_id", boundaryId],
          ["reason", reason],
          ["pre_tokens", n("pre_tokens")],
          ["post_tokens", n("post_tokens")],
          ["savings_ratio_ppm", n("savings_ratio_ppm")],
          ["min_savings_ratio_ppm", n("min_savings_ratio_ppm")],
          ["timestamp_ms", n("timestamp_ms")],
          ["task_id", taskId],
        ]),
      ]);
    });

    // The previous in-flight compaction vanished without a completion, failure or skip of its own: cancelled.
    const current = parseInFlight(state);
    if (previous !== undefined && !sameInFlight(current, previous)) {
      const terminal = ["boundaries", "failures", "skipped"].some(
        (k) => entries(state, k)?.some((e) => entryMatches(e, previous)) ?? false,
      );
      const fp = `cancelled/${previous.taskId}/${previous.boundaryMessageId ?? ""}`;
      if (!terminal && !o.cancelled.has(fp)) {
        o.cancelled.add(fp);
        planned.push([
          "ContextCompactionCancelled",
          obj([
            ["thread_id", threadId],
            ["task_id", previous.taskId],
            ["cancelled_at_ms", asU64(get(state, "timestamp_ms")) ?? 0],
            ["boundary_message_id", previous.boundaryMessageId],
          ]),
        ]);
      }
    }

    if (current === undefined) o.inFlight = undefined;
    else if (!sameInFlight(o.inFlight, current)) {
      planned.push([
        "ContextCompactionStarted",
        obj([
          ["thread_id", threadId],
          ["task_id", current.taskId],
          ["boundary_message_id", current.boundaryMessageId ?? ""],
          ["started_at_ms", asU64(get(get(state, "in_flight"), "started_at_ms")) ?? 0],
        ]),
      ]);
      o.inFlight = current;
    }

    return planned.map(([kind, payload]) => this.build("domain_event", kind, [thread(threadId)], payload, true));
  }
}
