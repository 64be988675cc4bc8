/**
 * The durable event sink (seed 001's `DurableEventSink`), generic over the event family and the draft type: it
 * forwards the live event to an inner sink, normalizes it into zero or more canonical drafts, keeps those the
 * durability mode asks for, and stages them. The family-specific normalizer for seed 001 is in `awaken.ts`.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { messageOf } from "./errors";
import type { EventRecord } from "./family";
import { isRegularFile, readLines } from "./lines";
import { type Sink, SinkClosedError, SinkError, type SinkErrorHandler, type SinkFailure } from "./sink";

/** Seed 001's `RuntimeEventDurability` (its wire strings). */
export type RuntimeEventDurability = "disabled" | "compacted" | "full_fidelity";

/** Seed 001's `FidelityClass` (its wire strings). */
export type Fidelity = "domain_event" | "observed_runtime_event" | "committed_runtime_event" | "control_event";

/**
 * Seed 001's `RuntimeEventDurability::should_persist`: `disabled` keeps nothing, `compacted` everything but
 * streaming observations (`observed_runtime_event`), `full_fidelity` everything.
 */
export function shouldPersist(mode: RuntimeEventDurability, fidelity: Fidelity): boolean {
  switch (mode) {
    case "disabled":
      return false;
    case "compacted":
      return fidelity !== "observed_runtime_event";
    case "full_fidelity":
      return true;
  }
}

/** A canonical draft with the durability class that decides whether it is kept. */
export interface Normalized<D> {
  readonly fidelity: Fidelity;
  readonly draft: D;
}

/** Turns one live event into canonical drafts (seed 001's `AgentEventNormalizer::normalize_many`). Throws on failure. */
export interface Normalizer<E, D> {
  normalizeMany(record: EventRecord<E>): Normalized<D>[];
}

/**
 * Where kept drafts go (seed 001's `CanonicalEventStager`). `stage` may return a Promise (backpressure); a throw
 * or rejection is the stager's error.
 */
export interface Stager<D> {
  stage(draft: D): void | Promise<void>;
  flush?(): Promise<void>;
  close?(): Promise<void>;
}

/** Keeps staged drafts in memory, in order. Guarantees: nothing survives the process. */
export class MemoryStager<D> implements Stager<D> {
  readonly drafts: D[] = [];
  stage(draft: D): void {
    this.drafts.push(draft);
  }
}

/**
 * Appends each staged draft as one JSON line (through the family's draft encoder) to a file, synchronously, so a
 * staged draft is in the file (the OS's page cache; on disk with `fsync: "each"`) before `stage` returns. A failed
 * write throws from `stage` and is rolled back, so the file never keeps half a draft. Opening appends to an
 * existing file, after cutting off a torn last line a crash may have left.
 */
export class JsonlStager<D> implements Stager<D> {
  /** Opens (creating parent directories) the file for appending. */
  static open<D>(
    file: string,
    encode: (draft: D) => string,
    options: { readonly fsync?: "none" | "each" } = {},
  ): JsonlStager<D> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, "a+");
    let size = 0;
    if (isRegularFile(file)) for (const line of readLines(file)) if (line.complete) size = line.end;
    if (fs.fstatSync(fd).size !== size) fs.ftruncateSync(fd, size);
    return new JsonlStager(file, fd, size, encode, options.fsync ?? "none");
  }

  private closed = false;
  private staged = 0;

  private constructor(
    readonly file: string,
    private readonly fd: number,
    private size: number,
    private readonly encode: (draft: D) => string,
    private readonly fsync: "none" | "each",
  ) {}

  /** Drafts staged through this stager. */
  get stagedCount(): number {
    return this.staged;
  }

  stage(draft: D): void {
    if (this.closed) throw new SinkClosedError(`JSONL stager ${this.file}`);
    const line = Buffer.from(`${this.encode(draft)}\n`, "utf8");
    let off = 0;
    try {
      while (off < line.length) off += fs.writeSync(this.fd, line, off, line.length - off);
      if (this.fsync === "each") fs.fdatasyncSync(this.fd);
    } catch (error) {
      if (off > 0) fs.ftruncateSync(this.fd, this.size);
      throw new Error(`JSONL stager ${this.file}: write failed: ${messageOf(error)}`, { cause: error });
    }
    this.size += line.length;
    this.staged++;
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** Reads the drafts a {@link JsonlStager} wrote, with the family's draft decoder. A torn last line is skipped. */
export function readStagedDrafts<D>(file: string, decode: (json: string) => D): D[] {
  const out: D[] = [];
  for (const line of readLines(file)) {
    if (!line.complete) break;
    try {
      out.push(decode(line.text));
    } catch (error) {
      throw new Error(`${file}:${line.line}: ${messageOf(error)}`, { cause: error });
    }
  }
  return out;
}

/** Options of {@link DurableEventSink}. */
export interface DurableEventSinkOptions<E> {
  /** Called for a normalizer or stager failure instead of throwing a `SinkError` from `write`. */
  readonly onError?: SinkErrorHandler<E>;
}

/**
 * Seed 001's `DurableEventSink`: for each event, first forwards it to `inner` (the live path), then — unless the
 * mode is `disabled` — normalizes it, drops the drafts `shouldPersist` rejects and stages the rest in order.
 *
 * A normalizer failure (a blank id, say) leaves the live event forwarded and stages nothing for it, like the seed;
 * but where the seed only logs, this sink reports the error: to `onError`, or thrown as a `SinkError` (phase
 * `normalize` or `stage`) once the event has been forwarded. Guarantees: holds nothing itself; `flush`/`close`
 * reach both the inner sink and the stager (what survives a crash is up to them).
 */
export class DurableEventSink<E, D> implements Sink<E> {
  private closed = false;

  constructor(
    private readonly inner: Sink<E>,
    private readonly stager: Stager<D>,
    private readonly normalizer: Normalizer<E, D>,
    readonly mode: RuntimeEventDurability,
    private readonly options: DurableEventSinkOptions<E> = {},
  ) {}

  write(record: EventRecord<E>): void | Promise<void> {
    if (this.closed) throw new SinkClosedError("DurableEventSink");
    // The live path first, and independently of staging, as in the seed.
    let failures: SinkFailure<E>[] | undefined;
    let pending: Promise<void>[] | undefined;
    const fail = (phase: SinkFailure<E>["phase"], error: unknown): void =>
      void (failures ??= []).push({ sink: this, phase, error });
    try {
      const live = this.inner.write(record);
      if (live !== undefined) (pending ??= []).push(live.then(undefined, (e: unknown) => fail("write", e)));
    } catch (error) {
      fail("write", error);
    }
    if (this.mode !== "disabled") {
      let normalized: Normalized<D>[] = [];
      try {
        normalized = this.normalizer.normalizeMany(record);
      } catch (error) {
        fail("normalize", error);
      }
      for (const n of normalized) {
        if (!shouldPersist(this.mode, n.fidelity)) continue;
        try {
          const staged = this.stager.stage(n.draft);
          if (staged !== undefined) (pending ??= []).push(staged.then(undefined, (e: unknown) => fail("stage", e)));
        } catch (error) {
          fail("stage", error);
          break; // keep the staged drafts a prefix of the event's drafts
        }
      }
    }
    const report = (): void => {
      if (failures === undefined) return;
      if (this.options.onError === undefined) throw new SinkError(failures);
      for (const f of failures) this.options.onError(f.error, { ...f, record });
    };
    if (pending === undefined) return report();
    return Promise.all(pending).then(report);
  }

  async flush(): Promise<void> {
    await this.inner.flush();
    await this.stager.flush?.();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.inner.close();
    } finally {
      await this.stager.close?.();
    }
  }
}
