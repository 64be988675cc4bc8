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
  /** The input in full (`input` is shortened for display). */
  fullInput: string;
  ts: string;
  rust: string;
}

const show = (s: string, max = 400) => (s.length > max ? `${s.slice(0, max)}… (${s.length} chars)` : s);

/**
 * Whether serde_json reads `text` as JSON at all (its syntax, its 127-container nesting limit, no lone surrogate
 * escapes). serde decodes while it parses and reports the first problem it meets, so on text that is also
 * syntactically bad, which error comes first depends on the type; a decoder that parses first reports the syntax
 * error. Messages are compared only on syntactically good text.
 */
export function serdeSyntaxOk(text: string): boolean {
  try {
    JSON.parse(text);
  } catch {
    return false;
  }
  if (text.charCodeAt(0) === 0xfeff) return false;
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") {
        if (text[i + 1] === "u") {
          const u = parseInt(text.slice(i + 2, i + 6), 16);
          if (u >= 0xd800 && u <= 0xdbff) {
            const next = text.slice(i + 6, i + 8) === "\\u" ? parseInt(text.slice(i + 8, i + 12), 16) : -1;
            if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
            i += 6;
          } else if (u >= 0xdc00 && u <= 0xdfff) return false;
          i += 5;
        } else i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "[" || c === "{") max = Math.max(max, ++depth);
    else if (c === "]" || c === "}") depth--;
  }
  return max <= 127;
}

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
  const base = { type, label, input: show(input), fullInput: input };
  if (ts.ok && rust.ok) {
    return ts.json === rust.json ? undefined : { ...base, kind: "re-encoding", ts: show(ts.json), rust: show(rust.json) };
  }
  if (!ts.ok && !rust.ok) {
    if (!compareMessages || !serdeSyntaxOk(input)) return undefined;
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

/** A message with its specifics blanked, to group disagreements of one kind. */
function shape(s: string): string {
  return s
    .replace(/ at line \d+ column \d+/g, "")
    .replace(/`[^`]*`/g, "`…`")
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g, "N")
    .slice(0, 160);
}

/**
 * A readable report: counts per kind, then the disagreements grouped by the shape of both answers (the largest
 * groups first), each group with a count and its first example in full.
 */
export function report(mismatches: readonly Mismatch[], limit = 25): string {
  if (mismatches.length === 0) return "";
  const counts = new Map<string, number>();
  for (const m of mismatches) counts.set(m.kind, (counts.get(m.kind) ?? 0) + 1);
  const groups = new Map<string, Mismatch[]>();
  for (const m of mismatches) {
    const cls = /\(([a-z-]+)\)$/.exec(m.label)?.[1] ?? "";
    const key = m.kind === "re-encoding" ? `${m.kind} ${m.type}` : `${m.kind} ${cls} | ts: ${shape(m.ts)} | serde: ${shape(m.rust)}`;
    const g = groups.get(key) ?? [];
    g.push(m);
    groups.set(key, g);
  }
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length);
  const lines = [
    `${mismatches.length} disagreement(s) with serde in ${groups.size} group(s): ${[...counts].map(([k, n]) => `${n} ${k}`).join(", ")}`,
    "",
  ];
  for (const [key, g] of sorted.slice(0, limit)) {
    const m = g[0]!;
    const types = [...new Set(g.map((x) => x.type))];
    lines.push(
      `[${g.length}×] ${key}`,
      `  e.g. ${m.type} ${m.label}${types.length > 1 ? ` (+${types.length - 1} other types)` : ""}`,
      `  input: ${m.input}`,
      `  ts:    ${m.ts}`,
      `  serde: ${m.rust}`,
    );
  }
  if (sorted.length > limit) lines.push(`… and ${sorted.length - limit} more group(s)`);
  return lines.join("\n");
}
