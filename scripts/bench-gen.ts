/**
 * `npm run bench:gen`: how fast generation is, measured in fresh processes (what a user waits for).
 *
 * - the five seed specs in schema/, cold (empty output dir) and a no-op rerun (nothing changed);
 * - a synthetic spec of 250, 500 and 1,000 variants with a realistic mix of field types and attributes, cold,
 *   to show growth is roughly linear;
 * - issue 4, on the 1,000-variant family: eventspec generating every output against json-schema-to-typescript
 *   generating types alone from the JSON Schema eventspec emitted, both ways like for like, alternating run by run
 *   in this one run: fresh process against fresh process, and `generate()` against `compile()` in this warmed-up
 *   process (see `issue4`).
 * Prints medians of several runs. No thresholds here: goals are in the README, numbers are printed for comparison.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "scripts", "eventspec.js");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** `cold`: no emit cache (generator/cache.ts), as on a fresh clone; otherwise the cache the previous run left. */
function timeRun(args: string[], cwd: string, cold = true): number {
  const env = cold ? { ...process.env, EVENTSPEC_CACHE: "0" } : process.env;
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, [CLI, ...args], { cwd, env, stdio: ["ignore", "ignore", "inherit"] });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** A synthetic family of `n` variants: internally tagged, mixed field types and serde attributes. */
export function syntheticSpec(n: number): string {
  const lines = [
    "family: synthetic",
    "root: Event",
    "types:",
    "  Status: { kind: enum, rename_all: snake_case, values: [Pending, Running, Done, Failed] }",
    "  Usage:",
    "    kind: struct",
    "    fields:",
    "      input_tokens: u32",
    "      output_tokens: u32",
    "      cache_read_tokens: { type: u32, default: true }",
    "  Event:",
    "    kind: union",
    "    tag: type",
    "    rename_all: snake_case",
    "    accessors:",
    "      session_id: {}",
    "      trace_id: { partial: true }",
    "    tables:",
    "      terminal: { type: bool, default: false, fn: is_terminal }",
    "      category: { type: string, default: other }",
    "    variants:",
  ];
  const shapes = [
    ["iteration: usize", "content: string"],
    ["status: Status", "raw: { type: json, default: true, skip_serializing_if: null }"],
    ["usage: Usage", "model: { type: option<string>, default: true, skip_serializing_if: none }"],
    ["elapsed_ms: u64", "cost_usd: f64", "tags: { type: list<string>, default: true, skip_serializing_if: empty }"],
    ["trace_id: string", "started_at: timestamp", "skipped: { type: bool, default: true, skip_serializing_if: \"false\" }"],
    ["labels: map<string>", "count: { type: usize, default: true, skip_serializing_if: zero }", "note: option<string>"],
  ];
  for (let i = 0; i < n; i++) {
    const shape = shapes[i % shapes.length]!;
    lines.push(`      Event${i}:`);
    lines.push(`        doc: Synthetic event number ${i}.`);
    if (i % 10 === 9) lines.push("        tables: { terminal: true, category: lifecycle }");
    lines.push("        fields:");
    lines.push("          session_id: string");
    for (const f of shape) lines.push(`          ${f}`);
  }
  return lines.join("\n") + "\n";
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-bench-gen-"));
  try {
    console.log(`eventspec bench:gen — ${os.cpus().length} cores, node ${process.version}, median of ${ROUNDS} runs\n`);
    const cold: number[] = [];
    const noop: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const out = path.join(tmp, `seeds-${r}`);
      cold.push(timeRun(["gen", path.join(ROOT, "schema"), "--out", out], ROOT));
      timeRun(["gen", path.join(ROOT, "schema"), "--out", out], ROOT, false); // fills the emit cache
      noop.push(timeRun(["gen", path.join(ROOT, "schema"), "--out", out], ROOT, false));
    }
    console.log(`five seed specs, cold:        ${median(cold).toFixed(0)} ms   (target < 5000 ms)`);
    console.log(`five seed specs, no-op rerun: ${median(noop).toFixed(0)} ms   (target < 1000 ms)\n`);
    const perSize: [number, number][] = [];
    for (const n of [250, 500, 1000]) {
      const dir = path.join(tmp, `synthetic-${n}`);
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "synthetic.yaml"), syntheticSpec(n));
      const times: number[] = [];
      for (let r = 0; r < Math.max(3, Math.ceil(ROUNDS / 2)); r++) {
        times.push(timeRun(["gen", path.join(dir, "synthetic.yaml"), "--out", path.join(dir, `out-${r}`)], dir));
      }
      perSize.push([n, median(times)]);
      console.log(`synthetic ${String(n).padStart(4)} variants, cold: ${median(times).toFixed(0)} ms`);
    }
    const [n0, t0] = perSize[0]!;
    const [n2, t2] = perSize[perSize.length - 1]!;
    console.log(`growth ${n0}→${n2} variants (×${n2 / n0}): time ×${(t2 / t0).toFixed(2)} (linear would be ≤ ×${n2 / n0})`);

    await issue4(tmp, path.join(tmp, "synthetic-1000", "synthetic.yaml"));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Issue 4: eventspec's whole generation against json-schema-to-typescript's types alone, on the 1,000-variant spec
 * and the JSON Schema eventspec emits for it, each pair measured back to back (alternating, so load from other jobs
 * hits both sides alike), medians of `ROUNDS` pairs.
 *
 * - process to process: `eventspec gen` in a fresh process with no output cache (`EVENTSPEC_CACHE=0`, every file
 *   written into an empty directory) against a fresh `node` loading json-schema-to-typescript and compiling the
 *   schema. eventspec is timed with V8's code cache for its code as a previous run left it (the state after
 *   install and one run) and with it off (`EVENTSPEC_CODE_CACHE=0`, as on the very first run).
 * - in process, warm: `generate()` (no output cache, one thread, writing every file into an empty directory)
 *   against `compile()` (returns a string), both after `WARMUP` calls in this process (until then both are still
 *   getting faster call by call).
 */
const WARMUP = 5;

async function issue4(tmp: string, spec: string): Promise<void> {
  const jsts = require(path.join(__dirname, "bench-jsts.ts")) as typeof import("./bench-jsts");
  const first = path.join(tmp, "issue4-0");
  timeRun(["gen", spec, "--out", first], tmp); // also leaves V8's code cache as a previous run does
  const schemaFile = path.join(first, "schemas", "synthetic.schema.json");
  const schema: unknown = JSON.parse(fs.readFileSync(schemaFile, "utf8"));
  const rounds = Math.max(3, ROUNDS);

  const proc = { eventspec: [] as number[], eventspecNoCodeCache: [] as number[], jsts: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    proc.eventspec.push(timeRun(["gen", spec, "--out", path.join(tmp, `issue4-p${r}`)], tmp));
    proc.jsts.push(jsts.timeJsonSchemaToTypescriptProcess(schemaFile, 1));
    process.env.EVENTSPEC_CODE_CACHE = "0";
    proc.eventspecNoCodeCache.push(timeRun(["gen", spec, "--out", path.join(tmp, `issue4-n${r}`)], tmp));
    delete process.env.EVENTSPEC_CODE_CACHE;
  }

  // In process: the generator's TypeScript sources (loaded through tsx, as this script is), one thread.
  const { generate } = require("../generator/generate") as typeof import("../generator/generate");
  process.env.EVENTSPEC_CACHE = "0";
  const gen = async (out: string) => {
    const t0 = process.hrtime.bigint();
    const result = await generate({ inputs: [spec], outDir: path.join(tmp, out), cwd: tmp });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!result.ok || result.changed.length === 0) throw new Error("bench: generate() did not generate");
    return ms;
  };
  const warm = { eventspec: [] as number[], jsts: [] as number[] };
  for (let r = 0; r < WARMUP; r++) {
    await gen(`issue4-w-warmup${r}`);
    await jsts.timeCompileOnce(schema);
  }
  for (let r = 0; r < rounds; r++) {
    warm.eventspec.push(await gen(`issue4-w${r}`));
    warm.jsts.push(await jsts.timeCompileOnce(schema));
  }
  delete process.env.EVENTSPEC_CACHE;

  const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`.padStart(8);
  const ratio = (theirs: number[], ours: number[]) => `${(median(theirs) / median(ours)).toFixed(2)}×`;
  console.log(`\nissue 4 — 1,000 variants; eventspec: every output (${fmtBytes(dirBytes(first))} in ${countFiles(first)} files); json-schema-to-typescript: types only, from eventspec's JSON Schema`);
  console.log(`median of ${rounds} alternating pairs; no output cache (EVENTSPEC_CACHE=0, empty output directories)`);
  console.log(`  process to process:`);
  console.log(`    eventspec gen, fresh process, V8 code cache as a previous run left it ${ms(proc.eventspec)}`);
  console.log(`    eventspec gen, fresh process, no code cache (EVENTSPEC_CODE_CACHE=0)  ${ms(proc.eventspecNoCodeCache)}`);
  console.log(`    json-schema-to-typescript, fresh node process                        ${ms(proc.jsts)}`);
  console.log(`    ratio json-schema-to-typescript / eventspec: ${ratio(proc.jsts, proc.eventspec)} (code cache), ${ratio(proc.jsts, proc.eventspecNoCodeCache)} (none)   (> 1: eventspec faster)`);
  console.log(`  in process, warm (${WARMUP} warm-up calls each, then alternating; eventspec in one thread):`);
  console.log(`    generate(), writing every file                                       ${ms(warm.eventspec)}`);
  console.log(`    json-schema-to-typescript compile()                                  ${ms(warm.jsts)}`);
  console.log(`    ratio json-schema-to-typescript / eventspec: ${ratio(warm.jsts, warm.eventspec)}   (> 1: eventspec faster)`);
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? dirBytes(path.join(dir, e.name)) : fs.statSync(path.join(dir, e.name)).size;
  return n;
}

function countFiles(dir: string): number {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

function fmtBytes(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

if (require.main === module) void main();
