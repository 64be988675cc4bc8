/**
 * The session-scoped sink registry (seed 000's `register_sink` / `clear_session_sinks` / `reset_all_sinks` /
 * `emit_event`), as an object the user creates and scopes — there is no module-level registry.
 */
import { type EventFamily, toRecord } from "./family";
import { type Sink, type SinkErrorHandler, forEachSink, writeToSinks } from "./sink";

/**
 * Reads the routing key of an event: a generated accessor such as `sessionId`, `runId` or `agent`. A partial
 * accessor may return `undefined` (or `null`) for variants without the field; those events go to no route.
 */
export type RouteKey<E> = (event: E) => string | null | undefined;

/** Options of {@link SinkRegistry}. */
export interface SinkRegistryOptions<E> {
  /** Called for each failing sink instead of throwing a `SinkError` from `emit`. */
  readonly onError?: SinkErrorHandler<E>;
}

interface Route<E> {
  // Copy-on-write, so that a sink may register or clear routes from inside a write.
  sinks: readonly Sink<E>[];
  events: number;
}

/**
 * Routes each event to the sinks registered under its key (for example its session id). An event is serialized
 * once, and only if some sink is registered for its key. Sinks get the event in registration order; a failing
 * sink does not stop the others (errors go to `onError`, or are thrown as one `SinkError`).
 *
 * Guarantees: the registry holds no events. `clear`/`reset` only unregister; they return the removed sinks so the
 * caller can flush or close them.
 */
export class SinkRegistry<E> {
  private readonly routes = new Map<string, Route<E>>();
  private routedCount = 0;
  private unroutedCount = 0;

  constructor(
    private readonly family: EventFamily<E>,
    private readonly route: RouteKey<E>,
    private readonly options: SinkRegistryOptions<E> = {},
  ) {}

  /** Adds a sink for a key (seed's `register_sink`). The same sink may be registered under several keys. */
  register(key: string, sink: Sink<E>): void {
    const route = this.routes.get(key);
    if (route === undefined) this.routes.set(key, { sinks: [sink], events: 0 });
    else route.sinks = [...route.sinks, sink];
  }

  /** Removes one sink from a key. Returns whether it was registered there. */
  unregister(key: string, sink: Sink<E>): boolean {
    const route = this.routes.get(key);
    const i = route === undefined ? -1 : route.sinks.indexOf(sink);
    if (route === undefined || i < 0) return false;
    route.sinks = route.sinks.filter((_, j) => j !== i);
    if (route.sinks.length === 0) this.routes.delete(key);
    return true;
  }

  /** Removes every sink of a key and its counters (seed's `clear_session_sinks`); returns the removed sinks. */
  clear(key: string): readonly Sink<E>[] {
    const route = this.routes.get(key);
    this.routes.delete(key);
    return route?.sinks ?? [];
  }

  /** Removes every route and zeroes the counters (seed's `reset_all_sinks`); returns the removed sinks. */
  reset(): readonly Sink<E>[] {
    const removed = [...this.routes.values()].flatMap((r) => r.sinks);
    this.routes.clear();
    this.routedCount = 0;
    this.unroutedCount = 0;
    return [...new Set(removed)];
  }

  /** The number of sinks registered for a key (seed's `session_external_sink_count`). */
  sinkCount(key: string): number {
    return this.routes.get(key)?.sinks.length ?? 0;
  }

  /** The number of events delivered to a key's sinks since it was first registered (or last cleared). */
  eventCount(key: string): number {
    return this.routes.get(key)?.events ?? 0;
  }

  /** The keys that have sinks, in registration order. */
  keys(): string[] {
    return [...this.routes.keys()];
  }

  /** Totals: events delivered to some route, and events whose key had no sinks (or no key). */
  stats(): { readonly routed: number; readonly unrouted: number } {
    return { routed: this.routedCount, unrouted: this.unroutedCount };
  }

  /**
   * Delivers an event to the sinks of its key (seed's `emit_event`); does nothing if there are none. Returns a
   * Promise when a sink asks for backpressure; throws (or rejects) a `SinkError` if a sink failed and there is no
   * `onError`.
   */
  emit(event: E): void | Promise<void> {
    const key = this.route(event);
    const route = key == null ? undefined : this.routes.get(key);
    if (route === undefined) {
      this.unroutedCount++;
      return;
    }
    this.routedCount++;
    route.events++;
    const record = toRecord(this.family, event);
    return writeToSinks(route.sinks, record, this.options.onError);
  }

  /** Flushes every registered sink once (a sink under several keys is flushed once). */
  async flush(): Promise<void> {
    await forEachSink(this.allSinks(), "flush", (s) => s.flush(), this.options.onError);
  }

  /** Closes every registered sink once and unregisters them all. */
  async close(): Promise<void> {
    const sinks = this.allSinks();
    this.routes.clear();
    await forEachSink(sinks, "close", (s) => s.close(), this.options.onError);
  }

  private allSinks(): Sink<E>[] {
    return [...new Set([...this.routes.values()].flatMap((r) => r.sinks))];
  }
}
