/**
 * The topic event log (seed 000's `EventLogSink`): each event becomes a record (kind, payload, headers) appended
 * to the topic `observability.agent_events.<sanitized session id>` of an {@link EventLog} backend — a local file
 * per topic ({@link FileEventLog}) or NATS JetStream ({@link NatsEventLog}).
 */
import { randomUUID } from "node:crypto";
import { messageOf } from "./errors";
import type { EventFamily, EventRecord } from "./family";
import { rawMember } from "./json-scan";
import { type Sink, SinkClosedError } from "./sink";
import { agentEventsTopic, assertTopic } from "./topic";

/** One record of a topic (harn's `LogEvent`). `payload` is JSON text. */
export interface LogRecord {
  /** The event's wire tag. */
  readonly kind: string;
  /** JSON text: `{"index_hint":…,"session_id":…,"event":<the event>}` for agent events. */
  readonly payload: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly occurredAtMs: number;
}

/** A record as stored: with its position in the topic and the message id it was appended under. */
export interface StoredRecord extends LogRecord {
  readonly topic: string;
  /** Increases along the topic (a per-topic counter from 1 in a file; the stream sequence in JetStream). */
  readonly seq: number;
  readonly msgId: string;
}

/** The outcome of an append: the record's sequence, and whether the id had already been appended. */
export interface AppendAck {
  readonly seq: number;
  readonly duplicate: boolean;
}

/**
 * An append-only store of records by topic. `append` resolves only once the record is stored (for JetStream:
 * acknowledged by the server). Appending a `msgId` that the log has already stored (within its dedupe window) does
 * not store it again and resolves with `duplicate: true` — that is what makes retries safe.
 */
export interface EventLog {
  append(topic: string, record: LogRecord, msgId: string): Promise<AppendAck>;
  /** The records of a topic with `seq > after` (default: all), in order, at most `limit`. */
  read(topic: string, options?: { readonly after?: number; readonly limit?: number }): Promise<StoredRecord[]>;
  /** Whether an append error may succeed on retry (server down, timeout) rather than being permanent. */
  isRetryable(error: unknown): boolean;
  close(): Promise<void>;
}

/** What the sink does with a new event when `maxBuffered` events are already waiting for their ack. */
export type LossPolicy = "block" | "drop";

/** Options of {@link EventLogSink}. */
export interface EventLogSinkOptions<E> {
  /** Events accepted but not yet acknowledged, at most. Default 10,000. */
  readonly maxBuffered?: number;
  /**
   * `block` (default): `write` returns a Promise that resolves when the event has room in the buffer — await it.
   * `drop`: the event is discarded, counted in `stats().dropped`, and reported to `onDrop` (or, without one, by a
   * process warning on the first drop).
   */
  readonly whenFull?: LossPolicy;
  readonly onDrop?: (record: EventRecord<E>, dropped: number) => void;
  /** Appends in flight at once (acks are awaited concurrently, in order of sending). Default 256. */
  readonly maxInFlight?: number;
  /** First retry delay after a retryable failure; doubles up to `maxRetryDelayMs`. Defaults 50 and 2,000 ms. */
  readonly retryDelayMs?: number;
  readonly maxRetryDelayMs?: number;
  /** Prefix of message ids (`<producerId>:<n>`); unique per sink instance by default (a random UUID). */
  readonly producerId?: string;
  /** How long `close` waits for outstanding acks before giving up with an error. Default 30,000 ms. */
  readonly closeTimeoutMs?: number;
  /** Called when a retryable append failed and will be retried (for logging). */
  readonly onRetry?: (error: unknown, attempt: number) => void;
}

/** Counters of an {@link EventLogSink}. */
export interface EventLogSinkStats {
  /** Events accepted by `write`. */
  readonly accepted: number;
  /** Events stored and acknowledged. */
  readonly acked: number;
  /** Acks that reported the message id was already stored (a retry of an append whose ack was lost). */
  readonly duplicates: number;
  /** Events discarded by the `drop` policy. */
  readonly dropped: number;
  /** Appends that failed and were retried. */
  readonly retries: number;
  /** Accepted events not yet acknowledged (including those waiting for room under `block`). */
  readonly pending: number;
}

/** The event log failed permanently (or `close` timed out); `unacked` events were not stored. */
export class EventLogError extends Error {
  constructor(
    message: string,
    override readonly cause: unknown,
    readonly unacked: number,
  ) {
    super(message);
    this.name = "EventLogError";
  }
}

interface Pending {
  readonly record: LogRecord;
  readonly msgId: string;
  state: "queued" | "sending" | "acked";
}

interface Waiter {
  readonly item: Pending;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/** The payload harn's `EventLogSink` writes: `{"index_hint":<ms>,"session_id":…,"event":<event JSON>}`. */
export function agentEventPayload(sessionId: string, eventJson: string, indexHint: number): string {
  return `{"index_hint":${indexHint},"session_id":${JSON.stringify(sessionId)},"event":${eventJson}}`;
}

/**
 * Appends each event to its session's topic, waiting for the log's acknowledgement in the background.
 *
 * - **Ordering and retries**: records are sent in order, several in flight; a retryable failure (server down,
 *   timeout) pauses sending, waits for the in-flight appends to settle, then resends every unacknowledged record in
 *   order under its original message id, with exponential backoff. The log's dedupe (JetStream's `Nats-Msg-Id`)
 *   turns a resend of a record that was in fact stored into a no-op, so no acknowledged event is lost and none is
 *   stored twice.
 * - **Bounded buffer**: at most `maxBuffered` events wait for acks; beyond that the loss policy applies —
 *   `block` (the default: `write` returns a Promise; memory stays bounded as long as the caller awaits it, and a
 *   caller that keeps writing without awaiting gets an error once another `maxBuffered` are waiting) or `drop`
 *   (counted and reported, never silent).
 * - **flush / close**: `flush` resolves when every accepted event is acknowledged. `close` flushes, waiting at
 *   most `closeTimeoutMs`; if acks are still missing it rejects with an {@link EventLogError} saying how many
 *   events were not stored. It does not close the shared {@link EventLog}.
 * - **Crash**: events not yet acknowledged are lost with the process (they live in memory only); every event
 *   whose append was acknowledged is in the log.
 * - **Errors**: a permanent failure (the backend says it is not retryable) stops the sink: the pending events are
 *   reported as lost and `write`, `flush` and `close` throw the {@link EventLogError}.
 */
export class EventLogSink<E> implements Sink<E> {
  readonly topic: string;
  private readonly queue: Pending[] = [];
  private readonly waiting: Waiter[] = [];
  private head = 0;
  // Every item before `next` has been sent at least once; after a failure it goes back to `head`.
  private next = 0;
  private inFlight = 0;
  private nextId = 0;
  private ackedCount = 0;
  private duplicateCount = 0;
  private droppedCount = 0;
  private retryCount = 0;
  private attempt = 0;
  private paused = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private failure: EventLogError | undefined;
  private closed = false;
  private warned = false;
  private readonly idle: (() => void)[] = [];
  private readonly producerId: string;
  private readonly maxBuffered: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly log: EventLog,
    readonly sessionId: string,
    private readonly options: EventLogSinkOptions<E> = {},
  ) {
    this.topic = agentEventsTopic(sessionId);
    assertTopic(this.topic);
    this.producerId = options.producerId ?? randomUUID();
    this.maxBuffered = options.maxBuffered ?? 10_000;
    this.maxInFlight = options.maxInFlight ?? 256;
    if (!(this.maxBuffered >= 1) || !(this.maxInFlight >= 1))
      throw new RangeError("maxBuffered and maxInFlight must be at least 1");
  }

  stats(): EventLogSinkStats {
    const pending = this.queue.length - this.head + this.waiting.length;
    return {
      accepted: this.nextId - this.droppedCount,
      acked: this.ackedCount,
      duplicates: this.duplicateCount,
      dropped: this.droppedCount,
      retries: this.retryCount,
      pending,
    };
  }

  write(record: EventRecord<E>): void | Promise<void> {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new SinkClosedError(`event log sink for topic ${this.topic}`);
    const n = this.nextId++;
    const item: Pending = {
      record: {
        kind: record.type,
        payload: agentEventPayload(this.sessionId, record.json, Date.now()),
        headers: { session_id: this.sessionId },
        occurredAtMs: Date.now(),
      },
      msgId: `${this.producerId}:${n}`,
      state: "queued",
    };
    if (this.queue.length - this.head < this.maxBuffered && this.waiting.length === 0) {
      this.queue.push(item);
      this.pump();
      return;
    }
    if ((this.options.whenFull ?? "block") === "drop") {
      this.droppedCount++;
      if (this.options.onDrop !== undefined) this.options.onDrop(record, this.droppedCount);
      else if (!this.warned) {
        this.warned = true;
        process.emitWarning(
          `event log sink for ${this.topic} is dropping events (buffer of ${this.maxBuffered} full); see stats().dropped`,
        );
      }
      return;
    }
    if (this.waiting.length >= this.maxBuffered) {
      this.nextId--;
      throw new EventLogError(
        `event log sink for ${this.topic}: ${this.waiting.length} writes are already waiting for room; await the Promise write() returns`,
        undefined,
        0,
      );
    }
    return new Promise<void>((resolve, reject) => this.waiting.push({ item, resolve, reject }));
  }

  flush(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (this.isIdle()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.idle.push(() => (this.failure === undefined ? resolve() : reject(this.failure)));
    });
  }

  async close(): Promise<void> {
    if (this.closed) {
      if (this.failure !== undefined) throw this.failure;
      return;
    }
    this.closed = true;
    const timeoutMs = this.options.closeTimeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), timeoutMs)));
    try {
      const outcome = await Promise.race([this.flush(), timedOut]);
      if (outcome === "timeout") {
        const unacked = this.stats().pending;
        this.fail(
          new EventLogError(
            `event log sink for ${this.topic}: close timed out after ${timeoutMs} ms with ${unacked} events not acknowledged`,
            undefined,
            unacked,
          ),
        );
        throw this.failure;
      }
    } finally {
      clearTimeout(timer);
      if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    }
  }

  private isIdle(): boolean {
    return this.queue.length === this.head && this.waiting.length === 0;
  }

  private pump(): void {
    if (this.paused || this.failure !== undefined) return;
    // Send queued items in order; after a failure everything from the head may be queued again.
    if (this.next < this.head) this.next = this.head;
    for (; this.next < this.queue.length && this.inFlight < this.maxInFlight; this.next++) {
      const item = this.queue[this.next] as Pending;
      if (item.state !== "queued") continue;
      item.state = "sending";
      this.inFlight++;
      this.log.append(this.topic, item.record, item.msgId).then(
        (ack) => this.onAck(item, ack),
        (error: unknown) => this.onError(item, error),
      );
    }
  }

  private onAck(item: Pending, ack: AppendAck): void {
    this.inFlight--;
    if (this.failure !== undefined) return;
    item.state = "acked";
    this.ackedCount++;
    if (ack.duplicate) this.duplicateCount++;
    if (!this.paused) this.attempt = 0;
    while (this.head < this.queue.length && (this.queue[this.head] as Pending).state === "acked") this.head++;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.next -= this.head;
      this.head = 0;
    }
    while (this.waiting.length > 0 && this.queue.length - this.head < this.maxBuffered) {
      const w = this.waiting.shift() as Waiter;
      this.queue.push(w.item);
      w.resolve();
    }
    this.resumeIfSettled();
    this.pump();
    if (this.isIdle()) for (const done of this.idle.splice(0)) done();
  }

  private onError(item: Pending, error: unknown): void {
    this.inFlight--;
    if (this.failure !== undefined) return;
    item.state = "queued";
    if (!this.log.isRetryable(error)) {
      const unacked = this.stats().pending;
      this.fail(
        new EventLogError(
          `event log append to ${this.topic} failed: ${messageOf(error)} (${unacked} events not stored)`,
          error,
          unacked,
        ),
      );
      return;
    }
    this.retryCount++;
    if (!this.paused) {
      this.paused = true;
      this.attempt++;
      this.options.onRetry?.(error, this.attempt);
      const base = this.options.retryDelayMs ?? 50;
      const delay = Math.min(base * 2 ** (this.attempt - 1), this.options.maxRetryDelayMs ?? 2_000);
      this.retryTimer = setTimeout(() => {
        this.retryTimer = undefined;
        this.resumeIfSettled();
      }, delay);
    }
    this.resumeIfSettled();
  }

  // Resend only once every in-flight append has settled, so resends keep the original order.
  private resumeIfSettled(): void {
    if (!this.paused || this.retryTimer !== undefined || this.inFlight > 0) return;
    this.paused = false;
    this.next = this.head;
    this.pump();
  }

  private fail(error: EventLogError): void {
    this.failure = error;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    for (const w of this.waiting.splice(0)) w.reject(error);
    for (const done of this.idle.splice(0)) done();
  }
}

/** One agent event read back from a topic. */
export interface TopicEntry<E> {
  readonly seq: number;
  readonly kind: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly sessionId: string | undefined;
  readonly indexHint: number | undefined;
  readonly event: E;
}

/**
 * Reads a topic back and decodes each record's `payload.event` with the family's decoder (from the raw text, so
 * the decoder sees the exact bytes). A record that does not decode throws, naming the topic and sequence.
 */
export async function readTopic<E>(
  log: EventLog,
  topic: string,
  family: EventFamily<E>,
  options: { readonly after?: number; readonly limit?: number } = {},
): Promise<TopicEntry<E>[]> {
  const records = await log.read(topic, options);
  return records.map((r) => {
    try {
      const eventJson = rawMember(r.payload, "event");
      if (eventJson === undefined) throw new Error("payload has no `event`");
      const hint = rawMember(r.payload, "index_hint");
      return {
        seq: r.seq,
        kind: r.kind,
        headers: r.headers,
        sessionId: r.headers["session_id"],
        indexHint: hint === undefined ? undefined : Number(hint),
        event: family.decode(eventJson),
      };
    } catch (error) {
      throw new Error(`topic ${topic}, record ${r.seq}: ${messageOf(error)}`, { cause: error });
    }
  });
}
