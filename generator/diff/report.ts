/**
 * How `eventspec diff` prints its findings: `text` (one line a finding, then a summary), `json` (the findings as
 * data) or `github` (workflow annotations for the findings that fail the mode, warnings for the other breaks).
 */
import type { AcceptedBreak, SourceLoc } from "../ir/types";
import { failsMode, type Finding, type Mode } from "./findings";
import { annotation } from "../github-annotations";
import type { Witness } from "./witness";

export type ReportFormat = "text" | "json" | "github";

export interface ReportInput {
  readonly findings: readonly Finding[];
  /** Findings the new spec declares as intended breaks (accept.ts): listed, never failing. */
  readonly accepted?: ReadonlyMap<Finding, AcceptedBreak>;
  /** Witness events of the findings that have them (see witness.ts). */
  readonly witnesses?: ReadonlyMap<Finding, readonly Witness[]>;
  readonly mode: Mode;
  /** How each side's file names are shown (`git:main:schema/harn.yaml`). */
  readonly showOld: (file: string) => string;
  readonly showNew: (file: string) => string;
}

const at = (loc: SourceLoc | undefined, show: (f: string) => string) =>
  loc === undefined ? undefined : `${show(loc.file)}:${loc.line}:${loc.col}`;

/** The location a finding is reported at: the new side's when it has one (that is where a reviewer edits). */
function where(f: Finding, r: ReportInput): string {
  return at(f.new, r.showNew) ?? at(f.old, r.showOld) ?? "";
}

function verdicts(f: Finding): string {
  return `new readers of old data: ${f.backward}; old readers of new data: ${f.forward}`;
}

/** Whether a finding fails the run: it breaks a direction the mode checks, and the new spec does not accept it. */
export function fails(f: Finding, r: Pick<ReportInput, "mode" | "accepted">): boolean {
  return failsMode(f, r.mode) && !r.accepted?.has(f);
}

export function formatReport(r: ReportInput, format: ReportFormat): string {
  const failing = r.findings.filter((f) => fails(f, r));
  switch (format) {
    case "json":
      return (
        JSON.stringify(
          {
            mode: r.mode,
            failed: failing.length > 0,
            findings: r.findings.map((f) => ({
              ...f,
              ...(f.old ? { old: { ...f.old, file: r.showOld(f.old.file) } } : {}),
              ...(f.new ? { new: { ...f.new, file: r.showNew(f.new.file) } } : {}),
              fails: fails(f, r),
              ...(r.accepted?.has(f)
                ? {
                    accepted: {
                      reason: r.accepted.get(f)!.reason,
                      at: { ...r.accepted.get(f)!.loc, file: r.showNew(r.accepted.get(f)!.loc.file) },
                    },
                  }
                : {}),
              witnesses: r.witnesses?.get(f) ?? [],
            })),
          },
          null,
          2,
        ) + "\n"
      );
    case "github": {
      const lines: string[] = [];
      for (const f of r.findings) {
        const level = fails(f, r)
          ? "error"
          : !r.accepted?.has(f) && (f.backward === "breaking" || f.forward === "breaking")
            ? "warning"
            : undefined;
        if (level === undefined) continue;
        const loc =
          f.new !== undefined
            ? { ...f.new, file: r.showNew(f.new.file) }
            : f.old !== undefined
              ? { ...f.old, file: r.showOld(f.old.file) }
              : undefined;
        const props: Record<string, string | number> = loc === undefined ? {} : { file: loc.file, line: loc.line, col: loc.col };
        const seen = (r.witnesses?.get(f) ?? []).map((w) => ` ${describeWitness(w)}`).join("");
        const message = `${f.path}: ${f.message} (${verdicts(f)})${seen}`;
        lines.push(annotation(level, { ...props, title: `eventspec diff: ${f.code}` }, message));
      }
      lines.push(summary(r, failing.length));
      return lines.join("\n") + "\n";
    }
    case "text": {
      const lines = r.findings.map((f) => {
        const accepted = r.accepted?.get(f);
        const tag = fails(f, r) ? "FAIL " : accepted !== undefined ? "ACCEPTED " : "";
        const src = f.source ? " [TypeScript/Rust source]" : "";
        const lines = [
          `${where(f, r)}: ${tag}${f.code} ${f.path}: ${f.message}${src}`,
          // The headline shows the new side's location; the old side's, when both exist, goes here.
          `    backward ${f.backward}, forward ${f.forward}${f.new !== undefined && f.old !== undefined ? `; was at ${at(f.old, r.showOld)}` : ""}`,
        ];
        if (accepted !== undefined) lines.push(`    accepted at ${at(accepted.loc, r.showNew)}: ${accepted.reason}`);
        for (const w of r.witnesses?.get(f) ?? []) lines.push(`    ${describeWitness(w)}`);
        const missing = (["backward", "forward"] as const).filter(
          (d) =>
            f[d] === "breaking" &&
            r.witnesses !== undefined &&
            !(r.witnesses.get(f) ?? []).some((w) => w.direction === d),
        );
        for (const d of missing)
          lines.push(`    no ${d} witness found: the generated codecs read every value tried (please report)`);
        return lines.join("\n");
      });
      lines.push(summary(r, failing.length));
      return lines.join("\n") + "\n";
    }
  }
}

function summary(r: ReportInput, failing: number): string {
  const count = (pick: (f: Finding) => boolean) => r.findings.filter(pick).length;
  const backward = count((f) => f.backward === "breaking");
  const forward = count((f) => f.forward === "breaking");
  const changed = count((f) => f.backward === "changed" || f.forward === "changed");
  const accepted = r.accepted?.size ?? 0;
  return (
    `eventspec diff: ${r.findings.length} finding${r.findings.length === 1 ? "" : "s"}; ${backward} break new readers of old data (backward), ` +
    `${forward} break old readers of new data (forward), ${changed} change a value's meaning${accepted > 0 ? `, ${accepted} accepted by the new spec` : ""}; ` +
    `mode ${r.mode}: ${failing > 0 ? `${failing} fail` : "passes"}`
  );
}

/** `witness (backward): old writes {…}; new rejects it: <error>` */
export function describeWitness(w: Witness): string {
  const [writer, reader] = w.direction === "backward" ? ["old", "new"] : ["new", "old"];
  const outcome = w.error !== undefined ? `${reader} rejects it: ${w.error}` : `${reader} reads it as ${w.readAs}`;
  return `witness (${w.direction}): ${writer} writes ${w.json}; ${outcome}`;
}
