/** Topic names for the event log: safe as NATS subjects and as file names. */
import { createHash } from "node:crypto";
import { wtf8Encode } from "./wtf8";

/** Seed 000's topic prefix for per-session agent events. */
export const AGENT_EVENTS_TOPIC_PREFIX = "observability.agent_events";

const MAX_COMPONENT = 128;
const HEX = "0123456789ABCDEF";

// Bytes kept as themselves: [A-Za-z0-9_-] in topics; [a-z0-9_-] in session directories.
const TOPIC_SAFE = safeTable(/[A-Za-z0-9_-]/);
const SEGMENT_SAFE = safeTable(/[a-z0-9_-]/);

function safeTable(re: RegExp): boolean[] {
  return Array.from({ length: 128 }, (_, b) => re.test(String.fromCharCode(b)));
}

/**
 * The one encoding behind topic components and session directories: `safe` ASCII bytes stay, every other byte of
 * the id's WTF-8 (UTF-8, lone surrogates as their own 3-byte form) becomes `~XX` (uppercase hex), the empty id is
 * `~`. Decodable, hence injective. Longer than 128 characters: an 80-character prefix, `~~` and 40 hex digits of
 * the SHA-256 of the WTF-8 bytes (`~~` never occurs in the short form, so the two forms cannot meet).
 */
function encodeComponent(id: string, safe: readonly boolean[]): string {
  if (id === "") return "~";
  const bytes = wtf8Encode(id);
  let out = "";
  for (const b of bytes) out += safe[b] === true ? String.fromCharCode(b) : `~${HEX[b >> 4]}${HEX[b & 15]}`;
  if (out.length <= MAX_COMPONENT) return out;
  return `${out.slice(0, 80)}~~${createHash("sha256").update(bytes).digest("hex").slice(0, 40)}`;
}

/**
 * Makes any string a safe topic component (and file name): `[A-Za-z0-9_-]` stay, every other UTF-8 byte becomes
 * `~XX` (uppercase hex), the empty string becomes `~`. So the result never contains `.`, `/`, `\`, `*`, `>`,
 * whitespace or control characters — no path traversal, no NATS wildcard or token separator — and distinct ids
 * stay distinct: a lone surrogate is written as its own three bytes (WTF-8: `\ud800` → `~ED~A0~80`), never as
 * U+FFFD's (`~EF~BF~BD`). Components longer than 128 characters keep a 80-character prefix plus `~~` and 40 hex
 * digits of the SHA-256 of the id's bytes.
 *
 * harn's own `sanitize_topic_component` maps other characters to `_` and keeps `.`; ids made of `[A-Za-z0-9_-]`
 * (UUIDs, the common case) give the same topic with both.
 */
export function sanitizeTopicComponent(id: string): string {
  return encodeComponent(id, TOPIC_SAFE);
}

// Device names Windows reserves in every directory, whatever the case.
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * Makes any session id one safe, distinct path segment: the topic rules of {@link sanitizeTopicComponent}, except
 * that upper-case letters are escaped too (`A` → `~41`), so that ids differing only in case stay distinct on a
 * case-insensitive file system (macOS, Windows), and a Windows device name (`con`, `nul`, `com1`…) gets its first
 * letter escaped. Never empty, `.` or `..`; never holds `/`, `\`, NUL or a control character; at most 128
 * characters.
 */
export function sessionPathSegment(sessionId: string): string {
  const segment = encodeComponent(sessionId, SEGMENT_SAFE);
  return WINDOWS_RESERVED.test(segment)
    ? `~${HEX[segment.charCodeAt(0) >> 4]}${HEX[segment.charCodeAt(0) & 15]}${segment.slice(1)}`
    : segment;
}

/** `observability.agent_events.<sanitized session id>` (seed 000's `EventLogSink` topic). */
export function agentEventsTopic(sessionId: string): string {
  return `${AGENT_EVENTS_TOPIC_PREFIX}.${sanitizeTopicComponent(sessionId)}`;
}

const TOPIC = /^[A-Za-z0-9_~-]+(?:\.[A-Za-z0-9_~-]+)*$/;

/**
 * Throws unless `topic` is dot-separated non-empty tokens of `[A-Za-z0-9_~-]`: a literal NATS subject (no
 * wildcards) and a file name that cannot leave its directory.
 */
export function assertTopic(topic: string): void {
  if (topic.length > 255 || !TOPIC.test(topic)) {
    throw new RangeError(
      `invalid topic ${JSON.stringify(topic.slice(0, 300))}: use dot-separated tokens of [A-Za-z0-9_~-] (see sanitizeTopicComponent)`,
    );
  }
}
