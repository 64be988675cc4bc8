/**
 * One Rust module being written: which external symbols it uses (printed as sorted `use` lines), which types it
 * takes from other families (`use super::<family>::…`), and the type-expression printer. A symbol whose short
 * name a declaration of the module (or an import) already takes is written with its full path instead.
 */
import { type DeclIndex, namedDecl } from "../../ir/lookup";
import { isPrimitive, primitiveKind, RUST_SYMBOLS, type RustSymbol, unreachable } from "../../ir/kinds";
import type { Decl, Family, TypeRef } from "../../ir/types";

/** External names generated code refers to, with the path they are imported from. */
const SYMBOLS = {
  BTreeMap: "std::collections::BTreeMap",
  DateTime: "chrono::DateTime",
  Utc: "chrono::Utc",
  Uuid: "uuid::Uuid",
  Value: "serde_json::Value",
  Serialize: "serde::Serialize",
  Deserialize: "serde::Deserialize",
  Serializer: "serde::Serializer",
  Deserializer: "serde::Deserializer",
  Default: "core::default::Default",
} as const satisfies Record<RustSymbol, string> & Record<string, string>;

export type SymbolName = keyof typeof SYMBOLS;

/** An external name of ir/kinds.ts's Rust texts, not a path segment (`serde_json::Value` stays). */
const EXTERNAL = new RegExp(`(?<!::)\\b(?:${RUST_SYMBOLS.join("|")})\\b`, "g");

/** Symbols the Rust prelude already provides: never imported, fully qualified only when shadowed. */
const PRELUDE: ReadonlySet<SymbolName> = new Set(["Default"]);

export class RustScope {
  private readonly taken = new Set<string>();
  private readonly used = new Set<SymbolName>();
  private readonly imports = new Map<string, Set<string>>();

  constructor(
    readonly family: Family,
    readonly index: DeclIndex,
  ) {
    for (const d of family.decls) this.taken.add(d.names.rust);
    for (const imp of family.imports) {
      const d = index.get(imp.family, imp.name);
      this.taken.add(d?.names.rust ?? imp.name);
    }
  }

  /** The name to write for an external symbol: short (and imported) unless a declaration shadows it. */
  sym(name: SymbolName): string {
    if (this.taken.has(name)) return `::${SYMBOLS[name]}`;
    if (!PRELUDE.has(name)) this.used.add(name);
    return name;
  }

  /** Rust text from ir/kinds.ts with each external name in it as this module writes it (see `sym`). */
  external(text: string): string {
    return text.replace(EXTERNAL, (name) => this.sym(name as RustSymbol));
  }

  /** The Rust name of a declaration, importing it from its family's module when it lives elsewhere. */
  named(family: string, name: string): string {
    const d = this.index.get(family, name);
    const rust = d?.names.rust ?? name;
    if (family !== this.family.name) {
      let names = this.imports.get(family);
      if (!names) this.imports.set(family, (names = new Set()));
      names.add(rust);
    }
    return rust;
  }

  /** The declaration a named type refers to. */
  decl(t: TypeRef): Decl | undefined {
    return namedDecl(this.index, t);
  }

  /** The Rust type of a type expression. */
  type(t: TypeRef): string {
    if (isPrimitive(t)) return this.external(primitiveKind(t).rust);
    switch (t.kind) {
      case "option":
        return `Option<${this.type(t.inner)}>`;
      case "list":
        return `Vec<${this.type(t.item)}>`;
      case "map":
        return `${this.sym("BTreeMap")}<String, ${this.type(t.value)}>`;
      case "box":
        return `Box<${this.type(t.inner)}>`;
      case "named":
        return this.named(t.family, t.name);
      default:
        return unreachable(t);
    }
  }

  /** The module's `use` lines: std first, then other crates, then sibling families; each group sorted. */
  useLines(): string[] {
    const byPath = new Map<string, string[]>();
    for (const s of this.used) {
      const full = SYMBOLS[s];
      const cut = full.lastIndexOf("::");
      const path = full.slice(0, cut);
      const list = byPath.get(path) ?? [];
      list.push(full.slice(cut + 2));
      byPath.set(path, list);
    }
    const line = (path: string, names: readonly string[]) => {
      const sorted = [...names].sort(compare);
      return sorted.length === 1 ? `use ${path}::${sorted[0]};` : `use ${path}::{${sorted.join(", ")}};`;
    };
    const std = [...byPath.keys()].filter((p) => p.startsWith("std::") || p.startsWith("core::")).sort(compare);
    const ext = [...byPath.keys()].filter((p) => !std.includes(p)).sort(compare);
    const sup = [...this.imports.keys()].sort(compare);
    const groups = [
      std.map((p) => line(p, byPath.get(p)!)),
      ext.map((p) => line(p, byPath.get(p)!)),
      sup.map((f) => line(`super::${f}`, [...this.imports.get(f)!])),
    ].filter((g) => g.length > 0);
    return groups.flatMap((g, i) => (i === 0 ? g : ["", ...g]));
  }
}

/** Byte-wise (code unit) comparison: stable output independent of locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
