/**
 * The command line: `eventspec gen [specs or dirs…] [--out DIR] [--check]`.
 * Exit codes: 0 ok; 1 spec errors or stale output; 2 usage errors.
 */
import { Command, CommanderError } from "commander";
import { formatDiagnostic } from "./diagnostics";
import { generate } from "./generate";

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
    .action(async (specs: string[], opts: { out: string; check?: boolean }) => {
      exitCode = await runGen(specs, opts.out, opts.check ?? false, out, err);
    });
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    throw e;
  }
  return exitCode;
}

async function runGen(specs: string[], outDir: string, check: boolean, out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const result = await generate({ inputs: specs, outDir, check, helperThread: true });
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
