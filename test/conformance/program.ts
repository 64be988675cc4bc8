/**
 * The program the conformance suite runs: every spec in `schema/` plus the Rust emitter's kitchen-sink fixture
 * (every spec construct), through the real front end.
 */
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { runFrontEnd } from "../../generator/frontend";
import type { IrProgram } from "../../generator/ir/types";
import { expandInputs } from "../../generator/load";

/** The repository root. */
export const ROOT = path.resolve(__dirname, "..", "..");

/** The kitchen-sink fixture spec (every construct the Rust emitter maps). */
export const KITCHEN_SINK = path.join(ROOT, "test", "rust", "fixtures", "kitchen_sink.yaml");

/** Builds the IR for `inputs` (paths relative to the repository root); throws with every diagnostic. */
export function loadProgram(inputs: readonly string[]): IrProgram {
  const { files, missing } = expandInputs(inputs, ROOT);
  if (missing.length > 0) throw new Error(`no such spec: ${missing.join(", ")}`);
  const r = runFrontEnd(files, ROOT);
  if (!r.program) throw new Error(`specs do not build:\n${r.diagnostics.map(formatDiagnostic).join("\n")}`);
  return r.program;
}

/** `schema/` plus the kitchen sink. */
export function conformanceProgram(): IrProgram {
  return loadProgram(["schema", path.relative(ROOT, KITCHEN_SINK)]);
}
