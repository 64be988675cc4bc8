/**
 * What the runtime needs to know about an event family, and the record every sink receives.
 *
 * The runtime is generic over families: a user builds an {@link EventFamily} from the generated code of one family
 * (`generated/<family>/`: its codec, `typeName`, and optionally its truncation table) and passes it to the sinks.
 * Routing is not part of the family: the registry takes the accessor to route by (session id, run id, agent).
 */

/**
 * Per-variant, per-field payload budgets in bytes: `{ [wire tag]: { [wire field]: maxBytes } }`. The tag `"*"`
 * applies to every variant. Only top-level string fields of the event object are truncated (seed 004's
 * `truncate_for_event`).
 */
export type TruncationRules = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** An event family as the runtime sees it: the generated codec and name table of one root union. */
export interface EventFamily<E> {
  /** The family's name (`harn`, `heartbit`…); used in messages only. */
  readonly name: string;
  /** Serde-exact JSON of one event (the generated encoder). Throws on a value that cannot be encoded. */
  encode(event: E): string;
  /** Decodes one event from its JSON text (the generated decoder). Throws a descriptive error on bad input. */
  decode(json: string): E;
  /** The event's wire tag (seed 004's `type_name()`), used as the record kind. */
  typeName(event: E): string;
  /** Payload budgets declared in the spec (`truncate:` on string fields); sinks may add their own. */
  readonly truncation?: TruncationRules;
}

/**
 * One event on its way through a sink tree: the value, its JSON (serialized exactly once, before any sink sees
 * the event) and its wire tag. Sinks must treat it as immutable.
 */
export interface EventRecord<E> {
  readonly event: E;
  /** `family.encode(event)`. */
  readonly json: string;
  /** `family.typeName(event)`. */
  readonly type: string;
}

/**
 * Serializes an event once and wraps it for the sinks. An encode error is thrown here, before any sink has seen
 * the event, so a sink tree never receives half of an unencodable event.
 */
export function toRecord<E>(family: EventFamily<E>, event: E): EventRecord<E> {
  return { event, json: family.encode(event), type: family.typeName(event) };
}
