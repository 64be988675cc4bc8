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
import { assembleLayout, JOB_SEPARATOR, planLayout, PRINT_WIDTH, type LayoutPlan } from "./layout";

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
  const plans: (LayoutPlan | undefined)[] = files.map((f) => (strategyFor(f) === "layout" ? planLayout(normalizeText(f.content)) : undefined));
  const results = await runJobs(files, plans);
  return Promise.all(
    files.map(async (f, i) => {
      const strategy = strategyFor(f);
      if (strategy === "as-is") return { path: f.path, content: normalizeText(f.content) };
      if (strategy === "prettier") return formatWithPrettier(f);
      const r = results[i];
      const content = r === undefined ? undefined : assembleLayout(plans[i]!, r);
      return content === undefined ? formatWithPrettier(f) : { path: f.path, content };
    }),
  );
}

/**
 * Runs every plan's prettier jobs, batched: one prettier call per print width, the jobs separated by a comment
 * line. A batch that does not come back as exactly its jobs is redone job by job; a file with a job prettier
 * rejects gets `undefined` (it is then formatted whole, which names the emitter bug if there is one).
 */
async function runJobs(files: readonly OutputFile[], plans: readonly (LayoutPlan | undefined)[]): Promise<(string[] | undefined)[]> {
  const results: (string[] | undefined)[] = plans.map((p) => (p ? new Array<string>(p.jobs.length) : undefined));
  const byWidth = new Map<number, { file: number; job: number; source: string }[]>();
  plans.forEach((p, file) =>
    p?.jobs.forEach((j, job) => {
      let group = byWidth.get(j.width);
      if (!group) byWidth.set(j.width, (group = []));
      group.push({ file, job, source: j.source });
    }),
  );
  const sep = `\n${JOB_SEPARATOR}\n`;
  for (const [width, group] of [...byWidth].sort((a, b) => a[0] - b[0])) {
    let outputs: string[] | undefined;
    try {
      const text = await prettierFormat("(layout)", group.map((g) => g.source).join(sep), "babel-ts", width);
      outputs = text.split(sep);
      if (outputs.length !== group.length) outputs = undefined;
    } catch {
      outputs = undefined;
    }
    for (let k = 0; k < group.length; k++) {
      const g = group[k]!;
      if (results[g.file] === undefined) continue;
      let out = outputs?.[k];
      if (out === undefined) {
        try {
          out = await prettierFormat(files[g.file]!.path, group[k]!.source, "babel-ts", width);
        } catch {
          results[g.file] = undefined;
          continue;
        }
      }
      results[g.file]![g.job] = out;
    }
  }
  return results;
}
