/**
 * `npm run bench:sink` — the runtime's sinks against the obvious alternatives, in one run.
 *
 * 1. Writing 1,000,000 mixed harn events (~740 bytes a line) to a file:
 *    - eventspec's JsonlEventSink (builds each envelope line from the event's JSON, with index and timestamp);
 *    - pino's destination (sonic-boom, async, waiting for 'drain' when write() returns false);
 *    - fs.createWriteStream, waiting for 'drain' when write() returns false;
 *    - a bare loop copying lines into 64 KiB buffers and calling fs.writeSync — the ceiling on this machine.
 *    The three others write the same lines, pre-serialized. Each run is a fresh child process, so its peak memory
 *    growth (peak RSS minus the RSS before the run) is its own. No fsync anywhere.
 * 2. The registry's routing overhead: emit through a SinkRegistry (accessor, route lookup, fan-out) vs writing the
 *    same records straight to the sink (with the encode precomputed in both, so only routing differs).
 * 3. NATS JetStream publish throughput with acks (a local nats-server -js): EventLogSink with acks pipelined, and
 *    one awaited publish at a time.
 *
 * Options: --events N (default 1e6), --rounds R (default 5), --nats-events N (default 100000), --no-nats,
 * --only files|routing|nats, --dir DIR (default: a temp dir). Prints medians and ratios.
 */
import { spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AgentEvent } from "../generated/harn_legacy";
import { POOL, pool } from "./bench-sink-events";
import * as harn from "../generated/harn_legacy";
import {
  CallbackSink,
  type EventFamily,
  type EventRecord,
  EventLogSink,
  JsonlEventSink,
  NatsEventLog,
  SinkRegistry,
  encodeEnvelope,
  logFiles,
  toRecord,
} from "../runtime";

const family: EventFamily<AgentEvent> = {
  name: "harn_legacy",
  encode: harn.encodeAgentEvent,
  decode: harn.decodeAgentEvent,
  typeName: harn.typeName,
};

// ── child runs: one variant, one round, a fresh process ───────────────────────────────────────────────────
interface ChildResult {
  readonly ms: number;
  readonly lines: number;
  readonly bytes: number;
  readonly peakGrowthMiB: number;
  /** Heap still in use after a full GC, minus before the run: what the writer retains. */
  readonly retainedMiB: number;
}

async function runChild(variant: string, file: string, n: number): Promise<ChildResult> {
  const events = pool();
  const records: EventRecord<AgentEvent>[] = events.map((e) => toRecord(family, e));
  // The pre-serialized lines the libraries write: the same envelope lines the JSONL sink produces.
  const now = Date.now();
  const lines = records.map(
    (r, i) => `${encodeEnvelope({ index: 1_000_000 + i, emittedAtMs: now, frameDepth: null }, r.json)}\n`,
  );
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = process.hrtime.bigint();
  switch (variant) {
    case "jsonl": {
      const sink = JsonlEventSink.open(file, family, { fsync: "none" });
      for (let i = 0; i < n; i++) sink.write(records[i % POOL] as EventRecord<AgentEvent>);
      sink.closeSync();
      break;
    }
    case "jsonl-encode": {
      // End to end: the generated encoder included (what Emitter.emit costs per event).
      const sink = JsonlEventSink.open(file, family, { fsync: "none" });
      for (let i = 0; i < n; i++) sink.write(toRecord(family, events[i % POOL] as AgentEvent));
      sink.closeSync();
      break;
    }
    case "pino": {
      const pino = (await import("pino")).default;
      const dest = pino.destination({ dest: file, sync: false });
      await once(dest, "ready");
      for (let i = 0; i < n; i++) if (!dest.write(lines[i % POOL] as string)) await once(dest, "drain");
      dest.end();
      await once(dest, "finish");
      break;
    }
    case "stream": {
      const out = fs.createWriteStream(file);
      for (let i = 0; i < n; i++) if (!out.write(lines[i % POOL] as string)) await once(out, "drain");
      out.end();
      await once(out, "finish");
      break;
    }
    case "bare": {
      const fd = fs.openSync(file, "w");
      const buf = Buffer.allocUnsafe(64 * 1024);
      let used = 0;
      for (let i = 0; i < n; i++) {
        const line = lines[i % POOL] as string;
        if (used + line.length * 3 > buf.length) {
          fs.writeSync(fd, buf, 0, used);
          used = 0;
        }
        used += buf.write(line, used);
      }
      fs.writeSync(fd, buf, 0, used);
      fs.closeSync(fd);
      break;
    }
    default:
      throw new Error(`unknown variant ${variant}`);
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024;
  global.gc?.();
  const retained = process.memoryUsage().heapUsed - heapBefore;
  // The JSONL log rotates at 100 MiB: count (and remove) every file of it.
  const files = logFiles(file);
  const bytes = files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
  for (const f of files) fs.rmSync(f, { force: true });
  return {
    ms,
    lines: n,
    bytes,
    peakGrowthMiB: Math.max(0, peak - rssBefore) / 2 ** 20,
    retainedMiB: Math.max(0, retained) / 2 ** 20,
  };
}

function spawnChild(variant: string, file: string, n: number): ChildResult {
  const r = spawnSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", __filename, "--child", variant, file, String(n)],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  if (r.status !== 0) throw new Error(`${variant} run failed:\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string) as ChildResult;
}

// ── in-process measurements ───────────────────────────────────────────────────────────────────────────────
function routing(n: number, rounds: number): { direct: number[]; routed: number[]; routedManyKeys: number[] } {
  const events = pool();
  // Serialization is the codec's cost, the same with or without routing: take it out with a precomputed encode.
  const json = new Map(events.map((e) => [e, family.encode(e)]));
  const cached: EventFamily<AgentEvent> = {
    ...family,
    encode: (e) => json.get(e) as string,
  };
  let count = 0;
  const sink = new CallbackSink<AgentEvent>(() => void count++);
  const registry = new SinkRegistry(cached, harn.sessionId);
  for (const e of events) if (registry.sinkCount(harn.sessionId(e)) === 0) registry.register(harn.sessionId(e), sink);
  const crowded = new SinkRegistry(cached, harn.sessionId);
  for (const e of events) if (crowded.sinkCount(harn.sessionId(e)) === 0) crowded.register(harn.sessionId(e), sink);
  for (let k = 0; k < 10_000; k++) crowded.register(`other-session-${k}`, sink);
  const time = (f: () => void): number => {
    const t = process.hrtime.bigint();
    f();
    return Number(process.hrtime.bigint() - t) / n;
  };
  const direct: number[] = [];
  const routed: number[] = [];
  const routedManyKeys: number[] = [];
  for (let round = 0; round < rounds + 1; round++) {
    const d = time(() => {
      for (let i = 0; i < n; i++) sink.write(toRecord(cached, events[i % POOL] as AgentEvent));
    });
    const r = time(() => {
      for (let i = 0; i < n; i++) registry.emit(events[i % POOL] as AgentEvent);
    });
    const m = time(() => {
      for (let i = 0; i < n; i++) crowded.emit(events[i % POOL] as AgentEvent);
    });
    if (round === 0) continue; // warm-up
    direct.push(d);
    routed.push(r);
    routedManyKeys.push(m);
  }
  if (count !== (rounds + 1) * n * 3) throw new Error(`delivered ${count} events`);
  return { direct, routed, routedManyKeys };
}

async function natsBench(
  n: number,
  rounds: number,
  dir: string,
): Promise<{ pipelined: number[]; sequential: number[] } | string> {
  const bin = "/usr/sbin/nats-server";
  if (!fs.existsSync(bin)) return "nats-server not installed (apt-get install nats-server)";
  const port = 14222 + Math.floor(Math.random() * 20000);
  const server = spawn(bin, ["-js", "-a", "127.0.0.1", "-p", String(port), "-sd", path.join(dir, "jetstream")], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  server.stderr?.on("data", (d: Buffer) => void (out += d.toString()));
  server.stdout?.on("data", (d: Buffer) => void (out += d.toString()));
  try {
    const until = Date.now() + 10_000;
    while (!out.includes("Server is ready")) {
      if (Date.now() > until || server.exitCode !== null) return `nats-server did not start: ${out}`;
      await new Promise((r) => setTimeout(r, 20));
    }
    const log = await NatsEventLog.connect({
      servers: `nats://127.0.0.1:${port}`,
    });
    const records = pool().map((e) => toRecord(family, e));
    const pipelined: number[] = [];
    const sequential: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const sink = new EventLogSink<AgentEvent>(log, `bench-${round}`);
      let t = process.hrtime.bigint();
      for (let i = 0; i < n; i++) {
        const p = sink.write(records[i % POOL] as EventRecord<AgentEvent>);
        if (p !== undefined) await p;
      }
      await sink.flush();
      pipelined.push(n / (Number(process.hrtime.bigint() - t) / 1e9));
      if (sink.stats().acked !== n) throw new Error(`acked ${sink.stats().acked} of ${n}`);
      await sink.close();
      const seqN = Math.min(n, 10_000);
      const one = new EventLogSink<AgentEvent>(log, `bench-seq-${round}`, {
        maxInFlight: 1,
      });
      t = process.hrtime.bigint();
      for (let i = 0; i < seqN; i++) {
        one.write(records[i % POOL] as EventRecord<AgentEvent>);
        await one.flush();
      }
      sequential.push(seqN / (Number(process.hrtime.bigint() - t) / 1e9));
      await one.close();
    }
    await log.close();
    return { pipelined, sequential };
  } finally {
    server.kill("SIGTERM");
    await once(server, "exit");
  }
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────────────────
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const fmt = (x: number, digits = 0): string =>
  x.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const r = await runChild(process.argv[3] as string, process.argv[4] as string, Number(process.argv[5]));
    process.stdout.write(`${JSON.stringify(r)}\n`);
    return;
  }
  const n = Number(arg("--events") ?? 1_000_000);
  const rounds = Number(arg("--rounds") ?? 5);
  const natsN = Number(arg("--nats-events") ?? 100_000);
  const dir = arg("--dir") ?? fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-bench-"));
  fs.mkdirSync(dir, { recursive: true });
  const sample = pool().map((e) => toRecord(family, e));
  const avgLine =
    sample.reduce(
      (s, r) =>
        s +
        Buffer.byteLength(encodeEnvelope({ index: 1_000_000, emittedAtMs: Date.now(), frameDepth: null }, r.json)) +
        1,
      0,
    ) / sample.length;
  console.log(
    `bench:sink — ${fmt(n)} mixed harn events, ${fmt(avgLine)} bytes a line on average, ${rounds} rounds, medians`,
  );
  console.log(
    `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? "?"}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  console.log(`files in ${dir}, no fsync\n`);

  const only = arg("--only");
  const variants: [string, string][] = [
    ["bare", "bare 64 KiB-buffer writeSync loop (ceiling)"],
    ["jsonl", "eventspec JsonlEventSink"],
    ["jsonl-encode", "eventspec JsonlEventSink, generated encode included"],
    ["stream", "fs.createWriteStream + backpressure"],
    ["pino", "pino.destination (sonic-boom) + backpressure"],
  ];
  const results = new Map<string, ChildResult[]>(variants.map(([v]) => [v, []]));
  for (let round = 0; round < rounds && (only === undefined || only === "files"); round++) {
    // Interleave the variants so that machine noise spreads over all of them.
    for (const [v] of variants) results.get(v)?.push(spawnChild(v, path.join(dir, `${v}.jsonl`), n));
  }
  const rate = (v: string): number => median((results.get(v) ?? []).map((r) => r.lines / (r.ms / 1000)));
  const bare = rate("bare");
  if (only === undefined || only === "files") {
    console.log("| writer | lines/s | MB/s | ms | × bare loop | peak memory growth | retained after GC |");
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    for (const [v, label] of variants) {
      const rs = results.get(v) ?? [];
      const r = rate(v);
      const mbs = median(rs.map((x) => x.bytes / 1e6 / (x.ms / 1000)));
      console.log(
        `| ${label} | ${fmt(r)} | ${fmt(mbs)} | ${fmt(median(rs.map((x) => x.ms)))} | ${(r / bare).toFixed(2)}× | ${fmt(median(rs.map((x) => x.peakGrowthMiB)), 1)} MiB | ${fmt(median(rs.map((x) => x.retainedMiB)), 1)} MiB |`,
      );
    }
    const jsonl = rate("jsonl");
    console.log(
      `\nJsonlEventSink: ${(jsonl / bare).toFixed(2)}× the bare loop, ${(jsonl / rate("stream")).toFixed(2)}× createWriteStream, ${(jsonl / rate("pino")).toFixed(2)}× pino.destination`,
    );
  }

  if (only === undefined || only === "routing") {
    const route = routing(Math.min(n, 1_000_000), rounds);
    const d = median(route.direct);
    const r = median(route.routed);
    const rm = median(route.routedManyKeys);
    console.log(
      `\nregistry routing overhead (accessor + lookup + fan-out, per event, encode taken out): sink.write(record) directly ${fmt(d)} ns, via SinkRegistry ${fmt(r)} ns (+${fmt(r - d)} ns), with 10,000 more keys registered ${fmt(rm)} ns (+${fmt(rm - d)} ns)`,
    );
  }
  if (!process.argv.includes("--no-nats") && (only === undefined || only === "nats")) {
    const nats = await natsBench(natsN, Math.min(rounds, 3), dir);
    if (typeof nats === "string") console.log(`\nNATS: skipped — ${nats}`);
    else {
      console.log(
        `\nNATS JetStream publish with acks (${fmt(natsN)} events, EventLogSink, file storage): ${fmt(median(nats.pipelined))} events/s with acks pipelined (256 in flight); ${fmt(median(nats.sequential))} events/s awaiting each ack`,
      );
    }
  }
  if (arg("--dir") === undefined) fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
