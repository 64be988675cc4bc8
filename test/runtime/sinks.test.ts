import {
  CallbackSink,
  Emitter,
  type EventFamily,
  type EventRecord,
  MultiSink,
  type Sink,
  SinkClosedError,
  SinkError,
  toRecord,
} from "../../runtime";
import { harnLegacy } from "./fixtures/families";
import { type HarnEvent, chunk, turn } from "./fixtures/harn-events";

/** A sink that remembers what it saw (seed 000's CountingSink, plus the records). */
class RecordingSink implements Sink<HarnEvent> {
  readonly seen: EventRecord<HarnEvent>[] = [];
  flushed = 0;
  closed = 0;
  constructor(
    readonly log: string[] = [],
    readonly name = "rec",
  ) {}
  write(record: EventRecord<HarnEvent>): void {
    this.seen.push(record);
    this.log.push(`${this.name}:${record.type}`);
  }
  async flush(): Promise<void> {
    this.flushed++;
  }
  async close(): Promise<void> {
    this.closed++;
  }
}

class FailingSink implements Sink<HarnEvent> {
  constructor(readonly error: Error) {}
  write(): void {
    throw this.error;
  }
  async flush(): Promise<void> {
    throw this.error;
  }
  async close(): Promise<void> {}
}

/** A family that counts how often events are serialized. */
function countingFamily(): EventFamily<HarnEvent> & { encodes: number } {
  const f = {
    ...harnLegacy,
    encodes: 0,
    encode(e: HarnEvent): string {
      f.encodes++;
      return harnLegacy.encode(e);
    },
  };
  return f;
}

describe("MultiSink", () => {
  test("multi_sink_fans_out_in_order (seed 000)", () => {
    const log: string[] = [];
    const a = new RecordingSink(log, "a");
    const b = new RecordingSink(log, "b");
    const multi = new MultiSink<HarnEvent>();
    multi.push(a);
    multi.push(b);
    expect(multi.size).toBe(2);
    multi.write(toRecord(harnLegacy, turn("s1", 1)));
    multi.write(toRecord(harnLegacy, chunk("s1", "hi")));
    expect(log).toEqual(["a:turn_start", "b:turn_start", "a:agent_message_chunk", "b:agent_message_chunk"]);
  });

  test("one failing sink does not stop the others, and its error is thrown, not swallowed", () => {
    const a = new RecordingSink();
    const boom = new Error("disk on fire");
    const bad = new FailingSink(boom);
    const c = new RecordingSink();
    const multi = new MultiSink<HarnEvent>([a, bad, c]);
    let thrown: unknown;
    try {
      multi.write(toRecord(harnLegacy, turn("s", 0)));
    } catch (e) {
      thrown = e;
    }
    expect(a.seen).toHaveLength(1);
    expect(c.seen).toHaveLength(1);
    expect(thrown).toBeInstanceOf(SinkError);
    const err = thrown as SinkError<HarnEvent>;
    expect(err.errors).toEqual([boom]);
    expect(err.failures[0]?.sink).toBe(bad);
    expect(err.failures[0]?.phase).toBe("write");
    expect(err.message).toBe("a sink failed in write: disk on fire");
  });

  test("with onError, failures are reported per sink and write does not throw", async () => {
    const reports: [unknown, string, string | undefined][] = [];
    const bad1 = new FailingSink(new Error("one"));
    const bad2 = new FailingSink(new Error("two"));
    const ok = new RecordingSink();
    const multi = new MultiSink<HarnEvent>([bad1, ok, bad2], {
      onError: (e, f) => reports.push([(e as Error).message, f.phase, f.record?.type]),
    });
    expect(multi.write(toRecord(harnLegacy, turn("s", 0)))).toBeUndefined();
    expect(ok.seen).toHaveLength(1);
    expect(reports).toEqual([
      ["one", "write", "turn_start"],
      ["two", "write", "turn_start"],
    ]);
    await multi.flush();
    expect(reports.slice(2)).toEqual([
      ["one", "flush", undefined],
      ["two", "flush", undefined],
    ]);
    expect(ok.flushed).toBe(1);
  });

  test("an async sink's backpressure is passed up; rejections are collected after all sinks settle", async () => {
    let release!: () => void;
    const slow: Sink<HarnEvent> = {
      write: () => new Promise<void>((r) => (release = r)),
      flush: async () => {},
      close: async () => {},
    };
    const rejecting: Sink<HarnEvent> = {
      write: () => Promise.reject(new Error("nack")),
      flush: async () => {},
      close: async () => {},
    };
    const after = new RecordingSink();
    const multi = new MultiSink<HarnEvent>([slow, rejecting, after]);
    const p = multi.write(toRecord(harnLegacy, turn("s", 0)));
    expect(p).toBeInstanceOf(Promise);
    expect(after.seen).toHaveLength(1);
    let settled = false;
    const caught = (p as Promise<void>).catch((e: unknown) => {
      settled = true;
      return e;
    });
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false);
    release();
    const err = (await caught) as SinkError;
    expect(err).toBeInstanceOf(SinkError);
    expect(err.failures.map((f) => f.sink)).toEqual([rejecting]);
  });

  test("close closes every sink once, even if one fails, and later writes throw", async () => {
    const a = new RecordingSink();
    const b: Sink<HarnEvent> = {
      write: () => {},
      flush: async () => {},
      close: () => Promise.reject(new Error("close failed")),
    };
    const c = new RecordingSink();
    const multi = new MultiSink<HarnEvent>([a, b, c]);
    await expect(multi.close()).rejects.toThrow("a sink failed in close: close failed");
    expect([a.closed, c.closed]).toEqual([1, 1]);
    await multi.close();
    expect(a.closed).toBe(1);
    expect(() => multi.write(toRecord(harnLegacy, turn("s", 0)))).toThrow(SinkClosedError);
  });

  test("a sink added from inside a write sees only later events", () => {
    const late = new RecordingSink();
    const multi = new MultiSink<HarnEvent>();
    multi.push(new CallbackSink(() => void (multi.size === 1 && multi.push(late))));
    multi.write(toRecord(harnLegacy, turn("s", 0)));
    expect(late.seen).toHaveLength(0);
    multi.write(toRecord(harnLegacy, turn("s", 1)));
    expect(late.seen).toHaveLength(1);
    expect(multi.remove(late)).toBe(true);
    expect(multi.remove(late)).toBe(false);
  });
});

describe("CallbackSink (seed 004's OnEvent)", () => {
  test("calls the function synchronously, in order, with the event and its record", () => {
    const got: string[] = [];
    const sink = new CallbackSink<HarnEvent>((e, r) => void got.push(`${e.type}:${r.json}`));
    sink.write(toRecord(harnLegacy, turn("s", 3)));
    expect(got).toEqual(['turn_start:{"type":"turn_start","session_id":"s","iteration":3}']);
  });

  test("a throwing callback is the sink's error; a returned Promise is backpressure and flush waits for it", async () => {
    const bad = new CallbackSink<HarnEvent>(() => {
      throw new Error("ui gone");
    });
    expect(() => bad.write(toRecord(harnLegacy, turn("s", 0)))).toThrow("ui gone");
    let done = false;
    const slow = new CallbackSink<HarnEvent>(
      () => new Promise<void>((r) => setTimeout(() => ((done = true), r()), 20)),
    );
    const p = slow.write(toRecord(harnLegacy, turn("s", 0)));
    expect(p).toBeInstanceOf(Promise);
    await slow.flush();
    expect(done).toBe(true);
    await slow.close();
    expect(() => slow.write(toRecord(harnLegacy, turn("s", 0)))).toThrow(SinkClosedError);
  });
});

describe("Emitter", () => {
  test("serializes each event exactly once, however many sinks", () => {
    const fam = countingFamily();
    const sinks = [new RecordingSink(), new RecordingSink(), new RecordingSink()];
    const emitter = new Emitter(fam, new MultiSink(sinks));
    emitter.emit(turn("s", 1));
    emitter.emit(chunk("s", "x"));
    expect(fam.encodes).toBe(2);
    // Every sink got the very same record object.
    expect(sinks[1]?.seen[0]).toBe(sinks[0]?.seen[0]);
    expect(sinks[2]?.seen[1]?.json).toBe('{"type":"agent_message_chunk","session_id":"s","content":"x"}');
  });

  test("an encode error is thrown before any sink sees the event", () => {
    const sink = new RecordingSink();
    const emitter = new Emitter(harnLegacy, sink);
    expect(() => emitter.emit({ type: "turn_start", session_id: "s", iteration: -1 })).toThrow(
      "-1 is not a usize (an integer in its range, within ±2^53 unless bigint)",
    );
    expect(sink.seen).toHaveLength(0);
  });
});
