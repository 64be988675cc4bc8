/**
 * The command line:
 *   eventspec gen   [specs…] [--out DIR] [--check] [--schema-base-uri URI] [--format F]
 *   eventspec check [specs…] [--format F]
 *   eventspec diff  <old> [new] [--against REF] [--pair OLD=NEW]… [--mode M] [--format F] [--no-witnesses]
 *   eventspec --version
 * Exit codes: 0 ok; 1 spec errors, stale output, or a diff that fails its mode; 2 usage errors; 3
 * (scripts/eventspec.js) the CLI is not built, or its build is older than its sources.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { formatDiagnostic, type Diagnostic } from "./diagnostics";
import type { Mode } from "./diff/findings";
import type { ReportFormat } from "./diff/report";
import { runDiff } from "./diff/run";
import { expandInputs } from "./load";
import { generate, isAbsoluteUri } from "./generate";
import { annotation } from "./github-annotations";
import { UnsafeOutputPathError } from "./write";

const EXIT_CODES = `Exit codes:
  0  ok
  1  spec errors, stale generated files (--check), or a diff that fails its --mode
  2  usage errors (unknown flags, missing inputs, an unsafe output path)
  3  the CLI's build is missing or older than its sources (run \`npm run build\`)

Environment:
  EVENTSPEC_ESBUILD=0  diff: transpile codecs for witnesses with TypeScript even where esbuild is installed`;

const FORMATS = ["text", "json", "github"] as const;

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("eventspec")
    .description("Generate TypeScript types, serde-exact codecs, JSON Schemas and Rust from YAML event specs.")
    .version(packageVersion(), "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) })
    .showHelpAfterError("(run `eventspec --help` for usage)")
    .addHelpText("after", `\n${EXIT_CODES}`);
  const format = () => new Option("--format <format>", "how diagnostics are printed").choices(FORMATS).default("text");
  program
    .command("gen")
    .description("generate code from spec files (directories contribute their *.yaml files)")
    .argument("[specs...]", "spec files or directories", ["schema"])
    .option("-o, --out <dir>", "output directory", "generated")
    .option("--check", "do not write; exit 1 if any generated file is stale, missing or extra")
    .option("--schema-base-uri <uri>", "base of the JSON Schemas' $id (overrides each spec's settings.schema_base_uri)", schemaBaseUri)
    .addOption(format())
    .addHelpText("after", `\n${EXIT_CODES}`)
    .action(async (specs: string[], opts: GenOptions) => {
      exitCode = await runGen(specs, opts, argv, out, err);
    });
  program
    .command("check")
    .description("report every spec diagnostic; write nothing")
    .argument("[specs...]", "spec files or directories", ["schema"])
    .addOption(format())
    .addHelpText("after", `\n${EXIT_CODES}`)
    .action((specs: string[], opts: { format: DiagnosticFormat }) => {
      exitCode = runCheck(specs, opts.format, out, err);
    });
  program
    .command("diff")
    .description("classify every change between two versions of the specs by serde's wire rules (docs/evolution.md)")
    .argument("[old]", "old specs: a file, a directory, or git:<ref>[:<path>]")
    .argument("[new]", "new specs: a file, a directory, or git:<ref>[:<path>]", "schema")
    .option("--against <ref>", "compare the specs as committed at <ref> with the working tree (old = git:<ref>:<new>)")
    .option("--pair <old=new>", "compare families of different names (repeatable)", collectPair, new Map<string, string>())
    .addOption(new Option("--mode <mode>", "directions that fail the run").choices(["backward", "forward", "full", "none"]).default("backward"))
    .addOption(new Option("--format <format>", "report format").choices(FORMATS).default("text"))
    .option("--no-witnesses", "do not run both versions' codecs to find witness events")
    .addHelpText("after", `\n${EXIT_CODES}`)
    .action((old: string | undefined, neu: string, opts: DiffCliOptions, command: Command) => {
      // With --against, the one spec argument is the new side: `eventspec diff --against main schema`.
      const given = command.args.length;
      if (opts.against !== undefined && given <= 1) exitCode = runDiffCommand(undefined, old ?? neu, opts, out, err);
      else exitCode = runDiffCommand(given === 0 ? undefined : old, neu, opts, out, err);
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return exitCode;
}

type DiagnosticFormat = (typeof FORMATS)[number];

interface GenOptions {
  readonly out: string;
  readonly check?: boolean;
  readonly schemaBaseUri?: string;
  readonly format: DiagnosticFormat;
}

interface DiffCliOptions {
  readonly against?: string;
  readonly pair: Map<string, string>;
  readonly mode: Mode;
  readonly format: ReportFormat;
  readonly witnesses: boolean;
}

function packageVersion(): string {
  // generator/cli.ts and generator/dist/eventspec.cjs both sit one level below the package root.
  for (const dir of [path.join(__dirname, ".."), path.join(__dirname, "..", "..")]) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === "eventspec" && pkg.version !== undefined) return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return "unknown";
}

function schemaBaseUri(uri: string): string {
  if (!isAbsoluteUri(uri)) throw new InvalidArgumentError(`expected an absolute URI such as https://example.com/schemas/, got "${uri}"`);
  return uri;
}

function collectPair(value: string, pairs: Map<string, string>): Map<string, string> {
  const m = /^([a-z_][a-z0-9_]*)=([a-z_][a-z0-9_]*)$/.exec(value);
  if (m === null) throw new InvalidArgumentError(`expected <old family>=<new family>, e.g. harn_legacy=harn, got "${value}"`);
  return new Map([...pairs, [m[1]!, m[2]!]]);
}

/** Diagnostics as text (`file:line:col: message`), JSON (an array) or GitHub workflow annotations. */
function printDiagnostics(ds: readonly Diagnostic[], format: DiagnosticFormat, out: NodeJS.WritableStream, err: NodeJS.WritableStream): void {
  switch (format) {
    case "text":
      for (const d of ds) err.write(formatDiagnostic(d) + "\n");
      return;
    case "json":
      out.write(JSON.stringify(ds.map((d) => ({ code: d.code, file: d.loc.file, line: d.loc.line, col: d.loc.col, message: d.message, ...(d.hint ? { hint: d.hint } : {}) })), null, 2) + "\n");
      return;
    case "github":
      for (const d of ds) {
        const props = { file: d.loc.file, line: d.loc.line, col: d.loc.col, title: `eventspec: ${d.code}` };
        out.write(annotation("error", props, d.hint ? `${d.message} (hint: ${d.hint})` : d.message) + "\n");
      }
      return;
  }
}

function summary(ds: readonly Diagnostic[]): string {
  const files = new Set(ds.map((d) => d.loc.file)).size;
  return `${ds.length} error${ds.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}`;
}

async function runGen(specs: string[], opts: GenOptions, argv: readonly string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { out: outDir, check = false, schemaBaseUri } = opts;
  let result: Awaited<ReturnType<typeof generate>>;
  try {
    result = await generate({ inputs: specs, outDir, check, ...(schemaBaseUri !== undefined ? { schemaBaseUri } : {}) });
  } catch (e) {
    if (!(e instanceof UnsafeOutputPathError)) throw e;
    err.write(`${e.message}\n`);
    return 2;
  }
  for (const missing of result.missingInputs) err.write(`eventspec: no such file or directory: ${missing}\n`);
  if (result.missingInputs.length > 0) return 2;
  if (result.diagnostics.length > 0) {
    printDiagnostics(result.diagnostics, opts.format, out, err);
    err.write(`eventspec: ${summary(result.diagnostics)}; nothing was written\n`);
    return 1;
  }
  if (check) {
    if (result.changed.length === 0 && result.extra.length === 0) {
      out.write(`eventspec: ${outDir}/ is up to date (${result.unchanged} files)\n`);
      return 0;
    }
    for (const f of result.changed) err.write(`stale or missing: ${outDir}/${f}\n`);
    for (const f of result.extra) err.write(`extra (no spec produces it): ${outDir}/${f}\n`);
    // The command that regenerates: the same one without --check (and without --format, which only prints).
    const rerun = withoutFlags(argv, ["--check"], ["--format"]);
    err.write(`eventspec: ${outDir}/ is out of date — run \`eventspec ${rerun.map(shellQuote).join(" ")}\`\n`);
    return 1;
  }
  out.write(`eventspec: wrote ${result.changed.length} file${result.changed.length === 1 ? "" : "s"}, removed ${result.extra.length}, ${result.unchanged} unchanged (${outDir}/)\n`);
  return 0;
}

function runCheck(specs: string[], format: DiagnosticFormat, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  const cwd = process.cwd();
  const { files, missing } = expandInputs(specs, cwd);
  for (const m of missing) err.write(`eventspec: no such file or directory: ${m}\n`);
  if (missing.length > 0) return 2;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runFrontEnd } = require("./frontend") as typeof import("./frontend");
  const front = runFrontEnd(files, cwd);
  printDiagnostics(front.diagnostics, format, out, err);
  if (front.diagnostics.length > 0) {
    err.write(`eventspec: ${summary(front.diagnostics)}\n`);
    return 1;
  }
  if (format === "text") out.write(`eventspec: ${files.length} spec file${files.length === 1 ? "" : "s"}, no problems\n`);
  return 0;
}

function runDiffCommand(old: string | undefined, neu: string, opts: DiffCliOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): number {
  if ((old === undefined) === (opts.against === undefined)) {
    err.write("eventspec diff: give the old and the new specs, or --against <ref> and the new ones (see `eventspec diff --help`)\n");
    return 2;
  }
  const before = old ?? `git:${opts.against}:${neu}`;
  const r = runDiff({ old: before, new: neu, mode: opts.mode, format: opts.format, pairs: opts.pair, witnesses: opts.witnesses });
  out.write(r.output);
  err.write(r.errors);
  return r.exitCode;
}

/** `argv` without the boolean flags `drop` and the flags with a value `dropWithValue` (`--f v` or `--f=v`). */
function withoutFlags(argv: readonly string[], drop: readonly string[], dropWithValue: readonly string[]): string[] {
  const outArgs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (drop.includes(a)) continue;
    if (dropWithValue.includes(a)) {
      i++;
      continue;
    }
    if (dropWithValue.some((f) => a.startsWith(`${f}=`))) continue;
    outArgs.push(a);
  }
  return outArgs;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
