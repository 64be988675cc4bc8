/**
 * Comparing TypeScript's answers with serde's, and reporting disagreements readably (a count, then the first few
 * with both answers).
 */
import { stripPosition, type RustAnswer } from "./oracle";
import type { TsAnswer } from "./ts-codecs";

/** One disagreement between TypeScript and serde. */
export interface Mismatch {
  type: string;
  label: string;
  input: string;
  kind: "accept/reject" | "re-encoding" | "message";
  ts: string;
  rust: string;
}

const show = (s: string, max = 400) => (s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s);

/**
 * Compares one answer pair. Both accept: the re-encodings must be byte-identical. Both reject: serde's message
 * without its position must equal TypeScript's message (`compareMessages`). One accepts, one rejects: a mismatch.
 */
export function compareAnswers(
  type: string,
  label: string,
  input: string,
  ts: TsAnswer,
  rust: RustAnswer,
  compareMessages = true,
): Mismatch | undefined {
  const base = { type, label, input: show(input) };
  if (ts.ok && rust.ok) {
    return ts.json === rust.json ? undefined : { ...base, kind: "re-encoding", ts: show(ts.json), rust: show(rust.json) };
  }
  if (!ts.ok && !rust.ok) {
    if (!compareMessages) return undefined;
    const want = stripPosition(rust.error);
    return ts.stage === "decode" && ts.error === want
      ? undefined
      : { ...base, kind: "message", ts: `${ts.stage} error: ${ts.error}`, rust: rust.error };
  }
  return {
    ...base,
    kind: "accept/reject",
    ts: ts.ok ? `accepted: ${show(ts.json)}` : `${ts.stage} error (${ts.name}): ${ts.error}`,
    rust: rust.ok ? `accepted: ${show(rust.json)}` : `rejected: ${rust.error}`,
  };
}

/** A readable report: counts per kind, then the first `limit` mismatches in full. */
export function report(mismatches: readonly Mismatch[], limit = 25): string {
  if (mismatches.length === 0) return "";
  const counts = new Map<string, number>();
  for (const m of mismatches) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const byType = new Map<string, number>();
  for (const m of mismatches) byType.set(m.type, (byType.get(m.type) ?? 0) + 1);
  const lines = [
    `${mismatches.length} disagreement(s) with serde: ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}`,
    `by type: ${[...byType].map(([k, n]) => `${k} ${n}`).join(", ")}`,
    "",
  ];
  for (const m of mismatches.slice(0, limit)) {
    lines.push(`${m.type} ${m.label} [${m.kind}]`, `  input: ${m.input}`, `  ts:    ${m.ts}`, `  serde: ${m.rust}`);
  }
  if (mismatches.length > limit) lines.push(`… and ${mismatches.length - limit} more`);
  return lines.join("\n");
}
