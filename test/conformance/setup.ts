/**
 * Shared set-up of the conformance suites: the program (schema/, the kitchen sink, the edge-case fixtures), the oracle built from it, and
 * the generated TypeScript codecs. Each suite calls `prepareConformance()` in `beforeAll`.
 */
import type { IrProgram } from "../../generator/ir/types";
import { compareAnswers, type Mismatch } from "./compare";
import { buildOracle, type BuildInfo, rustRoundtrip, syncGeneratedSources } from "./oracle";
import { oracleSources } from "./oracle-emit";
import { conformanceProgram } from "./program";
import { codecEmitterPresent, type GeneratedTs, generateTs, type TsAnswer, withBareExponents } from "./ts-codecs";

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

/** A disagreement with the exact oracle, with what TypeScript answered. */
export interface Candidate {
  mismatch: Mismatch;
  ts: TsAnswer;
}

/** A float token (fraction or exponent) outside strings. */
function hasFloatToken(text: string): boolean {
  return /(?:^|[:,[\s])-?\d+(?:\.\d+)?[eE.]/.test(text);
}

/**
 * Drops the disagreements that come from serde_json's float parser feature alone: on inputs with a float token, if
 * TypeScript agrees with serde_json built *without* `float_roundtrip` (the `lossy` build: f32 read through f64, so
 * `1e39` is infinity rather than `number out of range`; f64 rounded as serde_json does by default), TypeScript
 * agrees with serde — in one of its two configurations. See rust/README.md ("Float parsing").
 */
export function dropFloatFeatureDifferences(candidates: readonly Candidate[]): Mismatch[] {
  const floaty = candidates.filter((c) => hasFloatToken(c.mismatch.input));
  if (floaty.length === 0) return candidates.map((c) => c.mismatch);
  const lossy = buildOracle("lossy");
  const answers = rustRoundtrip(lossy.binary, floaty.map((c) => ({ type: c.mismatch.type, input: c.mismatch.fullInput })));
  const explained = new Set<Candidate>();
  floaty.forEach((c, i) => {
    if (!compareAnswers(c.mismatch.type, c.mismatch.label, c.mismatch.fullInput, c.ts, answers[i]!)) explained.add(c);
  });
  return candidates.filter((c) => !explained.has(c)).map((c) => c.mismatch);
}
