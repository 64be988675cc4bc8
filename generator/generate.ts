/**
 * `generate(options)`: the whole pipeline, in order — load → validate → build IR → emit → format → write.
 * The CLI (`scripts/eventspec.js`) is a thin shell around this function.
 */
import * as path from "node:path";
import type { Diagnostic } from "./diagnostics";
import { EMITTERS } from "./emit/index";
import { runFrontEnd } from "./frontend";
import type { IrProgram, OutputFile } from "./ir/types";
import { formatOutputs } from "./format";
import { expandInputs } from "./load";
import { manifestFile, manifestSpecs, readManifest } from "./manifest";
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
  // The families the output directory already holds are generated too (generator/manifest.ts).
  const manifest = readManifest(outDir, cwd);
  const front = runFrontEnd([...files, ...manifestSpecs(manifest, files, cwd)], cwd);
  if (!front.program || missing.length > 0) {
    return { ok: false, diagnostics: front.diagnostics, missingInputs: missing, changed: [], extra: [], unchanged: 0 };
  }
  const program = baseUri === undefined ? front.program : withSchemaBaseUri(front.program, baseUri);
  const outputs = [...(await emitAll(program)), manifestFile(program)];
  // In scope for removal: this run's families and the manifest's (a family whose spec is gone leaves extras).
  const families = [...new Set([...program.families.filter((f) => f.generated).map((f) => f.name), ...manifest.keys()])];
  const report = writeOutputs(outDir, outputs, { check, families });
  return {
    ok: !check || (report.changed.length === 0 && report.extra.length === 0),
    diagnostics: [],
    missingInputs: [],
    changed: report.changed,
    extra: report.extra,
    unchanged: report.unchanged,
  };
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

/** Every emitter over the program, keeping only the files of families the user asked for, formatted, by path. */
export async function emitAll(program: IrProgram): Promise<OutputFile[]> {
  const skipped = new Set(program.families.filter((f) => !f.generated).map((f) => f.name));
  const files = EMITTERS.flatMap((e) => e.emit(program))
    .filter((file) => !belongsTo(file.path, skipped))
    .map((file) => (isSupportCopy(file) ? { ...file, preformatted: true } : file));
  const formatted = await formatOutputs(files);
  return formatted.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** `<family>/…`, `rust/<family>.rs`, `schemas/<family>.schema.json` belong to that family. */
function belongsTo(filePath: string, families: ReadonlySet<string>): boolean {
  if (families.size === 0) return false;
  const [first] = filePath.split("/");
  const stem = path.posix.basename(filePath).split(".")[0]!;
  return families.has(first!) || families.has(stem);
}

/**
 * The support library is copied verbatim from generator/support/, whose sources are kept in prettier's layout
 * (test/unit/support-layout.test.ts fails otherwise), so formatting the copies would only confirm it — about 0.1 s
 * of prettier on every run.
 */
function isSupportCopy(file: OutputFile): boolean {
  return file.path.startsWith("_support/");
}
