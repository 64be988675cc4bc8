/**
 * One prettier pass over every generated file, with fixed options: no config file, no `.editorconfig`, no plugins
 * resolved from the environment, so the output is the same on every machine. TypeScript and JSON are formatted;
 * other files (Rust, which rustfmt owns) pass through with line endings normalized.
 */
import type { OutputFile } from "./ir/types";

/** The options every generated TS/JSON file is printed with. */
export const PRETTIER_OPTIONS = {
  printWidth: 120,
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

/** Formats one file (one prettier pass). */
export async function formatFile(file: OutputFile): Promise<OutputFile> {
  const parser = parserFor(file.path);
  if (parser === undefined) return { path: file.path, content: normalizeText(file.content) };
  const { prettier, plugins } = loadPrettier();
  try {
    let content: string;
    try {
      content = await prettier.format(file.content, { ...PRETTIER_OPTIONS, parser, plugins });
    } catch (babelError) {
      if (parser !== "babel-ts") throw babelError;
      content = await prettier.format(file.content, { ...PRETTIER_OPTIONS, parser: "typescript", plugins: [...plugins, typescriptPlugin()] });
    }
    return { path: file.path, content: normalizeText(content) };
  } catch (e) {
    // Prettier only fails on a syntax error: an emitter produced invalid code. Name the file, keep prettier's text.
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`eventspec: generated ${file.path} does not parse (emitter bug):\n${msg}`);
  }
}

/** Formats every file; order and paths are preserved. */
export async function formatOutputs(files: readonly OutputFile[]): Promise<OutputFile[]> {
  return Promise.all(files.map(formatFile));
}
