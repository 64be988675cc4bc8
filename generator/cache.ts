/**
 * The emit cache: a no-op rerun must not pay for ts-morph and prettier. Emitting is a pure function of the resolved
 * IR and the generator's own code, so the formatted outputs are stored under a key hashing both; a rerun with the
 * same key reuses them and only the writer runs (which still compares every file on disk, restores edited ones
 * and reports extras — the cache never decides what is up to date). A rerun over the same spec bytes does not even
 * run the front end: `cachedBySources` finds the outputs from the files' hashes.
 *
 * Location: `<cwd>/node_modules/.cache/eventspec/` (the conventional tool-cache place), else the OS temp dir.
 * `EVENTSPEC_CACHE=0` turns it off. Any unreadable or malformed entry is a miss.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { GENERATOR_DIR } from "./paths";
import type { IrProgram, OutputFile } from "./ir/types";

const FORMAT_VERSION = 1;
const MAX_ENTRIES = 16;

let fingerprint: string | undefined;

/** Everything under generator/ (code, schema, support library) and the versions of the libraries that print. */
function generatorFingerprint(): string {
  fingerprint ??= computeFingerprint();
  return fingerprint;
}

function computeFingerprint(): string {
  const h = createHash("sha256");
  const root = GENERATOR_DIR;
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== "dist") walk(r); // the bundle is built from the rest
      }
      else if (e.isFile()) h.update(`${r}\0`).update(fs.readFileSync(path.join(root, r))).update("\0");
    }
  };
  walk("");
  for (const pkg of ["prettier", "ts-morph", "typescript"]) {
    try {
      h.update(`${pkg}@${(JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), "utf8")) as { version: string }).version}\0`);
    } catch {
      h.update(`${pkg}@?\0`);
    }
  }
  return h.digest("hex");
}

/** A stable serialization of the IR (bigints as strings; key order is the builder's, which is deterministic). */
function irText(program: IrProgram): string {
  return JSON.stringify(program, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
}

const keys = new WeakMap<IrProgram, string>();

/** The cache key of one run: the generator's code and the program it emits from. */
export function emitCacheKey(program: IrProgram): string {
  let key = keys.get(program);
  if (key === undefined) {
    key = createHash("sha256").update(`v${FORMAT_VERSION}\0`).update(generatorFingerprint()).update("\0").update(irText(program)).digest("hex");
    keys.set(program, key);
  }
  return key;
}

function cacheDir(cwd: string): string | undefined {
  if (process.env.EVENTSPEC_CACHE === "0") return undefined;
  const nm = path.join(cwd, "node_modules");
  return fs.existsSync(nm) ? path.join(nm, ".cache", "eventspec") : path.join(os.tmpdir(), `eventspec-cache-${os.userInfo().uid}`);
}

function readEntry(file: string): OutputFile[] | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as { version?: unknown; files?: unknown };
    if (data.version !== FORMAT_VERSION || !Array.isArray(data.files)) return undefined;
    const files = data.files as unknown[];
    if (!files.every((f) => typeof f === "object" && f !== null && typeof (f as OutputFile).path === "string" && typeof (f as OutputFile).content === "string")) return undefined;
    return files as OutputFile[];
  } catch {
    return undefined;
  }
}

function writeEntry(dir: string, file: string, files: readonly OutputFile[]): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ version: FORMAT_VERSION, files }));
    fs.renameSync(tmp, file);
    prune(dir, MAX_ENTRIES);
  } catch {
    // a cache that cannot be written is only a slower next run
  }
}

// ---------------------------------------------------------------------------------------------------- by sources

/**
 * The front end is a pure function of the generator's code, the working directory (paths in headers), the spec
 * files named and the bytes of every spec file it reads (imports included). A run that succeeded records those
 * files' hashes and its emit key under a key of the first three; a rerun whose files still hash the same reuses the
 * outputs without running the front end at all.
 */
interface SourceManifest {
  readonly version: number;
  /** Every spec file the front end read (absolute path) and the sha256 of its bytes. */
  readonly deps: readonly (readonly [string, string])[];
  /** The families the run generated (the writer removes stale files of those). */
  readonly families: readonly string[];
  readonly emitKey: string;
}

/** `variant`: the run's options that change outputs for the same spec bytes (generate.ts), "" for none. */
function sourcesKey(inputs: readonly string[], cwd: string, variant: string): string {
  return createHash("sha256")
    .update(`v${FORMAT_VERSION}\0`)
    .update(generatorFingerprint())
    .update(`\0${path.resolve(cwd)}\0${JSON.stringify(inputs)}\0${variant}`)
    .digest("hex");
}

function fileHash(file: string): string | undefined {
  try {
    return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  } catch {
    return undefined;
  }
}

/**
 * The outputs of an earlier successful run with the same spec files (`inputs`: absolute paths, as expanded) whose
 * every file read still has the same bytes; undefined otherwise.
 */
export function cachedBySources(inputs: readonly string[], cwd: string, variant = ""): { files: OutputFile[]; families: string[] } | undefined {
  const dir = cacheDir(cwd);
  if (dir === undefined) return undefined;
  try {
    const m = JSON.parse(fs.readFileSync(path.join(dir, "sources", `${sourcesKey(inputs, cwd, variant)}.json`), "utf8")) as SourceManifest;
    if (m.version !== FORMAT_VERSION || !Array.isArray(m.deps) || !Array.isArray(m.families) || typeof m.emitKey !== "string") return undefined;
    if (!m.deps.every(([file, hash]) => fileHash(file) === hash)) return undefined;
    const files = readEntry(path.join(dir, `${m.emitKey}.json`));
    return files === undefined ? undefined : { files, families: [...m.families] };
  } catch {
    return undefined;
  }
}

/** Records what a successful run read (`program`'s spec files) and the emit entry it used. */
export function recordSources(inputs: readonly string[], cwd: string, program: IrProgram, variant = ""): void {
  const dir = cacheDir(cwd);
  if (dir === undefined) return;
  const deps: [string, string][] = [];
  for (const f of program.families) {
    const abs = path.resolve(cwd, f.file);
    const hash = fileHash(abs);
    if (hash === undefined) return;
    deps.push([abs, hash]);
  }
  const manifest: SourceManifest = {
    version: FORMAT_VERSION,
    deps,
    families: program.families.filter((f) => f.generated).map((f) => f.name),
    emitKey: emitCacheKey(program),
  };
  const sub = path.join(dir, "sources");
  try {
    fs.mkdirSync(sub, { recursive: true });
    const file = path.join(sub, `${sourcesKey(inputs, cwd, variant)}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(manifest));
    fs.renameSync(tmp, file);
    prune(sub, 4 * MAX_ENTRIES);
  } catch {
    // a cache that cannot be written is only a slower next run
  }
}

function prune(dir: string, keep: number): void {
  const entries = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".json"))
    .map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const { n } of entries.slice(keep)) fs.rmSync(path.join(dir, n), { force: true });
}

/** `emit()`'s result for `program`, from the cache when the same generator already emitted the same program. */
export async function cachedEmit(program: IrProgram, cwd: string, emit: () => Promise<OutputFile[]>): Promise<OutputFile[]> {
  const dir = cacheDir(cwd);
  if (dir === undefined) return emit();
  const file = path.join(dir, `${emitCacheKey(program)}.json`);
  const hit = readEntry(file);
  if (hit) return hit;
  const files = await emit();
  writeEntry(dir, file, files);
  return files;
}
