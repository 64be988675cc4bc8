/**
 * Diagnostics are data: a typed catalogue of codes, each problem collected with its source location, printed as
 * `file:line:col: message` (plus an indented hint). Nothing in the generator throws for a spec mistake.
 */
import type { SourceLoc } from "./ir/types";
import { didYouMean as closestName } from "./naming";
import { oneLine } from "./text";

/** Every kind of problem a spec can have. One fixture per code lives in test/fixtures/invalid/<code>/. */
export const DIAGNOSTIC_CODES = [
  "yaml-syntax",
  "unknown-key",
  "invalid-value",
  "missing-key",
  "unknown-type",
  "duplicate-type",
  "duplicate-variant",
  "duplicate-field",
  "duplicate-value",
  "wire-name-clash",
  "tag-collision",
  "internal-newtype-not-struct",
  "flatten-invalid",
  "flatten-collision",
  "recursive-without-box",
  "accessor-missing",
  "accessor-type-mismatch",
  "table-value-type",
  "table-value-missing",
  "table-unknown",
  "unsafe-name",
  "name-style",
  "tuple-variant",
  "skip-if-mismatch",
  "default-value-type",
  "bigint-invalid",
  "import-not-found",
  "import-refused",
  "import-unknown-type",
  "catch-all-invalid",
  "root-invalid",
  "ts-name-clash",
  "duplicate-family",
  "invalid-type-expression",
  "invalid-utf8",
  "lone-surrogate",
  "recursive-alias",
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly message: string;
  /** What to do about it, when there is something better to say than the message. */
  readonly hint?: string;
  readonly loc: SourceLoc;
}

/**
 * `file:line:col: message` and, where there is one, an indented `hint:` line. Messages quote spec text, so line
 * breaks (a forged diagnostic line), control characters (a terminal's escape sequences), bidi controls and other
 * hidden characters are shown as `\u{…}`.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const head = oneLine(`${d.loc.file}:${d.loc.line}:${d.loc.col}: ${d.message}`);
  return d.hint ? `${head}\n  hint: ${oneLine(d.hint)}` : head;
}

/** Stable order for printing: by file, then position, then message. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      cmp(a.loc.file, b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col || cmp(a.message, b.message),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A collector the phases append to; phases never throw for spec errors. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];

  add(code: DiagnosticCode, loc: SourceLoc, message: string, hint?: string): void {
    this.items.push(hint === undefined ? { code, loc, message } : { code, loc, message, hint });
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get hasErrors(): boolean {
    return this.items.length > 0;
  }
}

/** `did you mean \`x\`?` for the closest candidate, or undefined when none is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closestName(word, candidates);
  return c === undefined ? undefined : `did you mean \`${c}\`?`;
}
