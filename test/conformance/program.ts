/**
 * The program the conformance suite runs: every spec in `schema/`, the Rust emitter's kitchen-sink fixture (every
 * spec construct), the JSON Schema emitter's edge cases and the codec's own edge cases (flatten among them), through the
 * real front end.
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

/** The JSON Schema emitter's edge cases (every union representation closed, aliases, flatten with a map …). */
export const SCHEMA_EDGES = path.join(ROOT, "test", "jsonschema", "fixtures", "edges.yaml");

/**
 * The codec's edge cases: keys serde hides from a payload (an internally tagged newtype variant's tag, an outer
 * struct's own keys under flatten) against maps, flattened maps and deny_unknown_fields.
 */
export const CODEC_EDGES = path.join(ROOT, "test", "conformance", "fixtures", "codec_edges.yaml");

/**
 * Flatten edge cases: an internally tagged newtype variant wrapping a struct that flattens a map, a closed
 * internally tagged union flattened into an open struct.
 */
export const FLATTEN_EDGES = path.join(ROOT, "test", "conformance", "fixtures", "flatten_edges.yaml");

/**
 * Flattened Options: serde reads the struct or union from the keys the container does not consume and gives None when
 * that fails (missing or mistyped fields, an unknown tag or key of a closed variant), never an error.
 */
export const FLATTEN_OPTION = path.join(ROOT, "test", "conformance", "fixtures", "flatten_option.yaml");

/**
 * Flattened members that see each other's keys, in the orders the spec language accepts (structs that take their
 * keys, then a map or union that gets the rest).
 */
export const FLATTEN_ORDER = path.join(ROOT, "test", "jsonschema", "fixtures", "flatten_order.yaml");

/** The specs of the conformance program, relative to the repository root. */
export const CONFORMANCE_SPECS: readonly string[] = [
  "schema",
  ...[KITCHEN_SINK, SCHEMA_EDGES, CODEC_EDGES, FLATTEN_EDGES, FLATTEN_OPTION, FLATTEN_ORDER].map((p) => path.relative(ROOT, p)),
];

/** `schema/`, the kitchen sink and the edge-case fixtures. */
export function conformanceProgram(): IrProgram {
  return loadProgram(CONFORMANCE_SPECS);
}
