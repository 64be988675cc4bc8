/**
 * The sink contract, the error it reports, and the three smallest sinks: a callback, an ordered fan-out and the
 * root that serializes each event once.
 */
import { messageOf } from "./errors";
import { type EventFamily, type EventRecord, toRecord } from "./family";

/**
 * A destination for events, in the manner of pino's destinations: `write`, `flush`, `close`.
 *
 * - `write` is called once per event, in emission order. It returns `undefined` when the record was accepted, or a
 *   Promise when the caller should wait before writing more (backpressure, like `stream.write()` returning
 *   false); a sink that returns a Promise still keeps the order of records. A write error is thrown (or the
 *   Promise rejects); a sink never reports success for a record it did not accept.
 * - `flush` resolves once every accepted record has been handed to the sink's destination (see each sink's
 *   guarantees); `close` flushes, releases resources and makes later writes throw {@link SinkClosedError}.
 */
export interface Sink<E> {
  write(record: EventRecord<E>): void | Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** The phase of the sink contract in which a sink failed. */
export type SinkPhase = "write" | "flush" | "close" | "stage" | "normalize";

/** One sink's failure, as collected by {@link MultiSink} and the registry. */
export interface SinkFailure<E = unknown> {
  readonly sink: Sink<E> | undefined;
  readonly phase: SinkPhase;
  readonly error: unknown;
}

/**
 * Where a fan-out reports a sink's failure instead of throwing it. Receives the error, the failing sink, the phase
 * and (for writes) the record.
 */
export type SinkErrorHandler<E> = (
  error: unknown,
  failure: SinkFailure<E> & { readonly record?: EventRecord<E> },
) => void;

/** One or more sinks failed; every other sink still received the event. `errors` holds the causes in order. */
export class SinkError<E = unknown> extends AggregateError {
  readonly failures: readonly SinkFailure<E>[];
  constructor(failures: readonly SinkFailure<E>[]) {
    const first = failures[0];
    const what = failures.length === 1 ? "a sink" : `${failures.length} sinks`;
    super(
      failures.map((f) => f.error),
      `${what} failed in ${first?.phase ?? "write"}: ${messageOf(first?.error)}`,
    );
    this.name = "SinkError";
    this.failures = failures;
  }
}

/** Thrown by `write` after `close` was called. */
export class SinkClosedError extends Error {
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = "SinkClosedError";
  }
}

/** Reports failures to `onError` if given, else throws them as one {@link SinkError}. */
function report<E>(
  failures: SinkFailure<E>[] | undefined,
  onError: SinkErrorHandler<E> | undefined,
  record?: EventRecord<E>,
): void {
  if (failures === undefined || failures.length === 0) return;
  if (onError === undefined) throw new SinkError(failures);
  for (const f of failures) onError(f.error, record === undefined ? f : { ...f, record });
}

/**
 * Runs `op` on every sink, in order, collecting failures rather than stopping at the first. Resolves (or returns
 * `undefined` when every call was synchronous) after all have settled; then reports the failures.
 */
function each<E>(
  sinks: readonly Sink<E>[],
  phase: SinkPhase,
  op: (sink: Sink<E>) => void | Promise<void>,
  onError: SinkErrorHandler<E> | undefined,
  record?: EventRecord<E>,
): void | Promise<void> {
  let failures: SinkFailure<E>[] | undefined;
  let pending: Promise<void>[] | undefined;
  for (const sink of sinks) {
    try {
      const result = op(sink);
      if (result !== undefined) {
        (pending ??= []).push(
          result.then(undefined, (error: unknown) => {
            (failures ??= []).push({ sink, phase, error });
          }),
        );
      }
    } catch (error) {
      (failures ??= []).push({ sink, phase, error });
    }
  }
  if (pending === undefined) return report(failures, onError, record);
  return Promise.all(pending).then(() => {
    // Promise failures land in completion order; report them in sink order.
    if (failures !== undefined)
      failures.sort((a, b) => sinks.indexOf(a.sink as Sink<E>) - sinks.indexOf(b.sink as Sink<E>));
    report(failures, onError, record);
  });
}

/**
 * {@link each} for `write`, without a closure per event (the hot path of fan-out and routing): the common case of
 * synchronous sinks that all succeed allocates nothing.
 */
function writeAll<E>(
  sinks: readonly Sink<E>[],
  record: EventRecord<E>,
  onError: SinkErrorHandler<E> | undefined,
): void | Promise<void> {
  let failures: SinkFailure<E>[] | undefined;
  let pending: Promise<void>[] | undefined;
  for (let i = 0; i < sinks.length; i++) {
    const sink = sinks[i] as Sink<E>;
    try {
      const result = sink.write(record);
      if (result !== undefined) {
        (pending ??= []).push(
          result.then(undefined, (error: unknown) => {
            (failures ??= []).push({ sink, phase: "write", error });
          }),
        );
      }
    } catch (error) {
      (failures ??= []).push({ sink, phase: "write", error });
    }
  }
  if (pending === undefined) {
    if (failures !== undefined) report(failures, onError, record);
    return;
  }
  return Promise.all(pending).then(() => {
    if (failures !== undefined)
      failures.sort((a, b) => sinks.indexOf(a.sink as Sink<E>) - sinks.indexOf(b.sink as Sink<E>));
    report(failures, onError, record);
  });
}

/** Options of {@link MultiSink}. */
export interface MultiSinkOptions<E> {
  /**
   * Called for each failing sink instead of throwing. Without it, a failure is thrown (or rejected) as a
   * {@link SinkError} after every sink has received the event.
   */
  readonly onError?: SinkErrorHandler<E>;
}

/**
 * Ordered fan-out (seed 000's `MultiSink`): each record goes to every sink in the order they were added. A sink that
 * throws does not stop the others; its error is reported through `onError` or thrown as a {@link SinkError} once
 * all sinks have the record. If any sink asks for backpressure, `write` returns a Promise that settles when all of
 * them have.
 *
 * Guarantees: holds no events itself; `flush`/`close` call every sink's `flush`/`close` (all of them, even if some
 * fail) and report the failures the same way.
 */
export class MultiSink<E> implements Sink<E> {
  // Copy-on-write: a write iterates a snapshot, so sinks may be added or removed from inside a callback.
  private sinks: readonly Sink<E>[];
  private closed = false;
  private readonly onError: SinkErrorHandler<E> | undefined;

  constructor(sinks: readonly Sink<E>[] = [], options: MultiSinkOptions<E> = {}) {
    this.sinks = [...sinks];
    this.onError = options.onError;
  }

  /** Appends a sink; it receives records written from now on. */
  push(sink: Sink<E>): void {
    this.sinks = [...this.sinks, sink];
  }

  /** Removes a sink (without closing it). Returns whether it was present. */
  remove(sink: Sink<E>): boolean {
    const i = this.sinks.indexOf(sink);
    if (i < 0) return false;
    this.sinks = this.sinks.filter((_, j) => j !== i);
    return true;
  }

  /** The number of sinks. */
  get size(): number {
    return this.sinks.length;
  }

  write(record: EventRecord<E>): void | Promise<void> {
    if (this.closed) throw new SinkClosedError("MultiSink");
    return writeAll(this.sinks, record, this.onError);
  }

  async flush(): Promise<void> {
    await each(this.sinks, "flush", (s) => s.flush(), this.onError);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await each(this.sinks, "close", (s) => s.close(), this.onError);
  }
}

/**
 * Seed 004's `OnEvent`: a function called synchronously with each event (and its record, for the JSON). If it
 * returns a Promise, `write` returns it, so the caller can wait. Keep it fast: it runs on the emitting path.
 */
export type OnEvent<E> = (event: E, record: EventRecord<E>) => void | Promise<void>;

/**
 * A sink that calls a function for each event. Guarantees: holds nothing; an exception or rejection of the
 * function is the sink's error. `flush` waits for Promises the function returned that have not settled yet.
 */
export class CallbackSink<E> implements Sink<E> {
  private readonly pending = new Set<Promise<void>>();
  private closed = false;

  constructor(private readonly onEvent: OnEvent<E>) {}

  write(record: EventRecord<E>): void | Promise<void> {
    if (this.closed) throw new SinkClosedError("CallbackSink");
    const result = this.onEvent(record.event, record);
    if (result === undefined || typeof (result as Promise<void>).then !== "function") return;
    const p = Promise.resolve(result);
    this.pending.add(p);
    const done = (): void => void this.pending.delete(p);
    p.then(done, done);
    return p;
  }

  async flush(): Promise<void> {
    // Rejections were delivered to the writer; flush only waits.
    await Promise.allSettled([...this.pending]);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }
}

/**
 * The root of a sink tree: serializes each event once ({@link toRecord}) and writes the record to one sink (use a
 * {@link MultiSink} for several). `emit` returns what the sink's `write` returns.
 */
export class Emitter<E> {
  constructor(
    private readonly family: EventFamily<E>,
    private readonly sink: Sink<E>,
  ) {}

  /** Serializes the event and writes it. Await the result when it is a Promise (backpressure). */
  emit(event: E): void | Promise<void> {
    return this.sink.write(toRecord(this.family, event));
  }

  flush(): Promise<void> {
    return this.sink.flush();
  }

  close(): Promise<void> {
    return this.sink.close();
  }
}

/** Internal: runs an operation on several sinks with {@link MultiSink}'s failure semantics. */
export const forEachSink = each;

/** Internal: writes a record to several sinks with {@link MultiSink}'s failure semantics. */
export const writeToSinks = writeAll;
