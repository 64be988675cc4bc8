/**
 * Shared set-up of the conformance suites: the program (schema/ + the kitchen sink), the oracle built from it, and
 * the generated TypeScript codecs. Each suite calls `prepareConformance()` in `beforeAll`.
 */
import type { IrProgram } from "../../generator/ir/types";
import { buildOracle, type BuildInfo, syncGeneratedSources } from "./oracle";
import { oracleSources } from "./oracle-emit";
import { conformanceProgram } from "./program";
import { codecEmitterPresent, type GeneratedTs, generateTs, withBareExponents } from "./ts-codecs";

export interface Conformance {
  readonly program: IrProgram;
  readonly binary: string;
  readonly build: BuildInfo;
  /** Undefined while the codec emitter has not landed (suites then report themselves as waiting). */
  readonly ts?: GeneratedTs;
  readonly tsMs: number;
}

/** Writes the generated Rust into the oracle crate, builds it (cached), and generates + loads the TS codecs. */
export async function prepareConformance(): Promise<Conformance> {
  const program = conformanceProgram();
  syncGeneratedSources(oracleSources(program));
  const build = buildOracle();
  const started = Date.now();
  const ts = codecEmitterPresent() ? await generateTs(withBareExponents(program)) : undefined;
  return { program, binary: build.binary, build, ts, tsMs: Date.now() - started };
}

/** The message suites print when the codec is not there yet. */
export const WAITING_FOR_CODEC =
  "WAITING FOR THE CODEC EMITTER: generator/emit/codec.ts is missing, so there are no TypeScript codecs to hold " +
  "against serde yet. These conformance checks are not run (and not counted as passing).";
