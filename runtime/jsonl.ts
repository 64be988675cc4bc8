/**
 * The rotating JSONL event log (seed 000's `JsonlEventSink`): one envelope line per event, buffered, rotated at a
 * size limit into `-000001`-suffixed files.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type EnvelopeHeader, envelopePrefix, splitEnvelope } from "./envelope";
import { codeOf, messageOf } from "./errors";
import type { EventFamily, EventRecord, TruncationRules } from "./family";
import { linesBackward, readRange } from "./lines";
import { type Sink, SinkClosedError } from "./sink";
import { sessionPathSegment } from "./topic";
import { mergeTruncationRules, truncateEvent } from "./truncate";

/**
 * When the log calls `fdatasync`: never (the OS writes back dirty pages on its own schedule), on rotation and
 * close, or additionally every `everyMs` milliseconds (which also flushes the buffer at that period).
 */
export type FsyncPolicy = "none" | "close" | { readonly everyMs: number };

/**
 * What opening does with a log that already exists: `"truncate"` starts a new log at index 0 (emptying the base
 * file, deleting its rotations); `"append"` resumes it (see {@link JsonlEventSink}).
 */
export type JsonlOpenMode = "truncate" | "append";

/** Options of {@link JsonlEventSink.open} and {@link JsonlEventSink.forSession}. */
export interface JsonlEventSinkOptions<E> {
  /** Default `"truncate"` for `open`, `"append"` for `forSession`. */
  readonly mode?: JsonlOpenMode;
  /** Rotate before a line would take the current file past this size. Default 100 MiB (`ROTATE_BYTES`). */
  readonly rotateBytes?: number;
  /** The write buffer: lines are copied into it and written with one `write(2)` when it is full. Default 64 KiB. */
  readonly bufferBytes?: number;
  /** Write the buffer out at least this often, so a quiet log is not left stale. 0 disables. Default 200 ms. */
  readonly flushIntervalMs?: number;
  /** Default `"close"`. */
  readonly fsync?: FsyncPolicy;
  /** The envelope's `frame_depth` for an event; `null`/`undefined` writes `null`. */
  readonly frameDepth?: (event: E) => number | null | undefined;
  /** Payload budgets, merged over the family's (`family.truncation`). An event with a cut field is re-encoded. */
  readonly truncate?: TruncationRules;
  /**
   * Write the buffer out synchronously when the process exits normally (`process.exit`, end of loop). Default true.
   * Until it is closed, such a log stays referenced by the exit hook: close the logs you open.
   */
  readonly flushOnExit?: boolean;
}

/** Where an appending open resumed a log. */
export interface JsonlResume {
  /** The index of the next event: one past the last complete line's (0 for a new or empty log). */
  readonly nextIndex: number;
  /** The file appended to: the newest of the log's files. */
  readonly file: string;
  /** Bytes cut off the end of that file: a torn last line, and any lines after the last envelope line. */
  readonly cutBytes: number;
}

/** The file name of a session's log inside its directory. */
export const SESSION_LOG_FILE = "event_log.jsonl";

/**
 * The log of a session: `<root>/<sessionPathSegment(sessionId)>/event_log.jsonl`. Any string is a valid id: the
 * path is always inside `root`, and distinct ids get distinct directories (see {@link sessionPathSegment}).
 */
export function sessionLogPath(root: string, sessionId: string): string {
  return path.join(root, sessionPathSegment(sessionId), SESSION_LOG_FILE);
}

/** A write to the log failed. The sink is unusable afterwards; `written` lines are in the files, `lost` are not. */
export class JsonlWriteError extends Error {
  /** The errno code of the cause (`ENOSPC`, `EISDIR`, `EACCES`…), if any. */
  readonly code: string | undefined;
  constructor(
    message: string,
    override readonly cause: unknown,
    /** Lines fully handed to the OS before the failure (across all files). */
    readonly written: number,
    /** Accepted lines that were not written (they were in the buffer). */
    readonly lost: number,
  ) {
    super(message);
    this.name = "JsonlWriteError";
    this.code = codeOf(cause);
  }
}

/** The path of rotation `n` of a base path (seed 000's naming): `dir/event_log.jsonl` → `dir/event_log-000001.jsonl`. */
export function rotationPath(basePath: string, n: number): string {
  const { dir, name, ext } = path.parse(basePath);
  return path.join(dir, `${name || "event_log"}-${String(n).padStart(6, "0")}${ext || ".jsonl"}`);
}

/** The existing rotations of a base path, in order (not including the base file; directories are ignored). */
export function listRotations(basePath: string): string[] {
  return rotations(basePath).map((r) => r.file);
}

function rotations(basePath: string): { file: string; n: number }[] {
  const { dir, name, ext } = path.parse(basePath);
  const re = new RegExp(`^${escapeRe(name || "event_log")}-([0-9]{6,})${escapeRe(ext || ".jsonl")}$`);
  let entries: string[];
  try {
    entries = fs.readdirSync(dir || ".");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .map((e) => ({ e, m: re.exec(e) }))
    .filter((x): x is { e: string; m: RegExpExecArray } => x.m !== null && !isDirectory(path.join(dir, x.e)))
    .map((x) => ({ file: path.join(dir, x.e), n: Number(x.m[1]) }))
    .sort((a, b) => a.n - b.n);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// Sinks still open, written out by one process 'exit' listener (installed on first use).
const openSinks = new Set<JsonlEventSink<unknown>>();
let exitHookInstalled = false;
function onExit(): void {
  for (const sink of openSinks) sink.closeSync(true);
}

/**
 * An append-only JSONL log of envelope lines (`{"index":…,"emitted_at_ms":…,"frame_depth":…,<event>}`, harn's
 * `PersistedAgentEvent`), readable with {@link readLog} and by a Rust reader of the same spec.
 *
 * - **Writes**: `write` copies the line into a buffer and returns; when the buffer is full it is written with one
 *   synchronous `write(2)`. Memory stays bounded by the buffer whatever the event rate: a burst costs the caller
 *   the time of those writes (the backpressure), never an unbounded queue. `write` never returns a Promise.
 * - **Index and time**: `index` is contiguous from 0 across all files; `emitted_at_ms` is the wall clock,
 *   clamped so that it never decreases.
 * - **Rotation**: before a line would take the current file past `rotateBytes`, the file is finished and the
 *   line starts `<name>-000001<ext>`, then `-000002`…; a line is never split across files.
 * - **Opening** (`mode`): `"truncate"` (the default of `open`) empties the base file and deletes its old rotations,
 *   so the log starts at index 0. `"append"` (the default of `forSession`: a process restarting a session after a
 *   crash) keeps the files: it cuts the newest file after its last complete envelope line — a torn last line, or
 *   lines that are not envelopes — and resumes `index` one past that line's (and `emitted_at_ms` from its time).
 *   It refuses a newest file that holds complete lines none of which is an envelope (not a log). One process
 *   should write a log at a time.
 * - **flush / close**: `flush` writes the buffer to the OS; `sync` also calls `fdatasync`. `close` flushes, fsyncs
 *   (unless the policy is `"none"`) and closes the file. On a normal process exit, open logs are flushed and
 *   closed synchronously.
 * - **Crash** (SIGKILL, OOM, power loss with `fsync: "none"`): events still in the buffer — at most `bufferBytes`
 *   and at most `flushIntervalMs` old — are lost; everything written before is in the file (the page cache
 *   survives the process). If the process dies inside a `write(2)`, the last line may be torn; the reader reports
 *   it and recovers every complete line. Default signal handling (SIGINT/SIGTERM without a handler) skips the
 *   exit hook: close the log from your signal handler.
 * - **Errors**: a failed open throws; a failed write throws {@link JsonlWriteError} from the `write`, `flush` or
 *   `close` that hit it (or the next one, for the periodic flush), with how many lines reached the file and how
 *   many were lost. The sink then refuses further writes with the same error — it never reports success for a line
 *   it did not write.
 */
export class JsonlEventSink<E> implements Sink<E> {
  /** Seed 000's `ROTATE_BYTES`: 100 MiB. */
  static readonly ROTATE_BYTES = 100 * 1024 * 1024;

  /**
   * Opens the log at `basePath` (creating parent directories): by default a new log (`mode: "truncate"`), or the
   * existing one resumed (`mode: "append"`). Throws {@link JsonlWriteError} if the file cannot be opened.
   */
  static open<E>(basePath: string, family: EventFamily<E>, options: JsonlEventSinkOptions<E> = {}): JsonlEventSink<E> {
    return new JsonlEventSink(basePath, family, options);
  }

  /**
   * Opens the log of a session under `root` — `<root>/<sessionPathSegment(sessionId)>/event_log.jsonl`, see
   * {@link sessionLogPath} — resuming it if it exists (`mode` defaults to `"append"`). Any string is a valid id.
   */
  static forSession<E>(
    root: string,
    sessionId: string,
    family: EventFamily<E>,
    options: JsonlEventSinkOptions<E> = {},
  ): JsonlEventSink<E> {
    return new JsonlEventSink(sessionLogPath(root, sessionId), family, { ...options, mode: options.mode ?? "append" });
  }

  /** With `mode: "append"`: where the log was resumed. */
  readonly resumed: JsonlResume | undefined;

  private fd: number;
  private readonly buf: Buffer;
  private used = 0;
  private linesInBuf = 0;
  private fileBytes = 0;
  private totalBytes = 0;
  private index = 0;
  private written = 0;
  private lastMs = 0;
  private rotation = 0;
  private syncs = 0;
  private readonly paths: string[];
  private failure: JsonlWriteError | undefined;
  private closed = false;
  private readonly rotateBytes: number;
  private readonly rules: TruncationRules | undefined;
  private readonly fsyncPolicy: FsyncPolicy;
  private readonly frameDepth: ((event: E) => number | null | undefined) | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  private constructor(
    readonly basePath: string,
    private readonly family: EventFamily<E>,
    options: JsonlEventSinkOptions<E>,
  ) {
    this.rotateBytes = options.rotateBytes ?? JsonlEventSink.ROTATE_BYTES;
    if (!(this.rotateBytes > 0)) throw new RangeError("rotateBytes must be positive");
    const bufferBytes = options.bufferBytes ?? 64 * 1024;
    if (!(bufferBytes >= 256)) throw new RangeError("bufferBytes must be at least 256");
    this.rules = mergeTruncationRules(family.truncation, options.truncate);
    this.fsyncPolicy = options.fsync ?? "close";
    this.frameDepth = options.frameDepth;
    const mode = options.mode ?? "truncate";
    if (mode !== "truncate" && mode !== "append") throw new RangeError(`mode must be "truncate" or "append"`);
    try {
      fs.mkdirSync(path.dirname(basePath), { recursive: true });
      if (mode === "append") {
        const r = resumeLog(basePath);
        this.fd = r.fd;
        this.paths = r.files;
        this.rotation = r.rotation;
        this.fileBytes = r.size;
        this.index = this.written = r.nextIndex;
        this.lastMs = r.lastMs;
        this.resumed = { nextIndex: r.nextIndex, file: r.files[r.files.length - 1] as string, cutBytes: r.cutBytes };
      } else {
        this.fd = fs.openSync(basePath, "w");
        this.paths = [basePath];
      }
    } catch (error) {
      throw new JsonlWriteError(`JSONL log ${basePath}: open failed: ${messageOf(error)}`, error, 0, 0);
    }
    if (mode === "truncate") {
      try {
        for (const stale of listRotations(basePath)) fs.unlinkSync(stale);
      } catch (error) {
        fs.closeSync(this.fd);
        throw new JsonlWriteError(
          `JSONL log ${basePath}: removing an old rotation failed: ${messageOf(error)}`,
          error,
          0,
          0,
        );
      }
    }
    this.buf = Buffer.allocUnsafe(bufferBytes);
    const interval = options.flushIntervalMs ?? 200;
    if (interval > 0) this.timers.push(setInterval(() => this.tick(false), interval).unref());
    if (typeof this.fsyncPolicy === "object") {
      this.timers.push(setInterval(() => this.tick(true), this.fsyncPolicy.everyMs).unref());
    }
    if (options.flushOnExit ?? true) {
      openSinks.add(this as JsonlEventSink<unknown>);
      if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", onExit);
      }
    }
  }

  /** The next event's index: events accepted so far, counting those already in a resumed log. */
  get eventCount(): number {
    return this.index;
  }

  /** Lines handed to the OS so far, counting those already in a resumed log (the rest are in the buffer). */
  get writtenCount(): number {
    return this.written;
  }

  /** Bytes this sink handed to the OS so far, over all files. */
  get bytesWritten(): number {
    return this.totalBytes;
  }

  /** How many times the log called `fdatasync` (on rotation, close, `sync()` or the periodic policy). */
  get fsyncCount(): number {
    return this.syncs;
  }

  /** The files of this log so far, in order: the base path, then its rotations (a resumed log's included). */
  get files(): readonly string[] {
    return this.paths;
  }

  write(record: EventRecord<E>): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) throw new SinkClosedError(`JSONL log ${this.basePath}`);
    let json = record.json;
    if (this.rules !== undefined) {
      const cut = truncateEvent(record.event, record.type, this.rules);
      if (cut !== record.event) json = this.family.encode(cut);
    }
    if (json.charCodeAt(0) !== 0x7b) {
      throw new TypeError(
        `${this.family.name} event \`${record.type}\` is not a JSON object; it cannot be flattened into the envelope`,
      );
    }
    const now = Date.now();
    const ms = now > this.lastMs ? now : this.lastMs;
    const depth = this.frameDepth === undefined ? null : (this.frameDepth(record.event) ?? null);
    const prefix = envelopePrefix(this.index, ms, depth);
    const worst = prefix.length + json.length * 3 + 2;
    const buf = this.buf;
    if (this.used + worst > buf.length) {
      this.flushBuffer();
      if (worst > buf.length) {
        this.writeLarge(prefix, json);
        this.lastMs = ms;
        return;
      }
    }
    const start = this.used;
    let n = start + buf.write(prefix, start, "latin1");
    if (json.length === 2) {
      buf[n++] = 0x7d;
    } else {
      // The event's opening brace becomes the comma after the envelope fields.
      const at = n;
      n += buf.write(json, n, "utf8");
      buf[at] = 0x2c;
    }
    buf[n++] = 0x0a;
    if (this.fileBytes + n > this.rotateBytes && this.fileBytes + start > 0) {
      this.used = start;
      this.flushBuffer();
      this.rotate();
      buf.copy(buf, 0, start, n);
      n -= start;
    }
    this.used = n;
    this.linesInBuf++;
    this.index++;
    this.lastMs = ms;
  }

  /** Writes the buffer out synchronously. Throws {@link JsonlWriteError} if the write fails. */
  flushSync(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.closed) return;
    this.flushBuffer();
  }

  /** Writes the buffer to the OS (not necessarily to the disk: see {@link sync}). */
  async flush(): Promise<void> {
    this.flushSync();
  }

  /** Flushes, then `fdatasync`s the current file: everything accepted so far survives a power loss. */
  async sync(): Promise<void> {
    this.flushSync();
    if (!this.closed) this.fsyncCurrent();
  }

  /** Flushes, fsyncs (unless the policy is `"none"`) and closes the current file. */
  async close(): Promise<void> {
    this.closeSync(false);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Synchronous {@link close}. With `quiet`, errors are written to stderr instead of thrown (the exit hook). */
  closeSync(quiet = false): void {
    if (this.closed) return;
    try {
      if (this.failure === undefined) {
        this.flushBuffer();
        if (this.fsyncPolicy !== "none") this.fsyncCurrent();
      }
    } catch (error) {
      if (!quiet) throw error;
      process.stderr.write(`eventspec: closing JSONL log ${this.basePath} failed: ${String(error)}\n`);
    } finally {
      this.closed = true;
      for (const t of this.timers) clearInterval(t);
      openSinks.delete(this as JsonlEventSink<unknown>);
      try {
        fs.closeSync(this.fd);
      } catch {
        // The descriptor is gone either way; a write error, if any, was already recorded.
      }
    }
  }

  private tick(fsync: boolean): void {
    if (this.closed || this.failure !== undefined) return;
    try {
      this.flushBuffer();
      if (fsync) this.fsyncCurrent();
    } catch {
      // Recorded in `failure`; the next write/flush/close throws it.
    }
  }

  private fsyncCurrent(): void {
    try {
      fs.fdatasyncSync(this.fd);
      this.syncs++;
    } catch (error) {
      throw this.fail(error, "fdatasync", 0);
    }
  }

  private flushBuffer(): void {
    if (this.used === 0) return;
    let off = 0;
    try {
      while (off < this.used) off += fs.writeSync(this.fd, this.buf, off, this.used - off);
    } catch (error) {
      let complete = 0;
      for (let i = 0; i < off; i++) if (this.buf[i] === 0x0a) complete++;
      this.fileBytes += off;
      this.totalBytes += off;
      this.written += complete;
      throw this.fail(error, "write", this.linesInBuf - complete);
    }
    this.fileBytes += this.used;
    this.totalBytes += this.used;
    this.written += this.linesInBuf;
    this.used = 0;
    this.linesInBuf = 0;
  }

  private writeLarge(prefix: string, json: string): void {
    const line = Buffer.from(json.length === 2 ? `${prefix}}\n` : `${prefix},${json.slice(1)}\n`, "utf8");
    if (this.fileBytes > 0 && this.fileBytes + line.length > this.rotateBytes) this.rotate();
    let off = 0;
    try {
      while (off < line.length) off += fs.writeSync(this.fd, line, off, line.length - off);
    } catch (error) {
      this.fileBytes += off;
      this.totalBytes += off;
      throw this.fail(error, "write", 1);
    }
    this.fileBytes += line.length;
    this.totalBytes += line.length;
    this.written++;
    this.index++;
  }

  private rotate(): void {
    if (this.fsyncPolicy !== "none") this.fsyncCurrent();
    const next = rotationPath(this.basePath, this.rotation + 1);
    let fd: number;
    try {
      fd = fs.openSync(next, "w");
    } catch (error) {
      throw this.fail(error, `open ${next}`, this.linesInBuf);
    }
    fs.closeSync(this.fd);
    this.fd = fd;
    this.rotation++;
    this.paths.push(next);
    this.fileBytes = 0;
  }

  private fail(error: unknown, what: string, lost: number): JsonlWriteError {
    const e = new JsonlWriteError(
      `JSONL log ${this.basePath}: ${what} failed: ${messageOf(error)} ` +
        `(${this.written} lines written, ${lost} lost)`,
      error,
      this.written,
      lost,
    );
    this.failure = e;
    this.used = 0;
    this.linesInBuf = 0;
    return e;
  }
}

interface ResumePoint {
  readonly fd: number;
  readonly files: string[];
  readonly rotation: number;
  /** The newest file's size after the cut. */
  readonly size: number;
  readonly nextIndex: number;
  readonly lastMs: number;
  readonly cutBytes: number;
}

/**
 * Opens the newest file of an existing log for appending: cuts it after its last complete envelope line and finds
 * the index to resume from (in an older file if the newest holds no complete line, as after a crash right after a
 * rotation).
 */
function resumeLog(basePath: string): ResumePoint {
  const rots = rotations(basePath);
  const files = [basePath, ...rots.map((r) => r.file)];
  const newest = files[files.length - 1] as string;
  // O_APPEND: every write lands at the end, after the cut.
  const fd = fs.openSync(newest, "a+");
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${newest} is not a regular file`);
    let keep = 0;
    let last: EnvelopeHeader | undefined;
    let rejected = false;
    for (const line of linesBackward(fd, stat.size)) {
      if (!line.complete) continue;
      last = envelopeOf(readRange(fd, line.start, line.end - 1));
      if (last !== undefined) {
        keep = line.end;
        break;
      }
      rejected = true;
    }
    if (last === undefined && rejected) {
      throw new Error(`${newest} has complete lines but none is an event-log envelope line; refusing to append`);
    }
    for (let f = files.length - 2; last === undefined && f >= 0; f--) last = lastEnvelope(files[f] as string);
    if (keep < stat.size) fs.ftruncateSync(fd, keep);
    return {
      fd,
      files,
      rotation: rots[rots.length - 1]?.n ?? 0,
      size: keep,
      nextIndex: last === undefined ? 0 : last.index + 1,
      lastMs: last?.emittedAtMs ?? 0,
      cutBytes: stat.size - keep,
    };
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
}

// The header of a complete line, or undefined if it is not an envelope line of valid JSON.
function envelopeOf(text: string): EnvelopeHeader | undefined {
  try {
    // splitEnvelope stops at the event's first member; the rest must be JSON too.
    JSON.parse(text);
    return splitEnvelope(text).header;
  } catch {
    return undefined;
  }
}

// The header of the last envelope line of a finished file of the log.
function lastEnvelope(file: string): EnvelopeHeader | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, "r");
  } catch {
    return undefined;
  }
  try {
    for (const line of linesBackward(fd, fs.fstatSync(fd).size)) {
      const header = line.complete ? envelopeOf(readRange(fd, line.start, line.end - 1)) : undefined;
      if (header !== undefined) return header;
    }
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}
