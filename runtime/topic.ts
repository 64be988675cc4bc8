/** Topic names for the event log: safe as NATS subjects and as file names. */
import { createHash } from "node:crypto";

/** Seed 000's topic prefix for per-session agent events. */
export const AGENT_EVENTS_TOPIC_PREFIX = "observability.agent_events";

const SAFE = /^[A-Za-z0-9_-]$/;
const MAX_COMPONENT = 128;

/**
 * Makes any string a safe topic component (and file name): `[A-Za-z0-9_-]` stay, every other UTF-8 byte becomes
 * `~XX` (uppercase hex), the empty string becomes `~`. So the result never contains `.`, `/`, `\`, `*`, `>`,
 * whitespace or control characters — no path traversal, no NATS wildcard or token separator — and distinct ids
 * stay distinct. Components longer than 128 characters keep a 80-character prefix plus `~~` and 40 hex digits of
 * the SHA-256 of the id.
 *
 * harn's own `sanitize_topic_component` maps other characters to `_` and keeps `.`; ids made of `[A-Za-z0-9_-]`
 * (UUIDs, the common case) give the same topic with both.
 */
export function sanitizeTopicComponent(id: string): string {
  if (id === "") return "~";
  let out = "";
  for (const ch of id) {
    if (SAFE.test(ch)) {
      out += ch;
      continue;
    }
    for (const byte of Buffer.from(ch, "utf8")) out += `~${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  if (out.length <= MAX_COMPONENT) return out;
  return `${out.slice(0, 80)}~~${createHash("sha256").update(id, "utf8").digest("hex").slice(0, 40)}`;
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
