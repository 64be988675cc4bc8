/**
 * Every generated file in prettier's layout, with fixed options: no config file, no `.editorconfig`, no plugins
 * resolved from the environment, so the output is the same on every machine. Rust (which rustfmt owns) passes
 * through with line endings normalized.
 *
 * The output is exactly one prettier pass's (`formatWithPrettier`, the reference), but prettier only runs where it
 * changes something: files an emitter prints in prettier's layout (`preformatted`: the JSON Schemas) are kept, and
 * TypeScript goes through generator/layout.ts, which keeps what is already laid out and batches the rest into a few
 * prettier calls. A 5 MB codec then costs tens of milliseconds of prettier instead of seconds.
 */
import type { OutputFile } from "./ir/types";
import { assembleLayout, JOB_SEPARATOR, planLayout, PRINT_WIDTH, splitNestedOutput, type LayoutPlan } from "./layout";

/** The options every generated TS/JSON file is printed with. */
export const PRETTIER_OPTIONS = {
  printWidth: PRINT_WIDTH,
  tabWidth: 2,
  useTabs: false,
  semi: true,
  singleQuote: false,
  quoteProps: "as-needed",
  trailingComma: "all",
  bracketSpacing: true,
  arrowParens: "always",
  endOfLine: "lf",
  proseWrap: "preserve",
  embeddedLanguageFormatting: "off",
} as const;

/**
 * TypeScript goes through prettier's `babel-ts` parser: it prints the same code as the `typescript` parser (checked
 * on every generated file) in about half the time. Should it ever reject a file, the `typescript` parser retries.
 */
function parserFor(path: string): string | undefined {
  if (path.endsWith(".ts") || path.endsWith(".mts") || path.endsWith(".cts")) return "babel-ts";
  if (path.endsWith(".json")) return "json";
  return undefined;
}

/** LF line endings and exactly one trailing newline. */
export function normalizeText(text: string): string {
  const lf = text.replace(/\r\n?/g, "\n");
  return lf.endsWith("\n") ? lf.replace(/\n+$/, "\n") : `${lf}\n`;
}

interface Prettier {
  format(source: string, options: Record<string, unknown>): Promise<string>;
}

let loaded: { prettier: Prettier; plugins: unknown[] } | undefined;

/**
 * Prettier's standalone build with its Babel (TS and JSON) and ESTree plugins, loaded on first use. The standalone
 * build never looks for config files or plugins on disk and needs no dynamic `import()`.
 */
function loadPrettier(): { prettier: Prettier; plugins: unknown[] } {
  /* eslint-disable @typescript-eslint/no-require-imports */
  loaded ??= {
    prettier: require("prettier/standalone") as Prettier,
    plugins: [require("prettier/plugins/babel"), require("prettier/plugins/estree")],
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

/** The `typescript` parser, only for a file `babel-ts` rejects. */
function typescriptPlugin(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("prettier/plugins/typescript");
}

/** Formats one file with one full prettier pass: the reference `formatOutputs` must equal (tests compare the two). */
export async function formatWithPrettier(file: OutputFile): Promise<OutputFile> {
  const parser = parserFor(file.path);
  if (parser === undefined) return { path: file.path, content: normalizeText(file.content) };
  return { path: file.path, content: normalizeText(await prettierFormat(file.path, file.content, parser, PRETTIER_OPTIONS.printWidth)) };
}

async function prettierFormat(filePath: string, source: string, parser: string, printWidth: number): Promise<string> {
  const { prettier, plugins } = loadPrettier();
  try {
    try {
      return await prettier.format(source, { ...PRETTIER_OPTIONS, printWidth, parser, plugins });
    } catch (babelError) {
      if (parser !== "babel-ts") throw babelError;
      return await prettier.format(source, { ...PRETTIER_OPTIONS, printWidth, parser: "typescript", plugins: [...plugins, typescriptPlugin()] });
    }
  } catch (e) {
    // Prettier only fails on a syntax error: an emitter produced invalid code. Name the file, keep prettier's text.
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`eventspec: generated ${filePath} does not parse (emitter bug):\n${msg}`);
  }
}

/**
 * How a file is brought into prettier's layout: `as-is` for files whose emitter already prints it (`preformatted`,
 * tested against prettier by that emitter's tests) and files prettier does not format, `layout` for TypeScript
 * (generator/layout.ts), `prettier` for any other JSON.
 */
function strategyFor(file: OutputFile): "as-is" | "layout" | "prettier" {
  const parser = parserFor(file.path);
  if (parser === undefined || file.preformatted === true) return "as-is";
  return parser === "babel-ts" ? "layout" : "prettier";
}

/**
 * Formats every file; order and paths are preserved. The result equals `formatWithPrettier` on every file (the
 * layout pass hands prettier only the statements that need it, all files' jobs batched per width).
 */
export async function formatOutputs(files: readonly OutputFile[]): Promise<OutputFile[]> {
  return finishFormat(planFormat(files));
}

/** What formatting a set of files takes: each file's strategy and layout plan, the prettier jobs in two batches. */
export interface FormatPlan {
  readonly files: readonly OutputFile[];
  readonly layouts: readonly (LayoutPlan | undefined)[];
  /** The jobs of every file (file index, job index in its plan, source), by kind (see `BatchKind`). */
  readonly batches: readonly { readonly kind: BatchKind; readonly jobs: readonly { file: number; job: number; source: string }[] }[];
}

/**
 * `nested`: statements wrapped in blocks (generator/layout.ts), joined by newlines, split back at the top-level
 * blocks; `units`: whole top-level statements, separated by a comment line.
 */
export type BatchKind = "nested" | "units";

/** The synchronous half of `formatOutputs`: strategies and layout plans. */
export function planFormat(files: readonly OutputFile[]): FormatPlan {
  const layouts = files.map((f) => (strategyFor(f) === "layout" ? planLayout(normalizeText(f.content)) : undefined));
  const nested: { file: number; job: number; source: string }[] = [];
  const units: { file: number; job: number; source: string }[] = [];
  layouts.forEach((p, file) => p?.jobs.forEach((j, job) => (j.nest > 0 ? nested : units).push({ file, job, source: j.source })));
  const batches = [
    ...(nested.length > 0 ? [{ kind: "nested" as const, jobs: nested }] : []),
    ...(units.length > 0 ? [{ kind: "units" as const, jobs: units }] : []),
  ];
  return { files, layouts, batches };
}

/**
 * Runs one batch: prettier over `sources`, one result per source, or undefined when the batch cannot be split back
 * into its jobs (each job is then formatted alone).
 */
export type BatchRunner = (kind: BatchKind, sources: readonly string[]) => Promise<string[] | undefined>;

const UNIT_SEP = `\n${JOB_SEPARATOR}\n`;

/** `BatchRunner` in this thread: one prettier call per batch. */
export async function runBatch(kind: BatchKind, sources: readonly string[]): Promise<string[] | undefined> {
  try {
    if (kind === "nested") return splitNestedOutput(await prettierFormat("(layout)", sources.join("\n"), "babel-ts", PRINT_WIDTH), sources.length);
    const outputs = (await prettierFormat("(layout)", sources.join(UNIT_SEP), "babel-ts", PRINT_WIDTH)).split(UNIT_SEP);
    return outputs.length === sources.length ? outputs : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The asynchronous half: runs the batches (both started at once, through `run` — another thread's runner, say),
 * then assembles every file. A batch that does not come back as its jobs is redone here job by job; a file with a
 * job prettier rejects is formatted whole, which names the emitter bug if there is one.
 */
export async function finishFormat(plan: FormatPlan, run: BatchRunner = runBatch): Promise<OutputFile[]> {
  const { files, layouts } = plan;
  const results: (string[] | undefined)[] = layouts.map((p) => (p ? new Array<string>(p.jobs.length) : undefined));
  // A runner that fails (a helper thread that is gone) leaves its batch to this thread.
  const batchOutputs = await Promise.all(
    plan.batches.map((b) => {
      const sources = b.jobs.map((j) => j.source);
      return run(b.kind, sources).catch(() => runBatch(b.kind, sources));
    }),
  );
  for (let b = 0; b < plan.batches.length; b++) {
    const { jobs } = plan.batches[b]!;
    const outputs = batchOutputs[b];
    for (let k = 0; k < jobs.length; k++) {
      const g = jobs[k]!;
      if (results[g.file] === undefined) continue;
      let out = outputs?.[k];
      if (out === undefined) {
        try {
          out = await prettierFormat(files[g.file]!.path, g.source, "babel-ts", PRINT_WIDTH);
        } catch {
          results[g.file] = undefined;
          continue;
        }
      }
      results[g.file]![g.job] = out;
    }
  }
  return Promise.all(
    files.map(async (f, i) => {
      const strategy = strategyFor(f);
      if (strategy === "as-is") return { path: f.path, content: normalizeText(f.content) };
      if (strategy === "prettier") return formatWithPrettier(f);
      const r = results[i];
      const content = r === undefined ? undefined : assembleLayout(layouts[i]!, r);
      return content === undefined ? formatWithPrettier(f) : { path: f.path, content };
    }),
  );
}
