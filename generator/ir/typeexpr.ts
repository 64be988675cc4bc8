/**
 * Type expressions (`option<list<Foo>>`): parsing with positions, and resolution of names against a family's scope.
 */
import { isWideInt, PRIMITIVE_KINDS, primitiveByName, type PrimitiveKindName, unreachable } from "./kinds";
import type { IntName, TypeRef } from "./types";

export type TypeSyntax =
  | { readonly kind: "name"; readonly name: string; readonly offset: number }
  | { readonly kind: "generic"; readonly name: string; readonly arg: TypeSyntax; readonly offset: number };

export type ParseResult = { ok: true; syntax: TypeSyntax } | { ok: false; offset: number; message: string };

type GenericName = "option" | "list" | "map" | "box";
const GENERICS: ReadonlySet<string> = new Set<GenericName>(["option", "list", "map", "box"]);

/**
 * How deep `<…>` may nest. Real types nest a few levels; without a limit, a spec nesting hundreds deep spent minutes
 * in the emitters (their output grows with the square of the depth) and then overflowed the stack.
 */
export const MAX_TYPE_DEPTH = 32;

/** Parses `name` or `name<expr>`; whitespace is allowed around the angle brackets. */
export function parseTypeExpr(text: string): ParseResult {
  let i = 0;
  let depth = 0;
  const skip = () => {
    while (i < text.length && text[i] === " ") i++;
  };
  const fail = (message: string): ParseResult => ({ ok: false, offset: i, message });
  const parse = (): TypeSyntax | ParseResult => {
    skip();
    const start = i;
    while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
    if (i === start) return fail(text.length === 0 ? "empty type expression" : `unexpected \`${text[i] ?? ""}\` in type expression \`${text}\``);
    const name = text.slice(start, i);
    skip();
    if (text[i] !== "<") return { kind: "name", name, offset: start };
    if (++depth > MAX_TYPE_DEPTH) {
      i = start; // point at the generic that goes one level too deep
      return fail(`type expression nests deeper than ${MAX_TYPE_DEPTH} levels`);
    }
    i++;
    const arg = parse();
    if ("ok" in arg) return arg;
    skip();
    if (text[i] === ",") return fail(`\`${name}<…>\` takes one type argument (maps always have string keys: write map<V>)`);
    if (text[i] !== ">") return fail(`expected \`>\` to close \`${name}<\` in \`${text}\``);
    i++;
    return { kind: "generic", name, arg, offset: start };
  };
  const result = parse();
  if ("ok" in result) return result;
  skip();
  if (i < text.length) return fail(`unexpected \`${text.slice(i)}\` after type expression`);
  return { ok: true, syntax: result };
}

/** Every type name a spec may write without declaring it: the primitives, then the generics. */
export const PRIMITIVE_NAMES = Object.keys(PRIMITIVE_KINDS) as PrimitiveKindName[];

/** Common spellings from Rust and TS that people reach for, with what to write instead. */
export const FOREIGN_SPELLINGS: ReadonlyMap<string, string> = new Map(Object.entries({
  String: "string",
  str: "string",
  boolean: "bool",
  number: "f64 or an integer type",
  Value: "json",
  object: "json or a struct",
  Uuid: "uuid",
  DateTime: "timestamp",
  Option: "option<T>",
  Vec: "list<T>",
  Array: "list<T>",
  HashMap: "map<T>",
  BTreeMap: "map<T>",
  Box: "box<T>",
}));

/** The resolved type of a primitive name; `bigint` applies to 64-bit and size integers. */
function primitiveType(name: PrimitiveKindName, bigint: boolean): TypeRef {
  switch (name) {
    case "string":
    case "bool":
    case "json":
    case "timestamp":
    case "uuid":
      return { kind: name };
    case "f32":
    case "f64":
      return { kind: "float", name };
    default: {
      const intName: IntName = name;
      const { min, max } = PRIMITIVE_KINDS[intName].range!;
      return { kind: "int", name: intName, min, max, bigint: bigint && isWideInt(intName) };
    }
  }
}

export type Resolve =
  | { ok: true; type: TypeRef }
  | { ok: false; offset: number; name: string; message: string; hint?: string };

/**
 * Resolves parsed syntax against `lookup` (name → declaring family, or undefined). `bigint` applies to every 64-bit
 * integer inside the expression.
 */
export function resolveTypeSyntax(
  syntax: TypeSyntax,
  lookup: (name: string) => string | undefined,
  bigint: boolean,
  suggest: (name: string) => string | undefined,
): Resolve {
  if (syntax.kind === "generic") {
    if (!GENERICS.has(syntax.name)) {
      const foreign = FOREIGN_SPELLINGS.get(syntax.name);
      return {
        ok: false,
        offset: syntax.offset,
        name: syntax.name,
        message: `unknown generic type \`${syntax.name}<…>\``,
        hint: foreign ? `write ${foreign}` : "the generic types are option<T>, list<T>, map<T> and box<T>",
      };
    }
    const inner = resolveTypeSyntax(syntax.arg, lookup, bigint, suggest);
    if (!inner.ok) return inner;
    const generic = syntax.name as GenericName; // GENERICS has it
    switch (generic) {
      case "option":
        return { ok: true, type: { kind: "option", inner: inner.type } };
      case "list":
        return { ok: true, type: { kind: "list", item: inner.type } };
      case "map":
        return { ok: true, type: { kind: "map", value: inner.type } };
      case "box":
        return { ok: true, type: { kind: "box", inner: inner.type } };
      default:
        return unreachable(generic);
    }
  }
  const name = syntax.name;
  if (GENERICS.has(name)) {
    return { ok: false, offset: syntax.offset, name, message: `\`${name}\` needs a type argument`, hint: `write ${name}<T>` };
  }
  const primitive = primitiveByName(name);
  if (primitive !== undefined) return { ok: true, type: primitiveType(primitive, bigint) };
  const family = lookup(name);
  if (family !== undefined) return { ok: true, type: { kind: "named", name, family } };
  const foreign = FOREIGN_SPELLINGS.get(name);
  const close = suggest(name);
  return {
    ok: false,
    offset: syntax.offset,
    name,
    message: `unknown type \`${name}\``,
    hint: foreign
      ? `write ${foreign}`
      : close
        ? `did you mean \`${close}\`?`
        : "declare it under `types:`, import it from another spec under `imports:`, or use a built-in type",
  };
}

/** Structural equality of two resolved types. */
export function sameType(a: TypeRef, b: TypeRef): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case "int":
      return a.name === (b as typeof a).name && a.bigint === (b as typeof a).bigint;
    case "float":
      return a.name === (b as typeof a).name;
    case "option":
    case "box":
      return sameType(a.inner, (b as typeof a).inner);
    case "list":
      return sameType(a.item, (b as typeof a).item);
    case "map":
      return sameType(a.value, (b as typeof a).value);
    case "named":
      return a.name === (b as typeof a).name && a.family === (b as typeof a).family;
    case "string":
    case "bool":
    case "json":
    case "timestamp":
    case "uuid":
      return true;
    default:
      return unreachable(a);
  }
}

/** The type as a spec author writes it (`option<list<u64>>`), for messages. */
export function showType(t: TypeRef): string {
  switch (t.kind) {
    case "int":
      return t.name;
    case "float":
      return t.name;
    case "option":
      return `option<${showType(t.inner)}>`;
    case "box":
      return `box<${showType(t.inner)}>`;
    case "list":
      return `list<${showType(t.item)}>`;
    case "map":
      return `map<${showType(t.value)}>`;
    case "named":
      return t.name;
    case "string":
    case "bool":
    case "json":
    case "timestamp":
    case "uuid":
      return t.kind;
    default:
      return unreachable(t);
  }
}
