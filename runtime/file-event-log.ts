/** The embedded event log backend: one append-only JSONL file per topic in a directory. No server needed. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { AppendAck, EventLog, LogRecord, StoredRecord } from "./event-log";
import { scanObject } from "./json-scan";
import { isRegularFile, readLines } from "./lines";
import { assertTopic } from "./topic";

/** Options of {@link FileEventLog.open}. */
export interface FileEventLogOptions {
  /** How many recent message ids per topic are remembered for dedupe. Default 100,000. */
  readonly dedupeWindow?: number;
  /** `fdatasync` after every append, so an ack means "on disk" rather than "handed to the OS". Default false. */
  readonly fsyncEachAppend?: boolean;
}

interface TopicFile {
  readonly fd: number;
  size: number;
  seq: number;
  readonly ids: Map<string, number>;
}

function sortedHeaders(headers: Readonly<Record<string, string>>): string {
  const keys = Object.keys(headers).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(headers[k])}`).join(",")}}`;
}

/**
 * Topic `a.b.c` lives in `<dir>/a.b.c.jsonl`, one line per record:
 * `{"seq":1,"msg_id":"…","kind":"…","headers":{…},"occurred_at_ms":…,"payload":<payload JSON>}`.
 *
 * Guarantees: `append` writes the whole line with synchronous writes before it resolves (the ack), so an acked
 * record survives the process (and, with `fsyncEachAppend`, the machine). A failed write is rolled back
 * (truncated) and rejected — never retried silently, never half-kept. On open, a torn last line left by a crash is
 * cut off (it was never acknowledged). A message id seen among the last `dedupeWindow` records of its topic is not
 * appended again. One process should write a directory at a time.
 */
export class FileEventLog implements EventLog {
  /** Opens (creating) the directory. */
  static open(dir: string, options: FileEventLogOptions = {}): FileEventLog {
    fs.mkdirSync(dir, { recursive: true });
    return new FileEventLog(dir, options);
  }

  private readonly topics = new Map<string, TopicFile>();
  private closed = false;

  private constructor(
    readonly dir: string,
    private readonly options: FileEventLogOptions,
  ) {}

  /** The file holding a topic. */
  pathOf(topic: string): string {
    assertTopic(topic);
    return path.join(this.dir, `${topic}.jsonl`);
  }

  async append(topic: string, record: LogRecord, msgId: string): Promise<AppendAck> {
    if (this.closed) throw new Error(`file event log ${this.dir} is closed`);
    const t = this.topicFile(topic);
    const seen = t.ids.get(msgId);
    if (seen !== undefined) return { seq: seen, duplicate: true };
    const seq = t.seq + 1;
    const line = Buffer.from(
      `{"seq":${seq},"msg_id":${JSON.stringify(msgId)},"kind":${JSON.stringify(record.kind)},"headers":${sortedHeaders(record.headers)},` +
        `"occurred_at_ms":${record.occurredAtMs},"payload":${record.payload}}\n`,
      "utf8",
    );
    let off = 0;
    try {
      while (off < line.length) off += fs.writeSync(t.fd, line, off, line.length - off);
      if (this.options.fsyncEachAppend) fs.fdatasyncSync(t.fd);
    } catch (error) {
      if (off > 0) {
        try {
          fs.ftruncateSync(t.fd, t.size);
        } catch {
          // The torn line stays; the next open cuts it off.
        }
      }
      throw error;
    }
    t.size += line.length;
    t.seq = seq;
    t.ids.set(msgId, seq);
    if (t.ids.size > (this.options.dedupeWindow ?? 100_000)) t.ids.delete(t.ids.keys().next().value as string);
    return { seq, duplicate: false };
  }

  async read(
    topic: string,
    options: { readonly after?: number; readonly limit?: number } = {},
  ): Promise<StoredRecord[]> {
    const file = this.pathOf(topic);
    if (!isRegularFile(file)) return [];
    const after = options.after ?? 0;
    const limit = options.limit ?? Infinity;
    const out: StoredRecord[] = [];
    for (const l of readLines(file)) {
      if (!l.complete || out.length >= limit) break;
      const r = parseLine(topic, l.text);
      if (r.seq > after) out.push(r);
    }
    return out;
  }

  /** Local write errors are never retried: they reach the caller at once. */
  isRetryable(_error: unknown): boolean {
    return false;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.topics.values()) fs.closeSync(t.fd);
    this.topics.clear();
  }

  private topicFile(topic: string): TopicFile {
    let t = this.topics.get(topic);
    if (t !== undefined) return t;
    const file = this.pathOf(topic);
    const ids = new Map<string, number>();
    let seq = 0;
    let size = 0;
    if (isRegularFile(file)) {
      const window = this.options.dedupeWindow ?? 100_000;
      for (const l of readLines(file)) {
        if (!l.complete) break;
        const r = parseLine(topic, l.text);
        seq = r.seq;
        size = l.end;
        ids.set(r.msgId, r.seq);
        if (ids.size > window) ids.delete(ids.keys().next().value as string);
      }
    }
    const fd = fs.openSync(file, "a");
    if (fs.fstatSync(fd).size !== size) fs.ftruncateSync(fd, size);
    t = { fd, size, seq, ids };
    this.topics.set(topic, t);
    return t;
  }
}

function parseLine(topic: string, text: string): StoredRecord {
  let seq: number | undefined;
  let msgId = "";
  let kind = "";
  let headers: Record<string, string> = {};
  let occurredAtMs = 0;
  let payload: string | undefined;
  scanObject(text, 0, (m) => {
    const raw = text.slice(m.valueStart, m.valueEnd);
    switch (m.key) {
      case "seq":
        seq = Number(raw);
        break;
      case "msg_id":
        msgId = JSON.parse(raw) as string;
        break;
      case "kind":
        kind = JSON.parse(raw) as string;
        break;
      case "headers":
        headers = JSON.parse(raw) as Record<string, string>;
        break;
      case "occurred_at_ms":
        occurredAtMs = Number(raw);
        break;
      case "payload":
        payload = raw;
        break;
    }
  });
  if (seq === undefined || !Number.isInteger(seq) || payload === undefined) {
    throw new Error(`corrupt record in topic ${topic}: ${text.slice(0, 120)}`);
  }
  return { topic, seq, msgId, kind, headers, occurredAtMs, payload };
}
