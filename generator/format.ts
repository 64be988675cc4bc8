/**
 * prettier over the TypeScript ts-morph prints (types, names, tables, accessors, barrels), with fixed options: no
 * config file, no `.editorconfig`, no plugins resolved from the environment, so the output is the same on every
 * machine. Files an emitter prints in its own fixed layout (`preformatted`: the codec, the JSON Schemas, the copies
 * of the support library) and Rust (which rustfmt owns) pass through with line endings normalized.
 */
import type { OutputFile } from "./ir/types";

/** The options every formatted file is printed with. */
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

/** LF line endings and exactly one trailing newline. */
export function normalizeText(text: string): string {
  const lf = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  let end = lf.length;
  while (end > 0 && lf.charCodeAt(end - 1) === 10) end--;
  return end === lf.length - 1 ? lf : `${lf.slice(0, end)}\n`;
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

/**
 * TypeScript goes through prettier's `babel-ts` parser: it prints the same code as the `typescript` parser in about
 * half the time. Should it ever reject a file, the `typescript` parser retries.
 */
function parserFor(path: string): string | undefined {
  if (path.endsWith(".ts") || path.endsWith(".mts") || path.endsWith(".cts")) return "babel-ts";
  if (path.endsWith(".json")) return "json";
  return undefined;
}

/** Formats one file with prettier (files prettier does not know are only normalized). */
export async function formatWithPrettier(file: OutputFile): Promise<OutputFile> {
  const parser = parserFor(file.path);
  if (parser === undefined) return { path: file.path, content: normalizeText(file.content) };
  return { path: file.path, content: normalizeText(await prettierFormat(file.path, file.content, parser)) };
}

async function prettierFormat(filePath: string, source: string, parser: string): Promise<string> {
  const { prettier, plugins } = loadPrettier();
  try {
    try {
      return await prettier.format(source, { ...PRETTIER_OPTIONS, parser, plugins });
    } catch (babelError) {
      if (parser !== "babel-ts") throw babelError;
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const typescript: unknown = require("prettier/plugins/typescript");
      return await prettier.format(source, { ...PRETTIER_OPTIONS, parser: "typescript", plugins: [...plugins, typescript] });
    }
  } catch (e) {
    // Prettier only fails on a syntax error: an emitter produced invalid code. Name the file, keep prettier's text.
    const msg = e instanceof Error ? e.message : String(e);
    throw new Error(`eventspec: generated ${filePath} does not parse (emitter bug):\n${msg}`);
  }
}

/**
 * Formats every file; order and paths are preserved. A file an emitter printed in its own layout (`preformatted`,
 * whatever its value) is only normalized.
 */
export async function formatOutputs(files: readonly OutputFile[]): Promise<OutputFile[]> {
  return Promise.all(files.map((f) => (f.preformatted ? { path: f.path, content: normalizeText(f.content) } : formatWithPrettier(f))));
}
