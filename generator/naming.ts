/**
 * Every name transformation eventspec performs, in one module: serde's `rename_all` rules (exactly as serde_derive's
 * `internals/case.rs` implements them, edge cases included), the camelCase used for generated TS function names,
 * and the reserved-word lists of every target. Pure functions, no state.
 */

/** serde's `rename_all` rules, in serde's own order (the order its error message lists them). */
export const RENAME_RULES = [
  "lowercase",
  "UPPERCASE",
  "PascalCase",
  "camelCase",
  "snake_case",
  "SCREAMING_SNAKE_CASE",
  "kebab-case",
  "SCREAMING-KEBAB-CASE",
] as const;

export type RenameRule = (typeof RENAME_RULES)[number];

/** Whether `s` is one of serde's `rename_all` rule names (exact, case-sensitive, as serde parses them). */
export function isRenameRule(s: string): s is RenameRule {
  return (RENAME_RULES as readonly string[]).includes(s);
}

/** Rust's `str::to_ascii_lowercase`: only A–Z change. */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

/** Rust's `str::to_ascii_uppercase`: only a–z change. */
export function asciiUpper(s: string): string {
  return s.replace(/[a-z]+/g, (m) => m.toUpperCase());
}

/** Rust's `char::is_uppercase` (the Unicode `Uppercase` property). */
const UPPERCASE_CHAR = /^\p{Uppercase}$/u;

/**
 * serde's `variant[..1].to_ascii_lowercase() + &variant[1..]`. serde slices the first *byte*; a name starting with
 * a non-ASCII character makes serde_derive panic, and an empty name cannot occur. Both throw here.
 */
function lowerFirstByte(s: string): string {
  if (s.length === 0) throw new Error("serde rename: empty name");
  const c = s.charCodeAt(0);
  if (c > 0x7f) throw new Error(`serde rename: ${JSON.stringify(s)} starts with a non-ASCII character (serde_derive panics)`);
  return asciiLower(s[0]!) + s.slice(1);
}

/**
 * serde's `RenameRule::apply_to_variant`: the wire name of an enum variant (spec name in PascalCase) under a
 * container's `rename_all`. Also used for `rename_all` on unit enums.
 *
 * Mirrors serde exactly: snake_case inserts `_` before every uppercase char except the first (so `HTTPServer` →
 * `h_t_t_p_server`, `Z42` → `z42`), lowercase/UPPERCASE are ASCII-only, PascalCase is the identity.
 */
export function applyToVariant(rule: RenameRule | undefined, variant: string): string {
  switch (rule) {
    case undefined:
    case "PascalCase":
      return variant;
    case "lowercase":
      return asciiLower(variant);
    case "UPPERCASE":
      return asciiUpper(variant);
    case "camelCase":
      return lowerFirstByte(variant);
    case "snake_case": {
      let out = "";
      let first = true;
      for (const ch of variant) {
        if (!first && UPPERCASE_CHAR.test(ch)) out += "_";
        out += asciiLower(ch);
        first = false;
      }
      return out;
    }
    case "SCREAMING_SNAKE_CASE":
      return asciiUpper(applyToVariant("snake_case", variant));
    case "kebab-case":
      return applyToVariant("snake_case", variant).replaceAll("_", "-");
    case "SCREAMING-KEBAB-CASE":
      return applyToVariant("SCREAMING_SNAKE_CASE", variant).replaceAll("_", "-");
  }
}

/**
 * serde's `RenameRule::apply_to_field`: the wire name of a struct field (spec name in snake_case) under a
 * container's `rename_all` (or a union's `rename_all_fields`).
 *
 * Mirrors serde exactly: lowercase and snake_case are the identity (serde assumes fields are already snake_case),
 * PascalCase drops every `_` and ASCII-uppercases the char after it (`a__b_` → `AB`), camelCase is PascalCase with
 * the first byte lowered.
 */
export function applyToField(rule: RenameRule | undefined, field: string): string {
  switch (rule) {
    case undefined:
    case "lowercase":
    case "snake_case":
      return field;
    case "UPPERCASE":
    case "SCREAMING_SNAKE_CASE":
      return asciiUpper(field);
    case "PascalCase": {
      let out = "";
      let capitalize = true;
      for (const ch of field) {
        if (ch === "_") capitalize = true;
        else if (capitalize) {
          out += asciiUpper(ch);
          capitalize = false;
        } else out += ch;
      }
      return out;
    }
    case "camelCase":
      return lowerFirstByte(applyToField("PascalCase", field));
    case "kebab-case":
      return field.replaceAll("_", "-");
    case "SCREAMING-KEBAB-CASE":
      return asciiUpper(field).replaceAll("_", "-");
  }
}

/** Splits an identifier into lowercase words: `session_id` → [session, id]; `HTTPServerEvent` → [http, server, event]. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .split(/[_\-\s]+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

/**
 * camelCase for generated TS function and value names: `session_id` → `sessionId`, `is_terminal` → `isTerminal`,
 * `AgentEvent` → `agentEvent`, `HTTPEvent` → `httpEvent`, `run_id2` → `runId2`.
 */
export function camelCase(name: string): string {
  const ws = words(name);
  return ws.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
}

/** PascalCase: `session_id` → `SessionId`; a PascalCase name is unchanged (`HTTPEvent` stays). */
export function pascalCase(name: string): string {
  if (/^[A-Z][A-Za-z0-9]*$/.test(name)) return name;
  return words(name)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join("");
}

/** snake_case for Rust function and module names: `AgentEvent` → `agent_event`, `HTTPEvent` → `http_event`. */
export function snakeCase(name: string): string {
  return words(name).join("_");
}

/** SCREAMING_SNAKE_CASE for generated constants: `AgentEvent` → `AGENT_EVENT`. */
export function screamingSnakeCase(name: string): string {
  return words(name).join("_").toUpperCase();
}

/** ECMAScript reserved words (strict mode included) and globals a generated binding must not shadow. */
// prettier-ignore
export const JS_RESERVED_WORDS: ReadonlySet<string> = new Set([
  // ECMAScript reserved words
  "await", "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
  "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof", "new",
  "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void", "while", "with",
  "yield",
  // strict-mode reserved words (generated modules are strict)
  "implements", "interface", "let", "package", "private", "protected", "public", "static",
  // not reserved, but cannot be bound in strict code or shadow globals every module relies on
  "arguments", "eval", "undefined", "NaN", "Infinity", "globalThis",
]);

/** Names TypeScript rejects for a declared type (`interface string {}`) or reserves at a CommonJS module's top
 * level (`require`, `exports`, `module`), on top of the JS reserved words. Contextual keywords (`type`, `of`, `get`…)
 * are legal binding names and are not listed. */
// prettier-ignore
export const TS_RESERVED_WORDS: ReadonlySet<string> = new Set([
  ...JS_RESERVED_WORDS,
  "any", "unknown", "never", "object", "string", "number", "boolean", "bigint", "symbol", "intrinsic",
  "require", "exports", "module", "constructor",
]);

/** Rust's strict and reserved keywords (2021 edition, plus `gen` from 2024) and the primitive/prelude names a
 * generated type must not shadow. Weak keywords (`union`, `raw`, `macro_rules`) are ordinary identifiers. */
// prettier-ignore
export const RUST_RESERVED_WORDS: ReadonlySet<string> = new Set([
  "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for", "if", "impl", "in",
  "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "self", "Self", "static", "struct", "super",
  "trait", "true", "type", "unsafe", "use", "where", "while", "async", "await", "dyn",
  "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield",
  "try", "gen",
  // prelude and primitive names a generated item must not shadow
  "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "bool", "char", "str", "u8", "u16",
  "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
]);

/** Property names that are unsafe on a JS object (prototype pollution, shadowing `Object.prototype`). */
export const UNSAFE_PROPERTY_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** Names the generated TypeScript imports or relies on; a declared type must not take them. */
// prettier-ignore
export const TS_GENERATED_TYPE_NAMES: ReadonlySet<string> = new Set([
  "JsonValue", "JsonFloat", "JsonObject", "EventFamilyDescriptor", "Record", "Array", "ReadonlyArray", "Readonly", "Partial", "Object",
  "String", "Number", "Boolean", "BigInt", "Symbol", "Date", "Map", "Set", "Promise", "Error", "Function",
]);

/** Targets a name is checked for. */
export type NameTarget = "ts" | "rust" | "property";

/**
 * Why `name` cannot be used as-is in `target`, or `undefined` when it is safe:
 * - `ts`: a TS/JS binding or type name (reserved words, `__proto__`/`constructor`/`prototype`, not an identifier);
 * - `rust`: a Rust identifier (keywords and shadowed prelude names);
 * - `property`: a key of a generated JS object (`__proto__`, `constructor`, `prototype`).
 */
export function unsafeNameReason(name: string, target: NameTarget): string | undefined {
  switch (target) {
    case "ts":
      if (!isIdentifier(name)) return `\`${name}\` is not a valid TypeScript identifier`;
      if (UNSAFE_PROPERTY_NAMES.has(name)) return `\`${name}\` is unsafe on JavaScript objects`;
      if (TS_RESERVED_WORDS.has(name)) return `\`${name}\` is a reserved word in TypeScript/JavaScript`;
      if (TS_GENERATED_TYPE_NAMES.has(name)) return `\`${name}\` is a name the generated TypeScript already uses`;
      return undefined;
    case "rust":
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) || name === "_") return `\`${name}\` is not a valid Rust identifier`;
      if (RUST_RESERVED_WORDS.has(name)) return `\`${name}\` is a reserved word in Rust`;
      return undefined;
    case "property":
      if (UNSAFE_PROPERTY_NAMES.has(name)) return `\`${name}\` is unsafe as a JavaScript object key`;
      return undefined;
  }
}

/** An ASCII JS identifier (`[A-Za-z_$][A-Za-z0-9_$]*`), the only kind eventspec generates. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** A TS property key as written in source: bare when it is an identifier, else a JSON string literal. */
export function propertyKey(wire: string): string {
  return isIdentifier(wire) ? wire : JSON.stringify(wire);
}

/** Levenshtein distance, for did-you-mean hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** Names longer than this get no did-you-mean: the edit distance costs the product of the two lengths. */
const MAX_SUGGESTION_LENGTH = 100;

/** The closest candidate to `name` (case-insensitive distance ≤ max(1, ⌊len/3⌋)), for "did you mean …?" hints. */
export function didYouMean(name: string, candidates: Iterable<string>): string | undefined {
  if (name.length > MAX_SUGGESTION_LENGTH) return undefined;
  let best: string | undefined;
  let bestD = Infinity;
  const limit = Math.max(1, Math.floor(name.length / 3));
  for (const c of candidates) {
    // The distance is at least the difference in length: a candidate that much longer or shorter cannot be close.
    if (Math.abs(c.length - name.length) > limit) continue;
    const d = editDistance(name.toLowerCase(), c.toLowerCase());
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  return bestD <= limit ? best : undefined;
}
