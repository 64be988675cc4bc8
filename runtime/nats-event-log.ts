/** The distributed event log backend: NATS JetStream, one subject per topic in one stream. */
import type {
  ConnectionOptions,
  JetStreamClient,
  JetStreamManager,
  NatsConnection,
} from "nats";
import type { AppendAck, EventLog, LogRecord, StoredRecord } from "./event-log";
import { AGENT_EVENTS_TOPIC_PREFIX, assertTopic } from "./topic";

/**
 * The `nats` client, loaded on first use of this backend: it is an optional peer dependency, so a project that
 * logs to files never installs it.
 */
function nats(): typeof import("nats") {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("nats") as typeof import("nats");
  } catch (error) {
    throw new Error("the NATS event log needs the `nats` package: npm install nats@2", { cause: error });
  }
}

/** `error instanceof NatsError` (the client is loaded already: this backend is in use). */
function isNatsError(error: unknown): error is import("nats").NatsError {
  return error instanceof nats().NatsError;
}
import { percentDecode, percentEncode } from "./wtf8";

/** Options of {@link NatsEventLog.connect}. */
export interface NatsEventLogOptions {
  /** Server URL(s), e.g. `nats://127.0.0.1:4222`. */
  readonly servers: string | string[];
  /** The stream holding the topics. Default `AGENT_EVENTS`. */
  readonly stream?: string;
  /** Subjects of the stream, created if it does not exist. Default `observability.agent_events.>`. */
  readonly subjects?: readonly string[];
  /** JetStream's dedupe window for message ids; retries must happen within it. Default 2 minutes. */
  readonly duplicateWindowMs?: number;
  /** How long an append waits for the server's ack before it counts as failed (and is retried). Default 2,000 ms. */
  readonly ackTimeoutMs?: number;
  /** Extra options for the `nats` client (auth, TLS, names…); reconnection is always on. */
  readonly connection?: Partial<ConnectionOptions>;
}

const KIND = "Eventspec-Kind";
const OCCURRED = "Eventspec-Occurred-At-Ms";
const MSG_ID = "Nats-Msg-Id";
// Marks a message whose string header values are percent-encoded; messages without it are read verbatim.
const ENCODING = "Eventspec-Header-Encoding";
const PERCENT = "percent-wtf8";

// Failures that no retry can fix.
const PERMANENT = new Set([
  "MAX_PAYLOAD_EXCEEDED",
  "BAD_SUBJECT",
  "BAD_HEADER",
  "CONNECTION_CLOSED",
  "PERMISSIONS_VIOLATION",
  "AUTHORIZATION_VIOLATION",
  "BAD_AUTHENTICATION",
]);

/**
 * Topics are subjects of one JetStream stream (file storage). A record is one message: the payload is the
 * message data, `kind` and `occurredAtMs` travel in `Eventspec-*` headers next to the record's own headers, and the
 * message id is `Nats-Msg-Id`, which JetStream deduplicates within `duplicateWindowMs`.
 *
 * Header values round-trip any string (a NATS header value cannot hold CR or LF, and loses surrounding
 * whitespace): the record's header values, `kind` and the message id are written percent-encoded (`percentEncode`:
 * printable ASCII except `%` and space stay, every other byte of the string's WTF-8 is `%XX`, so a plain id such as
 * a UUID is unchanged), and the message carries `Eventspec-Header-Encoding: percent-wtf8`; `read` decodes them.
 * A message without that header (written before this encoding) is read verbatim.
 *
 * Guarantees: `append` resolves only when the server has acknowledged that the stream stored the message (for a
 * file-storage stream, written to its store). While the server is unreachable the client keeps reconnecting
 * forever; appends time out after `ackTimeoutMs` and are reported retryable, so an {@link EventLogSink} resends
 * them under the same id until the server is back.
 */
export class NatsEventLog implements EventLog {
  /** Connects and makes sure the stream exists. Throws if the server cannot be reached now. */
  static async connect(options: NatsEventLogOptions): Promise<NatsEventLog> {
    const nc = await nats().connect({
      servers: options.servers,
      reconnect: true,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
      reconnectJitter: 50,
      pingInterval: 2_000,
      // A stack trace captured per request costs more than the publish itself; our errors name the topic anyway.
      noAsyncTraces: true,
      ...options.connection,
    });
    let log: NatsEventLog;
    try {
      log = new NatsEventLog(nc, await nc.jetstreamManager(), options);
      await log.ensureStream(options);
    } catch (error) {
      await nc.close();
      // The client's own error is a bare `503`: a server without JetStream (Debian's packaged service is one).
      if (isNatsError(error) && error.code === "503") {
        throw new Error(
          `JetStream is not enabled on the NATS server at ${String(options.servers)}: start nats-server with -js ` +
            "(npm run nats:dev does), or point servers at one that has it",
          { cause: error },
        );
      }
      throw error;
    }
    return log;
  }

  readonly stream: string;
  private readonly js: JetStreamClient;
  private readonly ackTimeoutMs: number;

  private constructor(
    /** The underlying connection (for status events, or to share it). */
    readonly connection: NatsConnection,
    private readonly jsm: JetStreamManager,
    options: NatsEventLogOptions,
  ) {
    this.stream = options.stream ?? "AGENT_EVENTS";
    this.js = connection.jetstream();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2_000;
  }

  private async ensureStream(options: NatsEventLogOptions): Promise<void> {
    try {
      await this.jsm.streams.info(this.stream);
      return;
    } catch (error) {
      if (!isNatsError(error) || error.jsError()?.err_code !== 10059) throw error;
    }
    await this.jsm.streams.add({
      name: this.stream,
      subjects: [...(options.subjects ?? [`${AGENT_EVENTS_TOPIC_PREFIX}.>`])],
      storage: nats().StorageType.File,
      duplicate_window: nats().nanos(options.duplicateWindowMs ?? 120_000),
    });
  }

  async append(topic: string, record: LogRecord, msgId: string): Promise<AppendAck> {
    assertTopic(topic);
    const h = nats().headers();
    for (const [k, v] of Object.entries(record.headers)) {
      if (k.startsWith("Eventspec-") || k.startsWith("Nats-")) throw new RangeError(`reserved header name ${k}`);
      h.set(k, percentEncode(v));
    }
    h.set(KIND, percentEncode(record.kind));
    h.set(OCCURRED, String(record.occurredAtMs));
    h.set(ENCODING, PERCENT);
    const ack = await this.js.publish(topic, Buffer.from(record.payload, "utf8"), {
      msgID: percentEncode(msgId),
      headers: h,
      timeout: this.ackTimeoutMs,
    });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  async read(
    topic: string,
    options: { readonly after?: number; readonly limit?: number } = {},
  ): Promise<StoredRecord[]> {
    assertTopic(topic);
    const after = options.after ?? 0;
    const limit = options.limit ?? Infinity;
    let last: number;
    try {
      last = (await this.jsm.streams.getMessage(this.stream, { last_by_subj: topic })).seq;
    } catch (error) {
      if (isNatsError(error) && (error.code === "404" || error.jsError()?.code === 404)) return [];
      throw error;
    }
    if (last <= after || limit <= 0) return [];
    const consumer = await this.js.consumers.get(this.stream, {
      filterSubjects: topic,
      deliver_policy: nats().DeliverPolicy.StartSequence,
      opt_start_seq: after + 1,
    });
    const out: StoredRecord[] = [];
    try {
      while (out.length < limit) {
        const batch = await consumer.fetch({ max_messages: Math.min(1000, limit - out.length), expires: 2_000 });
        let done = false;
        let got = 0;
        for await (const m of batch) {
          got++;
          const h = m.headers;
          const value = headerDecoder(h?.get(ENCODING) ?? "", topic, m.seq);
          const headers: Record<string, string> = {};
          for (const k of h?.keys() ?? [])
            if (k !== KIND && k !== OCCURRED && k !== MSG_ID && k !== ENCODING) headers[k] = value(h?.get(k) ?? "");
          out.push({
            topic,
            seq: m.seq,
            msgId: value(h?.get(MSG_ID) ?? ""),
            kind: value(h?.get(KIND) ?? ""),
            occurredAtMs: Number(h?.get(OCCURRED) ?? 0),
            headers,
            payload: Buffer.from(m.data).toString("utf8"),
          });
          if (m.seq >= last || m.info.pending === 0 || out.length >= limit) {
            done = true;
            break;
          }
        }
        if (done || got === 0) break;
      }
    } finally {
      await consumer.delete().catch(() => undefined);
    }
    return out;
  }

  isRetryable(error: unknown): boolean {
    if (!isNatsError(error)) return false;
    if (PERMANENT.has(error.code)) return false;
    const api = error.jsError();
    // A JetStream API error (bad request, wrong stream…) is permanent unless it says "unavailable".
    if (api !== null && api.code !== 503) return false;
    return true;
  }

  /** Drains and closes the connection. */
  async close(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.connection.drain().catch(() => this.connection.close());
  }
}

// How to read a message's header values, by its encoding header.
function headerDecoder(encoding: string, topic: string, seq: number): (value: string) => string {
  if (encoding === "") return (v) => v;
  if (encoding !== PERCENT) throw new Error(`topic ${topic}, record ${seq}: unknown ${ENCODING} ${encoding}`);
  return (v) => {
    try {
      return percentDecode(v);
    } catch (error) {
      throw new Error(`topic ${topic}, record ${seq}: bad header value ${JSON.stringify(v.slice(0, 80))}`, {
        cause: error,
      });
    }
  };
}
