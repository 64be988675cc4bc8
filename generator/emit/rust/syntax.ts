/**
 * Rust source text: literals, doc comments and attributes. Pure functions, no IR knowledge beyond `DocInfo`.
 */
import type { DocInfo } from "../../ir/types";
import { docLines, rustString } from "../../text";

/** A Rust string literal (`"…"`), escaped for untrusted text (see ../text.ts). */
export function rustStr(s: string): string {
  return rustString(s);
}

/** A float literal that reads back as exactly `v` in Rust (`1.0`, `-0.0`, `1e300`, `0.1`). */
export function rustFloat(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`${v} has no Rust float literal`);
  if (Object.is(v, -0)) return "-0.0";
  const s = String(v).replace("e+", "e");
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** `///` lines for a doc string (empty lines kept as `///`), then `#[deprecated…]`. */
export function docAttrs(info: DocInfo, indent: string): string[] {
  const out: string[] = [];
  if (info.doc !== undefined && info.doc.trim() !== "") out.push(...docComment("///", info.doc.replace(/\s+$/, ""), indent));
  if (info.deprecated === true) out.push(`${indent}#[deprecated]`);
  else if (typeof info.deprecated === "string") out.push(`${indent}#[deprecated(note = ${rustStr(info.deprecated)})]`);
  return out;
}

/**
 * Doc text as `///` (or `//!`) lines, one per line of the text (empty lines as a bare marker). `docLines` splits at
 * every line terminator and shows hidden characters, so no spec text continues past its comment.
 */
export function docComment(marker: "///" | "//!", text: string, indent: string): string[] {
  return docLines(text).map((l) => (l.trim() === "" ? `${indent}${marker}` : `${indent}${marker} ${l}`));
}

/** `#[serde(a, b = "c")]`, or nothing when there are no parts. */
export function serdeAttr(parts: readonly string[], indent: string): string[] {
  return parts.length === 0 ? [] : [`${indent}#[serde(${parts.join(", ")})]`];
}

/** `name = "value"` for a serde attribute. */
export function kv(name: string, value: string): string {
  return `${name} = ${rustStr(value)}`;
}

/** `<head>&[a, b];` on one line when it fits in 100 columns, else one item per line (as rustfmt lays it out). */
export function constArray(head: string, items: readonly string[], indent: string): string[] {
  const one = `${head}&[${items.join(", ")}];`;
  if (one.length <= 100) return [one];
  return [`${head}&[`, ...items.map((x) => `${indent}    ${x},`), `${indent}];`];
}
