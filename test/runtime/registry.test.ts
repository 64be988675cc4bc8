import { CallbackSink, type EventRecord, type Sink, SinkError, SinkRegistry } from "../../runtime";
import { sessionId } from "../../generated/harn_legacy";
import { agent } from "../../generated/heartbit";
import { harnLegacy, heartbit } from "./fixtures/families";
import { type HarnEvent, chunk, turn } from "./fixtures/harn-events";

function counting(): Sink<HarnEvent> & { count: number; records: EventRecord<HarnEvent>[] } {
  const s = {
    count: 0,
    records: [] as EventRecord<HarnEvent>[],
    write(r: EventRecord<HarnEvent>) {
      s.count++;
      s.records.push(r);
    },
    flush: async () => {},
    close: async () => {},
  };
  return s;
}

describe("SinkRegistry", () => {
  test("session_scoped_sink_routing (seed 000)", () => {
    const registry = new SinkRegistry(harnLegacy, sessionId);
    const a = counting();
    const b = counting();
    registry.register("session-a", a);
    registry.register("session-b", b);
    registry.emit(turn("session-a", 0));
    expect([a.count, b.count]).toEqual([1, 0]);
    registry.emit(chunk("session-b", "x"));
    expect([a.count, b.count]).toEqual([1, 1]);
    registry.clear("session-a");
    expect(registry.sinkCount("session-a")).toBe(0);
    expect(registry.sinkCount("session-b")).toBe(1);
    registry.reset();
    expect(registry.sinkCount("session-b")).toBe(0);
  });

  test("two registries do not share routes (no module-level state)", () => {
    const r1 = new SinkRegistry(harnLegacy, sessionId);
    const r2 = new SinkRegistry(harnLegacy, sessionId);
    const a = counting();
    r1.register("s", a);
    r2.emit(turn("s", 0));
    expect(a.count).toBe(0);
    expect(r2.sinkCount("s")).toBe(0);
    r1.emit(turn("s", 0));
    expect(a.count).toBe(1);
  });

  test("counts per key, events without a key or without sinks are counted as unrouted", () => {
    const registry = new SinkRegistry(harnLegacy, sessionId);
    const a = counting();
    registry.register("s1", a);
    registry.register("s1", counting());
    registry.emit(turn("s1", 0));
    registry.emit(turn("s1", 1));
    registry.emit(turn("nobody", 0));
    expect(registry.sinkCount("s1")).toBe(2);
    expect(registry.eventCount("s1")).toBe(2);
    expect(registry.eventCount("nobody")).toBe(0);
    expect(registry.stats()).toEqual({ routed: 2, unrouted: 1 });
    expect(registry.keys()).toEqual(["s1"]);
    expect(registry.clear("s1")).toHaveLength(2);
    expect(registry.eventCount("s1")).toBe(0);
  });

  test("routes by any accessor the user picks (here heartbit's partial `agent` accessor)", () => {
    const registry = new SinkRegistry(heartbit, agent);
    const seen: string[] = [];
    registry.register("planner", new CallbackSink((_, r) => void seen.push(r.json)));
    registry.emit({ type: "run_started", agent: "planner", task: "a" });
    registry.emit({ type: "run_started", agent: "writer", task: "b" });
    registry.emit({ type: "sensor_event_processed", sensor_name: "rss", decision: "drop" }); // has no agent: unrouted
    expect(seen).toEqual(['{"type":"run_started","agent":"planner","task":"a"}']);
    expect(registry.stats()).toEqual({ routed: 1, unrouted: 2 });
  });

  test("serializes once per event for all sinks of the route, and not at all without sinks", () => {
    let encodes = 0;
    const fam = { ...harnLegacy, encode: (e: HarnEvent) => (encodes++, harnLegacy.encode(e)) };
    const registry = new SinkRegistry(fam, sessionId);
    const a = counting();
    const b = counting();
    registry.register("s", a);
    registry.register("s", b);
    registry.emit(turn("s", 1));
    registry.emit(turn("other", 1));
    expect(encodes).toBe(1);
    expect(a.records[0]).toBe(b.records[0]);
  });

  test("a failing sink does not stop the others; its error is thrown after delivery, or given to onError", () => {
    const boom: Sink<HarnEvent> = {
      write: () => {
        throw new Error("boom");
      },
      flush: async () => {},
      close: async () => {},
    };
    const after = counting();
    const registry = new SinkRegistry(harnLegacy, sessionId);
    registry.register("s", boom);
    registry.register("s", after);
    expect(() => registry.emit(turn("s", 0))).toThrow(SinkError);
    expect(after.count).toBe(1);

    const seen: string[] = [];
    const quiet = new SinkRegistry(harnLegacy, sessionId, {
      onError: (e, f) => seen.push(`${(e as Error).message}@${f.phase}`),
    });
    quiet.register("s", boom);
    quiet.register("s", after);
    expect(quiet.emit(turn("s", 1))).toBeUndefined();
    expect(seen).toEqual(["boom@write"]);
    expect(after.count).toBe(2);
  });

  test("a sink may clear its own route while an event is delivered", () => {
    const registry = new SinkRegistry(harnLegacy, sessionId);
    const second = counting();
    registry.register("s", new CallbackSink(() => void registry.clear("s")));
    registry.register("s", second);
    registry.emit(turn("s", 0));
    expect(second.count).toBe(1); // the delivery in progress still reaches it
    registry.emit(turn("s", 1));
    expect(second.count).toBe(1);
  });

  test("unregister, flush and close reach each sink once even if registered under several keys", async () => {
    const registry = new SinkRegistry(harnLegacy, sessionId);
    let flushed = 0;
    let closed = 0;
    const shared: Sink<HarnEvent> = {
      write: () => {},
      flush: async () => void flushed++,
      close: async () => void closed++,
    };
    registry.register("a", shared);
    registry.register("b", shared);
    await registry.flush();
    expect(flushed).toBe(1);
    expect(registry.unregister("a", shared)).toBe(true);
    expect(registry.unregister("a", shared)).toBe(false);
    expect(registry.sinkCount("b")).toBe(1);
    await registry.close();
    expect(closed).toBe(1);
    expect(registry.keys()).toEqual([]);
  });
});
