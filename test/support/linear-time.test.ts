/**
 * Decoding takes time linear in the input, whatever the input: valid or not, with repeated keys, escapes, deep
 * nesting or an endless number (issue 13 point 7). Each input family (test/helpers/linear-time-measure.ts) is built
 * at 256 KB, 512 KB, 1 MB, 2 MB and 4 MB and decoded through harn's `decodeAgentEvent`, `decodeAgentEventStrict` and
 * the runtime's `readLog` (a JSONL line holding the event); the 4 MB time may be at most 2.5× per doubling over the
 * 1 MB time (6.25×), with a floor under the 1 MB time so that a few milliseconds of noise on a loaded machine cannot
 * fail it. A reader that rescans the rest of the text for every string grows 16× over two doublings and fails; an
 * integer of millions of digits must cost no more than the exact reader's read of ordinary JSON of the same size
 * (BigInt's parse of it grows faster than the token, but not enough to fail the growth check at these sizes).
 *
 * The times are measured in a child process with a young generation larger than the inputs' trees (see the helper
 * for why); each is the median of a few runs, and the table of all of them is printed at the end.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { FAMILIES, RUNS, SIZES } from "../helpers/linear-time-measure";

/** Allowed growth from 1 MB to 4 MB: 2.5× per doubling. */
const MAX_GROWTH = 2.5 * 2.5;
/** The 1 MB time counts as at least this much (ms), so tiny times cannot flake. */
const FLOOR_MS = 50;
const ENTRIES = ["decodeAgentEvent", "decodeAgentEventStrict", "readLog"];

const ROOT = path.resolve(__dirname, "..", "..");
const MEASURE = path.join(ROOT, "test", "helpers", "linear-time-measure.ts");

interface Measured {
  entry: string;
  /** Median ms per size; null for a size not run after a run too slow. */
  ms: (number | null)[];
  outcomes: string[];
}

function measure(family: string): Map<string, Measured> {
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--max-semi-space-size=128", "-r", "tsx/cjs", MEASURE, family],
    { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  if (r.status !== 0) throw new Error(`measuring ${family} failed (${r.status}):\n${r.stderr}`);
  const lines = r.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Measured);
  return new Map(lines.map((m) => [m.entry, m]));
}

const KB = 1024;
const report: string[] = [];
afterAll(() => {
  const head = ["input", "entry", ...SIZES.map((s) => `${s / KB} KB`), "4M/1M", "outcome"];
  console.log(
    `decode times (ms, median of ${RUNS}); allowed 4M/1M growth ${MAX_GROWTH}× (1 MB time floored at ${FLOOR_MS} ms)\n` +
      [head.join(" | "), ...report].join("\n"),
  );
});

/** Times by family, for comparisons between families (`truncated` is measured before `long integer`). */
const measured = new Map<string, Map<string, Measured>>();
const at4MB = (m: Measured): number => m.ms[4] ?? Infinity;

describe.each(Object.keys(FAMILIES))("%s", (family) => {
  let results: Map<string, Measured>;
  beforeAll(() => {
    results = measure(family);
    measured.set(family, results);
    for (const [entry, m] of results) {
      const growth = at4MB(m) / Math.max(m.ms[2] ?? Infinity, FLOOR_MS);
      const cells = m.ms.map((x) => (x === null ? "—" : x.toFixed(1)));
      report.push([family, entry, ...cells, `${growth.toFixed(2)}×`, m.outcomes.join("; ")].join(" | "));
    }
  }, 600_000);

  test.each(ENTRIES)("%s is linear", (entry) => {
    const m = results.get(entry)!;
    // Every size gives the same answer (so the times compare like with like).
    expect(m.outcomes).toHaveLength(1);
    expect(at4MB(m) / Math.max(m.ms[2] ?? Infinity, FLOOR_MS)).toBeLessThanOrEqual(MAX_GROWTH);
    // Rejecting an over-long number costs no more than the exact reader's read of ordinary JSON of the same size
    // (the truncated input); parsing its digits as a BigInt took 20–30× that.
    if (family === "long integer") {
      expect(at4MB(m)).toBeLessThanOrEqual(at4MB(measured.get("truncated")!.get(entry)!));
    }
  });
});
