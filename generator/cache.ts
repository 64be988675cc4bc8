/**
 * The emit cache: a no-op rerun must not pay for ts-morph and prettier. Emitting is a pure function of the resolved
 * IR and the generator's own code, so the formatted outputs are stored under a key hashing both; a rerun with the
 * same key reuses them and only the writer runs (which still compares every file on disk, restores edited ones
 * and reports extras — the cache never decides what is up to date).
 *
 * Location: `<cwd>/node_modules/.cache/eventspec/` (the conventional tool-cache place), else the OS temp dir.
 * `EVENTSPEC_CACHE=0` turns it off. Any unreadable or malformed entry is a miss.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { IrProgram, OutputFile } from "./ir/types";

const FORMAT_VERSION = 1;
const MAX_ENTRIES = 16;

/** Everything under generator/ (code, schema, support library) and the versions of the libraries that print. */
function generatorFingerprint(): string {
  const h = createHash("sha256");
  const root = __dirname;
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
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

/** The cache key of one run: the generator's code and the program it emits from. */
export function emitCacheKey(program: IrProgram): string {
  return createHash("sha256").update(`v${FORMAT_VERSION}\0`).update(generatorFingerprint()).update("\0").update(irText(program)).digest("hex");
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
    const entries = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith(".json"))
      .map((n) => ({ n, t: fs.statSync(path.join(dir, n)).mtimeMs }))
      .sort((a, b) => b.t - a.t);
    for (const { n } of entries.slice(MAX_ENTRIES)) fs.rmSync(path.join(dir, n), { force: true });
  } catch {
    // a cache that cannot be written is only a slower next run
  }
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
