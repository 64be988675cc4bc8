/**
 * `eventspec diff <old> <new>`: resolve both sides, run the front end on each, compare, report. The sequence the
 * command line calls; exit 0 when nothing fails the mode, 1 when something does, 2 for usage or spec errors.
 */
import { formatDiagnostic } from "../diagnostics";
import { runFrontEnd } from "../frontend";
import { diffPrograms } from "./compare";
import type { Mode } from "./findings";
import { acceptedBy } from "./accept";
import { fails, formatReport, type ReportFormat } from "./report";
import { DiffSourceError, resolveSide, type DiffSide } from "./sources";
import type { AcceptedBreak, IrProgram } from "../ir/types";
import type { Finding } from "./findings";
import { loadCodecs } from "./load-codecs";
import { findWitnesses, type Witness } from "./witness";

export interface DiffOptions {
  readonly old: string;
  readonly new: string;
  readonly mode?: Mode;
  readonly format?: ReportFormat;
  /** Families compared under different names, old → new. */
  readonly pairs?: ReadonlyMap<string, string>;
  readonly cwd?: string;
  /** Run both versions' generated codecs to find a witness event for every break (default true). */
  readonly witnesses?: boolean;
}

export interface DiffRun {
  readonly exitCode: 0 | 1 | 2;
  /** The report (stdout). */
  readonly output: string;
  /** Usage and spec errors (stderr). */
  readonly errors: string;
}

export function runDiff(options: DiffOptions): DiffRun {
  const cwd = options.cwd ?? process.cwd();
  const mode = options.mode ?? "backward";
  const sides: DiffSide[] = [];
  try {
    for (const input of [options.old, options.new]) sides.push(resolveSide(input, cwd));
    const [oldSide, newSide] = sides as [DiffSide, DiffSide];
    const errors: string[] = [];
    const programs = sides.map((side) => {
      const front = runFrontEnd(side.files, side.cwd);
      for (const d of front.diagnostics)
        errors.push(formatDiagnostic({ ...d, loc: { ...d.loc, file: side.show(d.loc.file) } }));
      return front.program;
    });
    if (programs[0] === undefined || programs[1] === undefined)
      return { exitCode: 2, output: "", errors: errors.join("\n") + "\n" };
    const [before, after] = programs as [IrProgram, IrProgram];
    const findings = diffPrograms(before, after, options.pairs ? { pairs: options.pairs } : {});
    const witnesses = options.witnesses === false ? new Map() : witnessesOf(findings, before, after);
    const accepted = new Map<Finding, AcceptedBreak>();
    for (const f of findings) {
      const a = acceptedBy(f, after);
      if (a !== undefined) accepted.set(f, a);
    }
    const report = { findings, witnesses, accepted, mode, showOld: oldSide.show, showNew: newSide.show };
    const output = formatReport(report, options.format ?? "text");
    return { exitCode: findings.some((f) => fails(f, report)) ? 1 : 0, output, errors: "" };
  } catch (e) {
    if (e instanceof DiffSourceError) return { exitCode: 2, output: "", errors: `eventspec diff: ${e.message}\n` };
    throw e;
  } finally {
    for (const side of sides) side.dispose();
  }
}

/** Witnesses for the findings that break or change a direction; the codecs are loaded only when one does. */
function witnessesOf(findings: readonly Finding[], before: IrProgram, after: IrProgram): Map<Finding, Witness[]> {
  const out = new Map<Finding, Witness[]>();
  const wanted = findings.filter((f) => !f.source && (f.backward !== "compatible" || f.forward !== "compatible"));
  if (wanted.length === 0) return out;
  const oldCodecs = loadCodecs(before);
  const newCodecs = loadCodecs(after);
  try {
    for (const f of wanted) out.set(f, findWitnesses(f, { before, after, oldCodecs, newCodecs }));
  } finally {
    oldCodecs.dispose();
    newCodecs.dispose();
  }
  return out;
}
