/**
 * `npm run bench:diff`: `eventspec diff` on two versions of a 1,000-variant family (issue 12's target: under 2 s).
 * The new version renames a tag with an alias, removes and adds variants, widens and narrows integers, adds and
 * removes fields — hundreds of findings, many of them breaking, so witnesses are searched too. Medians of
 * BENCH_ROUNDS (default 5) in-process runs, after one warm-up; the load average is printed (the machine is shared).
 * EVENTSPEC_ESBUILD=0 measures the TypeScript transpiler instead of esbuild.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { transpilerInUse } from "../generator/diff/load-codecs";
import { runDiff } from "../generator/diff/run";
import { syntheticSpec } from "./bench-gen";

const ROUNDS = Number(process.env["BENCH_ROUNDS"] ?? 5);
const VARIANTS = 1000;

/** The next version of the synthetic family: about thirty edits spread over the union. */
function edited(spec: string): string {
  let s = spec;
  for (let i = 0; i < VARIANTS; i += 97) s = s.replace(`      Event${i}:\n`, `      Event${i}:\n        rename: event_${i}_v2\n        alias: [event${i}]\n`);
  for (let i = 13; i < VARIANTS; i += 101) s = s.replace(`      Event${i}:\n`, `      Renamed${i}:\n`);
  s = s.replaceAll("          elapsed_ms: u64\n", "          elapsed_ms: u32\n");
  s = s.replaceAll("          iteration: usize\n", "          iteration: usize\n          extra: { type: option<string>, default: true }\n");
  return s;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function main(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-bench-diff-"));
  try {
    const base = syntheticSpec(VARIANTS);
    fs.writeFileSync(path.join(dir, "old.yaml"), base);
    fs.writeFileSync(path.join(dir, "new.yaml"), edited(base));
    const run = (witnesses: boolean) => {
      const t0 = performance.now();
      const r = runDiff({ old: "old.yaml", new: "new.yaml", cwd: dir, witnesses, mode: "none" });
      if (r.exitCode !== 0) throw new Error(r.errors);
      return { ms: performance.now() - t0, findings: r.output.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l)).length };
    };
    run(true);
    for (const witnesses of [false, true]) {
      const times: number[] = [];
      let findings = 0;
      for (let i = 0; i < ROUNDS; i++) {
        const r = run(witnesses);
        times.push(r.ms);
        findings = r.findings;
      }
      const label = witnesses ? `with witnesses (both codecs loaded, ${transpilerInUse()} transpiling)` : "findings only";
      console.log(`${VARIANTS} variants, ${findings} findings, ${label}: median ${median(times).toFixed(0)} ms of ${ROUNDS} (target < 2000 ms)`);
    }
    console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}, ${os.cpus().length} cores, node ${process.version}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
