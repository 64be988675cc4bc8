/**
 * The command line: `eventspec gen [specs or dirs…] [--out DIR] [--check] [--schema-base-uri URI]`.
 * Exit codes: 0 ok; 1 spec errors or stale output; 2 usage errors; 3 (scripts/eventspec.js) the CLI is not built,
 * or its build is older than its sources.
 */
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { formatDiagnostic } from "./diagnostics";
import { generate, isAbsoluteUri } from "./generate";
import { UnsafeOutputPathError } from "./write";

/** Runs the CLI with `argv` (without node and script) and resolves to the exit code. */
export async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("eventspec")
    .description("Generate TypeScript types, serde-exact codecs, JSON Schemas and Rust from YAML event specs.")
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.write(s), writeErr: (s) => err.write(s) })
    .showHelpAfterError("(run `eventspec gen --help` for usage)");
  program
    .command("gen")
    .description("generate code from spec files (directories contribute their *.yaml files)")
    .argument("[specs...]", "spec files or directories", ["schema"])
    .option("-o, --out <dir>", "output directory", "generated")
    .option("--check", "do not write; exit 1 if any generated file is stale, missing or extra")
    .option("--schema-base-uri <uri>", "base of the JSON Schemas' $id (overrides each spec's settings.schema_base_uri)", schemaBaseUri)
    .action(async (specs: string[], opts: GenOptions) => {
      exitCode = await runGen(specs, opts, out, err);
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return exitCode;
}

interface GenOptions {
  readonly out: string;
  readonly check?: boolean;
  readonly schemaBaseUri?: string;
}

function schemaBaseUri(uri: string): string {
  if (!isAbsoluteUri(uri)) throw new InvalidArgumentError(`expected an absolute URI such as https://example.com/schemas/, got "${uri}"`);
  return uri;
}

async function runGen(specs: string[], opts: GenOptions, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
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
    for (const d of result.diagnostics) err.write(formatDiagnostic(d) + "\n");
    const files = new Set(result.diagnostics.map((d) => d.loc.file)).size;
    err.write(`eventspec: ${result.diagnostics.length} error${result.diagnostics.length === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}; nothing was written\n`);
    return 1;
  }
  if (check) {
    if (result.changed.length === 0 && result.extra.length === 0) {
      out.write(`eventspec: ${outDir}/ is up to date (${result.unchanged} files)\n`);
      return 0;
    }
    for (const f of result.changed) err.write(`stale or missing: ${outDir}/${f}\n`);
    for (const f of result.extra) err.write(`extra (no spec produces it): ${outDir}/${f}\n`);
    err.write(`eventspec: ${outDir}/ is out of date — run \`npm run gen\`\n`);
    return 1;
  }
  out.write(`eventspec: wrote ${result.changed.length} file${result.changed.length === 1 ? "" : "s"}, removed ${result.extra.length}, ${result.unchanged} unchanged (${outDir}/)\n`);
  return 0;
}
