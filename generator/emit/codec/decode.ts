// The walkers `d$T`: a JSON tree (JSON.parse's or the exact reader's) to the typed value, one function per type, mode
// (direct or serde's buffered content) and view (the keys serde hides from the value).
import { resolveDecl, resolveStruct, unbox } from "../../ir/lookup";
import type { Decl, EnumDecl, Field, StructDecl, TypeRef, UnionDecl, Variant } from "../../ir/types";
import { builtinDefault } from "../ts-common";
import {
  expecting,
  guarded,
  hasFlatten,
  intBounds,
  keySet,
  lengthSwitch,
  literal,
  mapValueType,
  type Mode,
  builtValue,
  PLAIN,
  propKey,
  readKey,
  resolveAliasMap,
  seg,
  str,
  typeKey,
  unionExpecting,
  unionHasFlatten,
  unoption,
  SUPPORT,
  splitTopLevel,
  WIDTH,
  type View,
} from "./shared";
import { CodecBase } from "./base";
import { constName, fieldLocal } from "./naming";

export abstract class Walkers extends CodecBase {
  // ------------------------------------------------------------------------------------------------ walkers

  /**
   * The name of a walker function `(v: unknown) => T` for type `t`, generating it on first use. `view` says which
   * keys of the object serde hides from the value (see View); it is dropped where it changes nothing.
   */
  walker(t: TypeRef, mode: Mode, view: View = PLAIN): string {
    if (t.kind === "box") return this.walker(t.inner, mode, view);
    view = this.relevantView(t, view);
    const foreign = t.kind === "named" && t.family !== this.family.name;
    if (foreign && view === PLAIN) {
      const d = this.index.get(t.family, t.name);
      // Every family module exports both flavours of each declared type's walker.
      const name = `d$${d?.names.ts ?? t.name}${mode === "content" ? "$c" : ""}`;
      this.imports.addValue(name, `../${t.family}/codec`);
      return name;
    }
    if (t.kind !== "named" && !this.modeMatters(t)) mode = "direct";
    const suffix = this.viewSuffix(view);
    const key = `d:${mode}:${t.kind === "named" ? `${t.family}.${t.name}` : typeKey(t)}${suffix}`;
    const done = this.made.get(key);
    if (done !== undefined) return done;
    const name =
      t.kind === "named"
        ? `d$${foreign ? `${t.family}$` : ""}${this.index.get(t.family, t.name)?.names.ts ?? t.name}${mode === "content" ? "$c" : ""}${suffix}`
        : `d$${typeKey(t)}${mode === "content" && this.modeMatters(t) ? "$c" : ""}${suffix}`;
    this.made.set(key, name);
    const body = this.walkerBody(t, mode, view, name);
    const exported = t.kind === "named" && view === PLAIN ? "export " : "";
    this.fns.push(`${exported}function ${name}(v: unknown): ${this.tsOf(t)} {\n${body}\n}\n`);
    return name;
  }

  /** `view` without what cannot change how `t` decodes; PLAIN when nothing is left. */
  protected relevantView(t: TypeRef, view: View): View {
    if (view === PLAIN) return PLAIN;
    const s = resolveStruct(this.index, t);
    const flat =
      view.flat &&
      s !== undefined &&
      !hasFlatten(s.fields) &&
      (s.denyUnknownFields || s.fields.some((f) => f.aliases.length > 0 && !f.skip));
    const hidden = view.hidden.length > 0 && this.seesAllKeys(t, flat) ? keySet(view.hidden) : [];
    return flat || hidden.length > 0 ? { hidden, flat } : PLAIN;
  }

  /**
   * Whether a walker of `t` looks at keys it does not name: a map, a struct with deny_unknown_fields (unless
   * flattened), a flattened map, an internally tagged union whose variants do.
   */
  protected seesAllKeys(t: TypeRef, flat: boolean, seen: Set<string> = new Set()): boolean {
    const u = unbox(t);
    if (u.kind === "map") return true;
    if (u.kind !== "named") return false;
    const key = `${u.family}/${u.name}/${flat}`;
    if (seen.has(key)) return false;
    seen.add(key);
    const d = this.index.get(u.family, u.name);
    const flattenSees = (fields: readonly Field[]) =>
      fields.some((f) => f.flatten && !f.skip && this.seesAllKeys(unoption(f.type), true, seen));
    switch (d?.kind) {
      case "alias":
        return this.seesAllKeys(d.target, flat, seen);
      case "newtype":
        return this.seesAllKeys(d.inner, flat, seen);
      case "struct":
        return (d.denyUnknownFields && !(flat && !hasFlatten(d.fields))) || flattenSees(d.fields);
      case "union":
        if (d.repr.kind !== "internal") return false;
        return d.variants.some((v) =>
          v.shape.kind === "struct"
            ? d.denyUnknownFields || flattenSees(v.shape.fields)
            : v.shape.kind === "newtype" && this.seesAllKeys(v.shape.type, false, seen),
        );
      default:
        return false;
    }
  }

  /** The function-name suffix of a view (`$flat`, `$without_type` …); "" for PLAIN. */
  protected viewSuffix(view: View): string {
    if (view === PLAIN) return "";
    let base = view.flat ? "$flat" : "";
    if (view.hidden.length > 0) {
      const keys = view.hidden.map((k) => k.replace(/[^A-Za-z0-9_]/g, "_")).join("_");
      base += keys.length <= 40 ? `$without_${keys}` : `$without_${view.hidden.length}_keys`;
    }
    const id = JSON.stringify(view);
    for (let n = 1; ; n++) {
      const suffix = n === 1 ? base : `${base}$${n}`;
      const owner = this.suffixes.get(suffix);
      if (owner === undefined) this.suffixes.set(suffix, id);
      if (owner === undefined || owner === id) return suffix;
    }
  }

  protected modeMatters(t: TypeRef): boolean {
    return t.kind !== "string" && t.kind !== "bool" && t.kind !== "int" && t.kind !== "float" && t.kind !== "json";
  }

  protected walkerBody(t: TypeRef, mode: Mode, view: View, self: string): string {
    switch (t.kind) {
      case "option": {
        const { checks, expr } = this.valueExpr(t.inner, "v", mode, "  ");
        return ["  if (v === null || v === undefined) return null;", ...checks, `  return ${expr};`].join("\n");
      }
      case "list": {
        const errType = this.sup("errType", "primitives");
        const lines = [
          `  if (!Array.isArray(v)) throw ${errType}(v, "a sequence");`,
          `  const n = v.length;`,
          `  const out: ${this.tsOf(t)} = new Array(n);`, // tsType parenthesizes `(A | null)[]`
          `  for (let i = 0; i < n; i++) {`,
          `    const x = v[i];`,
          ...this.decodeInto(t.item, "x", "out[i]", '"[" + i + "]"', mode, "    "),
          `  }`,
          `  return out;`,
        ];
        return lines.join("\n");
      }
      case "map": {
        const errType = this.sup("errType", "primitives");
        const keySeg = this.rt("keySegment");
        const skip = view.hidden.length === 0 ? undefined : `if (${this.hiddenTest(view.hidden, "k", self)}) continue;`;
        const lines = [
          `  if (${this.notObject("v", false)}) throw ${errType}(v, "a map");`,
          `  const out: Record<string, ${this.tsOf(t.value)}> = Object.create(null);`,
          `  for (const k in v) {`,
          ...(skip === undefined ? [] : [`    ${skip}`]),
          `    const x = (v as Record<string, unknown>)[k];`,
          ...this.decodeInto(t.value, "x", "out[k]", `${keySeg}(k)`, mode, "    "),
          `  }`,
          ...this.shadowedDecode("v", t.value, skip, mode, "  "),
          `  return out;`,
        ];
        return lines.join("\n");
      }
      case "named": {
        const d = this.index.get(t.family, t.name);
        if (d === undefined) throw new Error(`codec: unknown type ${t.family}/${t.name}`);
        // A union with a lossless arm buffers its input first (see the Rust emitter): serde then words every error
        // inside it as from its buffer.
        if (mode === "direct" && d.kind === "union" && d.variants.some((x) => x.shape.kind === "lossless")) {
          return `  return ${this.walker(t, "content", view)}(v);`;
        }
        return this.declWalker(d, mode, view, self);
      }
      default: {
        const { checks, expr } = this.valueExpr(t, "v", mode, "  ");
        return [...checks, `  return ${expr};`].join("\n");
      }
    }
  }

  /** The primitive types whose check is written inline: `typeof`, or an integer's range. */
  protected inlineCheck(t: TypeRef, x: string): string | undefined {
    switch (t.kind) {
      case "string":
        return `typeof ${x} !== "string"`;
      case "bool":
        return `typeof ${x} !== "boolean"`;
      case "int": {
        if (t.bigint) return undefined;
        const b = intBounds(t.name);
        const n = `typeof ${x} === "number"`;
        // Number.isSafeInteger holds the 53-bit bounds.
        if (b.hi === "9007199254740991") {
          return b.lo === "0" ? `!(${n} && Number.isSafeInteger(${x}) && ${x} >= 0)` : `!(${n} && Number.isSafeInteger(${x}))`;
        }
        return `!(${n} && Number.isInteger(${x}) && ${x} >= ${b.lo} && ${x} <= ${b.hi})`;
      }
      default:
        return undefined;
    }
  }

  /** serde's expecting phrase of an inline-checked type (an integer's kind picks the range errors). */
  protected inlineExpected(t: TypeRef): string {
    return t.kind === "int" ? t.name : t.kind === "bool" ? "a boolean" : "a string";
  }

  /** The error for value `x` failing the inline check of `t` (path: the caller's). */
  protected inlineError(t: TypeRef, x: string): string {
    return t.kind === "int"
      ? `${this.sup("errInt", "primitives")}(${x}, ${str(t.name)})`
      : `${this.sup("errType", "primitives")}(${x}, ${str(this.inlineExpected(t))})`;
  }

  /**
   * A call that decodes `x` as `t` and throws its errors without a path (the caller adds it): a walker, or the
   * support function of a primitive. undefined for the inline-checked types.
   */
  protected decodeCall(t: TypeRef, x: string, mode: Mode, path?: string): string | undefined {
    const p = path === undefined ? "" : `, ${path}`;
    switch (t.kind) {
      case "string":
      case "bool":
        return undefined;
      case "int":
        return t.bigint ? `${this.sup("decodeBigInt", "primitives")}(${x}, ${str(t.name)}${p})` : undefined;
      case "float":
        return t.name === "f32"
          ? `${this.sup("decodeF32", "primitives")}(${x}${p})`
          : `(typeof ${x} === "number" && ${x} - ${x} === 0 ? ${x} : ${this.sup("decodeF64Slow", "primitives")}(${x}${p}))`;
      case "timestamp":
        return `${this.sup("decodeTimestamp", "primitives")}(${x}${p})`;
      case "uuid":
        return `${this.sup("decodeUuid", "primitives")}(${x}${p})`;
      case "json":
        return `${this.hotRt("toJsonValue")}(${x})`;
      case "box":
        return this.decodeCall(t.inner, x, mode, path);
      default:
        return `${this.walker(t, mode)}(${x})`;
    }
  }

  /** Whether decodeCall's errors carry the path given to it (no try/catch needed to locate them). */
  protected takesPath(t: TypeRef): boolean {
    const u = unbox(t);
    return u.kind === "float" || u.kind === "timestamp" || u.kind === "uuid" || (u.kind === "int" && u.bigint);
  }

  /** Statements checking `x` as `t`, and the expression of its decoded value (errors without a path). */
  protected valueExpr(t: TypeRef, x: string, mode: Mode, ind: string): { checks: string[]; expr: string } {
    const check = this.inlineCheck(unbox(t), x);
    if (check !== undefined) return { checks: [`${ind}if (${check}) throw ${this.inlineError(unbox(t), x)};`], expr: x };
    return { checks: [], expr: this.decodeCall(t, x, mode)! };
  }

  /**
   * Statements that decode the value in variable `src` as `t` into `dst` (an assignable expression; undefined:
   * decode and drop); errors get the path segment `segment` (a TS expression). Primitives are checked inline;
   * everything else calls its walker.
   */
  decodeInto(t: TypeRef, src: string, dst: string | undefined, segment: string, mode: Mode, ind: string): string[] {
    const assign = (expr: string) => (dst === undefined ? `${expr};` : `${dst} = ${expr};`);
    const u = unbox(t);
    if (u.kind === "option") {
      const inner = this.decodeInto(u.inner, src, dst, segment, mode, ind + "  ");
      if (dst === undefined) return [`${ind}if (${src} !== null) {`, ...inner, `${ind}}`];
      return [`${ind}if (${src} === null) ${dst} = null;`, `${ind}else {`, ...inner, `${ind}}`];
    }
    const check = this.inlineCheck(u, src);
    if (check !== undefined) {
      const lines = guarded(ind, check, `throw ${this.rt("at")}(${this.inlineError(u, src)}, ${segment});`);
      return dst === undefined ? lines : [...lines, `${ind}${dst} = ${src};`];
    }
    if (u.kind === "float" && u.name === "f64") {
      // Any finite number is an f64 as it is; the slow path reads the rest (and locates its error itself).
      const slow = `${this.sup("decodeF64Slow", "primitives")}(${src}, ${segment})`;
      const fast = `typeof ${src} === "number" && ${src} - ${src} === 0`;
      if (dst === undefined || dst === src) {
        return guarded(ind, `typeof ${src} !== "number" || ${src} - ${src} !== 0`, `${dst === undefined ? "" : `${dst} = `}${slow};`);
      }
      return [`${ind}if (${fast}) ${dst} = ${src};`, `${ind}else ${dst} = ${slow};`];
    }
    if (this.takesPath(u)) return [`${ind}${assign(this.decodeCall(u, src, mode, segment)!)}`];
    const call = assign(this.decodeCall(u, src, mode)!);
    const line = `${ind}try { ${call} } catch (e) { throw ${this.rt("at")}(e, ${segment}); }`;
    if (line.length <= WIDTH) return [line];
    return [`${ind}try {`, `${ind}  ${call}`, `${ind}} catch (e) {`, `${ind}  throw ${this.rt("at")}(e, ${segment});`, `${ind}}`];
  }

  protected declWalker(d: Decl, mode: Mode, view: View, self: string): string {
    switch (d.kind) {
      case "struct":
        return this.structWalker(d, mode, view, self);
      case "enum":
        return this.enumWalker(d, mode, self);
      case "union":
        return this.unionWalker(d, mode, view, self);
      case "newtype":
        return `  return ${this.walker(d.inner, mode, view)}(v);`;
      case "alias":
        return `  return ${this.walker(d.target, mode, view)}(v);`;
    }
  }

  /**
   * Whether a struct's walker must refuse a JsonFloat up front: when nothing else would (no required field to find
   * missing, or a field named like JsonFloat's own `value`). Otherwise the refusal waits on the error path.
   */
  protected floatGuard(fields: readonly Field[], containerDefault: boolean): boolean {
    const live = fields.filter((f) => !f.skip);
    return (
      containerDefault ||
      !live.some((f) => !f.flatten && !f.optional) ||
      live.some((f) => !f.flatten && [f.wire, ...f.aliases].includes("value"))
    );
  }

  /**
   * A TS condition: `x` is not a JSON object (an array too unless `arrays`). The exact reader gives an integral float
   * token (`3.0`) as a JsonFloat object, which is no map.
   */
  protected notObject(x: string, arrays: boolean): string {
    const float = this.sup("JsonFloat", "json-value");
    return `typeof ${x} !== "object" || ${x} === null${arrays ? "" : ` || Array.isArray(${x})`} || ${x} instanceof ${float}`;
  }

  /**
   * Statements decoding (and dropping) the values that repeated keys of object `o` replaced: serde decodes every
   * occurrence of a map's key. Only the exact reader records them. `skip`: statements skipping a key `k`.
   */
  protected shadowedDecode(o: string, value: TypeRef, skip: string | undefined, mode: Mode, ind: string): string[] {
    return [
      `${ind}const sh = ${this.rt("shadowedOf")}(${o});`,
      `${ind}if (sh !== undefined) {`,
      `${ind}  for (let i = 0; i < sh.length; i += 3) {`,
      `${ind}    const k = sh[i] as string;`,
      ...(skip === undefined ? [] : [`${ind}    ${skip}`]),
      `${ind}    const x = sh[i + 1];`,
      ...this.decodeInto(value, "x", undefined, `${this.rt("keySegment")}(k)`, mode, `${ind}    `),
      `${ind}  }`,
      `${ind}}`,
    ];
  }

  /** A TS condition: `k` is one of `keys` (a comparison for one key, a Set otherwise); `owner` names the Set. */
  protected hiddenTest(keys: readonly string[], k: string, owner?: string): string {
    if (keys.length === 1) return `${k} === ${str(keys[0])}`;
    const name = constName(owner ?? keys.join("_").replace(/[^A-Za-z0-9]+/g, "_"), "HIDDEN");
    return `${this.constant(name, this.stringSet(keys))}.has(${k})`;
  }

  /** A `Set` of strings, as a module constant's expression (pure: a bundler may drop it when unused). */
  protected stringSet(keys: readonly string[]): string {
    return `/* @__PURE__ */ new Set<string>(${str(keys)})`;
  }

  // ------------------------------------------------------------------------------------------------ structs

  /** Default value expression of a type (Rust's `Default::default()`). */
  protected defaultOf(t: TypeRef): string {
    const builtin = builtinDefault(t);
    if (builtin !== undefined) return builtin;
    switch (t.kind) {
      case "timestamp":
        return '"1970-01-01T00:00:00Z"';
      case "map":
        return "Object.create(null)";
      case "box":
        return this.defaultOf(t.inner);
      case "named": {
        const d = this.index.get(t.family, t.name);
        if (d === undefined) return "undefined as never";
        switch (d.kind) {
          case "enum":
            return d.values.length > 0 ? str(d.values[0]!.wire) : "undefined as never";
          case "newtype":
            return this.defaultOf(d.inner);
          case "alias":
            return this.defaultOf(d.target);
          case "struct": {
            const props = d.fields
              .filter((f) => !f.skip && !f.flatten)
              .map((f) => `${propKey(f.wire)}: ${this.fieldDefault(f, true, d.names.ts)}`);
            return `{ ${props.join(", ")} }`;
          }
          case "union":
            return "undefined as never";
        }
      }
      default:
        return "undefined as never"; // the built-in kinds are answered above
    }
  }

  /** The value a missing field takes; `owner` names the constant of a spec default. */
  protected fieldDefault(f: Field, containerDefault: boolean, owner?: string): string {
    if (f.default.kind === "value") {
      const w = this.walker(f.type, "direct");
      this.rt("decodeValue");
      return this.constant(
        constName(owner === undefined ? f.names.spec : `${owner}_${f.names.spec}`, "DEFAULT"),
        `/* @__PURE__ */ decodeValue(${literal(f.default.value)}, ${w})`,
      );
    }
    if (f.default.kind === "type" || containerDefault || f.type.kind === "option" || f.skip) {
      return this.defaultOf(f.type);
    }
    return "undefined as never";
  }

  /** Every key a struct (or struct variant) consumes, for flatten maps and deny_unknown_fields. */
  protected consumedKeys(fields: readonly Field[], tag: string | undefined): string[] {
    const keys: string[] = tag === undefined ? [] : [tag];
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) keys.push(...this.flattenedKeys(f.type));
      else keys.push(f.wire, ...f.aliases);
    }
    return keys;
  }

  /**
   * The keys a flattened struct (field type `t`) takes from its container. serde hands a struct without flatten of its own only
   * the entries its field names (serde_derive's `FIELDS`: wire names, no aliases) and removes them; a struct with
   * flatten reads every entry with its own keys and aliases.
   */
  protected flattenedKeys(t: TypeRef): string[] {
    const s = resolveStruct(this.index, unoption(t));
    if (s === undefined) return [];
    if (!hasFlatten(s.fields)) return s.fields.filter((x) => !x.skip).map((x) => x.wire);
    return this.consumedKeys(s.fields, undefined);
  }

  /**
   * The keys serde hides from the flattened field `fields[i]`: those hidden from the container, its tag, its own
   * fields' keys, and the keys the flatten-free structs flattened before took.
   */
  protected flattenedHidden(
    fields: readonly Field[],
    i: number,
    tag: string | undefined,
    hidden: readonly string[],
    aliases: boolean,
  ): string[] {
    const keys = [...hidden];
    if (tag !== undefined) keys.push(tag);
    fields.forEach((f, j) => {
      if (f.skip) return;
      if (!f.flatten) keys.push(f.wire, ...(aliases ? f.aliases : []));
      else if (j < i) {
        const s = resolveStruct(this.index, unoption(f.type));
        if (s !== undefined && !hasFlatten(s.fields)) keys.push(...this.flattenedKeys(f.type));
      }
    });
    return keySet(keys);
  }

  /**
   * Statements reading `fields` from object `o` into locals, and the object-literal parts of the result.
   * `hidden`: keys of `o` serde does not show these fields (see View); `aliases: false` when serde matches wire
   * names only (a flattened struct without flatten of its own).
   */
  protected fieldsDecode(
    fields: readonly Field[],
    opts: {
      /** The walker or variant these fields belong to: names its constants. */
      owner: string;
      /** The fields' descriptor (see structFields): serde's name of the struct, and the owner naming it. */
      label: string;
      descOwner: string;
      tag?: string;
      deny: boolean;
      containerDefault: boolean;
      mode: Mode;
      ind: string;
      hidden?: readonly string[];
      aliases?: boolean;
      /** serde's expecting phrase of the container, for refusing a JsonFloat on the error path. */
      what?: string;
    },
  ): { stmts: string[]; parts: string[] } {
    const { ind, mode, owner } = opts;
    const hidden = opts.hidden ?? [];
    const aliases = opts.aliases ?? true;
    const stmts: string[] = [];
    const parts: string[] = [];
    const desc = this.structFields(fields, opts.label, opts.containerDefault, mode, opts.descOwner);
    const repeatArgs = [desc, ...(opts.tag !== undefined ? [str(opts.tag)] : aliases ? [] : ["undefined"]), ...(aliases ? [] : ["false"])];
    stmts.push(
      ...guarded(ind, `${this.hotRt("duplicatesOf")}(o) !== undefined`, `${this.sup("checkRepeats", "primitives")}(o, ${repeatArgs.join(", ")});`),
    );
    const hasRequired = fields.some((f) => !f.skip && !f.flatten && !f.optional && !opts.containerDefault);
    if (hasRequired) stmts.push(`${ind}let missing: string | undefined;`);
    let flattenMap: { f: Field; local: string } | undefined;
    const flattenDecodes: string[] = [];
    /** Flattened Options of structs that take their keys: when None, only the keys read before it failed. */
    const optionTakers: { f: Field; local: string; s: StructDecl }[] = [];
    const locals = new Set<string>();
    for (const [i, f] of fields.entries()) {
      if (f.skip) continue;
      let local = fieldLocal(f.names.spec);
      // Two spec names with one camelCase (`run_id`, `runId`): the later one numbered, in declaration order.
      for (let n = 2; locals.has(local); n++) local = `${fieldLocal(f.names.spec)}$${n}`;
      locals.add(local);
      if (f.flatten) {
        const inner = f.type.kind === "option" ? f.type.inner : f.type;
        const target = resolveDecl(this.index, inner);
        if (inner.kind === "map" || (target?.kind === "alias" && resolveAliasMap(this.index, inner))) {
          flattenMap = { f, local };
          continue;
        }
        const w = this.walker(inner, "content", {
          hidden: this.flattenedHidden(fields, i, opts.tag, hidden, aliases),
          flat: true,
        });
        let arg = "o";
        if (target?.kind === "union" && target.variants.some((x) => x.shape.kind === "lossless")) {
          // The lossless arm keeps every entry it sees: only those the outer struct did not take.
          const others = fields.filter((x) => x !== f);
          const own = this.constant(
            constName(owner, "OUTER_KEYS"),
            this.stringSet([...new Set([...this.consumedKeys(others, opts.tag), ...hidden])]),
          );
          arg = `${this.rt("withoutKeys")}(o, ${own})`;
        }
        // serde reports the struct's own missing fields before it decodes what it flattens.
        if (f.type.kind === "option") {
          // serde: None whenever the payload does not read (FlatMapDeserializer::deserialize_option), never an error.
          flattenDecodes.push(
            `${ind}let ${local}: ${this.tsOf(inner)} | null;`,
            `${ind}try {`,
            `${ind}  ${local} = ${w}(${arg});`,
            `${ind}} catch (e) {`,
            `${ind}  ${local} = ${this.rt("noneUnlessRefused")}(e);`,
            `${ind}}`,
          );
          const s = resolveStruct(this.index, inner);
          if (s !== undefined && !hasFlatten(s.fields)) optionTakers.push({ f, local, s });
        } else flattenDecodes.push(`${ind}const ${local} = ${w}(${arg});`);
        parts.push(`...${local}`);
        continue;
      }
      stmts.push(...this.fieldRead(f, local, { ...opts, aliases }));
      parts.push(f.wire === local ? local : `${propKey(f.wire)}: ${local}`);
    }
    const consumed = this.consumedKeys(fields, opts.tag);
    const known = hidden.length === 0 ? consumed : [...new Set([...consumed, ...hidden])];
    if (opts.deny) {
      // serde fails at an unknown key as it meets it: before it finds a field missing at the end.
      const set = this.constant(constName(owner, "KEYS"), this.stringSet(known));
      const mainNames = fields.filter((f) => !f.skip && !f.flatten).map((f) => f.wire);
      const list = this.constant(constName(owner, "FIELD_NAMES"), `${str(mainNames)} as string[]`);
      const unknownKey =
        opts.what === undefined
          ? `if (!${set}.has(k)) throw ${this.sup("unknownField", "errors")}(k, ${list}, "");`
          : `if (!${set}.has(k)) throw ${this.sup("unknownFieldIn", "primitives")}(o, k, ${list}, ${str(opts.what)});`;
      const line = `${ind}for (const k in o) ${unknownKey}`;
      stmts.push(...(line.length <= WIDTH ? [line] : [`${ind}for (const k in o) {`, `${ind}  ${unknownKey}`, `${ind}}`]));
    }
    if (hasRequired) {
      stmts.push(
        opts.what === undefined
          ? `${ind}if (missing !== undefined) throw ${this.sup("missingField", "errors")}(missing, "");`
          : `${ind}if (missing !== undefined) throw ${this.sup("missingFieldIn", "primitives")}(o, missing, ${str(opts.what)});`,
      );
    }
    stmts.push(...flattenDecodes);
    if (flattenMap !== undefined) {
      const { f, local } = flattenMap;
      const inner = f.type.kind === "option" ? f.type.inner : f.type;
      const valueType = mapValueType(this.index, inner)!;
      let skip: string;
      if (optionTakers.length === 0) {
        skip = `${this.constant(constName(owner, "KEYS"), this.stringSet(known))}.has(k)`;
      } else {
        const others = fields.filter((x) => !optionTakers.some((t) => t.f === x));
        const rest = this.constant(
          constName(owner, "OWN_KEYS"),
          this.stringSet(keySet([...this.consumedKeys(others, opts.tag), ...hidden])),
        );
        const tests = optionTakers.map(({ f: of, local: ol, s }) => {
          const taken = `${ol}Taken`;
          stmts.push(`${ind}const ${taken} = ${ol} === null ? ${this.takenKeys(s)}(o) : undefined;`);
          const keys = this.constant(constName(s.names.ts, "FIELD_KEYS"), this.stringSet(this.flattenedKeys(of.type)));
          return `(${taken} === undefined ? ${keys} : ${taken}).has(k)`;
        });
        skip = [`${rest}.has(k)`, ...tests].join(" || ");
      }
      stmts.push(`${ind}const ${local}: Record<string, ${this.tsOf(valueType)}> = {};`);
      stmts.push(`${ind}for (const k in o) {`, ...guarded(`${ind}  `, skip, "continue;"), `${ind}  const x = o[k];`, `${ind}  let r;`);
      stmts.push(...this.decodeInto(valueType, "x", "r", `${this.rt("keySegment")}(k)`, "content", ind + "  "));
      stmts.push(`${ind}  ${this.rt("putEntry")}(${local}, k, r);`, `${ind}}`);
      stmts.push(...this.shadowedDecode("o", valueType, `if (${skip}) continue;`, "content", ind));
      parts.push(`...${local}`);
    }
    return { stmts, parts };
  }

  /**
   * Statements reading field `f` of object `o` into `local`. A missing required field is remembered in `missing`
   * (the first one in declaration order) and reported after every present field was checked, as serde does; a
   * present one of the wrong type throws at once.
   */
  protected fieldRead(
    f: Field,
    local: string,
    opts: { owner: string; containerDefault: boolean; mode: Mode; ind: string; aliases: boolean },
  ): string[] {
    const { ind, mode } = opts;
    const out: string[] = [];
    const T = this.tsOf(f.type);
    const read = `${readKey("o", f.wire, this.imports)} as ${T}`;
    const aliases = opts.aliases ? f.aliases : [];
    const optional = f.optional || opts.containerDefault;
    const isOption = f.type.kind === "option";
    const value = isOption ? unbox((f.type as { inner: TypeRef }).inner) : unbox(f.type);
    const check = this.inlineCheck(value, local);
    const wire = str(f.wire);
    const dflt = optional ? this.fieldDefault(f, opts.containerDefault, opts.owner) : undefined;
    // A required inline-checked field, or an Option's, or one with a default, on one line each (the slow path in
    // the support library: serde's error at the field, or the missing field's name, or the default).
    const oneLine =
      check !== undefined && (!optional ? !isOption : isOption ? dflt === "null" : true) && aliases.length === 0;
    out.push(`${ind}${oneLine && !optional ? "const" : "let"} ${local} = ${read};`);
    for (const a of aliases) {
      out.push(
        `${ind}if (${local} === undefined) ${local} = ${readKey("o", a, this.imports)} as ${T};`,
        `${ind}else if (${readKey("o", a, this.imports)} !== undefined) throw ${this.sup("duplicateField", "errors")}(${wire}, "");`,
      );
    }
    const expected = str(this.inlineExpected(value));
    if (oneLine) {
      const slow = !optional
        ? `missing = ${this.sup("required", "primitives")}(${local}, ${expected}, ${wire}, missing)`
        : isOption
          ? `${local} = ${this.sup("nullable", "primitives")}(${local}, ${expected}, ${wire})`
          : `${local} = ${this.sup("orDefault", "primitives")}(${local}, ${expected}, ${wire}, ${dflt})`;
      out.push(...guarded(ind, check, `${slow};`));
      return out;
    }
    const absent = optional ? `${local} = ${dflt};` : `missing ??= ${wire};`;
    out.push(...guarded(ind, `${local} === undefined`, absent));
    // `else if (x !== null) …` for an Option: null is None.
    const lead = isOption ? `else if (${local} !== null) ` : "else ";
    const present = (at: string) =>
      check !== undefined
        ? guarded(at, check, `throw ${this.sup("fieldError", "primitives")}(${local}, ${expected}, ${wire});`)
        : this.decodeInto(value, local, local, seg(f.wire), mode, at);
    const flat = present("");
    let rest = [`${ind}${lead}${flat[0]}`];
    if (flat.length !== 1 || rest[0]!.length > WIDTH) rest = [`${ind}${lead}{`, ...present(`${ind}  `), `${ind}}`];
    // `} else …` after a block.
    if (out[out.length - 1] === `${ind}}`) out[out.length - 1] = `${ind}} ${rest.shift()!.trimStart()}`;
    return [...out, ...rest];
  }

  /**
   * A function of `o` giving the keys a flattened Option of struct `s` took before it failed: serde's
   * FlatStructAccess removes each entry its fields name, in input order, and stops at the first that does not read
   * (a repeated one included); the keys it never reached stay for a map flattened after it.
   */
  protected takenKeys(s: StructDecl): string {
    const name = `taken$${s.family === this.family.name ? "" : `${s.family}$`}${s.names.ts}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const live = s.fields.filter((x) => !x.skip);
    const cases: string[] = [];
    for (const f of live) {
      cases.push(`        case ${str(f.wire)}:`);
      cases.push(...this.decodeInto(f.type, "x", undefined, seg(f.wire), "content", "          "));
      cases.push(`          break;`);
    }
    const body = [
      `  const t = new Set<string>();`,
      `  for (const k of ${this.rt("keysInTextOrder")}(o)) {`,
      `    if (!${this.constant(constName(s.names.ts, "FIELD_KEYS"), this.stringSet(live.map((f) => f.wire)))}.has(k)) continue;`,
      `    if (t.has(k)) break;`,
      `    t.add(k);`,
      `    const x = ${this.rt("own")}(o, k);`,
      `    try {`,
      `      switch (k) {`,
      ...cases,
      `      }`,
      `    } catch (e) {`,
      `      ${this.rt("noneUnlessRefused")}(e);`,
      `      break;`,
      `    }`,
      `  }`,
      `  return t;`,
    ].join("\n");
    this.fns.push(`function ${name}(o: Record<string, unknown>): Set<string> {\n${body}\n}\n`);
    return name;
  }

  /**
   * The descriptor of a struct's fields (not skipped, not flattened), which the support library reads on the rare
   * paths: per field its wire name, its walker, a function giving its default (when it has one) and its aliases.
   * `checkRepeats` finds a repeated field in it; `seqStruct` reads the struct given as a JSON array (serde's
   * visit_seq). A module constant named after `owner`.
   */
  protected structFields(fields: readonly Field[], what: string, containerDefault: boolean, mode: Mode, owner: string): string {
    const entries = fields
      .filter((f) => !f.skip && !f.flatten)
      .map((f) => {
        const parts = [str(f.wire), this.walker(f.type, mode)];
        if (f.default.kind !== "none") {
          const value = this.fieldDefault(f, containerDefault, owner.replace(/\$c$/, ""));
          parts.push(`() => ${value.startsWith("{") ? `(${value})` : value}`);
        } else if (f.aliases.length > 0) parts.push("undefined");
        parts.push(...f.aliases.map(str));
        return `[${parts.join(", ")}]`;
      });
    this.imports.addType("StructFields", SUPPORT + "primitives");
    return this.constant(constName(owner, "FIELDS"), `[${[str(what), ...entries].join(", ")}] as StructFields`);
  }

  /** The descriptor of `fields` for seqStruct; undefined when serde has no sequence form for them (flatten). */
  protected seqFields(
    fields: readonly Field[],
    what: string,
    containerDefault: boolean,
    mode: Mode,
    owner: string,
  ): string | undefined {
    if (hasFlatten(fields)) return undefined;
    return this.structFields(fields, what, containerDefault, mode, owner);
  }

  /** `seqStruct(a, …)`: the fields of a struct given as the JSON array `a`, as an object (see seqFields). */
  protected seqCall(a: string, seq: string, buffered: boolean): string {
    return `${this.sup("seqStruct", "primitives")}(${a}, ${seq}, ${buffered})`;
  }

  protected structWalker(d: StructDecl, mode: Mode, view: View, self: string): string {
    const what = `struct ${d.names.rust}`;
    const errType = this.sup("errType", "primitives");
    const owner = d.family === this.family.name ? d.names.ts : `${d.family}_${d.names.ts}`;
    const lines = [
      `  if (${this.floatGuard(d.fields, d.containerDefault) ? this.notObject("v", true) : `typeof v !== "object" || v === null`}) throw ${errType}(v, ${str(what)});`,
    ];
    const seq = this.seqFields(d.fields, what, d.containerDefault, mode, mode === "content" ? `${owner}$c` : owner);
    lines.push(
      ...guarded(
        "  ",
        "Array.isArray(v)",
        seq !== undefined
          ? `return ${this.seqCall("v", seq, mode === "content")} as never;`
          : `throw ${errType}(v, ${str(what)});`,
      ),
    );
    lines.push(`  const o = v as Record<string, unknown>;`);
    const { stmts, parts } = this.fieldsDecode(d.fields, {
      owner: self.replace(/\$c(?=\$|$)/, ""),
      label: what,
      descOwner: mode === "content" ? `${owner}$c` : owner,
      deny: d.denyUnknownFields && !view.flat,
      containerDefault: d.containerDefault,
      mode,
      ind: "  ",
      hidden: view.hidden,
      aliases: !view.flat,
      what,
    });
    lines.push(...stmts, ...this.returnObject("  ", builtValue(parts)));
    return lines.join("\n");
  }

  /** `return { … };`, one property a line when it is wider than the width. */
  protected returnObject(ind: string, value: string, wrap: (o: string) => string = (o) => o): string[] {
    const line = `${ind}return ${wrap(value)};`;
    if (line.length <= WIDTH || !value.startsWith("{ ")) return [line];
    // The items at the top level of the literal (spec strings may hold `, ` and `}`).
    const { items, end } = splitTopLevel(value.slice(1));
    if (end < 0) return [line];
    const inner = [`{`, ...items.map((i) => `${ind}  ${i},`), `${ind}}${value.slice(end + 2)}`].join("\n");
    return [`${ind}return ${wrap(inner)};`];
  }

  // ------------------------------------------------------------------------------------------------ enums

  protected enumWalker(d: EnumDecl, mode: Mode, self: string): string {
    const values = d.values.map((v) => v.wire);
    const owner = d.family === this.family.name ? d.names.ts : `${d.family}_${d.names.ts}`;
    const expected = this.constant(constName(owner, "VARIANTS"), `${str(values)} as string[]`);
    const lines = [
      // serde also reads a unit variant given as a map (`{"in_progress":null}`): its name is then decoded here.
      `  if (typeof v !== "string") return ${this.sup("unitVariantOf", "primitives")}(v, ${str(mode)}, ${self});`,
      `  switch (v) {`,
    ];
    for (const v of d.values) {
      for (const k of [v.wire, ...v.aliases]) lines.push(`    case ${str(k)}:`);
      lines.push(`      return ${str(v.wire)};`);
    }
    lines.push(`  }`, `  throw ${this.sup("unknownVariant", "errors")}(v, ${expected}, "");`);
    return lines.join("\n");
  }

  // ------------------------------------------------------------------------------------------------ unions

  protected variantValue(
    u: UnionDecl,
    v: Variant,
    mode: Mode,
    src: string,
    ind: string,
    from: "object" | "payload",
    view: View = PLAIN,
  ): string[] {
    // Returns statements that `return` the decoded variant value.
    const shape = v.shape;
    const what = `struct variant ${u.names.rust}::${v.names.rust}`;
    switch (u.repr.kind) {
      case "internal": {
        const tag = u.repr.tag;
        const tagProp = `${propKey(tag)}: ${str(v.wire)}`;
        const dupTag = `${ind}if (${this.rt("duplicatesOf")}(${src})?.includes(${str(tag)})) throw ${this.sup("duplicateField", "errors")}(${str(tag)}, "");`;
        if (shape.kind === "unit") return [dupTag, `${ind}return { ${tagProp} };`];
        if (shape.kind === "newtype") {
          // serde buffers the entries without the tag and hands them to the payload.
          const w = this.walker(shape.type, "content", { hidden: [...view.hidden, tag], flat: false });
          return [dupTag, `${ind}return ${builtValue([tagProp, `...${w}(${src})`])};`];
        }
        if (shape.kind === "struct") {
          const { stmts, parts } = this.fieldsDecode(shape.fields, {
            owner: `${this.variantOwner(u, v)}${this.viewSuffix(view)}`,
            label: what,
            descOwner: this.variantOwner(u, v),
            tag,
            deny: u.denyUnknownFields,
            containerDefault: false,
            mode: "content",
            ind,
            hidden: view.hidden,
          });
          return [
            ...(src === "o" ? [] : [`${ind}const o = ${src} as Record<string, unknown>;`]),
            ...stmts,
            ...this.returnObject(ind, builtValue([tagProp, ...parts])),
          ];
        }
        return [];
      }
      case "adjacent":
      case "external": {
        const wrap = (payload: string) =>
          u.repr.kind === "adjacent"
            ? `{ ${propKey(u.repr.tag)}: ${str(v.wire)}, ${propKey(u.repr.content)}: ${payload} }`
            : `{ ${propKey(v.wire)}: ${payload} }`;
        if (shape.kind === "unit") {
          return [
            u.repr.kind === "adjacent"
              ? `${ind}return { ${propKey(u.repr.tag)}: ${str(v.wire)} };`
              : `${ind}return ${str(v.wire)};`,
          ];
        }
        if (shape.kind === "newtype") {
          const { checks, expr } = this.valueExpr(shape.type, src, mode, ind);
          return [...checks, `${ind}return ${wrap(expr)};`];
        }
        if (shape.kind === "struct") {
          const errType = this.sup("errType", "primitives");
          const owner = this.variantOwner(u, v);
          const { stmts, parts } = this.fieldsDecode(shape.fields, {
            owner,
            label: what,
            descOwner: mode === "content" ? `${owner}$c` : owner,
            deny: u.denyUnknownFields,
            containerDefault: false,
            mode,
            ind,
            what,
          });
          // serde reads an externally tagged struct variant from an array too, an adjacently tagged one not (nor one of
          // a union with flatten in any variant).
          const seq =
            u.repr.kind === "external" && !unionHasFlatten(u)
              ? this.seqFields(shape.fields, what, false, mode, mode === "content" ? `${owner}$c` : owner)
              : undefined;
          const lines = [
            `${ind}if (${this.floatGuard(shape.fields, false) ? this.notObject(src, seq !== undefined) : `typeof ${src} !== "object" || ${src} === null${seq !== undefined ? "" : ` || Array.isArray(${src})`}`}) throw ${errType}(${src}, ${str(what)});`,
          ];
          if (seq) {
            lines.push(
              ...guarded(ind, `Array.isArray(${src})`, `return ${wrap(`${this.seqCall(src, seq, mode === "content")} as never`)};`),
            );
          }
          lines.push(`${ind}const o = ${src} as Record<string, unknown>;`, ...stmts);
          lines.push(...this.returnObject(ind, `{ ${parts.join(", ")} }`, wrap));
          return lines;
        }
        return [];
      }
      case "untagged":
        return [];
    }
  }

  /** The owner name of a variant's constants: the variant's TS name (imported unions prefixed by their family). */
  protected variantOwner(u: UnionDecl, v: Variant): string {
    return u.family === this.family.name ? v.names.ts : `${u.family}_${v.names.ts}`;
  }

  /** `self`: the name of the walker being generated (an adjacently tagged union may call itself). */
  protected unionWalker(u: UnionDecl, mode: Mode, view: View, self: string): string {
    const tagged = u.variants.filter((v) => v.shape.kind !== "lossless");
    const wires = tagged.map((v) => v.wire);
    const owner = u.family === this.family.name ? u.names.ts : `${u.family}_${u.names.ts}`;
    // An untagged union names no variant in its errors.
    const expected =
      u.repr.kind === "untagged" ? "" : this.constant(constName(owner, "VARIANTS"), `${str(wires)} as string[]`);
    const errType = this.sup("errType", "primitives");
    const unknown = u.repr.kind === "untagged" ? "" : this.sup("unknownVariant", "errors");
    const what = unionExpecting(u);
    const lossless = u.variants.find((v) => v.shape.kind === "lossless");
    const other =
      u.catchAll?.kind === "other" ? u.variants.find((v) => v.names.spec === u.catchAll!.variant) : undefined;
    const lines: string[] = [];
    switch (u.repr.kind) {
      case "internal": {
        const tag = u.repr.tag;
        // One function per variant, found by a switch on the tag's length and then comparisons: JSON.parse's tag
        // string is not internalized, so a Map would hash it on every decode (~50 ns), and a 60-arm string switch
        // compares against every earlier arm.
        // A variant's fields come from serde's buffered content in either mode (variantValue does not look at
        // `mode`), so the direct and the content walker share the variant functions and their dispatcher: a
        // quarter of a large codec less to print, lay out and compile.
        const prefix = u.family === this.family.name ? "" : `${u.family}$`;
        const dispatchKey = `dispatch:${prefix}${u.names.ts}${this.viewSuffix(view)}`;
        let dispatch = this.made.get(dispatchKey);
        if (dispatch === undefined) {
          // Named before its variants are generated: a variant may hold the union again (recursion).
          dispatch = `variant$${prefix}${u.names.ts}${this.viewSuffix(view)}`;
          this.made.set(dispatchKey, dispatch);
          const entries: Array<[string, string]> = [];
          for (const v of tagged) {
            const fn = `d$${prefix}${v.names.ts}${this.viewSuffix(view)}`;
            if (!this.made.has(fn)) {
              this.made.set(fn, fn);
              this.fns.push(
                [
                  `function ${fn}(o: Record<string, unknown>): ${this.tsOf({ kind: "named", family: u.family, name: u.names.spec })} {`,
                  ...this.variantValue(u, v, mode, "o", "  ", "object", view),
                  `}`,
                  "",
                ].join("\n"),
              );
            }
            for (const k of [v.wire, ...v.aliases]) entries.push([k, fn]);
          }
          const variantFn = `(o: Record<string, unknown>) => ${this.tsOf({ kind: "named", family: u.family, name: u.names.spec })}`;
          this.fns.push(`function ${dispatch}(t: string): (${variantFn}) | undefined {\n${lengthSwitch(entries)}\n}\n`);
        }
        lines.push(`  if (typeof v !== "object" || v === null) throw ${errType}(v, ${str(what)});`);
        lines.push(...guarded("  ", "Array.isArray(v)", `return ${this.internalSeqWalker(u)};`));
        lines.push(`  const o = v as Record<string, unknown>;`);
        if (mode === "content" && !lossless) {
          // Inside serde's buffer (and under flatten) a variant may also be named by its index.
          lines.push(`  const t = ${this.sup("tagOfIndex", "primitives")}(${readKey("o", tag, this.imports)}, ${expected});`);
        } else {
          lines.push(`  const t = ${readKey("o", tag, this.imports)};`);
        }
        lines.push(`  const f = typeof t === "string" ? ${dispatch}(t) : undefined;`);
        lines.push(`  if (f !== undefined) return f(o);`);
        // The exact reader's integral float token (a JsonFloat object, no map) has no tag either.
        if (tag === "value")
          lines.push(`  if (v instanceof ${this.sup("JsonFloat", "json-value")}) throw ${errType}(v, ${str(what)});`);
        lines.push(
          `  if (t === undefined) throw ${this.sup("missingFieldIn", "primitives")}(v, ${str(tag)}, ${str(what)});`,
        );
        lines.push(`  if (typeof t !== "string") throw ${errType}(t, "variant identifier");`);
        const tagRepeated = `${this.rt("duplicatesOf")}(o)?.includes(${str(tag)})`;
        if (lossless) {
          // A repeated tag goes to the derived code (see the Rust emitter), which stops at the unknown variant.
          lines.push(
            `  if (${tagRepeated}) throw ${unknown}(t, ${expected}, "");`,
            `  return { tag: t, payload: ${this.rt("jsonWithout")}(o, ${str(tag)}) } as never;`,
          );
        } else {
          // serde's tag visitor sees a repeated tag before it looks the variant up.
          lines.push(`  if (${tagRepeated}) throw ${this.sup("duplicateField", "errors")}(${str(tag)}, "");`);
          if (other) lines.push(`  return { ${propKey(tag)}: ${str(other.wire)} } as never;`);
          else lines.push(`  throw ${unknown}(t, ${expected}, "");`);
        }
        break;
      }
      case "adjacent": {
        const { tag, content } = u.repr;
        const dupOf = this.rt("duplicatesOf");
        const dupField = this.sup("duplicateField", "errors");
        const known = this.constant(
          constName(owner, "TAGS"),
          this.stringSet(tagged.flatMap((x) => [x.wire, ...x.aliases])),
        );
        lines.push(`  if (typeof v !== "object" || v === null) throw ${errType}(v, ${str(what)});`);
        lines.push(`  let t: unknown;`, `  let c: unknown;`);
        lines.push(`  if (Array.isArray(v)) {`);
        // serde also reads an adjacently tagged value as [tag, content] (a TypeScript value is never one).
        lines.push(`    if (${this.sup("checkingTsValue", "primitives")}()) throw ${errType}(v, ${str(what)});`);
        lines.push(`    if (v.length === 0) throw ${this.sup("invalidLength", "errors")}(0, ${str(what)}, "");`);
        lines.push(`    t = v[0];`);
        lines.push(`    if (typeof t !== "string") throw ${errType}(t, "variant identifier");`);
        // The array form goes to serde's derived code even with a lossless arm: unknown tags are errors there.
        if (!other) lines.push(`    if (!${known}.has(t)) throw ${unknown}(t, ${expected}, "");`);
        lines.push(`    if (v.length === 1) throw ${this.sup("invalidLength", "errors")}(1, ${str(what)}, "");`);
        lines.push(
          `    if (v.length > 2) throw ${mode === "content" ? `${this.sup("invalidLength", "errors")}(v.length, "2 elements in sequence", "")` : `${this.sup("customError", "errors")}("trailing characters", "")`};`,
        );
        lines.push(`    c = v[1];`, `  } else {`);
        lines.push(`    const o = v as Record<string, unknown>;`);
        lines.push(`    t = ${readKey("o", tag, this.imports)};`);
        lines.push(`    c = ${readKey("o", content, this.imports)};`);
        const stray = u.denyUnknownFields ? this.sup("strayKey", "primitives") : undefined;
        const strayError = stray === undefined ? "" : `${this.sup("strayKeyError", "primitives")}(s.key, ${str(tag)}, ${str(content)})`;
        if (stray !== undefined) {
          // serde reads the keys in order and fails at the first stray one; before it, it has read the tag's value
          // (tag first), or buffered the content (content first), or both and decoded the content.
          lines.push(
            `    const s = ${stray}(o, ${str(tag)}, ${str(content)});`,
            `    if (s !== undefined && v instanceof ${this.sup("JsonFloat", "json-value")}) throw ${errType}(v, ${str(what)});`,
            `    if (s !== undefined && (s.before === 0 || (s.before === 1 && !s.tagFirst))) throw ${strayError};`,
          );
        }
        if (mode === "content" && !lossless) {
          // Inside serde's buffer a variant may also be named by its index.
          lines.push(`    t = ${this.sup("tagOfIndex", "primitives")}(t, ${expected});`);
        }
        if (stray !== undefined) {
          lines.push(
            `    if (s !== undefined) {`,
            `      if (s.before === 1) {`,
            `        if (typeof t !== "string") throw ${errType}(t, "variant identifier");`,
            ...(other || lossless ? [] : [`        if (!${known}.has(t)) throw ${unknown}(t, ${expected}, "");`]),
            `      } else {`,
            `        ${self}({ ${propKey(tag)}: ${readKey("o", tag, this.imports)}, ${propKey(content)}: ${readKey("o", content, this.imports)} });`,
            `      }`,
            `      throw ${strayError};`,
            `    }`,
          );
        }
        // serde reads the tag first: an unknown one fails before a repeated key is seen.
        lines.push(`    const dups = ${dupOf}(o);`);
        lines.push(`    if (dups !== undefined && typeof t === "string") {`);
        lines.push(`      const isKnown = ${known}.has(t)${other ? " || true" : ""};`);
        lines.push(
          `      if (!isKnown && ${lossless ? `(dups.includes(${str(tag)}) || dups.includes(${str(content)}))` : `dups.includes(${str(tag)})`}) throw ${unknown}(t, ${expected}, "");`,
        );
        lines.push(`      if (isKnown && dups.includes(${str(tag)})) throw ${dupField}(${str(tag)}, "");`);
        lines.push(`      if (isKnown && dups.includes(${str(content)})) throw ${dupField}(${str(content)}, "");`);
        lines.push(`    }`);
        lines.push(`  }`);
        lines.push(`  switch (t) {`);
        for (const v of tagged) {
          for (const k of [v.wire, ...v.aliases]) lines.push(`    case ${str(k)}:`);
          const body: string[] = [];
          if (v.shape.kind === "unit") {
            body.push(
              ...guarded(
                "      ",
                "c !== undefined && c !== null",
                `throw ${this.rt("at")}(${errType}(c, ${str(`unit variant ${u.names.rust}::${v.names.rust}`)}), ${seg(content)});`,
              ),
            );
            body.push(...this.variantValue(u, v, mode, "c", "      ", "payload"));
          } else {
            body.push(`      if (c === undefined) throw ${this.sup("missingField", "errors")}(${str(content)}, "");`);
            body.push(
              `      try {`,
              ...this.variantValue(u, v, mode, "c", "        ", "payload"),
              `      } catch (e) {`,
              `        throw ${this.rt("at")}(e, ${seg(content)});`,
              `      }`,
            );
          }
          lines[lines.length - 1] += " {"; // a case's block opens on its last label's line
          lines.push(...body, `    }`);
        }
        lines.push(`  }`);
        if (tag === "value")
          lines.push(`  if (v instanceof ${this.sup("JsonFloat", "json-value")}) throw ${errType}(v, ${str(what)});`);
        lines.push(
          `  if (t === undefined) throw ${this.sup("missingFieldIn", "primitives")}(v, ${str(tag)}, ${str(what)});`,
        );
        lines.push(`  if (typeof t !== "string") throw ${errType}(t, "variant identifier");`);
        if (lossless)
          lines.push(`  return { tag: t, payload: c === undefined ? null : ${this.rt("toJsonValue")}(c) } as never;`);
        else if (other) {
          // `#[serde(other)]` is a unit variant: its content must be absent or null.
          lines.push(
            ...guarded(
              "  ",
              "c !== undefined && c !== null",
              `throw ${this.rt("at")}(${errType}(c, ${str(`unit variant ${u.names.rust}::${other.names.rust}`)}), ${seg(content)});`,
            ),
            `  return { ${propKey(tag)}: ${str(other.wire)} } as never;`,
          );
        } else lines.push(`  throw ${unknown}(t, ${expected}, "");`);
        break;
      }
      case "external": {
        const pick = this.sup("externalVariant", "primitives");
        const payloadFn = `d$${u.names.ts}$payload${mode === "content" ? "$c" : ""}`;
        lines.push(`  const [k, p, hasPayload, extra] = ${pick}(v, ${str(mode)});`);
        lines.push(`  const r = ${payloadFn}(k, p, hasPayload);`);
        // serde_json decodes the first variant's payload before it finds the map has more keys.
        lines.push(`  if (extra) throw ${this.sup("customError", "errors")}("expected value", "");`);
        lines.push(`  return r;`);
        lines.push(`}`, ``, `function ${payloadFn}(k: string, p: unknown, hasPayload: boolean): ${u.names.ts} {`);
        lines.push(`  switch (k) {`);
        for (const v of tagged) {
          lines.push(`    case ${str(v.wire)}: {`);
          if (v.shape.kind === "unit") {
            lines.push(
              `      if (hasPayload && p !== null) throw ${this.rt("at")}(${errType}(p, "unit"), ${seg(v.wire)});`,
            );
            lines.push(...this.variantValue(u, v, mode, "p", "      ", "payload"));
          } else {
            const kind = v.shape.kind === "newtype" ? "newtype variant" : "struct variant";
            lines.push(
              `      if (!hasPayload) throw ${this.sup("invalidType", "errors")}("unit variant", ${str(kind)}, "");`,
            );
            lines.push(
              `      try {`,
              ...this.variantValue(u, v, mode, "p", "        ", "payload"),
              `      } catch (e) {`,
              `        throw ${this.rt("at")}(e, ${seg(v.wire)});`,
              `      }`,
            );
          }
          lines.push(`    }`);
        }
        lines.push(`  }`);
        lines.push(`  throw ${unknown}(k, ${expected}, "");`);
        break;
      }
      case "untagged": {
        // serde buffers the value first: a number JSON.parse may have rounded or overflowed needs the exact reader
        // before any variant looks at it.
        lines.push(`  if (typeof v === "number") ${this.sup("checkExactNumber", "primitives")}(v);`);
        u.variants.forEach((v) => {
          const shape = v.shape;
          if (shape.kind === "unit") {
            lines.push(`  if (v === null) return null as never;`);
            return;
          }
          // The first variant whose walker accepts the value wins; a DecodeError moves on to the next.
          const fn = shape.kind === "newtype" ? this.walker(shape.type, "content") : this.untaggedStructWalker(u, v);
          lines.push(
            `  try {`,
            `    return ${fn}(v) as never;`,
            `  } catch (e) {`,
            `    if (!(e instanceof ${this.sup("DecodeError", "errors")})) throw e;`,
            `  }`,
          );
        });
        lines.push(
          `  throw ${this.sup("customError", "errors")}(${str(`data did not match any variant of untagged enum ${u.names.rust}`)}, "");`,
        );
        break;
      }
    }
    return lines.join("\n");
  }

  protected untaggedStructWalker(u: UnionDecl, v: Variant): string {
    const name = `d$${u.names.ts}$${v.names.ts}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    if (v.shape.kind !== "struct") return name;
    const what = `struct variant ${u.names.rust}::${v.names.rust}`;
    const errType = this.sup("errType", "primitives");
    const { stmts, parts } = this.fieldsDecode(v.shape.fields, {
      owner: this.variantOwner(u, v),
      label: what,
      descOwner: this.variantOwner(u, v),
      deny: u.denyUnknownFields,
      containerDefault: false,
      mode: "content",
      ind: "  ",
      what,
    });
    this.fns.push(
      [
        `function ${name}(v: unknown): ${v.names.ts} {`,
        `  if (${this.floatGuard(v.shape.fields, false) ? this.notObject("v", false) : `typeof v !== "object" || v === null || Array.isArray(v)`}) throw ${errType}(v, ${str(what)});`,
        `  const o = v as Record<string, unknown>;`,
        ...stmts,
        ...this.returnObject("  ", builtValue(parts)),
        `}`,
        "",
      ].join("\n"),
    );
    this.imports.addType(v.names.ts, "./types");
    return name;
  }

  /**
   * An internally tagged union given as a JSON array (the tag first, then the variant's fields in order), read by
   * the support library's `seqInternal` from a table of the variants: the call that reads it.
   */
  protected internalSeqWalker(u: UnionDecl): string {
    const owner = u.family === this.family.name ? u.names.ts : `${u.family}_${u.names.ts}`;
    const key = `seq:${owner}`;
    let table = this.made.get(key);
    if (table === undefined) {
      table = constName(owner, "SEQ_VARIANTS");
      this.made.set(key, table);
      const tagged = u.variants.filter((v) => v.shape.kind !== "lossless");
      // serde gives no struct variant a sequence form when any variant of the union has flatten.
      const noSeq = unionHasFlatten(u);
      const entries: string[] = [];
      for (const v of tagged) {
        let form: string;
        if (v.shape.kind === "struct") {
          const what = `struct variant ${u.names.rust}::${v.names.rust}`;
          const seq = noSeq ? undefined : this.seqFields(v.shape.fields, what, false, "content", this.variantOwner(u, v));
          form = seq ?? str(what);
        } else if (v.shape.kind === "newtype") form = this.walker(v.shape.type, "content");
        else form = "null";
        for (const k of [v.wire, ...v.aliases]) entries.push(`[${[str(k), form, ...(k === v.wire ? [] : [str(v.wire)])].join(", ")}]`);
      }
      this.imports.addType("SeqVariant", SUPPORT + "primitives");
      table = this.constant(table, `[${entries.join(", ")}] as SeqVariant[]`);
      this.made.set(key, table);
    }
    const expected = this.constant(
      constName(owner, "VARIANTS"),
      `${str(u.variants.filter((v) => v.shape.kind !== "lossless").map((v) => v.wire))} as string[]`,
    );
    const tag = (u.repr as { tag: string }).tag;
    return `${this.sup("seqInternal", "primitives")}(v, ${str(u.names.rust)}, ${str(tag)}, ${table}, ${expected}) as never`;
  }
}
