/**
 * Type-level assertions over the generated seed families, compiled by test/typelevel.test.ts (against freshly
 * generated output) and by `npm run typecheck` (against generated/). Every `@ts-expect-error` must be an error
 * (an unused one is itself an error), and every `Expect<Equal<…>>` must hold exactly.
 */
import type { AgentEvent as AwakenEvent, FidelityClass, TerminationReason } from "../../../generated/awaken";
import { canonicalKind, fidelity, terminationReasonTypeName } from "../../../generated/awaken";
import type {
  AgentEvent as BehestEvent,
  AgentEventRunStarted as BehestRunStarted,
  AgentEventTag as BehestTag,
  FinishReason,
  FinishReasonTag,
  RunId,
} from "../../../generated/behest";
import { isTerminal, runId, typeName as behestTypeName } from "../../../generated/behest";
import type { AgentEvent as HarnEvent } from "../../../generated/harn";
import { sessionId as harnSessionId } from "../../../generated/harn";
import type {
  AgentEvent as LegacyEvent,
  AgentEventTag as LegacyTag,
  AgentEventTurnStart,
  AgentEventVariantName as LegacyVariantName,
  PersistedAgentEvent,
  ToolCallStatus,
  WorkerEvent,
  WorkerEventVariantName,
} from "../../../generated/harn_legacy";
import {
  asStatus,
  sessionId as legacySessionId,
  TAG_BY_VARIANT,
  typeName as legacyTypeName,
  variantName,
  workerEventVariantName,
} from "../../../generated/harn_legacy";
import type { AgentEvent as HeartbitEvent, AgentEventTag as HeartbitTag } from "../../../generated/heartbit";
import { agent, typeName as heartbitTypeName } from "../../../generated/heartbit";

/** True exactly when A and B are the same type (not merely mutually assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
/** The tags of an externally tagged union: a unit variant is its tag, any other has exactly its tag as key. */
type TagOfExternal<U> = U extends string ? U : keyof U;

// Accessors return exactly the field's type; partial ones add `undefined`, nothing else.
export type Accessors = [
  Expect<Equal<ReturnType<typeof harnSessionId>, string>>,
  Expect<Equal<Parameters<typeof harnSessionId>, [e: HarnEvent]>>,
  Expect<Equal<ReturnType<typeof legacySessionId>, string>>,
  Expect<Equal<ReturnType<typeof runId>, RunId>>,
  Expect<Equal<ReturnType<typeof agent>, string | undefined>>,
];

// Tables and name functions.
export type Tables = [
  Expect<Equal<ReturnType<typeof isTerminal>, boolean>>,
  Expect<Equal<ReturnType<typeof fidelity>, FidelityClass>>,
  Expect<Equal<ReturnType<typeof canonicalKind>, string>>,
  Expect<Equal<ReturnType<typeof asStatus>, string>>,
  Expect<Equal<Parameters<typeof asStatus>, [value: WorkerEvent]>>,
  Expect<Equal<ReturnType<typeof workerEventVariantName>, WorkerEventVariantName>>,
  Expect<Equal<ReturnType<typeof heartbitTypeName>, HeartbitTag>>,
  Expect<Equal<ReturnType<typeof legacyTypeName>, LegacyTag>>,
  Expect<Equal<ReturnType<typeof variantName>, LegacyVariantName>>,
  Expect<Equal<(typeof TAG_BY_VARIANT)["TurnStart"], LegacyTag>>,
  Expect<Equal<LegacyTag, LegacyEvent["type"]>>,
  Expect<Equal<HeartbitTag, HeartbitEvent["type"]>>,
  Expect<Equal<ReturnType<typeof terminationReasonTypeName>, TerminationReason["type"]>>,
  Expect<Equal<ReturnType<typeof behestTypeName>, BehestTag>>,
  Expect<Equal<BehestTag, TagOfExternal<BehestEvent>>>,
  Expect<Equal<FinishReasonTag, TagOfExternal<FinishReason>>>,
];

// Unit enums are exact string-literal unions of the wire values.
export type Enums = [
  Expect<Equal<ToolCallStatus, "pending" | "in_progress" | "completed" | "failed">>,
  Expect<Equal<WorkerEvent, "WorkerSpawned" | "WorkerCompleted" | "WorkerFailed" | "WorkerCancelled">>,
];

// Values are the wire JSON: the tag property is the literal tag, fields have their wire types.
export const turnStart: AgentEventTurnStart = { type: "turn_start", session_id: "s", iteration: 1 };

// @ts-expect-error a field of the wrong type
export const wrongFieldType: AgentEventTurnStart = { type: "turn_start", session_id: "s", iteration: "1" };

// @ts-expect-error the wrong tag for the variant
export const wrongTag: AgentEventTurnStart = { type: "turn_end", session_id: "s", iteration: 1 };

// @ts-expect-error a required field is missing
export const missingField: AgentEventTurnStart = { type: "turn_start", session_id: "s" };

// @ts-expect-error an unknown tag is not an event
export const unknownTag: LegacyEvent = { type: "no_such_event", session_id: "s" };

// Externally tagged: `{ Variant: payload }`; the payload is checked too.
export const runStarted: BehestRunStarted = {
  RunStarted: { run_id: "0f8e", session_id: "s", provider: "p", model: "m", timestamp: "2024-01-01T00:00:00Z" },
};

export const badRunStarted: BehestRunStarted = {
  // @ts-expect-error run_id is a uuid string, not a number
  RunStarted: { run_id: 1, session_id: "s", provider: "p", model: "m", timestamp: "2024-01-01T00:00:00Z" },
};

// Unit variants of an externally tagged union are bare strings; a newtype variant with a string payload is not.
export const stop: FinishReason = "stop";
export const unknownReason: FinishReason = { unknown: "because" };
// @ts-expect-error `unknown` is a newtype variant, never a bare string
export const bareUnknown: FinishReason = "unknown";

// Optional (defaulted) fields may be left out; Option fields accept null.
export const envelope: PersistedAgentEvent = { index: 0, emitted_at_ms: 1, frame_depth: null, ...turnStart };
// @ts-expect-error the flattened event must be a whole AgentEvent variant
export const badEnvelope: PersistedAgentEvent = { index: 0, emitted_at_ms: 1, type: "turn_start" };

// Narrowing on the tag gives the variant's fields.
export function iterationOf(e: LegacyEvent): number | undefined {
  if (e.type === "turn_start") return e.iteration;
  // @ts-expect-error without narrowing: not every variant carries `iteration`
  return e.iteration;
}

export function heartbitAgent(e: HeartbitEvent): string {
  // @ts-expect-error a partial accessor may return undefined
  const a: string = agent(e);
  return a;
}

export function awakenKind(e: AwakenEvent): string {
  return `${fidelity(e)}:${canonicalKind(e)}`;
}
