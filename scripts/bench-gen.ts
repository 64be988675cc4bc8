/**
 * `npm run bench:gen`: how fast generation is, measured in fresh processes (what a user waits for).
 *
 * - the five seed specs in schema/, cold (empty output dir) and a no-op rerun (nothing changed);
 * - a synthetic spec of 250, 500 and 1,000 variants with a realistic mix of field types and attributes, cold,
 *   to show growth is roughly linear;
 * - json-schema-to-typescript on the 1,000-variant family's emitted JSON Schema (issue 4), in this process after a
 *   warm-up run and as a fresh process, against eventspec's fresh-process time for every output.
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

    // issue 4: json-schema-to-typescript on the same 1,000-variant family's emitted JSON Schema, same run — timed
    // in this process after a warm-up (its compile alone), and as a fresh process like eventspec above.
    const hook = path.join(__dirname, "bench-jsts.ts");
    const schema = path.join(tmp, "synthetic-1000", "out-0", "schemas", "synthetic.schema.json");
    if (fs.existsSync(hook) && fs.existsSync(schema)) {
      const jsts = require(hook) as {
        timeJsonSchemaToTypescript: (s: unknown) => Promise<number>;
        timeJsonSchemaToTypescriptProcess: (file: string) => number;
      };
      const warm = await jsts.timeJsonSchemaToTypescript(JSON.parse(fs.readFileSync(schema, "utf8")));
      const cold = jsts.timeJsonSchemaToTypescriptProcess(schema);
      console.log(`\njson-schema-to-typescript, types only, 1,000 variants: ${warm.toFixed(0)} ms in process (warm), ${cold.toFixed(0)} ms as a fresh process`);
      console.log(`eventspec, every output, 1,000 variants (fresh process): ${t2.toFixed(0)} ms`);
      console.log(`ratio json-schema-to-typescript / eventspec: ${(warm / t2).toFixed(2)} (its warm compile), ${(cold / t2).toFixed(2)} (process to process)`);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
