/**
 * `npm run bench:gen`: how long a user waits for `eventspec gen`, in fresh processes of the built CLI
 * (`npm run build` first), against the targets of issue 10:
 *
 * - the five seed specs in schema/, cold (empty output directory): at most 1.5 s;
 * - `gen --check` over the seeds' committed output: at most 1.5 s;
 * - a synthetic spec of 1,000 variants with a realistic mix of field types and attributes, cold: at most 3 s;
 * - the same spec at 250, 500 and 1,000 variants: time grows roughly linearly.
 *
 * Each round runs every case once, in turn, so load from other jobs hits them alike; medians of `BENCH_ROUNDS`
 * rounds (default 5) and the load average during the runs are printed. On Linux the CPU time of each process (user
 * + system) is printed too: on a loaded machine wall time says more about the other jobs than about eventspec.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const CLI = path.join(ROOT, "scripts", "eventspec.js");
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [250, 500, 1000] as const;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** CPU milliseconds (user + system) of this process's finished children, where the OS says (Linux). */
function childrenCpuMs(): number | undefined {
  try {
    // /proc/self/stat: the fields after the command's closing parenthesis; cutime and cstime are the 14th and 15th.
    const stat = fs.readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // clock ticks of 1/100 s (USER_HZ)
  } catch {
    return undefined;
  }
}

/** Wall and CPU milliseconds of one `eventspec` process (a failing run throws, its stderr shown). */
function timeRun(args: readonly string[], cwd: string): { wall: number; cpu: number | undefined } {
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, [CLI, ...args], { cwd, stdio: ["ignore", "ignore", "inherit"] });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  return { wall, cpu: cpu0 === undefined || cpu1 === undefined ? undefined : cpu1 - cpu0 };
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
    for (const n of SIZES) {
      fs.mkdirSync(path.join(tmp, `synthetic-${n}`));
      fs.writeFileSync(path.join(tmp, `synthetic-${n}`, "synthetic.yaml"), syntheticSpec(n));
    }
    type Run = (round: number) => { wall: number; cpu: number | undefined };
    const cases: [string, Run][] = [
      ["seeds", (r) => timeRun(["gen", "schema", "--out", path.join(tmp, `seeds-${r}`)], ROOT)],
      ["check", () => timeRun(["gen", "schema", "--out", "generated", "--check"], ROOT)],
      ...SIZES.map((n): [string, Run] => [
        `synthetic-${n}`,
        (r) => timeRun(["gen", "synthetic.yaml", "--out", `out-${r}`], path.join(tmp, `synthetic-${n}`)),
      ]),
    ];
    const times = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    const cpus = new Map<string, number[]>(cases.map(([name]) => [name, []]));
    const loads: number[] = [];
    for (const [, run] of cases) run(-1); // one warm-up run each (the OS's file cache)
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, run] of cases) {
        const { wall, cpu } = run(r);
        times.get(name)!.push(wall);
        if (cpu !== undefined) cpus.get(name)!.push(cpu);
      }
      loads.push(os.loadavg()[0]!);
    }
    const ms = (name: string) => median(times.get(name)!);
    const line = (label: string, name: string, target?: number) => {
      const t = ms(name);
      const cpu = cpus.get(name)!.length === ROUNDS ? `   (CPU ${median(cpus.get(name)!).toFixed(0).padStart(5)} ms)` : "";
      const verdict = target === undefined ? "" : `   target ≤ ${target} ms: ${t <= target ? "met" : "NOT met"}`;
      console.log(`${label.padEnd(34)} ${t.toFixed(0).padStart(6)} ms${cpu}${verdict}`);
    };
    console.log(`eventspec bench:gen — ${os.cpus().length} cores, node ${process.version}, median of ${ROUNDS} rounds`);
    console.log(`1-minute load average during the rounds: ${loads.map((l) => l.toFixed(1)).join(", ")}\n`);
    line("five seed specs, cold", "seeds", 1500);
    line("gen --check (seeds, generated/)", "check", 1500);
    for (const n of SIZES) line(`synthetic ${n} variants, cold`, `synthetic-${n}`, n === 1000 ? 3000 : undefined);
    const [first, , last] = SIZES;
    const growth = ms(`synthetic-${last}`) / ms(`synthetic-${first}`);
    console.log(`growth ${first} → ${last} variants (×${last / first} variants): time ×${growth.toFixed(2)} (linear: ≤ ×${last / first})`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) void main();
