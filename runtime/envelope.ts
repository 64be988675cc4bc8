/**
 * The JSONL envelope, harn's `PersistedAgentEvent`: `index` (u64), `emitted_at_ms` (i64), `frame_depth`
 * (`Option<u32>`, written as `null` when absent) and the event flattened in. serde writes a flattened struct's own
 * fields first, then the event's (tag first), so a line is exactly
 * `{"index":0,"emitted_at_ms":1700000000000,"frame_depth":null,` followed by the event's JSON without its `{`.
 * The writer builds the line by splicing the event's already-serialized JSON; tests check the bytes against the
 * generated `PersistedAgentEvent` codec.
 */
import { type Member, JsonScanError, expectEnd, scanObject } from "./json-scan";

/** The envelope fields of one JSONL line. */
export interface EnvelopeHeader {
  /** Position in the log, contiguous from 0 across rotated files. */
  readonly index: number;
  /** Milliseconds since the epoch when the sink received the event; non-decreasing within a log. */
  readonly emittedAtMs: number;
  /** Call-stack depth at emission, when the host supplied it. */
  readonly frameDepth: number | null;
}

/** The start of a line, up to (not including) the comma that joins it to the event's members. */
export function envelopePrefix(index: number, emittedAtMs: number, frameDepth: number | null): string {
  return `{"index":${index},"emitted_at_ms":${emittedAtMs},"frame_depth":${frameDepth === null ? "null" : frameDepth}`;
}

/** A whole line (without newline) from a header and the event's JSON object text. */
export function encodeEnvelope(header: EnvelopeHeader, eventJson: string): string {
  const prefix = envelopePrefix(header.index, header.emittedAtMs, header.frameDepth);
  return eventJson === "{}" ? `${prefix}}` : `${prefix},${eventJson.slice(eventJson.indexOf("{") + 1)}`;
}

const U64 = /^(?:0|[1-9][0-9]*)$/;
const I64 = /^-?(?:0|[1-9][0-9]*)$/;

function intField(key: string, raw: string, signed: boolean, max: number): number {
  if (!(signed ? I64 : U64).test(raw)) throw new Error(`invalid envelope field \`${key}\`: ${raw.slice(0, 40)}`);
  const n = Number(raw);
  if (Math.abs(n) > max) throw new Error(`envelope field \`${key}\` out of range: ${raw}`);
  return n;
}

/**
 * Splits one line into its envelope header and the raw JSON of the flattened event (the line minus the envelope
 * members, bytes otherwise untouched). Throws on a malformed envelope; the event itself is not checked here.
 */
export function splitEnvelope(line: string): { header: EnvelopeHeader; eventJson: string } {
  let index: string | undefined;
  let emitted: string | undefined;
  let depth: string | undefined;
  let restStart = -1;
  let others: Member[] | undefined;
  const end = scanObject(line, 0, (m) => {
    const raw = line.slice(m.valueStart, m.valueEnd);
    if (m.key === "index" && index === undefined) index = raw;
    else if (m.key === "emitted_at_ms" && emitted === undefined) emitted = raw;
    else if (m.key === "frame_depth" && depth === undefined) depth = raw;
    else if (others === undefined && index !== undefined && emitted !== undefined && depth !== undefined) {
      // serde's layout: the envelope is a prefix, everything from here on is the event.
      restStart = m.start;
      return false;
    } else (others ??= []).push(m);
    return true;
  });
  if (index === undefined) throw new Error("missing field `index`");
  if (emitted === undefined) throw new Error("missing field `emitted_at_ms`");
  let eventJson: string;
  if (restStart >= 0) {
    eventJson = `{${line.slice(restStart)}`;
  } else {
    expectEnd(line, end);
    eventJson = `{${(others ?? []).map((m) => line.slice(m.start, m.valueEnd)).join(",")}}`;
  }
  const header: EnvelopeHeader = {
    index: intField("index", index, false, Number.MAX_SAFE_INTEGER),
    emittedAtMs: intField("emitted_at_ms", emitted, true, Number.MAX_SAFE_INTEGER),
    frameDepth: depth === undefined || depth === "null" ? null : intField("frame_depth", depth, false, 0xffffffff),
  };
  return { header, eventJson };
}

export { JsonScanError };
