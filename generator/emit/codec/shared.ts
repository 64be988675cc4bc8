// What every part of the codec emitter shares: how keys, literals and serde's expectations are printed, the walker
// modes and views, and small queries on the IR.
import type { DeclIndex } from "../../ir/lookup";
import type { Field, IntName, LiteralJson, TypeRef, UnionDecl } from "../../ir/types";
import { isIdentifier } from "../../naming";
import { tsString } from "../../text";
import type { ImportSet } from "../ts-common";

/** The codec's line width: the emitter prints its own layout (2-space indent), no formatter runs over it. */
export const WIDTH = 120;

/** Where generated codec modules import the support library from. */
export const SUPPORT = "../_support/";

export const PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * `o["key"]`, or `own(o, "key")` for keys Object.prototype also has. Always brackets: `o` is a decoded JSON object
 * (an index signature), which `noPropertyAccessFromIndexSignature` lets no one read with `o.key`.
 */
export function readKey(o: string, key: string, imports: ImportSet): string {
  if (PROTO_KEYS.has(key)) {
    imports.addValue("own", SUPPORT + "runtime");
    return `own(${o}, ${str(key)})`;
  }
  return `${o}[${str(key)}]`;
}

/** A TypeScript literal of a string (JSON's escaping is valid TS), or an array of strings. */
export function str(s: unknown): string {
  if (typeof s === "string") return tsString(s);
  if (Array.isArray(s)) return `[${s.map(str).join(", ")}]`;
  return JSON.stringify(s);
}

/** `if (cond) stmt` on one line when that fits the width, else with the statement in a block. */
export function guarded(ind: string, cond: string, stmt: string): string[] {
  const line = `${ind}if (${cond}) ${stmt}`;
  if (line.length <= WIDTH) return [line];
  const body = `${ind}  ${stmt}`;
  return [...ifOpen(ind, cond), body.length <= WIDTH ? body : breakList(body), `${ind}}`];
}

/** `if (cond) {`, its condition on lines of its own (split at `&&` / `||`) when the line is too wide. */
export function ifOpen(ind: string, cond: string): string[] {
  const line = `${ind}if (${cond}) {`;
  if (line.length <= WIDTH) return [line];
  return [`${ind}if (`, ...condition(`${ind}  `, cond), `${ind}) {`];
}

/** A condition at `ind`, broken at its top-level `&&` / `||` (and inside a `!(…)`) until its lines fit. */
function condition(ind: string, cond: string): string[] {
  if (ind.length + cond.length <= WIDTH) return [`${ind}${cond}`];
  if (cond.startsWith("!(") && cond.endsWith(")") && closes(cond, 1) === cond.length - 1) {
    return [`${ind}!(`, ...condition(`${ind}  `, cond.slice(2, -1)), `${ind})`];
  }
  const parts = topLevelSplit(cond);
  if (parts.length < 2) return [`${ind}${cond}`];
  return parts.map((p) => `${ind}${p}`);
}

/** The index of the bracket closing the one at `open`. */
function closes(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === "(") depth++;
    else if (s[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

/** `a && b && (c || d)` → [`a &&`, `b &&`, `(c || d)`] (operators kept at the end of each line). */
function topLevelSplit(cond: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = false;
  for (let i = 0; i < cond.length; i++) {
    const ch = cond[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === "(" || ch === "[") depth++;
    else if (ch === ")" || ch === "]") depth--;
    else if (depth === 0 && (cond.startsWith(" && ", i) || cond.startsWith(" || ", i))) {
      out.push(cond.slice(start, i + 3));
      start = i + 4;
      i += 3;
    }
  }
  out.push(cond.slice(start));
  return out;
}

/** An object literal of `parts` (`key: value`, `...spread`). */
export function objectLiteral(parts: readonly string[]): string {
  return parts.length === 0 ? "{}" : `{ ${parts.join(", ")} }`;
}

/**
 * A decoded value built from its parts. A spread part is a flattened member, and TypeScript cannot check such a
 * literal against its type: named keys next to a flattened map (`{ name: string } & Record<string, number>`) read
 * fine but no literal is assignable to them, and optional members spread in trip exactOptionalPropertyTypes. The
 * walker's checks made the value right; the assertion keeps consumers' strictest settings compiling.
 */
export function builtValue(parts: readonly string[]): string {
  return parts.some((p) => p.startsWith("...")) ? `${objectLiteral(parts)} as never` : objectLiteral(parts);
}

/** A string as JSON text: what an encoder writes on the wire (then put into a TS literal with `str`). */
export function json(s: string): string {
  return JSON.stringify(s);
}

/** The path segment of a key, as a TS string literal. */
export function seg(key: string): string {
  return str(/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? "." + key : "[" + JSON.stringify(key) + "]");
}

/** A property key in an object literal (`__proto__` computed, so it is data). */
export function propKey(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return isIdentifier(key) ? key : str(key);
}

/** serde's "expected" phrase for a type's deserializer. */
export function expecting(t: TypeRef, index: DeclIndex): string {
  switch (t.kind) {
    case "string":
      return "a string";
    case "bool":
      return "a boolean";
    case "int":
      return t.name;
    case "float":
      return t.name;
    case "json":
      return "any valid JSON value";
    case "timestamp":
      return "a formatted date and time string or a unix timestamp";
    case "uuid":
      return "a UUID string";
    case "option":
      return "option";
    case "list":
      return "a sequence";
    case "map":
      return "a map";
    case "box":
      return expecting(t.inner, index);
    case "named": {
      const d = index.get(t.family, t.name);
      if (d === undefined) return t.name;
      switch (d.kind) {
        case "struct":
          return `struct ${d.names.rust}`;
        case "enum":
          return `enum ${d.names.rust}`;
        case "union":
          return unionExpecting(d);
        case "newtype":
          return d.transparent ? expecting(d.inner, index) : `tuple struct ${d.names.rust}`;
        case "alias":
          return expecting(d.target, index);
      }
    }
  }
}

export function unionExpecting(u: UnionDecl): string {
  switch (u.repr.kind) {
    case "internal":
      return `internally tagged enum ${u.names.rust}`;
    case "adjacent":
      return `adjacently tagged enum ${u.names.rust}`;
    case "external":
      return `enum ${u.names.rust}`;
    case "untagged":
      return `untagged enum ${u.names.rust}`;
  }
}

export interface IntBounds {
  readonly lo: string;
  readonly hi: string;
}

export function intBounds(name: IntName): IntBounds {
  switch (name) {
    case "u8":
      return { lo: "0", hi: "255" };
    case "u16":
      return { lo: "0", hi: "65535" };
    case "u32":
      return { lo: "0", hi: "4294967295" };
    case "u64":
    case "usize":
      return { lo: "0", hi: "9007199254740991" };
    case "i8":
      return { lo: "-128", hi: "127" };
    case "i16":
      return { lo: "-32768", hi: "32767" };
    case "i32":
      return { lo: "-2147483648", hi: "2147483647" };
    case "i64":
    case "isize":
      return { lo: "-9007199254740991", hi: "9007199254740991" };
  }
}

/** A stable name fragment for an anonymous type expression (`list_string`, `option_map_json`). */
export function typeKey(t: TypeRef): string {
  switch (t.kind) {
    case "int":
      return t.bigint ? `${t.name}n` : t.name;
    case "float":
      return t.name;
    case "option":
      return `option_${typeKey(t.inner)}`;
    case "list":
      return `list_${typeKey(t.item)}`;
    case "map":
      return `map_${typeKey(t.value)}`;
    case "box":
      return typeKey(t.inner);
    case "named":
      return t.name;
    default:
      return t.kind;
  }
}

/** Walkers are generated in two flavours: reading the value directly, or from serde's buffered Content (inside an
 * internally tagged or untagged union, or a flatten), where serde words enum errors differently. */
export type Mode = "direct" | "content";

/**
 * What serde shows a value beyond its own JSON object. `hidden`: keys that sit in the object the walker is given but
 * that serde never hands to this value — an internally tagged newtype variant's tag (serde buffers the entries
 * without it), and under flatten the keys the outer struct and the structs flattened before took. `flat`: the value
 * is flattened into a struct; serde then hands a struct without flatten of its own only the entries named by its
 * fields' wire names (no aliases), so its `deny_unknown_fields` never fires.
 *
 * Only the constructs that look at keys they do not name (a map, a flattened map, deny_unknown_fields) and aliases
 * care; every other walker is the plain one. A walker for a non-plain view is a separate specialized function.
 */
export interface View {
  readonly hidden: readonly string[];
  readonly flat: boolean;
}

export const PLAIN: View = { hidden: [], flat: false };

/** `T` of a flattened `Option<T>`. */
export function unoption(t: TypeRef): TypeRef {
  return t.kind === "option" ? t.inner : t;
}

export function hasFlatten(fields: readonly Field[]): boolean {
  return fields.some((f) => f.flatten && !f.skip);
}

/** serde_derive's `has_flatten` of a union: a field of any variant is flattened. */
export function unionHasFlatten(u: UnionDecl): boolean {
  return u.variants.some((v) => v.shape.kind === "struct" && hasFlatten(v.shape.fields));
}

/** Sorted, without repeats. */
export function keySet(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

/** The value type of a map, through aliases and newtypes; undefined when `t` is not a map. */
export function mapValueType(index: DeclIndex, t: TypeRef): TypeRef | undefined {
  const u = t.kind === "box" ? t.inner : t;
  if (u.kind === "map") return u.value;
  if (u.kind !== "named") return undefined;
  const d = index.get(u.family, u.name);
  if (d?.kind === "alias") return mapValueType(index, d.target);
  if (d?.kind === "newtype") return mapValueType(index, d.inner);
  return undefined;
}

export function resolveAliasMap(index: DeclIndex, t: TypeRef): boolean {
  return mapValueType(index, t) !== undefined;
}

/** A literal default as a TS expression of plain JSON (`-0` keeps its sign). */
export function literal(v: LiteralJson): string {
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    if (Object.keys(v).length === 0) return "{}";
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k === "__proto__" ? `["__proto__"]` : /^[A-Za-z_$][\w$]*$/.test(k) ? k : str(k)}: ${literal(x as LiteralJson)}`)
      .join(", ")} }`;
  }
  return str(v);
}

/** The body of a function of `t` returning the value paired with the string equal to `t`, or undefined. */
export function lengthSwitch(entries: ReadonlyArray<readonly [string, string]>): string {
  const byLength = new Map<number, Array<readonly [string, string]>>();
  for (const e of entries) byLength.set(e[0].length, [...(byLength.get(e[0].length) ?? []), e]);
  const lines = ["  switch (t.length) {"];
  for (const n of [...byLength.keys()].sort((a, b) => a - b)) {
    lines.push(`    case ${n}:`);
    for (const [k, value] of byLength.get(n)!) lines.push(`      if (t === ${str(k)}) return ${value};`);
    lines.push("      return undefined;");
  }
  lines.push("  }", "  return undefined;");
  return lines.join("\n");
}

/** A statement whose line is too wide, its first bracketed list one item a line (and so on inside, while too wide). */
export function breakList(line: string): string {
  const open = firstBracket(line);
  if (open < 0) return line;
  const items = splitTopLevel(line.slice(open + 1));
  const close = open + 1 + items.end;
  if (items.end < 0) return line;
  const lead = /^ */.exec(line)![0];
  const item = (i: string) => (lead.length + i.length + 3 > WIDTH ? breakList(`${lead}  ${i},`) : `${lead}  ${i},`);
  return `${line.slice(0, open + 1)}\n${items.items.map((i) => `${item(i)}\n`).join("")}${lead}${line.slice(close)}`;
}

/** The index of the first `[` or `{` outside a string literal; -1 when there is none. */
function firstBracket(s: string): number {
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === "[" || ch === "{") return i;
  }
  return -1;
}

/** `a, [b, c], "d, e"] …` → its comma-separated items up to the bracket that closes the list, and its index. */
export function splitTopLevel(s: string): { items: string[]; end: number } {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  let quote = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === '"') quote = false;
    } else if (ch === '"') quote = true;
    else if (ch === "[" || ch === "(" || ch === "{") depth++;
    else if ((ch === "]" || ch === ")" || ch === "}") && depth === 0) {
      if (s.slice(start, i).trim() !== "") out.push(s.slice(start, i).trim());
      return { items: out, end: i };
    } else if (ch === "]" || ch === ")" || ch === "}") depth--;
    else if (ch === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  return { items: out, end: -1 };
}
