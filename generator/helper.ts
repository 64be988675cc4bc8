/**
 * A second thread for generation (`generate()` starts it for large inputs): it loads ts-morph and prettier while
 * the main thread runs the front end, then runs the emitters that print with ts-morph and formats their files,
 * runs the prettier batches of the main thread's files, and formats pieces of its large files alongside it
 * (generator/format.ts: each piece is claimed by one thread). The main thread runs the other
 * emitters meanwhile. Outputs are the same bytes either way — every emitter is a pure function of the IR — and any
 * failure of the thread falls back to doing the work in the main thread.
 *
 * `EVENTSPEC_WORKERS=0` turns the thread off, `EVENTSPEC_WORKERS=1` forces it on.
 */
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { BatchKind, BatchRunner, PieceSharer } from "./format";
import type { IrProgram, OutputFile } from "./ir/types";

/** The emitters the helper runs: the ones that print through ts-morph (the main thread then never loads it). */
export const HELPER_EMITTERS: ReadonlySet<string> = new Set(["types", "names", "tables", "accessors", "family", "index"]);

/** Inputs below this many bytes of spec are generated in one thread (starting a thread costs more than it saves). */
export const HELPER_MIN_INPUT_BYTES = 48 * 1024;

/** Messages to the helper thread. */
export type HelperRequest =
  | { readonly type: "emit"; readonly id: number; readonly program: IrProgram; readonly emitters: readonly string[]; readonly skipped: readonly string[] }
  | { readonly type: "batch"; readonly id: number; readonly kind: BatchKind; readonly sources: readonly string[] }
  | { readonly type: "pieces"; readonly id: number; readonly path: string; readonly pieces: readonly string[]; readonly claims: SharedArrayBuffer };

/** Replies: the request's id and its result, or `error` when it failed. */
export type HelperReply = {
  readonly id: number;
  readonly files?: OutputFile[];
  readonly outputs?: string[];
  readonly pieces?: Map<number, string | undefined>;
  readonly error?: string;
};

/** `<family>/…`, `rust/<family>.rs`, `schemas/<family>.schema.json` belong to that family. */
export function belongsTo(filePath: string, families: ReadonlySet<string>): boolean {
  if (families.size === 0) return false;
  const [first] = filePath.split("/");
  const stem = path.posix.basename(filePath).split(".")[0]!;
  return families.has(first!) || families.has(stem);
}

/** Whether `generate()` should start the helper for inputs of `inputBytes` (`requested`: the caller's default). */
export function wantHelper(inputBytes: number, requested: boolean): boolean {
  const env = process.env.EVENTSPEC_WORKERS;
  if (env === "0") return false;
  if (env === "1") return true;
  if (!requested) return false;
  const cores = typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return cores >= 2 && inputBytes >= HELPER_MIN_INPUT_BYTES;
}

export class EmitHelper {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (r: HelperReply) => void; reject: (e: Error) => void }>();
  private nextId = 1;
  private failed: Error | undefined;

  private constructor(worker: Worker) {
    this.worker = worker;
    worker.on("message", (reply: HelperReply) => {
      const p = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      p?.resolve(reply);
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => fail(new Error(`eventspec helper thread exited (${code})`)));
  }

  /** Starts the thread; it begins loading ts-morph, prettier and the emitters at once. Undefined if it cannot. */
  static start(): EmitHelper | undefined {
    try {
      // Beside this module: helper-thread.ts, or helper-thread.cjs in the CLI's bundle (scripts/build-cli.js).
      const ext = path.extname(__filename);
      const entry = path.join(__dirname, `helper-thread${ext}`);
      // The big libraries are loaded before tsx's require hook (the CLI and tests run the TypeScript sources, so
      // the new thread needs the hook too): through the hook, ts-morph alone takes twice as long to load.
      const preload = ["ts-morph", "prettier/standalone", "prettier/plugins/babel", "prettier/plugins/estree"];
      const hook = ext === ".ts" ? [...preload, "tsx/cjs"] : preload;
      // The bundle's thread compiles its large files through V8's code cache, as the CLI's main thread does.
      const codeCache = ext === ".ts" ? "" : `require(${JSON.stringify(path.join(__dirname, "..", "code-cache.cjs"))}).installCodeCache();`;
      const code = codeCache + [...hook.map((m) => require.resolve(m)), entry].map((m) => `require(${JSON.stringify(m)});`).join("");
      return new EmitHelper(new Worker(code, { eval: true }));
    } catch {
      return undefined;
    }
  }

  private request(msg: Omit<HelperRequest, "id"> & { type: HelperRequest["type"] }): Promise<HelperReply> {
    if (this.failed) return Promise.reject(this.failed);
    const id = this.nextId++;
    return new Promise<HelperReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...msg, id });
    });
  }

  /** The named emitters' files for `program`, formatted, without the files of `skipped` families. */
  async emit(program: IrProgram, emitters: readonly string[], skipped: readonly string[]): Promise<OutputFile[]> {
    const reply = await this.request({ type: "emit", program, emitters, skipped } as Omit<HelperRequest, "id">);
    if (reply.error !== undefined || reply.files === undefined) throw new Error(reply.error ?? "helper: no files");
    return reply.files;
  }

  /** A `BatchRunner` that runs prettier batches in the helper thread. */
  readonly runBatch: BatchRunner = async (kind, sources) => {
    const reply = await this.request({ type: "batch", kind, sources } as Omit<HelperRequest, "id">);
    return reply.error === undefined ? reply.outputs : undefined;
  };

  /** A `PieceSharer`: the helper claims and formats pieces of a large file alongside this thread. */
  readonly formatPieces: PieceSharer = async (filePath, pieces, claims) => {
    const reply = await this.request({ type: "pieces", path: filePath, pieces, claims } as Omit<HelperRequest, "id">);
    if (reply.error !== undefined || reply.pieces === undefined) throw new Error(reply.error ?? "helper: no pieces");
    return reply.pieces;
  };

  close(): void {
    void this.worker.terminate();
  }
}
