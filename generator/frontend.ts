/**
 * The front half of the pipeline — load → validate → build IR — shared by `generate()` and the tests.
 */
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from "./diagnostics";
import { buildProgram } from "./ir/build";
import type { IrProgram } from "./ir/types";
import { loadSpecs, type LoadedSpec } from "./load";
import { compileSpecValidator, validateSpec } from "./validate";

export interface FrontEndResult {
  /** Undefined when any spec has an error: nothing is emitted from a broken program. */
  readonly program?: IrProgram;
  /** Every problem in every file, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads, validates and resolves the given spec files (absolute paths); never throws for a spec mistake. Imports
 * must stay inside `importRoot` (default: `cwd` and the folders of the given specs).
 */
export function runFrontEnd(absFiles: readonly string[], cwd: string, importRoot?: string): FrontEndResult {
  const diags = new DiagnosticBag();
  const specs = loadSpecs(absFiles, cwd, diags, importRoot);
  const validate = compileSpecValidator();
  const usable: { spec: LoadedSpec; invalidTypes: ReadonlySet<string> }[] = [];
  for (const spec of specs) {
    const validity = validateSpec(spec, validate, diags);
    if (validity !== "none") usable.push({ spec, invalidTypes: validity.invalidTypes });
  }
  const program = buildProgram(usable, diags);
  const diagnostics = sortDiagnostics(diags.all);
  return diagnostics.length > 0 || usable.length < specs.length ? { diagnostics } : { program, diagnostics };
}
