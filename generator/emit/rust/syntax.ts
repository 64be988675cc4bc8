/**
 * Rust source text: literals, doc comments and attributes. Pure functions, no IR knowledge beyond `DocInfo`.
 */
import type { DocInfo } from "../../ir/types";

/** A Rust string literal (`"…"`): escapes `\`, `"`, and control characters; everything else is written raw. */
export function rustStr(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === '"') out += '\\"';
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c === 0) out += "\\0";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += `\\u{${c.toString(16)}}`;
    else if (c >= 0xd800 && c <= 0xdfff) throw new Error(`a lone surrogate (U+${c.toString(16)}) cannot be a Rust string`);
    else out += ch;
  }
  return `${out}"`;
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
  if (info.doc !== undefined && info.doc.trim() !== "") {
    for (const line of info.doc.replace(/\s+$/, "").split("\n")) {
      out.push(line.trim() === "" ? `${indent}///` : `${indent}/// ${line.replace(/\s+$/, "")}`);
    }
  }
  if (info.deprecated === true) out.push(`${indent}#[deprecated]`);
  else if (typeof info.deprecated === "string") out.push(`${indent}#[deprecated(note = ${rustStr(info.deprecated)})]`);
  return out;
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
