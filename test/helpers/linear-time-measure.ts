/**
 * The measuring side of test/support/linear-time.test.ts, run in a child process of its own:
 * `node --expose-gc --max-semi-space-size=128 -r tsx/cjs test/helpers/linear-time-measure.ts <family>`.
 *
 * Why a child with these flags: V8's young generation is 16 MB by default, so between 1 MB and 4 MB of input the
 * trees a decoder builds stop fitting in it and start being promoted and mark-compacted — in jest's process, whose
 * own heap every major collection walks too. That made even bare `JSON.parse` on the deep input 8–19× slower at 4 MB
 * than at 1 MB here, which says nothing about the reader. With a young generation larger than the inputs' trees
 * and a collection before each run, what grows is the decoder's own work.
 *
 * Prints one JSON line per entry point: `{ entry, ms: [per size], outcome }`, each time the median of RUNS runs.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DecodeError } from "../../generated/_support/errors";
import { EVENT_FAMILY, decodeAgentEvent, decodeAgentEventStrict } from "../../generated/harn";
import { readLog } from "../../runtime";

const KB = 1024;
export const SIZES = [256 * KB, 512 * KB, 1024 * KB, 2048 * KB, 4096 * KB];
/** Runs per size; the median is kept. */
export const RUNS = 5;
/** A run slower than this (ms) ends the measurement: a quadratic reader would take minutes at 4 MB. */
const SLOW_MS = 4000;

const SESSION = `"session_id":"s"`;

/** Repeats `unit` (joined by `sep`) inside `head` … `tail` until the text is about `size` characters. */
function fill(size: number, head: string, unit: string, sep: string, tail: string): string {
  const n = Math.max(1, Math.floor((size - head.length - tail.length) / (unit.length + sep.length)));
  return head + Array.from({ length: n }, () => unit).join(sep) + tail;
}

const toolCall = (rawInput: string): string =>
  `{"type":"tool_call",${SESSION},"tool_call_id":"c","tool_name":"t","kind":null,"status":"pending","raw_input":${rawInput}}`;
const TOOL_HEAD = toolCall("[").slice(0, -1);
const TOOL_TAIL = "]}";

/** `depth` nested arrays and objects around a short string. */
function nested(depth: number): string {
  let s = `"x"`;
  for (let d = 0; d < depth; d++) s = d % 2 ? `[${s},1]` : `{"k":${s},"n":2}`;
  return s;
}

/** The input families: each a text of about `size` characters. */
export const FAMILIES: Record<string, (size: number) => string> = {
  // Many short strings and numbers inside a json value.
  valid: (size) => fill(size, TOOL_HEAD, `{"a":"b","c":1.5,"d":[true,null,"e"]}`, ",", TOOL_TAIL),
  // JSON.parse rejects it (one byte short), so the careful reader reads it all.
  truncated: (size) => FAMILIES.valid!(size).slice(0, -1),
  // One key repeated: the default decode keeps the last, the strict decode reports `duplicate field`.
  "duplicate keys": (size) => fill(size, `{"type":"agent_message_chunk",`, SESSION, ",", `,"content":"c"}`),
  // The same followed by one stray byte: JSON.parse rejects it, the careful reader reads every key.
  "duplicate keys + x": (size) => FAMILIES["duplicate keys"]!(size) + "x",
  // Strings full of escapes, valid.
  "escape-heavy": (size) => fill(size, TOOL_HEAD, `"a\\"b\\\\c\\nd\\u00e9\\ud83d\\ude00\\/e\\tf"`, ",", TOOL_TAIL),
  // The same one byte short.
  "escape-heavy, truncated": (size) => FAMILIES["escape-heavy"]!(size).slice(0, -1),
  // Nesting 100 deep (serde's limit is 127), many times over.
  deep: (size) => fill(size, TOOL_HEAD, nested(100), ",", TOOL_TAIL),
  "deep, truncated": (size) => FAMILIES.deep!(size).slice(0, -1),
  // One integer token of `size` digits: serde says `number out of range`.
  "long integer": (size) => toolCall("1".repeat(size)),
};

type Outcome = string;

/** What a decode gives: "ok", or the DecodeError's message without its position (anything else is thrown). */
function outcome(f: () => unknown): Outcome {
  try {
    f();
    return "ok";
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return e.message.replace(/ at line \d+ column \d+$/, "");
  }
}

/** A decode entry point: prepares an input once (untimed), then runs on it (timed). */
interface Entry {
  prepare(text: string, name: string): unknown;
  run(input: unknown): Outcome;
}

function entries(tmp: string): Record<string, Entry> {
  return {
    decodeAgentEvent: { prepare: (t) => t, run: (t) => outcome(() => decodeAgentEvent(t as string)) },
    decodeAgentEventStrict: { prepare: (t) => t, run: (t) => outcome(() => decodeAgentEventStrict(t as string)) },
    // One JSONL line: the envelope, then the event's members (a truncated text makes a torn last line).
    readLog: {
      prepare: (text, name) => {
        const file = path.join(tmp, `${name.replace(/\W+/g, "-")}.jsonl`);
        fs.writeFileSync(file, `{"index":0,"emitted_at_ms":1700000000000,"frame_depth":null,${text.slice(1)}`);
        return file;
      },
      run: (file) => {
        const log = readLog(file as string, EVENT_FAMILY);
        const read = log.toArray();
        if (read.length === 1 && log.issues.length === 0) return "ok";
        if (read.length === 0 && log.issues.length === 1) return `issue: ${log.issues[0]!.kind}`;
        throw new Error(`readLog gave ${read.length} entries and ${log.issues.length} issues`);
      },
    },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Median time (ms) of `run` on each input (smallest first), and the outcomes. The sizes take turns within each
 * round, so a spell of load from other processes hits them alike; the heap is collected before each run. A run
 * slower than SLOW_MS ends the measurement: the larger inputs count as infinitely slow.
 */
function times(entry: Entry, inputs: readonly unknown[]): { ms: number[]; outcomes: Outcome[] } {
  const runs: number[][] = inputs.map(() => []);
  const outcomes = new Set<Outcome>();
  for (let r = 0; r < RUNS; r++) {
    for (let i = 0; i < inputs.length; i++) {
      gc?.();
      const t0 = process.hrtime.bigint();
      outcomes.add(entry.run(inputs[i]));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      runs[i]!.push(ms);
      if (ms > SLOW_MS) {
        for (let j = i + 1; j < inputs.length; j++) runs[j]!.push(Infinity);
        return { ms: runs.map(median), outcomes: [...outcomes] };
      }
    }
  }
  return { ms: runs.map(median), outcomes: [...outcomes] };
}

function main(family: string): void {
  const make = FAMILIES[family];
  if (make === undefined) throw new Error(`unknown input family ${family}`);
  if (gc === undefined) throw new Error("run with --expose-gc");
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-linear-"));
  try {
    for (const [name, entry] of Object.entries(entries(tmp))) {
      // Warm up on the smallest input (JIT), untimed.
      const warm = entry.prepare(make(SIZES[0]!), `${name}-warm`);
      entry.run(warm);
      entry.run(warm);
      const inputs = SIZES.map((size) => entry.prepare(make(size), `${name}-${size}`));
      const { ms, outcomes } = times(entry, inputs);
      // Infinity is not JSON: a size not run is null.
      console.log(JSON.stringify({ entry: name, ms: ms.map((x) => (Number.isFinite(x) ? x : null)), outcomes }));
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) main(process.argv[2] ?? "");
