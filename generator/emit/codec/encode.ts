// The writers `e$T`: a typed value to serde_json's text, one function per type and per variant; the encoders of
// untagged unions ask the walkers which variant a value belongs to. Every name printed here comes from the spec
// (types, variants, fields), never from a counter, so adding a field or a variant changes only its own lines. Each
// field is one or two lines: the path an EncodeError reports (`at_`), then the write.
import { resolveDecl, resolveStruct, unalias, unbox } from "../../ir/lookup";
import type { Decl, Field, LiteralJson, TypeRef, UnionDecl, Variant } from "../../ir/types";
import * as fs from "node:fs";
import * as path from "node:path";
import { camelCase, isIdentifier, pascalCase, screamingSnakeCase, TS_RESERVED_WORDS } from "../../naming";
import { SUPPORT_DIR } from "../../paths";
import { SUPPORT_FILES } from "./support-files";
import { json, keySet, literal, mapValueType, PLAIN, readKey, seg, str, SUPPORT, typeKey, unoption } from "./shared";
import { Walkers } from "./decode";

/** The codec's print width: the writers keep every line within it (2-space indent). */
const WIDTH = 120;

/** `if (cond) stmt` on one line when it fits, else the statement in a block. */
function ifStatement(ind: string, cond: string, stmt: string): string[] {
  const line = `${ind}if (${cond}) ${stmt}`;
  return line.length <= WIDTH ? [line] : [`${ind}if (${cond}) {`, `${ind}  ${stmt}`, `${ind}}`];
}

/** `o.key`, or `o["key"]` for a key that is no identifier. */
function member(o: string, key: string): string {
  return isIdentifier(key) ? `${o}.${key}` : `${o}[${str(key)}]`;
}

/** A writer's parameter: `v`, or `_v` when the body writes a constant (noUnusedParameters). */
function param(body: string): string {
  return /\bv\b/.test(body) ? "v" : "_v";
}

/**
 * Names a writer binds itself or reads from the global scope, and the support library's exports (the writers
 * import them by their own names): a local named after a field must be none of them.
 */
const TAKEN: ReadonlySet<string> = new Set([
  ...TS_RESERVED_WORDS,
  ...["v", "_v", "out", "at_", "e", "k", "x", "l", "i", "n", "o", "head", "write", "variant"],
  ...["Object", "String", "Number", "Record", "JsonValue"],
  ...supportExports(),
]);

function supportExports(): string[] {
  const names: string[] = [];
  for (const file of SUPPORT_FILES) {
    const text = fs.readFileSync(path.join(SUPPORT_DIR, file), "utf8");
    for (const m of text.matchAll(/^export (?:function|const|class|let|type|interface) ([A-Za-z_$][\w$]*)/gm))
      names.push(m[1]!);
  }
  return names;
}

/**
 * The local holding a field's value: the camelCase of its spec name (`duration_ms` → `durationMs`), with `Value`
 * appended while that is taken (a reserved word, a name the writer uses, another field's local). It depends on
 * the names alone, so a field keeps its local when others are added.
 */
function fieldLocal(spec: string, used: ReadonlySet<string>): string {
  let name = camelCase(spec);
  if (!isIdentifier(name)) name = `value${pascalCase(spec)}`;
  while (TAKEN.has(name) || used.has(name) || !isIdentifier(name)) name += "Value";
  return name;
}

/** Whether serde skips a field whose value is the literal `x` (its skip_serializing_if holds). */
function skipsLiteral(rule: Field["skipSerializingIf"], x: LiteralJson): boolean {
  switch (rule) {
    case undefined:
      return false;
    case "none":
    case "null":
      return x === null;
    case "empty":
      return (
        x === "" ||
        (Array.isArray(x) && x.length === 0) ||
        (typeof x === "object" && x !== null && Object.keys(x).length === 0)
      );
    case "false":
      return x === false;
    case "zero":
      return x === 0;
  }
}

/** Whether `encodeExpr` of `t` is one parenthesized conditional expression. */
function isConditional(t: TypeRef): boolean {
  const u = unbox(t);
  return u.kind === "bool" || u.kind === "option";
}

/** Whether writing a value of `t` can throw an EncodeError (a boolean cannot: no path to record for it). */
function canThrow(t: TypeRef): boolean {
  const u = unbox(unoption(unbox(t)));
  return u.kind !== "bool";
}

/** `const NAME = …;` on one line when it fits, else its list one element a line (as prettier prints it). */
function listConstant(name: string, open: string, items: readonly string[], close: string): string {
  const line = `const ${name} = ${open}${items.join(", ")}${close};`;
  if (line.length <= WIDTH) return line;
  return [`const ${name} = ${open}`, ...items.map((i) => `  ${i},`), `${close};`].join("\n");
}

export abstract class Writers extends Walkers {
  /** The writers' module constants by name, and by text (equal constants are emitted once). */
  private readonly writerConsts = new Map<string, string>();
  private readonly writerConstByText = new Map<string, string>();

  // ------------------------------------------------------------------------------------------------ writers

  /** The name of a writer `(v: T) => string` for `t`, generating it on first use. */
  writer(t: TypeRef): string {
    if (t.kind === "box") return this.writer(t.inner);
    if (t.kind === "named" && t.family !== this.family.name) {
      const d = this.index.get(t.family, t.name);
      const name = `e$${d?.names.ts ?? t.name}`;
      this.imports.addValue(name, `../${t.family}/codec`);
      return name;
    }
    const key = `e:${typeKey(t)}`;
    const done = this.made.get(key);
    if (done !== undefined) return done;
    const name = t.kind === "named" ? `e$${this.index.get(t.family, t.name)?.names.ts ?? t.name}` : `e$${typeKey(t)}`;
    this.made.set(key, name);
    const body = this.writerBody(t);
    const exported = t.kind === "named" ? "export " : "";
    this.fns.push(`${exported}function ${name}(${param(body)}: ${this.tsOf(t)}): string {\n${body}\n}\n`);
    return name;
  }

  /** A TS expression writing the value `x` (a simple expression) of type `t`. */
  encodeExpr(t: TypeRef, x: string): string {
    switch (t.kind) {
      case "string":
        return `${this.rt("quote")}(${x})`;
      case "timestamp":
        return `${this.sup("writeTimestamp", "write")}(${x})`;
      case "uuid":
        return `${this.sup("writeUuid", "write")}(${x})`;
      case "bool":
        return `(${x} ? "true" : "false")`;
      case "int":
        return t.bigint
          ? `${this.rt("encodeBigInt")}(${x}, ${str(t.name)})`
          : `${this.sup(`write${t.name[0]!.toUpperCase()}${t.name.slice(1)}`, "write")}(${x})`;
      case "float":
        return `${this.rt(t.name === "f64" ? "encodeF64" : "encodeF32")}(${x}, ${this.plus})`;
      case "json":
        return `${this.sup(this.plus ? "writeJson" : "writeJsonLegacy", "write")}(${x})`;
      case "box":
        return this.encodeExpr(t.inner, x);
      case "option": {
        // A conditional in the alternate needs no parentheses.
        const inner = this.encodeExpr(t.inner, x);
        return `(${x} == null ? "null" : ${isConditional(t.inner) ? inner.slice(1, -1) : inner})`;
      }
      default:
        return `${this.writer(t)}(${x})`;
    }
  }

  protected writerBody(t: TypeRef): string {
    switch (t.kind) {
      case "list":
        return [
          `  const n = v.length;`,
          `  if (n === 0) return "[]";`,
          `  let i = 0;`,
          `  try {`,
          `    let out = "[" + ${this.encodeExpr(t.item, "v[0]!")};`,
          `    for (i = 1; i < n; i++) out += "," + ${this.encodeExpr(t.item, "v[i]!")};`,
          `    return out + "]";`,
          `  } catch (e) {`,
          `    throw ${this.rt("at")}(e, "[" + i + "]");`,
          `  }`,
        ].join("\n");
      case "map":
        return [
          `  let out = "";`,
          `  for (const k of ${this.sup("sortedKeys", "json-value")}(v)) {`,
          `    const x = v[k];`,
          `    if (x === undefined) continue;`,
          `    try {`,
          `      out += (out === "" ? "" : ",") + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(t.value, "x")};`,
          `    } catch (e) {`,
          `      throw ${this.rt("at")}(e, ${this.rt("keySegment")}(k));`,
          `    }`,
          `  }`,
          `  return "{" + out + "}";`,
        ].join("\n");
      case "named":
        return this.declWriterBody(this.index.get(t.family, t.name)!);
      default:
        return `  return ${this.encodeExpr(t, "v")};`;
    }
  }

  protected declWriterBody(d: Decl): string {
    switch (d.kind) {
      case "struct":
        return this.objectBody(d.fields, "{", d.names.ts, []);
      case "enum":
        return `  return ${this.rt("quote")}(v);`;
      case "newtype":
        return `  return ${this.encodeExpr(d.inner, "v")};`;
      case "alias":
        return `  return ${this.encodeExpr(d.target, "v")};`;
      case "union":
        return this.unionWriterBody(d);
    }
  }

  // ------------------------------------------------------------------------------------------------ objects

  /**
   * A module constant of the writers, named after what it belongs to (`base`, SCREAMING_SNAKE_CASE); a constant
   * equal to one already emitted is that one. `print` lays the declaration out under the name it is given.
   */
  private writerConstant(base: string, text: string, print: (name: string) => string): string {
    const known = this.writerConstByText.get(text);
    if (known !== undefined) return known;
    let name = base;
    // Two owners whose names differ only in case or separators: the later one numbered, in declaration order.
    for (let n = 2; this.writerConsts.has(name); n++) name = `${base}_${n}`;
    this.writerConsts.set(name, text);
    this.writerConstByText.set(text, name);
    this.consts.push(print(name));
    return name;
  }

  /**
   * A writer's body: `out` starts as `init` (a TS expression), `lines` (at an indent of four) append the members,
   * and `result` is returned. When a line records a path (`at_`), the lines run in a try that adds it to an
   * EncodeError; otherwise they stand alone. A first member that is always written starts `out` itself.
   */
  protected outBody(init: string, lines: readonly string[], result: string): string {
    let body = [...lines];
    // A reset to the top level (before flattened members) matters only after a field's path was recorded.
    const tracked = body.some((l) => /^\s*at_ = /.test(l) && !l.endsWith('at_ = "";'));
    if (!tracked) body = body.filter((l) => !l.endsWith('at_ = "";'));
    let start = '""';
    if (init === '""') {
      const first = body.findIndex((l) => !l.startsWith("    at_ = "));
      const m = first >= 0 ? /^ {4}out \+= (.*);$/.exec(body[first]!) : null;
      if (m !== null) {
        init = m[1]!;
        // The path of the first member becomes the path's initial value, recorded before `out` starts.
        if (first > 0) start = body[first - 1]!.slice("    at_ = ".length, -1);
        body.splice(0, first + 1);
      }
    }
    // A single member: one expression, no `out`.
    const whole =
      body.length === 0 && (result === "out" || result === 'out + "}"') ? init + result.slice(3) : undefined;
    if (whole !== undefined && !tracked) return `  return ${whole};`;
    if (whole !== undefined) {
      const lines = [
        `  try {`,
        `    return ${whole};`,
        `  } catch (e) {`,
        `    throw ${this.rt("at")}(e, ${start});`,
        `  }`,
      ];
      return lines.join("\n");
    }
    if (!tracked) return [`  let out = ${init};`, ...body.map((l) => l.slice(2)), `  return ${result};`].join("\n");
    return [
      `  let at_ = ${start};`,
      `  try {`,
      `    let out = ${init};`,
      ...body,
      `    return ${result};`,
      `  } catch (e) {`,
      `    throw ${this.rt("at")}(e, at_);`,
      `  }`,
    ].join("\n");
  }

  /**
   * The body of a writer of an object with `fields`: `head` (raw JSON text, `{` or `{"tag":"x",`), the members,
   * `}`. `owner` names the object (for its constants); `hidden` as in membersCode.
   */
  protected objectBody(fields: readonly Field[], head: string, owner: string, hidden: readonly string[]): string {
    const { lines, opened } = this.membersCode(fields, "v", "    ", owner, head, hidden);
    const bare = head === "{" ? "" : head.slice(0, -1);
    if (lines.length === 0) return `  return ${str(bare === "" ? "{}" : bare + "}")};`;
    if (opened) return this.outBody('""', lines, 'out + "}"');
    return bare === ""
      ? this.outBody('""', lines, '"{" + out.slice(1) + "}"')
      : this.outBody(str(bare), lines, 'out + "}"');
  }

  /**
   * Statements appending a struct's members to `out` (each with a leading comma), in declaration order, skip rules
   * applied. Sets `at_` before each field that may fail, so an EncodeError names it. `opening`: raw JSON text that
   * replaces the comma of the first member when that member is always written (`opened` then says so). `hidden`:
   * keys of `obj` that belong to someone else (the tag of an internally tagged union, an outer struct's members
   * under flatten), which a flattened map must not write again.
   */
  protected membersCode(
    fields: readonly Field[],
    obj: string,
    ind: string,
    owner: string,
    opening?: string,
    hidden: readonly string[] = [],
  ): { lines: string[]; opened: boolean } {
    const lines: string[] = [];
    const locals = new Set<string>();
    let opened = false;
    let first = true;
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) {
        lines.push(...this.flattenedMembers(f, fields, obj, ind, owner, hidden));
        first = false;
        continue;
      }
      const written = this.writeTest(f, "");
      const open = first && opening !== undefined && written === undefined;
      first = false;
      if (open) opened = true;
      const keyText = (open ? opening : ",") + json(f.wire) + ":";
      if (canThrow(f.type) && written?.value !== "true") lines.push(`${ind}at_ = ${seg(f.wire)};`);
      const direct = this.fieldWrite(f, member(obj, f.wire), keyText, ind, false);
      if (direct.every((l) => l.length <= WIDTH)) {
        lines.push(...direct);
        continue;
      }
      // Too long for a line: the value first goes into a local named after the field.
      const local = fieldLocal(f.names.spec, locals);
      locals.add(local);
      lines.push(`${ind}const ${local} = ${member(obj, f.wire)};`, ...this.fieldWrite(f, local, keyText, ind, true));
    }
    return { lines, opened };
  }

  /**
   * The statements writing field `f` (its value `x`, a simple expression) after the key `keyText` (raw JSON text),
   * skip rules applied: one line where it fits; else an `if` with a block, or (`split`) the key and the value apart.
   */
  private fieldWrite(f: Field, x: string, keyText: string, ind: string, split: boolean): string[] {
    const key = str(keyText);
    const written = this.writeTest(f, x);
    if (written !== undefined) {
      // A boolean written only when true is a constant; elsewhere the test may leave out null (an Option's None).
      if (written.value === "true") return ifStatement(ind, written.test, `out += ${str(keyText + "true")};`);
      const value = this.encodeExpr(written.value === "some" ? unoption(f.type) : f.type, x);
      return ifStatement(ind, written.test, `out += ${key} + ${value};`);
    }
    const value = f.optional ? this.orDefault(f, x) : this.encodeExpr(f.type, x);
    const line = `${ind}out += ${key} + ${value};`;
    if (line.length <= WIDTH || !split) return [line];
    const bare = value.startsWith("(") && value.endsWith(")") ? value.slice(1, -1) : value;
    return [`${ind}out += ${key};`, `${ind}out += ${bare};`];
  }

  /** The statements writing a flattened field: a map's entries (but the keys named elsewhere), or the members. */
  private flattenedMembers(
    f: Field,
    fields: readonly Field[],
    obj: string,
    ind: string,
    owner: string,
    hidden: readonly string[],
  ): string[] {
    const inner = unoption(f.type);
    const isMap =
      inner.kind === "map" ||
      (mapValueType(this.index, inner) !== undefined &&
        resolveStruct(this.index, inner) === undefined &&
        resolveDecl(this.index, inner)?.kind !== "union");
    if (isMap) {
      const vt = mapValueType(this.index, inner)!;
      const keys = [...new Set([...this.consumedKeys(fields, undefined), ...hidden])].map((k) => str(k));
      const named = this.writerConstant(`${screamingSnakeCase(owner)}_NAMED_KEYS`, `set:${keys.join(",")}`, (n) =>
        listConstant(n, "/* @__PURE__ */ new Set<string>([", keys, "])"),
      );
      return [
        `${ind}for (const k of ${this.sup("sortedKeys", "json-value")}(${obj})) {`,
        `${ind}  if (${named}.has(k)) continue;`,
        `${ind}  const x = (${obj} as Record<string, ${this.tsOf(vt)}>)[k];`,
        `${ind}  if (x === undefined) continue;`,
        `${ind}  at_ = ${this.rt("keySegment")}(k);`,
        `${ind}  out += "," + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(vt, "x")};`,
        `${ind}}`,
      ];
    }
    const others = this.consumedKeys(
      fields.filter((x) => x !== f),
      undefined,
    );
    // The flattened members sit beside this struct's own: their writer reports their paths from here.
    const write = `out += ${this.membersWriter(inner, [...hidden, ...others])}(${obj} as never);`;
    const present = f.type.kind === "option" ? this.optionPresent(inner, obj) : undefined;
    return [`${ind}at_ = "";`, ...(present === undefined ? [`${ind}${write}`] : ifStatement(ind, present, write))];
  }

  /**
   * The test that a flattened `Option<t>` is Some in `obj`: one of the struct's keys or the union's tag is set (None
   * writes nothing, as serde does; the TS type is `Partial<T>`). Undefined when `t` has no key to tell them apart.
   */
  protected optionPresent(t: TypeRef, obj: string): string | undefined {
    const d = resolveDecl(this.index, t);
    const keys =
      d?.kind === "union" && d.repr.kind === "internal"
        ? [d.repr.tag]
        : this.flattenedKeys(t).filter((k, i, all) => all.indexOf(k) === i);
    if (keys.length === 0) return undefined;
    return keys.map((k) => `(${obj} as Record<string, unknown>)[${str(k)}] !== undefined`).join(" || ");
  }

  /**
   * The condition under which serde writes the field (the negation of its skip_serializing_if), or undefined when
   * it always does. `value`: what is known of the value when written — `some` (not null: an Option's None is
   * skipped), `true` (a boolean written only when true), or `any`.
   */
  protected writeTest(f: Field, x: string): { test: string; value: "some" | "true" | "any" } | undefined {
    switch (f.skipSerializingIf) {
      case undefined:
        return undefined;
      case "none":
      case "null":
        return { test: `${x} != null`, value: "some" };
      case "empty":
        if (mapValueType(this.index, f.type) !== undefined)
          return { test: `${x} !== undefined && Object.keys(${x}).length !== 0`, value: "any" };
        return { test: `${x} !== undefined && ${x}.length !== 0`, value: "any" };
      case "false":
        return { test: x, value: unbox(unalias(this.index, unbox(f.type))).kind === "bool" ? "true" : "any" };
      case "zero": {
        // Through aliases: a bigint's zero is 0n, which is not 0.
        const u = unbox(unalias(this.index, unbox(f.type)));
        if (u.kind === "int" && u.bigint)
          return { test: `${x} !== undefined && ${x} !== BigInt(0) && (${x} as unknown) !== 0`, value: "any" };
        return { test: `${x} !== undefined && ${x} !== 0`, value: "any" };
      }
    }
  }

  /** The write of an optional field `x`: its default's encoding when it is missing (undefined). */
  protected orDefault(f: Field, x: string): string {
    const missing = this.missingValue(f);
    const t = f.type;
    // null is the default of an Option and of a json value, and writes as their None or null does.
    if (missing === '"null"' && t.kind === "option") return this.encodeExpr(t, x);
    const value = this.encodeExpr(t, x);
    if (missing === '"null"' && t.kind === "json") return `(${x} == null ? "null" : ${value})`;
    return `(${x} === undefined ? ${missing} : ${isConditional(t) ? value.slice(1, -1) : value})`;
  }

  /**
   * What a missing (undefined) optional field writes: its default's encoding, as a TS expression. Worked out here
   * when it is plain JSON text; a default of a struct, a union or a float is encoded at run time.
   */
  protected missingValue(f: Field): string {
    const t = f.type;
    if (f.default.kind === "value") {
      const text = this.wireOf(t, f.default.value);
      if (text !== undefined) return str(text);
      const u = unbox(unoption(t));
      if (u.kind === "float") return this.encodeExpr(t, literal(f.default.value));
      // The value serde decodes from the literal (aliases, defaults of its own members), then written.
      return this.encodeExpr(t, this.fieldDefault(f, false));
    }
    const text = this.wireOf(t, this.typeDefault(t));
    return text !== undefined ? str(text) : this.encodeExpr(t, this.defaultOf(t));
  }

  /** Rust's `Default::default()` of `t` as a literal, where it is one (undefined for structs, unions, maps). */
  private typeDefault(t: TypeRef): LiteralJson | undefined {
    switch (t.kind) {
      case "string":
        return "";
      case "bool":
        return false;
      case "int":
      case "float":
        return 0;
      case "json":
      case "option":
        return null;
      case "list":
        return [];
      case "timestamp":
        return "1970-01-01T00:00:00Z";
      case "uuid":
        return "00000000-0000-0000-0000-000000000000";
      case "box":
        return this.typeDefault(t.inner);
      case "map":
        return {};
      case "named": {
        const d = this.index.get(t.family, t.name);
        if (d?.kind === "enum") return d.values[0]?.wire;
        if (d?.kind === "newtype") return this.typeDefault(d.inner);
        if (d?.kind === "alias") return this.typeDefault(d.target);
        // A struct's default holds its fields' defaults (wireOf fills them in).
        if (d?.kind === "struct") return {};
        return undefined;
      }
    }
  }

  /** The JSON text of a struct value given as a literal (missing fields take their defaults), skip rules applied. */
  private structWire(fields: readonly Field[], v: LiteralJson): string | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return undefined;
    const o = v as { readonly [k: string]: LiteralJson };
    const named = new Set(fields.filter((f) => !f.skip).map((f) => f.wire));
    // A key the fields do not name (an alias, an unknown key): left to the run-time path, which knows them.
    if (Object.keys(o).some((k) => !named.has(k)) || fields.some((f) => f.flatten && !f.skip)) return undefined;
    const members: string[] = [];
    for (const f of fields) {
      if (f.skip) continue;
      const x = f.wire in o ? o[f.wire] : f.default.kind === "value" ? f.default.value : this.typeDefault(f.type);
      if (x === undefined) return undefined;
      if (skipsLiteral(f.skipSerializingIf, x)) continue;
      const text = this.wireOf(f.type, x);
      if (text === undefined) return undefined;
      members.push(JSON.stringify(f.wire) + ":" + text);
    }
    return `{${members.join(",")}}`;
  }

  /**
   * The JSON text serde writes for the value it decodes from the literal `v` of type `t`, when that is plain to
   * see here (strings, booleans, integers, enum values, lists and Options of them); undefined otherwise.
   */
  private wireOf(t: TypeRef, v: LiteralJson | undefined): string | undefined {
    if (v === undefined) return undefined;
    switch (t.kind) {
      case "string":
        // A lone surrogate is no Rust string (and JSON.stringify would escape it): left to the run-time writer.
        return typeof v === "string" && !/\p{Cs}/u.test(v) ? JSON.stringify(v) : undefined;
      case "bool":
        return typeof v === "boolean" ? String(v) : undefined;
      case "int":
        return typeof v === "number" && Number.isSafeInteger(v) ? String(v) : undefined;
      case "float":
        // serde writes a float's zero as `0.0`; any other is left to the run-time writer (its exponent rules).
        return v === 0 ? "0.0" : undefined;
      case "json":
        return v === null ? "null" : undefined;
      case "option":
        return v === null ? "null" : this.wireOf(t.inner, v);
      case "box":
        return this.wireOf(t.inner, v);
      case "list": {
        if (!Array.isArray(v)) return undefined;
        const items = (v as readonly LiteralJson[]).map((x) => this.wireOf(t.item, x));
        return items.every((x) => x !== undefined) ? `[${items.join(",")}]` : undefined;
      }
      case "named": {
        const d = this.index.get(t.family, t.name);
        if (d?.kind === "enum") {
          const value = d.values.find((x) => x.wire === v || x.aliases.includes(v as string));
          return value === undefined ? undefined : this.wireOf({ kind: "string" }, value.wire);
        }
        if (d?.kind === "newtype") return this.wireOf(d.inner, v);
        if (d?.kind === "alias") return this.wireOf(d.target, v);
        if (d?.kind === "struct") return this.structWire(d.fields, v);
        return undefined;
      }
      case "map":
        return typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0
          ? "{}"
          : undefined;
      default:
        return undefined;
    }
  }

  /**
   * A writer of the members (`,"k":v…`) of a struct, an internally tagged union or a map, for flatten and newtype
   * variants. `hidden`: keys of the value that belong to someone else (see membersCode).
   */
  protected membersWriter(t: TypeRef, hidden: readonly string[] = []): string {
    const d = resolveDecl(this.index, t);
    const keys = this.writerSeesAllKeys(t) ? keySet(hidden) : [];
    const suffix = this.viewSuffix(keys.length === 0 ? PLAIN : { hidden: keys, flat: false });
    if (
      resolveStruct(this.index, t) === undefined &&
      d?.kind !== "union" &&
      mapValueType(this.index, t) !== undefined
    ) {
      return this.mapMembersWriter(mapValueType(this.index, t)!, keys, suffix);
    }
    if (d === undefined || (d.kind !== "struct" && d.kind !== "union"))
      throw new Error(`codec: cannot flatten ${typeKey(t)}`);
    const foreign = d.family !== this.family.name;
    const name = `m$${foreign && suffix !== "" ? `${d.family}$` : ""}${d.names.ts}${suffix}`;
    if (foreign && suffix === "") {
      this.imports.addValue(name, `../${d.family}/codec`);
      return name;
    }
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const body =
      d.kind === "struct"
        ? this.outBody('""', this.membersCode(d.fields, "v", "    ", d.names.ts, undefined, keys).lines, "out")
        : this.unionMembersBody(d, keys);
    const T = this.tsOf({ kind: "named", family: d.family, name: d.names.spec });
    this.fns.push(`${suffix === "" ? "export " : ""}function ${name}(v: ${T}): string {\n${body}\n}\n`);
    return name;
  }

  /** A writer of a map's entries as members (`,"k":v…`, keys sorted as serde's BTreeMap), without `hidden`. */
  protected mapMembersWriter(value: TypeRef, hidden: readonly string[], suffix: string): string {
    const name = `m$map_${typeKey(value)}${suffix}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const body = [
      `  let k = "";`,
      `  try {`,
      `    let out = "";`,
      `    for (k of ${this.sup("sortedKeys", "json-value")}(v)) {`,
      ...(hidden.length === 0 ? [] : [`      if (${this.hiddenTest(hidden, "k")}) continue;`]),
      `      const x = v[k];`,
      `      if (x === undefined) continue;`,
      `      out += "," + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(value, "x")};`,
      `    }`,
      `    return out;`,
      `  } catch (e) {`,
      `    throw ${this.rt("at")}(e, ${this.rt("keySegment")}(k));`,
      `  }`,
    ].join("\n");
    this.fns.push(`function ${name}(v: Record<string, ${this.tsOf(value)}>): string {\n${body}\n}\n`);
    return name;
  }

  /** Whether a members writer of `t` writes keys it does not name (a map, a flattened map). */
  protected writerSeesAllKeys(t: TypeRef, seen: Set<string> = new Set()): boolean {
    const u = unbox(t);
    if (u.kind === "map") return true;
    if (u.kind !== "named") return false;
    const key = `${u.family}/${u.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const d = this.index.get(u.family, u.name);
    const flattenSees = (fields: readonly Field[]) =>
      fields.some((f) => f.flatten && !f.skip && this.writerSeesAllKeys(unoption(f.type), seen));
    switch (d?.kind) {
      case "alias":
        return this.writerSeesAllKeys(d.target, seen);
      case "newtype":
        return this.writerSeesAllKeys(d.inner, seen);
      case "struct":
        return flattenSees(d.fields);
      case "union":
        if (d.repr.kind !== "internal") return false;
        return d.variants.some((v) =>
          v.shape.kind === "struct"
            ? flattenSees(v.shape.fields)
            : v.shape.kind === "newtype" && this.writerSeesAllKeys(v.shape.type, seen),
        );
      default:
        return false;
    }
  }

  // ------------------------------------------------------------------------------------------------ unions

  /** The TS type name of a variant (imported from its family's types module). */
  protected variantTs(u: UnionDecl, v: Variant): string {
    this.imports.addType(v.names.ts, u.family === this.family.name ? "./types" : `../${u.family}/types`);
    return v.names.ts;
  }

  /** `v`'s tag, for a union whose values may lack it (a lossless arm's `{ tag, payload }`). */
  private tagOf(u: UnionDecl, tag: string): string {
    return u.variants.some((v) => v.shape.kind === "lossless")
      ? `(v as unknown as Record<string, string>)[${str(tag)}]`
      : member("v", tag);
  }

  /** The error for a value whose tag names no variant. */
  private unknownTag(tag: string): string {
    // After a switch over every tag, TypeScript types `v` as never: the tag is read through unknown.
    const read = `(v as unknown as Record<string, unknown>)[${str(tag)}]`;
    return `throw new ${this.sup("EncodeError", "errors")}("unknown variant tag " + String(${read}), "");`;
  }

  /** A lossless arm's value, `{ tag, payload }`, as the local `l`. */
  private losslessLocal(ind: string): string {
    this.imports.addType("JsonValue", SUPPORT + "json-value");
    return `${ind}const l = v as unknown as { tag: string; payload: JsonValue };`;
  }

  /** Members of an internally tagged union value: the tag, then the variant's fields. */
  protected unionMembersBody(u: UnionDecl, hidden: readonly string[]): string {
    if (u.repr.kind !== "internal") throw new Error(`codec: only internally tagged unions flatten (${u.names.spec})`);
    const tag = u.repr.tag;
    const lines = [`  let at_ = "";`, `  try {`, `    let out = "";`, `    switch (${this.tagOf(u, tag)}) {`];
    for (const v of u.variants) {
      if (v.shape.kind === "lossless") continue;
      lines.push(`      case ${str(v.wire)}: {`);
      lines.push(`        out += ${str("," + json(tag) + ":" + json(v.wire))};`);
      if (v.shape.kind === "struct" && v.shape.fields.some((f) => !f.skip)) {
        lines.push(`        const variant = v as ${this.variantTs(u, v)};`);
        lines.push(
          ...this.membersCode(v.shape.fields, "variant", "        ", v.names.ts, undefined, [...hidden, tag]).lines,
        );
      } else if (v.shape.kind === "newtype") {
        const write = this.membersWriter(v.shape.type, [...hidden, tag]);
        lines.push(`        out += ${write}(v as ${this.variantTs(u, v)} as never);`);
      }
      lines.push(`        return out;`, `      }`);
    }
    // The fallback as the switch's default: after a switch over every tag, TypeScript sees no way on.
    if (u.variants.some((v) => v.shape.kind === "lossless")) {
      lines.push(`      default: {`, this.losslessLocal("        "));
      lines.push(`        out += "," + ${this.rt("quote")}(${str(tag)}) + ":" + ${this.rt("quote")}(l.tag);`);
      lines.push(
        `        out += ${this.sup("encodeJsonMembers", "primitives")}(l.payload, ${str(tag)}, ${this.plus});`,
      );
      lines.push(`        return out;`, `      }`);
    } else {
      lines.push(`      default:`, `        ${this.unknownTag(tag)}`);
    }
    lines.push(`    }`);
    lines.push(`  } catch (e) {`, `    throw ${this.rt("at")}(e, at_);`, `  }`);
    return lines.join("\n");
  }

  protected unionWriterBody(u: UnionDecl): string {
    switch (u.repr.kind) {
      case "internal":
        return this.internalWriterBody(u, u.repr.tag);
      case "adjacent":
        return this.adjacentWriterBody(u, u.repr.tag, u.repr.content);
      case "external":
        return this.externalWriterBody(u);
      case "untagged":
        return this.untaggedWriterBody(u);
    }
  }

  /** An internally tagged union: a writer per variant, found by the tag in a map named after the union. */
  private internalWriterBody(u: UnionDecl, tag: string): string {
    const entries: string[] = [];
    for (const v of u.variants) {
      if (v.shape.kind === "lossless") continue;
      const fn = `e$${v.names.ts}`;
      if (!this.made.has(fn)) {
        this.made.set(fn, fn);
        const head = "{" + json(tag) + ":" + json(v.wire) + ",";
        // A newtype variant's members writer reports the paths of its members itself.
        const body =
          v.shape.kind === "newtype"
            ? `  return ${str(head.slice(0, -1))} + ${this.membersWriter(v.shape.type, [tag])}(v as never) + "}";`
            : this.objectBody(v.shape.kind === "struct" ? v.shape.fields : [], head, v.names.ts, [tag]);
        this.fns.push(`function ${fn}(${param(body)}: ${this.variantTs(u, v)}): string {\n${body}\n}\n`);
      }
      entries.push(`[${str(v.wire)}, ${fn}]`);
    }
    const writers = this.writerConstant(`${screamingSnakeCase(u.names.ts)}_WRITERS`, `map:${entries.join(",")}`, (n) =>
      listConstant(n, "/* @__PURE__ */ new Map<unknown, (v: never) => string>([", entries, "])"),
    );
    const lines = [
      `  const write = ${writers}.get(${this.tagOf(u, tag)});`,
      `  if (write !== undefined) return write(v as never);`,
    ];
    if (u.variants.some((v) => v.shape.kind === "lossless")) {
      const members = this.membersWriter({ kind: "named", name: u.names.spec, family: u.family });
      lines.push(`  return "{" + ${members}(v).slice(1) + "}";`);
    } else {
      lines.push(`  ${this.unknownTag(tag)}`);
    }
    return lines.join("\n");
  }

  private adjacentWriterBody(u: UnionDecl, tag: string, content: string): string {
    const lines = [`  switch (${this.tagOf(u, tag)}) {`];
    for (const v of u.variants) {
      if (v.shape.kind === "lossless") continue;
      const head = "{" + json(tag) + ":" + json(v.wire);
      if (v.shape.kind === "unit") {
        lines.push(`    case ${str(v.wire)}:`, `      return ${str(head + "}")};`);
        continue;
      }
      const c = member(`(v as ${this.variantTs(u, v)})`, content);
      const payload =
        v.shape.kind === "newtype" ? this.encodeExpr(v.shape.type, c) : `${this.inlineStructWriter(u, v)}(${c})`;
      lines.push(
        `    case ${str(v.wire)}:`,
        `      try {`,
        `        return ${str(head + "," + json(content) + ":")} + ${payload} + "}";`,
        `      } catch (e) {`,
        `        throw ${this.rt("at")}(e, ${seg(content)});`,
        `      }`,
      );
    }
    // The fallback as the switch's default: after a switch over every tag, TypeScript sees no way on.
    if (u.variants.some((v) => v.shape.kind === "lossless")) {
      const value = `${this.sup(this.plus ? "writeJson" : "writeJsonLegacy", "write")}(l.payload)`;
      lines.push(
        `    default: {`,
        this.losslessLocal("      "),
        `      const head = "{" + ${this.rt("quote")}(${str(tag)}) + ":" + ${this.rt("quote")}(l.tag);`,
        `      return l.payload === null ? head + "}" : head + ${str("," + json(content) + ":")} + ${value} + "}";`,
        `    }`,
      );
    } else {
      lines.push(`    default:`, `      ${this.unknownTag(tag)}`);
    }
    lines.push(`  }`);
    return lines.join("\n");
  }

  private externalWriterBody(u: UnionDecl): string {
    const EncodeError = this.sup("EncodeError", "errors");
    const lines: string[] = [];
    const units = u.variants.filter((v) => v.shape.kind === "unit");
    if (units.length > 0) {
      lines.push(`  if (typeof v === "string") {`, `    switch (v) {`);
      for (const v of units) lines.push(`      case ${str(v.wire)}:`, `        return ${str(json(v.wire))};`);
      // The fallback as the switch's default: after a switch over every value, TypeScript sees no way on.
      lines.push(
        `      default:`,
        `        throw new ${EncodeError}("unknown variant " + String(v), "");`,
        `    }`,
        `  }`,
      );
    }
    const payloads = u.variants.filter((v) => v.shape.kind !== "unit" && v.shape.kind !== "lossless");
    if (payloads.length > 0) lines.push(`  const o = v as unknown as Record<string, unknown>;`);
    for (const v of payloads) {
      // Own keys only (a variant renamed `valueOf` is not every object's); `o["key"]` as the index signature needs.
      const x = readKey("o", v.wire, this.imports);
      const payload =
        v.shape.kind === "newtype"
          ? this.encodeExpr(v.shape.type, `${x} as never`)
          : `${this.inlineStructWriter(u, v)}(${x} as never)`;
      lines.push(
        `  if (${x} !== undefined) {`,
        `    try {`,
        `      return ${str("{" + json(v.wire) + ":")} + ${payload} + "}";`,
        `    } catch (e) {`,
        `      throw ${this.rt("at")}(e, ${seg(v.wire)});`,
        `    }`,
        `  }`,
      );
    }
    lines.push(`  throw new ${EncodeError}("no variant of ${u.names.ts} matches the value", "");`);
    return lines.join("\n");
  }

  private untaggedWriterBody(u: UnionDecl): string {
    const lines: string[] = [];
    for (const v of u.variants) {
      if (v.shape.kind === "unit") {
        lines.push(`  if (v === null) return "null";`);
      } else if (v.shape.kind === "newtype") {
        const w = this.walker(v.shape.type, "content");
        const write = `return ${this.encodeExpr(v.shape.type, "v as never")};`;
        lines.push(...ifStatement("  ", `${this.sup("accepts", "primitives")}(${w}, v)`, write));
      } else if (v.shape.kind === "struct") {
        const w = this.untaggedStructWalker(u, v);
        const write = `return ${this.inlineStructWriter(u, v)}(v as never);`;
        lines.push(...ifStatement("  ", `${this.sup("accepts", "primitives")}(${w}, v)`, write));
      }
    }
    lines.push(
      `  throw new ${this.sup("EncodeError", "errors")}("no variant of ${u.names.ts} matches the value", "");`,
    );
    return lines.join("\n");
  }

  /** A writer for a struct variant's payload object (adjacent, external, untagged). */
  protected inlineStructWriter(u: UnionDecl, v: Variant): string {
    const name = `e$${u.names.ts}$${v.names.ts}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const fields = v.shape.kind === "struct" ? v.shape.fields : [];
    const body = this.objectBody(fields, "{", `${u.names.ts}_${v.names.ts}`, []);
    // The payload's type: the variant's own (untagged), or its member under the content key or the variant's name.
    const V = this.variantTs(u, v);
    const key = u.repr.kind === "adjacent" ? u.repr.content : u.repr.kind === "external" ? v.wire : undefined;
    const T = key === undefined ? V : `${V}[${str(key)}]`;
    this.fns.push(`function ${name}(${param(body)}: ${T}): string {\n${body}\n}\n`);
    return name;
  }
}
