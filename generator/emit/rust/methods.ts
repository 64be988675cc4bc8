/**
 * The accessors and tables as Rust methods — what the seeds wrote by hand: `session_id()`, `run_id()`,
 * `type_name()`, `is_terminal()`, `as_status()` — plus `type_name()`/`TAGS` on tagged unions and `as_str()`/`VALUES`
 * on unit enums (the wire names), unless a declared table or accessor already uses the name.
 */
import { PRIMITIVE_KINDS, TABLE_VALUE_KINDS } from "../../ir/kinds";
import type { Accessor, EnumDecl, Table, TableValue, TypeRef, UnionDecl, Variant } from "../../ir/types";
import { isCopy, type RustModule } from "./module";
import { constArray, docComment, rustStr } from "./syntax";

const I = "    ";

/** A pattern matching any value of the variant. */
function anyPattern(v: Variant): string {
  switch (v.shape.kind) {
    case "unit":
      return `Self::${v.names.rust}`;
    case "newtype":
      return `Self::${v.names.rust}(_)`;
    case "struct":
    case "lossless":
      return `Self::${v.names.rust} { .. }`;
  }
}

interface Arm {
  pattern: string;
  expr: string;
  /** Arms share an or-pattern only when their keys are equal (default: the expression; bindings add their type). */
  key?: string;
}

/** `match self { arms }` where arms are grouped by key, in order of first appearance. */
function groupedMatch(rows: readonly Arm[], indent: string): string[] {
  const groups = new Map<string, { expr: string; patterns: string[] }>();
  for (const r of rows) {
    const key = r.key ?? r.expr;
    const g = groups.get(key) ?? { expr: r.expr, patterns: [] };
    g.patterns.push(r.pattern);
    groups.set(key, g);
  }
  const out = [`${indent}match self {`];
  for (const { expr, patterns } of groups.values()) {
    patterns.forEach((p, i) => {
      const last = i === patterns.length - 1;
      out.push(`${indent}${I}${i === 0 ? "" : "| "}${p}${last ? ` => ${expr},` : ""}`);
    });
  }
  out.push(`${indent}}`);
  return out;
}

function docLines(doc: string | undefined, fallback: string, indent: string): string[] {
  const text = doc !== undefined && doc.trim() !== "" ? doc.trim() : fallback;
  return docComment("///", text, indent);
}

// ---------------------------------------------------------------------------------------------------------------
// Accessors

interface Access {
  /** The return type (without the `Option` a partial accessor adds). */
  type: string;
  /** The expression reading the field, from a binding (`&T`, struct variants) or a place (`value.field`). */
  expr: (place: string, binding: boolean) => string;
  /** The expression already is an `Option` (an `option<T>` field), so a partial accessor does not wrap it. */
  optional: boolean;
}

function access(m: RustModule, t: TypeRef): Access {
  const deref = (p: string, binding: boolean) => (binding ? `*${p}` : p);
  const ref = (p: string, binding: boolean) => (binding ? p : `&${p}`);
  if (t.kind === "string") return { type: "&str", expr: (p) => `${p}.as_str()`, optional: false };
  if (t.kind === "option") {
    if (t.inner.kind === "string") return { type: "Option<&str>", expr: (p) => `${p}.as_deref()`, optional: true };
    if (isCopy(m, t.inner)) return { type: `Option<${m.scope.type(t.inner)}>`, expr: deref, optional: true };
    return { type: `Option<&${m.scope.type(t.inner)}>`, expr: (p) => `${p}.as_ref()`, optional: true };
  }
  if (isCopy(m, t)) return { type: m.scope.type(t), expr: deref, optional: false };
  return { type: `&${m.scope.type(t)}`, expr: ref, optional: false };
}

function accessorFn(m: RustModule, u: UnionDecl, a: Accessor): string[] {
  const acc = access(m, a.type);
  const wrap = a.partial && !acc.optional;
  const ret = wrap ? `Option<${acc.type}>` : acc.type;
  const rows = u.variants.map((v): Arm => {
    const path = a.paths[v.names.spec];
    if (!path) return { pattern: anyPattern(v), expr: "None" };
    const field = path.rustField;
    const e = (place: string, binding: boolean) => (wrap ? `Some(${acc.expr(place, binding)})` : acc.expr(place, binding));
    if (path.kind === "field") return { pattern: `Self::${v.names.rust} { ${field}, .. }`, expr: e(field, true) };
    // `value` is bound to the wrapped type: only variants wrapping the same type share an arm.
    const inner = v.shape.kind === "newtype" ? m.scope.type(v.shape.type) : "";
    return { pattern: `Self::${v.names.rust}(value)`, expr: e(`value.${field}`, false), key: `${inner}\0${e(`value.${field}`, false)}` };
  });
  const lifetimeNote = a.partial ? "; `None` for variants without the field" : "";
  return [
    ...docLines(a.doc, `The \`${a.field}\` of every variant${lifetimeNote}.`, I),
    ...(a.deprecated ? [`${I}#[deprecated]`] : []),
    `${I}pub fn ${a.fn.rust}(&self) -> ${ret} {`,
    ...groupedMatch(rows, I + I),
    `${I}}`,
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Tables

function tableReturn(m: RustModule, t: Table): string {
  switch (t.valueType.kind) {
    case "string":
      return "&'static str"; // a literal in the binary, not an owned String
    case "bool":
    case "int":
      return PRIMITIVE_KINDS[TABLE_VALUE_KINDS[t.valueType.kind]].rust;
    case "enum":
      return m.scope.named(t.valueType.family, t.valueType.name);
  }
}

function tableValueExpr(m: RustModule, t: Table, v: TableValue | undefined): string {
  if (v === undefined) throw new Error(`table ${t.names.spec} has no value`);
  switch (t.valueType.kind) {
    case "bool":
      return String(v);
    case "string":
      return rustStr(String(v));
    case "int":
      return String(v);
    case "enum": {
      const { family, name } = t.valueType;
      const e = m.scope.index.get(family, name);
      const value = e?.kind === "enum" ? e.values.find((x) => x.names.spec === v) : undefined;
      return `${m.scope.named(family, name)}::${value?.names.rust ?? String(v)}`;
    }
  }
}

function tableFn(m: RustModule, owner: UnionDecl | EnumDecl, t: Table): string[] {
  const rows =
    owner.kind === "union"
      ? owner.variants.map((v) => ({ pattern: anyPattern(v), expr: tableValueExpr(m, t, v.tableValues[t.names.spec] ?? t.default) }))
      : owner.values.map((v) => ({ pattern: `Self::${v.names.rust}`, expr: tableValueExpr(m, t, v.tableValues[t.names.spec] ?? t.default) }));
  return [
    ...docLines(t.doc, `The \`${t.names.spec}\` table.`, I),
    ...(t.deprecated ? [`${I}#[deprecated]`] : []),
    `${I}pub fn ${t.fn.rust}(${owner.kind === "enum" ? "self" : "&self"}) -> ${tableReturn(m, t)} {`,
    ...groupedMatch(rows, I + I),
    `${I}}`,
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Name tables

function unionNames(u: UnionDecl, taken: ReadonlySet<string>): string[] {
  if (u.repr.kind === "untagged") return [];
  const tagged = u.variants.filter((v) => v.shape.kind !== "lossless");
  const lossless = u.variants.find((v) => v.shape.kind === "lossless");
  const out: string[] = [];
  if (!taken.has("TAGS")) {
    out.push(
      `${I}/// Every wire tag, in declaration order (as serde lists them in \`unknown variant\` errors).`,
      ...constArray(`${I}pub const TAGS: &'static [&'static str] = `, tagged.map((v) => rustStr(v.wire)), I),
    );
  }
  if (!taken.has("type_name")) {
    const rows = u.variants.map((v) =>
      v.shape.kind === "lossless"
        ? { pattern: `Self::${v.names.rust} { tag, .. }`, expr: "tag.as_str()" }
        : { pattern: anyPattern(v), expr: rustStr(v.wire) },
    );
    if (out.length > 0) out.push("");
    out.push(
      `${I}/// The variant's wire tag (what serde writes${lossless ? "; the kept tag for an unknown event" : ""}).`,
      `${I}pub fn type_name(&self) -> &${lossless ? "" : "'static "}str {`,
      ...groupedMatch(rows, I + I).map((l) => l),
      `${I}}`,
    );
  }
  return out;
}

function enumNames(e: EnumDecl, taken: ReadonlySet<string>): string[] {
  const out: string[] = [];
  if (!taken.has("VALUES")) {
    out.push(
      `${I}/// Every value, in declaration order.`,
      ...constArray(`${I}pub const VALUES: &'static [Self] = `, e.values.map((v) => `Self::${v.names.rust}`), I),
    );
  }
  if (!taken.has("as_str")) {
    if (out.length > 0) out.push("");
    out.push(
      `${I}/// The wire string serde writes for the value.`,
      `${I}pub fn as_str(self) -> &'static str {`,
      ...groupedMatch(
        e.values.map((v) => ({ pattern: `Self::${v.names.rust}`, expr: rustStr(v.wire) })),
        I + I,
      ),
      `${I}}`,
    );
  }
  return out;
}

/** The `impl` block of a union or unit enum (empty when it has no methods). */
export function methodImpls(m: RustModule, d: UnionDecl | EnumDecl): string[] {
  const declared = [...d.tables.map((t) => t.fn.rust), ...(d.kind === "union" ? d.accessors.map((a) => a.fn.rust) : [])];
  const taken = new Set(declared);
  const sections: string[][] = [d.kind === "union" ? unionNames(d, taken) : enumNames(d, taken)];
  if (d.kind === "union") for (const a of d.accessors) sections.push(accessorFn(m, d, a));
  for (const t of d.tables) sections.push(tableFn(m, d, t));
  const body = sections.filter((s) => s.length > 0).flatMap((s, i) => (i === 0 ? s : ["", ...s]));
  if (body.length === 0) return [];
  return [`impl ${d.names.rust} {`, ...body, "}"];
}
