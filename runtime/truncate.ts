/** Payload truncation (seed 004's `truncate_for_event`) and its per-field application to events. */
import type { TruncationRules } from "./family";

/** Seed 004's `EVENT_MAX_PAYLOAD_BYTES`: a sensible budget for LLM text and tool I/O. */
export const EVENT_MAX_PAYLOAD_BYTES = 65536;

/**
 * Seed 004's `truncate_for_event`: a string of at most `maxBytes` UTF-8 bytes is returned unchanged; a longer one
 * is cut at the last UTF-8 character boundary at or below `maxBytes` and gets the suffix
 * `[truncated: N bytes omitted]`, N counting the UTF-8 bytes cut off (the suffix is not counted against
 * `maxBytes`).
 */
export function truncateForEvent(text: string, maxBytes: number): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair, 2 units, is 4 bytes).
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= maxBytes) return text;
  let cut = Math.max(0, Math.floor(maxBytes));
  while (cut > 0 && ((bytes[cut] as number) & 0xc0) === 0x80) cut--;
  return `${bytes.toString("utf8", 0, cut)}[truncated: ${bytes.length - cut} bytes omitted]`;
}

/** Merges truncation rules; later rules override earlier ones field by field. */
export function mergeTruncationRules(...rules: (TruncationRules | undefined)[]): TruncationRules | undefined {
  const present = rules.filter((r): r is TruncationRules => r !== undefined && Object.keys(r).length > 0);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  // Null prototype: a tag such as `__proto__` or `toString` is data here, never Object.prototype's.
  const out: Record<string, Record<string, number>> = Object.create(null) as Record<string, Record<string, number>>;
  for (const r of present) for (const [type, fields] of Object.entries(r)) out[type] = { ...own(out, type), ...fields };
  return out;
}

/**
 * Applies the rules for `type` (and `"*"`) to the event's top-level string fields — or, for an externally tagged
 * event `{ "<type>": { … } }`, to the fields of its payload. Returns the same object when nothing was cut, else a
 * shallow copy with the cut fields.
 */
export function truncateEvent<E>(event: E, type: string, rules: TruncationRules): E {
  const specific = own(rules, type);
  const wildcard = own(rules, "*");
  if (specific === undefined && wildcard === undefined) return event;
  if (typeof event !== "object" || event === null) return event;
  const obj = event as Record<string, unknown>;
  const inner = own(obj, type);
  if (typeof inner === "object" && inner !== null && !Array.isArray(inner) && Object.keys(obj).length === 1) {
    const cut = cutFields(inner as Record<string, unknown>, specific, wildcard);
    return cut === inner ? event : ({ [type]: cut } as E);
  }
  return cutFields(obj, specific, wildcard) as E;
}

function cutFields(
  obj: Record<string, unknown>,
  specific: Readonly<Record<string, number>> | undefined,
  wildcard: Readonly<Record<string, number>> | undefined,
): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  const fields = new Set([...Object.keys(wildcard ?? {}), ...Object.keys(specific ?? {})]);
  for (const field of fields) {
    const max = (own(specific, field) ?? own(wildcard, field)) as number;
    const value = own(obj, field);
    if (typeof value !== "string") continue;
    const cut = truncateForEvent(value, max);
    if (cut === value) continue;
    out ??= copy(obj);
    Object.defineProperty(out, field, { value: cut, writable: true, enumerable: true, configurable: true });
  }
  return out ?? obj;
}

// Keeps the prototype (generated values may be null-prototype objects) and property order.
function copy(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(Object.getPrototypeOf(obj) as object | null) as Record<string, unknown>, obj);
}

/** `obj[key]` if `obj` has it as its own property (an event's or a rule's key is data, never an inherited method). */
function own<T>(obj: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return obj !== undefined && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}
