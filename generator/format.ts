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
import { assembleLayout, JOB_SEPARATOR, oneTrailingNewline, planLayout, PRINT_WIDTH, splitNestedOutput } from "./layout";
import { shapeOf, unshape } from "./shapes";

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
  return oneTrailingNewline(text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);
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
 * Formats every file; order and paths are preserved. The result equals `formatWithPrettier` on every file.
 *
 * TypeScript goes through the layout pass (generator/layout.ts). A large file is planned piece by piece (pieces
 * end between top-level statements, where the layout of one does not depend on the next), and each piece's
 * prettier batches are handed to `run` as soon as it is planned. With `share` — another thread that formats
 * pieces too — both threads claim pieces until none is left (see `claimPieces`), so the split follows how busy
 * each thread is.
 */
export async function formatOutputs(files: readonly OutputFile[], run: BatchRunner = runBatch, share?: PieceSharer): Promise<OutputFile[]> {
  const memo: ShapeMemo = new Map();
  return Promise.all(
    files.map(async (f): Promise<OutputFile> => {
      const strategy = strategyFor(f);
      if (strategy === "as-is") return { path: f.path, content: normalizeText(f.content) };
      if (strategy === "prettier") return formatWithPrettier(f);
      const text = normalizeText(f.content);
      const segments = f.preformatted === "fitting" ? splitFitting(text) : [{ kept: false, text }];
      const pieces = segments.flatMap((s) => (s.kept ? [] : splitPieces(s.text)));
      const texts =
        share !== undefined && pieces.length > 1
          ? await formatShared(f.path, pieces, share, run, memo)
          : await Promise.all(pieces.map((piece) => formatPiece(f.path, piece, run, memo)));
      if (texts.some((t) => t === undefined)) return formatWithPrettier(f);
      // Pieces and segments end with a newline and were separated by blank lines (prettier keeps one).
      let next = 0;
      const out = segments.map((s) => (s.kept ? s.text : splitPieces(s.text).map(() => texts[next++]!).join("\n")));
      return { path: f.path, content: out.join("\n") };
    }),
  );
}

/**
 * Another thread that formats pieces: given the pieces and the shared claim flags, it claims pieces
 * (`claimPieces`, largest first) until none is left and resolves to what it formatted (piece index → text,
 * undefined for a piece it could not format).
 */
export type PieceSharer = (filePath: string, pieces: readonly string[], claims: SharedArrayBuffer) => Promise<Map<number, string | undefined>>;

/**
 * Claims pieces (a flag per piece in `claims`, set by whichever thread gets it first) and formats each in this
 * thread, with `run` for its prettier batches. The helper goes largest first — a piece that is one huge function
 * must not be the last one claimed —, the main thread smallest first: its layout code is still cold (several times
 * slower until the JIT has warmed up), so it should never hold up the end with a big piece.
 */
export async function claimPieces(
  filePath: string,
  pieces: readonly string[],
  claims: SharedArrayBuffer,
  largestFirst = true,
  run: BatchRunner = runBatch,
  memo: ShapeMemo = new Map(),
): Promise<Map<number, string | undefined>> {
  const flags = new Int32Array(claims);
  const order = pieces.map((_, k) => k).sort((a, b) => (pieces[b]!.length - pieces[a]!.length || a - b) * (largestFirst ? 1 : -1));
  const mine = new Map<number, Promise<string | undefined>>();
  for (const k of order) {
    if (Atomics.compareExchange(flags, k, 0, 1) !== 0) continue;
    mine.set(k, formatPiece(filePath, pieces[k]!, run, memo));
    // Between pieces, the thread answers what the other one waits on (its prettier batches, in the helper).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const done = new Map<number, string | undefined>();
  for (const [k, text] of mine) done.set(k, await text);
  return done;
}

async function formatShared(filePath: string, pieces: readonly string[], share: PieceSharer, run: BatchRunner, memo: ShapeMemo): Promise<(string | undefined)[]> {
  const claims = new SharedArrayBuffer(4 * pieces.length);
  const remote = share(filePath, pieces, claims).catch(() => new Map<number, string | undefined>());
  // The other thread may claim from now on; this one first finishes the synchronous work its caller has in hand
  // (generate(): the other emitters), then claims what is left.
  await new Promise((resolve) => setImmediate(resolve));
  const local = await claimPieces(filePath, pieces, claims, false, run, memo);
  const theirs = await remote;
  // A piece the other thread claimed but never returned (it is gone) is formatted here.
  return Promise.all(pieces.map(async (p, k) => (local.has(k) ? local.get(k) : theirs.has(k) ? theirs.get(k) : formatPiece(filePath, p, run, memo))));
}

/**
 * A `preformatted: "fitting"` file cut into runs of top-level statements (with their leading comments): `kept`
 * where every line of every statement fits the print width — the emitter printed those in prettier's layout —,
 * otherwise to be laid out. Statements are cut at a blank line followed by a line that starts at column 0; each
 * segment ends with a newline, and joining them with newlines gives the text back. A cut that is not really
 * between statements (a template literal's blank line) leaves a piece that fails to plan, which prettier then
 * formats alone: still exact.
 */
export function splitFitting(text: string): { kept: boolean; text: string }[] {
  const segments: { kept: boolean; text: string }[] = [];
  let from = 0;
  while (from < text.length) {
    const cut = nextTopLevelCut(text, from);
    const end = cut < 0 ? text.length : cut + 1;
    const unit = text.slice(from, end);
    const kept = fits(unit);
    const last = segments[segments.length - 1];
    if (last !== undefined && last.kept === kept) last.text += "\n" + unit;
    else segments.push({ kept, text: unit });
    from = end + 1;
  }
  return segments;
}

/** The index of the first newline of the next "\n\n" after `from` that is followed by a non-blank character, or -1. */
function nextTopLevelCut(text: string, from: number): number {
  for (let at = text.indexOf("\n\n", from); at >= 0; at = text.indexOf("\n\n", at + 1)) {
    const c = text.charCodeAt(at + 2);
    if (at + 2 < text.length && c !== 32 && c !== 9 && c !== 10) return at;
  }
  return -1;
}

/**
 * Every line at most PRINT_WIDTH columns wide, counting a non-ASCII code unit as two columns: no character is wider
 * than that in prettier's measure (a wide character is one unit and two columns, an astral one two units).
 */
function fits(unit: string): boolean {
  const ascii = !NON_ASCII.test(unit);
  for (let start = 0; start < unit.length; ) {
    let end = unit.indexOf("\n", start);
    if (end < 0) end = unit.length;
    // An ASCII line's width is its length; another is counted character by character when it might be too wide.
    const length = end - start;
    if (ascii ? length > PRINT_WIDTH : 2 * length > PRINT_WIDTH && columns(unit, start, end) > PRINT_WIDTH) return false;
    start = end + 1;
  }
  return true;
}

const NON_ASCII = /[^\x00-\x7f]/;

function columns(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += text.charCodeAt(i) > 127 ? 2 : 1;
  return n;
}

/** Files larger than this are planned in pieces of about this size. */
const PIECE_BYTES = 192 * 1024;

/**
 * Splits text at blank lines followed by a top-level function declaration, into pieces of about `PIECE_BYTES`.
 * Each piece is whole top-level statements; one whose split point was not really between statements (inside a
 * template literal, say) fails to plan and is formatted by prettier alone, which is still exact.
 */
function splitPieces(text: string): string[] {
  if (text.length <= PIECE_BYTES) return [text];
  const out: string[] = [];
  let from = 0;
  while (text.length - from > PIECE_BYTES) {
    const at = text.slice(from + PIECE_BYTES).search(/\n\n(?=(?:export )?function )/);
    if (at < 0) break;
    const cut = from + PIECE_BYTES + at + 1;
    out.push(text.slice(from, cut));
    from = cut + 1;
  }
  out.push(text.slice(from));
  return out;
}

/**
 * One piece through the layout pass: plan, run its prettier batches (started at once), assemble. A batch that does
 * not come back as its jobs is redone here job by job; when a job or the assembly fails, the piece is formatted by
 * prettier alone — undefined when even that fails (the caller then formats the whole file, naming the emitter bug).
 */
async function formatPiece(filePath: string, text: string, run: BatchRunner, memo: ShapeMemo): Promise<string | undefined> {
  const plan = planLayout(text);
  const nested: number[] = [];
  const units: number[] = [];
  plan.jobs.forEach((j, k) => (j.nest > 0 ? nested : units).push(k));
  const batches = [
    { kind: "nested" as const, jobs: nested },
    { kind: "units" as const, jobs: units },
  ].filter((b) => b.jobs.length > 0);
  const outputs = await Promise.all(batches.map((b) => runShaped(b.kind, b.jobs.map((k) => plan.jobs[k]!.source), run, memo)));
  const results = new Array<string>(plan.jobs.length);
  try {
    for (let b = 0; b < batches.length; b++) {
      const { jobs } = batches[b]!;
      for (let k = 0; k < jobs.length; k++) {
        results[jobs[k]!] = outputs[b]![k] ?? (await prettierFormat(filePath, plan.jobs[jobs[k]!]!.source, "babel-ts", PRINT_WIDTH));
      }
    }
    const assembled = assembleLayout(plan, results);
    if (assembled !== undefined) return assembled;
  } catch {
    // fall through: the piece alone
  }
  try {
    return normalizeText(await prettierFormat(filePath, text, "babel-ts", PRINT_WIDTH));
  } catch {
    return undefined;
  }
}

/**
 * Prettier's result for each shape (generator/shapes.ts) of one `formatOutputs` call, by batch kind and shape, so
 * the same shape is formatted once however many pieces and files hold it.
 */
type ShapeMemo = Map<string, Promise<string | undefined>>;

/**
 * Each of `sources` through prettier (one batch of the shapes `memo` does not have yet), or undefined for a job
 * whose result did not come back. A runner that fails (a helper thread that is gone) leaves its batch to this thread.
 */
async function runShaped(kind: BatchKind, sources: readonly string[], run: BatchRunner, memo: ShapeMemo): Promise<(string | undefined)[]> {
  const shapes = sources.map(shapeOf);
  const keys = sources.map((s, k) => `${kind}\0${shapes[k]?.key ?? s}`);
  const fresh = new Map<string, string>(); // key → the source prettier gets
  keys.forEach((key, k) => {
    if (!memo.has(key)) fresh.set(key, shapes[k]?.key ?? sources[k]!);
  });
  if (fresh.size > 0) {
    const todo = [...fresh.values()];
    const batch = run(kind, todo).catch(() => runBatch(kind, todo));
    [...fresh.keys()].forEach((key, i) => memo.set(key, batch.then((outputs) => outputs?.[i])));
  }
  return Promise.all(
    keys.map(async (key, k) => {
      const output = await memo.get(key)!;
      const shape = shapes[k];
      return output === undefined || shape === undefined ? output : unshape(output, shape);
    }),
  );
}

/**
 * `nested`: statements wrapped in blocks (generator/layout.ts), joined by newlines, split back at the top-level
 * blocks; `units`: whole top-level statements, separated by a comment line.
 */
export type BatchKind = "nested" | "units";

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
