/**
 * A Rust module under construction (its scope and helper functions) and what the emitter needs to know about
 * types: which are `Copy`, `Eq + Hash`, `Default` in the generated Rust.
 */
import { isPrimitive, primitiveKind, unreachable } from "../../ir/kinds";
import type { Decl, StructDecl, TypeRef } from "../../ir/types";
import type { RustScope } from "./scope";

/** A module under construction: its scope plus the helper functions its items need (emitted once, sorted). */
export interface RustModule {
  readonly scope: RustScope;
  readonly helpers: Map<string, string[]>;
  /** Whether the module needs the lossless-arm support code. */
  lossless: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Capabilities of types, for derives and accessor return types.

/** A value of the type is `Copy` in the generated Rust (scalars, uuids, timestamps, unit enums, newtypes of those). */
export function isCopy(m: RustModule, t: TypeRef, seen: Set<Decl> = new Set()): boolean {
  if (isPrimitive(t)) return primitiveKind(t).rustCopy;
  switch (t.kind) {
    case "option":
      return isCopy(m, t.inner, seen);
    case "named": {
      const d = m.scope.decl(t);
      if (!d || seen.has(d)) return false;
      seen.add(d);
      if (d.kind === "enum") return true;
      if (d.kind === "newtype") return isCopy(m, d.inner, seen);
      if (d.kind === "alias") return isCopy(m, d.target, seen);
      return false;
    }
    case "list":
    case "map":
    case "box":
      return false;
    default:
      return unreachable(t);
  }
}

/** The type has `Eq + Hash` (no floats, no json). */
export function isEqHash(m: RustModule, t: TypeRef, seen: Set<Decl> = new Set()): boolean {
  if (isPrimitive(t)) return primitiveKind(t).rustEqHash;
  switch (t.kind) {
    case "option":
    case "box":
      return isEqHash(m, t.inner, seen);
    case "list":
      return isEqHash(m, t.item, seen);
    case "map":
      return isEqHash(m, t.value, seen);
    case "named": {
      const d = m.scope.decl(t);
      if (!d || seen.has(d)) return false;
      seen.add(d);
      if (d.kind === "enum") return true;
      if (d.kind === "newtype") return isEqHash(m, d.inner, seen);
      if (d.kind === "alias") return isEqHash(m, d.target, seen);
      return false;
    }
    default:
      return unreachable(t);
  }
}

/** The type implements `Default` in the generated Rust (mirrors the IR builder's rule for `default: true`). */
export function isDefaultable(m: RustModule, t: TypeRef, seen: Set<Decl> = new Set()): boolean {
  switch (t.kind) {
    case "box":
      return isDefaultable(m, t.inner, seen);
    case "named": {
      const d = m.scope.decl(t);
      if (!d) return false;
      if (seen.has(d)) return true;
      seen.add(d);
      switch (d.kind) {
        case "struct":
          return structDefaultable(m, d, seen);
        case "newtype":
          return isDefaultable(m, d.inner, seen);
        case "alias":
          return isDefaultable(m, d.target, seen);
        default:
          return false;
      }
    }
    case "string":
    case "bool":
    case "int":
    case "float":
    case "json":
    case "timestamp":
    case "uuid":
    case "option":
    case "list":
    case "map":
      return true;
    default:
      return unreachable(t);
  }
}

export function structDefaultable(m: RustModule, d: StructDecl, seen: Set<Decl>): boolean {
  return d.containerDefault || d.fields.every((f) => f.default.kind === "value" || isDefaultable(m, f.type, seen));
}

