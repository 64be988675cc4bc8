/**
 * `generate(options)`: the whole pipeline, in order — load → validate → build IR → emit → format → write.
 * The CLI (`scripts/eventspec.js`) is a thin shell around this function.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cachedBySources, cachedEmit, recordSources } from "./cache";
import type { Diagnostic } from "./diagnostics";
import type { EmitterEntry } from "./emit/index";
import type * as FrontEnd from "./frontend";
import type { IrProgram, OutputFile } from "./ir/types";
import { formatOutputs } from "./format";
import { belongsTo, EmitHelper, HELPER_EMITTERS, wantHelper } from "./helper";
import { expandInputs } from "./load";
import { writeOutputs } from "./write";

export interface GenerateOptions {
  /** Spec files or directories (directories contribute their *.yaml / *.yml files). */
  readonly inputs: readonly string[];
  /** Output directory (default `generated`). */
  readonly outDir?: string;
  /** Compare instead of writing: report stale, missing and extra files. */
  readonly check?: boolean;
  /** Base for relative paths (default `process.cwd()`). */
  readonly cwd?: string;
  /**
   * Start a helper thread for large inputs (ts-morph and prettier load and run beside the front end). Worth it for
   * one run in a fresh process (the CLI turns it on); a process calling `generate()` repeatedly is faster without
   * it, hence off by default. `EVENTSPEC_WORKERS=0|1` overrides either way.
   */
  readonly helperThread?: boolean;
  /**
   * The base of every emitted JSON Schema's `$id`, overriding each spec's `settings.schema_base_uri` (so one spec can
   * be published under a staging and a production address). An absolute URI; a TypeError otherwise.
   */
  readonly schemaBaseUri?: string;
}

export interface GenerateResult {
  /** True when there were no spec errors and (in check mode) nothing is stale. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Inputs that do not exist. */
  readonly missingInputs: readonly string[];
  /** Files written (write mode) or that would be (check mode), relative to the output directory. */
  readonly changed: readonly string[];
  /** Generated files on disk that no spec produces any more (deleted in write mode). */
  readonly extra: readonly string[];
  readonly unchanged: number;
}

/** Runs the pipeline. Never throws for a spec mistake: problems come back as diagnostics. */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = path.resolve(cwd, options.outDir ?? "generated");
  const { files, missing } = expandInputs(options.inputs, cwd);
  const check = options.check ?? false;
  const baseUri = options.schemaBaseUri;
  if (baseUri !== undefined && !isAbsoluteUri(baseUri)) throw new TypeError(`schemaBaseUri must be an absolute URI, got ${JSON.stringify(baseUri)}`);
  // Options that change the outputs for the same spec bytes are part of the key of the by-sources cache.
  const variant = baseUri === undefined ? "" : JSON.stringify({ schemaBaseUri: baseUri });
  const finish = (outputs: readonly OutputFile[], families: readonly string[]): GenerateResult => {
    const report = writeOutputs(outDir, outputs, { check, families });
    return {
      ok: !check || (report.changed.length === 0 && report.extra.length === 0),
      diagnostics: [],
      missingInputs: [],
      changed: report.changed,
      extra: report.extra,
      unchanged: report.unchanged,
    };
  };
  // The same spec bytes as a run that succeeded: its outputs, without the front end (generator/cache.ts).
  const hit = missing.length === 0 ? cachedBySources(files, cwd, variant) : undefined;
  if (hit !== undefined) return finish(hit.files, hit.families);
  // A large input gets a helper thread, started now so it loads ts-morph and prettier during the front end.
  const helper = missing.length === 0 && wantHelper(inputBytes(files), options.helperThread ?? false) ? EmitHelper.start() : undefined;
  try {
    const front = frontEnd().runFrontEnd(files, cwd);
    if (!front.program || missing.length > 0) {
      return { ok: false, diagnostics: front.diagnostics, missingInputs: missing, changed: [], extra: [], unchanged: 0 };
    }
    const program = baseUri === undefined ? front.program : withSchemaBaseUri(front.program, baseUri);
    const outputs = await cachedEmit(program, cwd, () => emitAll(program, helper));
    recordSources(files, cwd, program, variant);
    return finish(
      outputs,
      program.families.filter((f) => f.generated).map((f) => f.name),
    );
  } finally {
    helper?.close();
  }
}

/** The program with every family's schema `$id` base replaced (imports too: their `$ref`s use the same base). */
function withSchemaBaseUri(program: IrProgram, schemaBaseUri: string): IrProgram {
  return { ...program, families: program.families.map((f) => ({ ...f, settings: { ...f.settings, schemaBaseUri } })) };
}

/** An absolute URI (a scheme and what follows), as `$id` bases must be. */
export function isAbsoluteUri(s: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S+$/.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

/** The front end (YAML, ajv, the IR builder), loaded only when a run needs it. */
function frontEnd(): typeof FrontEnd {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("./frontend") as typeof FrontEnd;
}

function inputBytes(files: readonly string[]): number {
  let n = 0;
  for (const f of files) {
    try {
      n += fs.statSync(f).size;
    } catch {
      // a missing file is reported by the front end
    }
  }
  return n;
}

/**
 * Every emitter over the program, keeping only the files of families the user asked for, formatted, by path.
 * With a helper thread, the emitters that print through ts-morph run there while this thread runs the others; the
 * codec's layout is shared: its pieces go to the helper at once (it claims them when done with its own emitters),
 * this thread emits Rust and the schemas (no formatting to speak of) and then claims pieces too, smallest first
 * (its layout code is still cold), sending its pieces' prettier batches to the helper. Without one, or when the helper fails, everything runs here. Same bytes
 * either way.
 */
export async function emitAll(program: IrProgram, helper?: EmitHelper): Promise<OutputFile[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EMITTERS } = require("./emit/index") as typeof import("./emit/index");
  const skipped = new Set(program.families.filter((f) => !f.generated).map((f) => f.name));
  const run = (entries: readonly EmitterEntry[]) =>
    entries
      .flatMap((e) => e.emit(program))
      .filter((file) => !belongsTo(file.path, skipped))
      .map((file) => (isSupportCopy(file) ? { ...file, preformatted: true } : file));
  let formatted: OutputFile[];
  if (helper === undefined) {
    formatted = await formatOutputs(run(EMITTERS));
  } else {
    const remoteEntries = EMITTERS.filter((e) => HELPER_EMITTERS.has(e.name));
    const remote = helper.emit(program, remoteEntries.map((e) => e.name), [...skipped]).catch(() => formatOutputs(run(remoteEntries)));
    const local = EMITTERS.filter((e) => !HELPER_EMITTERS.has(e.name));
    const needsLayout = (e: EmitterEntry) => e.name === "codec";
    const firstDone = formatOutputs(run(local.filter(needsLayout)), helper.runBatch, helper.formatPieces);
    const rest = formatOutputs(run(local.filter((e) => !needsLayout(e))));
    formatted = (await Promise.all([remote, firstDone, rest])).flat();
  }
  return formatted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The support library is copied verbatim from generator/support/, whose sources are kept in prettier's layout
 * (test/unit/support-layout.test.ts fails otherwise), so formatting the copies would only confirm it — about 0.1 s
 * of prettier on every run.
 */
function isSupportCopy(file: OutputFile): boolean {
  return file.path.startsWith("_support/");
}
