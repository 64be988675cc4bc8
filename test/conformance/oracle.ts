/**
 * The jest side of the serde oracle (`test/conformance/rust`, binary `conformance`): finds cargo and Debian's
 * crates, builds the crate when its sources changed, writes generated Rust into it, and talks to the binary one
 * batch per process (`spawnSync` with the whole batch on stdin).
 *
 * On CI (`process.env.CI`) a missing toolchain fails the suite; locally the suite skips with a loud message.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The oracle crate. */
export const CRATE_DIR = path.join(__dirname, "rust");
/** Where the suite writes generated Rust inside the crate (git-ignored). */
export const GEN_DIR = path.join(CRATE_DIR, "src", "gen");
const EXE = process.platform === "win32" ? "conformance.exe" : "conformance";

/**
 * The two builds: `exact` (the default; serde_json's `float_roundtrip` feature, see rust/README.md) and `lossy`
 * (serde_json's default float parser, in its own target directory), used only to tell apart float differences that
 * depend on that feature.
 */
export type OracleFlavor = "exact" | "lossy";

function targetDir(flavor: OracleFlavor): string {
  return flavor === "exact" ? path.join(CRATE_DIR, "target") : path.join(CRATE_DIR, "target", "lossy");
}
const REGISTRY = "/usr/share/cargo/registry";
const CRATES = ["serde", "serde_derive", "serde_json", "chrono", "uuid"];

/** Whether the oracle can be built here, and if not, why. */
export type Availability = { ok: true; cargo: string } | { ok: false; reason: string };

let availability: Availability | undefined;

/** Looks for cargo (PATH, then `$CARGO_HOME/bin`, `~/.cargo/bin`) and the Debian crates. */
export function oracleAvailability(): Availability {
  if (availability) return availability;
  const candidates = [
    "cargo",
    path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), ".cargo"), "bin", "cargo"),
    path.join(os.homedir(), ".cargo", "bin", "cargo"),
  ];
  const cargo = candidates.find((c) => spawnSync(c, ["--version"], { stdio: "ignore" }).status === 0);
  if (!cargo) {
    availability = { ok: false, reason: "cargo not found (PATH, $CARGO_HOME/bin, ~/.cargo/bin)" };
    return availability;
  }
  let entries: string[] = [];
  try {
    entries = fs.readdirSync(REGISTRY);
  } catch {
    // reported below
  }
  const missing = CRATES.filter((c) => !entries.some((e) => new RegExp(`^${c}-\\d`).test(e)));
  availability = missing.length
    ? {
        ok: false,
        reason: `Debian crates missing from ${REGISTRY}: ${missing.join(", ")} (run .ci/install-rust-deps.sh as root)`,
      }
    : { ok: true, cargo };
  return availability;
}

/**
 * `describe` for suites that need the oracle. When the toolchain is missing: on CI the suite fails (it must never
 * skip there); locally it is skipped with a loud warning.
 */
export function describeWithOracle(name: string, body: () => void): void {
  const a = oracleAvailability();
  if (a.ok) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      test("the serde oracle is available (required on CI)", () => {
        throw new Error(`serde oracle unavailable on CI: ${a.reason}`);
      });
    });
    return;
  }
  const bar = "!".repeat(100);
  // eslint-disable-next-line no-console
  console.warn(`${bar}\n  SKIPPING "${name}": serde oracle unavailable: ${a.reason}\n${bar}`);
  describe.skip(name, body);
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/** A digest of everything that goes into the binary (sources, manifest, cargo config, the cargo used). */
function sourceDigest(cargo: string): string {
  const files = ["Cargo.toml", "build.rs", path.join(".cargo", "config.toml")].map((f) => path.join(CRATE_DIR, f));
  walk(path.join(CRATE_DIR, "src"), files);
  const h = createHash("sha256");
  h.update(cargo);
  for (const f of files) {
    h.update(path.relative(CRATE_DIR, f));
    h.update("\0");
    try {
      h.update(fs.readFileSync(f));
    } catch {
      h.update("(missing)");
    }
    h.update("\0");
  }
  return h.digest("hex");
}

/** What a build did, for timing reports. */
export interface BuildInfo {
  binary: string;
  /** `cached` when the sources matched the last successful build and cargo was not run. */
  status: "cached" | "built";
  ms: number;
}

/**
 * Builds the oracle (`cargo build --release`, offline) unless the sources are unchanged since the last successful
 * build. Throws with cargo's output when the build fails.
 */
export function buildOracle(flavor: OracleFlavor = "exact"): BuildInfo {
  const a = oracleAvailability();
  if (!a.ok) throw new Error(`serde oracle unavailable: ${a.reason}`);
  const started = Date.now();
  const binary = path.join(targetDir(flavor), "release", EXE);
  const stampFile = path.join(targetDir(flavor), "release", ".eventspec-sources");
  const digest = sourceDigest(a.cargo);
  let stamp = "";
  try {
    stamp = fs.readFileSync(stampFile, "utf8");
  } catch {
    // first build
  }
  if (stamp === digest && fs.existsSync(binary)) return { binary, status: "cached", ms: Date.now() - started };
  const args = ["build", "--release", "--offline", "--quiet"];
  if (flavor === "lossy") args.push("--no-default-features", "--target-dir", targetDir(flavor));
  const r = spawnSync(a.cargo, args, {
    cwd: CRATE_DIR,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CARGO_TERM_COLOR: "never" },
  });
  if (r.status !== 0) {
    throw new Error(
      `cargo build --release failed in ${CRATE_DIR} (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}${r.stdout}`,
    );
  }
  fs.writeFileSync(stampFile, digest);
  return { binary, status: "built", ms: Date.now() - started };
}

/** A generated file for the crate, relative to `src/gen/`. */
export interface CrateFile {
  path: string;
  content: string;
}

/**
 * Makes `dir` hold exactly `files`: writes the ones whose content changed (atomically, so concurrent jest workers
 * writing the same content never see a torn file) and removes the rest. Unchanged files keep their mtime, so cargo
 * does not recompile. An empty list removes `dir`.
 */
export function syncFiles(dir: string, files: readonly CrateFile[]): void {
  const wanted = new Map(files.map((f) => [path.join(dir, f.path), f.content]));
  const existing: string[] = [];
  walk(dir, existing);
  for (const p of existing) if (!wanted.has(p) && !p.endsWith(".tmp")) fs.rmSync(p, { force: true });
  for (const [p, content] of wanted) {
    let current: string | undefined;
    try {
      current = fs.readFileSync(p, "utf8");
    } catch {
      // new file
    }
    if (current === content) continue;
    fs.mkdirSync(path.dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, p);
  }
  if (files.length === 0) fs.rmSync(dir, { recursive: true, force: true });
}

/** `syncFiles` for the oracle's `src/gen/` (an empty list leaves the crate with the hand-written family only). */
export function syncGeneratedSources(files: readonly CrateFile[]): void {
  syncFiles(GEN_DIR, files);
}

/** Runs cargo offline in `dir` with `args`; throws with cargo's output on failure. */
export function runCargo(dir: string, args: readonly string[]): { ms: number; output: string } {
  const a = oracleAvailability();
  if (!a.ok) throw new Error(`cargo unavailable: ${a.reason}`);
  const started = Date.now();
  const r = spawnSync(a.cargo, args, {
    cwd: dir,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, CARGO_TERM_COLOR: "never" },
  });
  const output = `${r.stdout}${r.stderr}`;
  if (r.status !== 0) throw new Error(`cargo ${args.join(" ")} failed in ${dir} (${r.error?.message ?? `exit ${r.status}`}):\n${output}`);
  return { ms: Date.now() - started, output };
}

/** Whether `cargo clippy` is installed. */
export function clippyAvailable(): boolean {
  const a = oracleAvailability();
  return a.ok && spawnSync(a.cargo, ["clippy", "--version"], { stdio: "ignore" }).status === 0;
}

/** One decode request: a type name (`<family>.<Type>`) and the JSON text to decode as that type. */
export interface RustRequest {
  type: string;
  input: string;
}

/** serde's answer: the re-encoding, or the error message (`serde_json::Error`'s Display, position included). */
export type RustAnswer = { ok: true; json: string } | { ok: false; error: string };

function run(binary: string, args: string[], input?: Buffer): string {
  const r = spawnSync(binary, args, { input, maxBuffer: 1024 * 1024 * 1024, encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`${binary} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  }
  return r.stdout;
}

function splitLines(out: string): string[] {
  const lines = out.split("\n");
  if (lines.pop() !== "") throw new Error("oracle output does not end with a newline");
  return lines;
}

/** Decodes and re-encodes every request with serde, in one process. */
export function rustRoundtrip(binary: string, requests: readonly RustRequest[]): RustAnswer[] {
  if (requests.length === 0) return [];
  const parts: Buffer[] = [];
  for (const r of requests) {
    if (r.type.includes("\t") || r.type.includes("\n")) throw new Error(`bad type name ${JSON.stringify(r.type)}`);
    const body = Buffer.from(r.input, "utf8");
    parts.push(Buffer.from(`${r.type}\t#${body.length}\n`, "utf8"), body, Buffer.from("\n"));
  }
  const lines = splitLines(run(binary, ["serve"], Buffer.concat(parts)));
  if (lines.length !== requests.length) {
    throw new Error(`oracle answered ${lines.length} of ${requests.length} requests`);
  }
  return lines.map((line, i) => {
    const tab = line.indexOf("\t");
    const kind = line.slice(0, tab);
    const rest = line.slice(tab + 1);
    if (kind === "ok") return { ok: true, json: rest };
    if (kind === "err") return { ok: false, error: JSON.parse(rest) as string };
    throw new Error(`oracle does not know type ${requests[i]?.type}: ${line}`);
  });
}

/** One corpus entry: a value serde built and encoded. */
export interface CorpusEntry {
  type: string;
  /** `<Variant>#<case>` (or `#<case>` for structs); a `!` marks a deliberately hostile case. */
  label: string;
  /** `ok`, or `reject:<reason>` when TypeScript must refuse what serde accepts (`reject:ts-bigint`). */
  expect: string;
  /** serde_json's encoding of the value (or the serializer's error, which no corpus case should produce). */
  json: RustAnswer;
}

/** The oracle's deterministic corpus: every type, every variant, edge cases included. */
export function rustCorpus(binary: string): CorpusEntry[] {
  return splitLines(run(binary, ["corpus"])).map((line) => {
    const [type, label, expect, kind, ...rest] = line.split("\t");
    const payload = rest.join("\t");
    if (type === undefined || label === undefined || expect === undefined || (kind !== "ok" && kind !== "err")) {
      throw new Error(`bad corpus line: ${line}`);
    }
    const json: RustAnswer = kind === "ok" ? { ok: true, json: payload } : { ok: false, error: JSON.parse(payload) as string };
    return { type, label, expect, json };
  });
}

/** Every type name the oracle knows. */
export function rustTypes(binary: string): string[] {
  return splitLines(run(binary, ["types"]));
}

/** serde_json's message without its ` at line L column C` suffix. */
export function stripPosition(message: string): string {
  return message.replace(/ at line \d+ column \d+$/, "");
}
