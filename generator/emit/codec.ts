/**
 * `generated/<family>/codec.ts`: serde-exact codecs, specialized per type, plus a verbatim copy of the hand-written
 * support library (`generator/support/`) in `generated/_support/`.
 *
 * Per named type `T` the module exports (see README.md, "Codecs"):
 *   encodeT(value): string            serde_json::to_string
 *   decodeT(text): T                  JSON.parse + a specialized walk; the exact reader when the text needs it
 *   decodeTStrict(text): T            the exact reader always: agrees with serde on every input
 *   tryDecodeT(text): DecodeResult<T> decodeT without throwing
 *   fromJsonT(value): T               from an already-parsed JSON value (JSON.parse output or a JsonValue)
 *   toJsonT(value): JsonValue         the value as serde_json::Value would hold it
 *
 * The walkers (`d$T`) read a JSON tree, check every field inline (typeof, integer range, …) and build the typed value
 * in declaration order; errors are created only on failure and get their path while they travel up (`at`). The
 * writers (`e$T`) concatenate strings in serde's field order. Names with a `$` are internal (exported only so other
 * families' codecs can call them; not in the barrel).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { indexDecls, resolveDecl, resolveStruct, unbox, type DeclIndex } from "../ir/lookup";
import type {
  Decl,
  EnumDecl,
  Family,
  Field,
  IntName,
  IrProgram,
  LiteralJson,
  OutputFile,
  StructDecl,
  TypeRef,
  UnionDecl,
  Variant,
} from "../ir/types";
import { isIdentifier } from "../naming";
import type { BarrelEntry } from "./barrel";
import { headerLine, ImportSet, tsType, type TypeContext } from "./ts-common";

/** Files of the support library, copied verbatim into `generated/_support/`. */
export const SUPPORT_FILES = [
  "errors.ts",
  "fast.ts",
  "json-value.ts",
  "numbers.ts",
  "primitives.ts",
  "reader.ts",
  "runtime.ts",
  "strings.ts",
  "timestamp.ts",
  "uuid.ts",
] as const;

const SUPPORT = "../_support/";

/** The public API names generated for a declared type named `ts`. */
export function codecNames(ts: string): {
  encode: string;
  decode: string;
  decodeStrict: string;
  tryDecode: string;
  fromJson: string;
  toJson: string;
} {
  return {
    encode: `encode${ts}`,
    decode: `decode${ts}`,
    decodeStrict: `decode${ts}Strict`,
    tryDecode: `tryDecode${ts}`,
    fromJson: `fromJson${ts}`,
    toJson: `toJson${ts}`,
  };
}

/** The codec emitter: one `codec.ts` per generated family, and the support library once. */
export function emitCodec(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  const families = program.families.filter((f) => f.generated !== false);
  const out: OutputFile[] = families.map((f) => new CodecModule(f, index).file());
  if (families.length > 0) out.push(...supportFiles());
  return out;
}

/** The support library's sources, as `_support/<file>`. */
export function supportFiles(): OutputFile[] {
  const dir = path.join(__dirname, "..", "support");
  return SUPPORT_FILES.map((name) => ({
    path: `_support/${name}`,
    content: fs.readFileSync(path.join(dir, name), "utf8"),
  }));
}

/** What `index.ts` re-exports from `codec.ts`. */
export function codecExports(family: Family): BarrelEntry[] {
  const out: BarrelEntry[] = [];
  for (const d of family.decls) {
    const n = codecNames(d.names.ts);
    for (const name of [n.encode, n.decode, n.decodeStrict, n.tryDecode, n.fromJson, n.toJson]) {
      out.push({ module: "codec", name, typeOnly: false });
    }
  }
  return out;
}

/** Import declarations of a module, printed once (sorted by the ImportSet; no ts-morph needed for the codec). */
function printImports(imports: ImportSet): string {
  return imports.print();
}

// ---------------------------------------------------------------------------------------------------------------

const PROTO_KEYS = new Set(Object.getOwnPropertyNames(Object.prototype));

/** `o.key`, `o["key"]`, or `own(o, "key")` for keys Object.prototype also has. */
function readKey(o: string, key: string, imports: ImportSet): string {
  if (PROTO_KEYS.has(key)) {
    imports.addValue("own", SUPPORT + "runtime");
    return `own(${o}, ${str(key)})`;
  }
  return isIdentifier(key) ? `${o}.${key}` : `${o}[${str(key)}]`;
}

function str(s: unknown): string {
  return JSON.stringify(s);
}

/** The path segment of a key, as a TS string literal. */
function seg(key: string): string {
  return str(/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? "." + key : "[" + JSON.stringify(key) + "]");
}

/** A property key in an object literal (`__proto__` computed, so it is data). */
function propKey(key: string): string {
  if (key === "__proto__") return `["__proto__"]`;
  return isIdentifier(key) ? key : str(key);
}

/** serde's "expected" phrase for a type's deserializer. */
function expecting(t: TypeRef, index: DeclIndex): string {
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

function unionExpecting(u: UnionDecl): string {
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

interface IntBounds {
  readonly lo: string;
  readonly hi: string;
}

function intBounds(name: IntName): IntBounds {
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
function typeKey(t: TypeRef): string {
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
type Mode = "direct" | "content";

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
interface View {
  readonly hidden: readonly string[];
  readonly flat: boolean;
}

const PLAIN: View = { hidden: [], flat: false };

/** `T` of a flattened `Option<T>`. */
function unoption(t: TypeRef): TypeRef {
  return t.kind === "option" ? t.inner : t;
}

function hasFlatten(fields: readonly Field[]): boolean {
  return fields.some((f) => f.flatten && !f.skip);
}

/** serde_derive's `has_flatten` of a union: a field of any variant is flattened. */
function unionHasFlatten(u: UnionDecl): boolean {
  return u.variants.some((v) => v.shape.kind === "struct" && hasFlatten(v.shape.fields));
}

/** Sorted, without repeats. */
function keySet(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

class CodecModule {
  private readonly imports = new ImportSet();
  private readonly fns: string[] = [];
  private readonly made = new Map<string, string>();
  private readonly consts: string[] = [];
  private readonly plus: boolean;
  private readonly typeCtx: TypeContext;
  /** Function-name suffixes of non-plain views, by the view they stand for (distinct views never share one). */
  private readonly suffixes = new Map<string, string>();
  private tmp = 0;

  constructor(
    private readonly family: Family,
    private readonly index: DeclIndex,
  ) {
    this.plus = family.settings.floatExponent === "plus";
    this.typeCtx = { family, index, imports: this.imports, module: "codec" as never };
  }

  private rt(name: string): string {
    this.imports.addValue(name, SUPPORT + "runtime");
    return name;
  }

  private sup(name: string, module: string): string {
    this.imports.addValue(name, SUPPORT + module);
    return name;
  }

  private fresh(prefix: string): string {
    return `${prefix}${this.tmp++}`;
  }

  private tsOf(t: TypeRef): string {
    return tsType(t, this.typeCtx);
  }

  private constant(name: string, expr: string): string {
    this.consts.push(`const ${name} = ${expr};`);
    return name;
  }

  file(): OutputFile {
    const api: string[] = [];
    for (const d of this.family.decls) api.push(this.publicApi(d));
    const body = [...this.consts, "", ...this.fns, ...api].join("\n");
    const text = `${headerLine(this.family)}\n/* eslint-disable */\n${printImports(this.imports)}\n${body}\n`;
    return { path: `${this.family.name}/codec.ts`, content: text };
  }

  private publicApi(d: Decl): string {
    const ts = d.names.ts;
    const t: TypeRef = { kind: "named", name: d.names.spec, family: this.family.name };
    const T = this.tsOf(t);
    const n = codecNames(ts);
    const dec = this.walker(t, "direct");
    this.walker(t, "content");
    const enc = this.writer(t);
    this.rt("decodeText");
    this.rt("decodeTextStrict");
    this.rt("tryDecode");
    this.rt("decodeValue");
    this.rt("encodeWith");
    this.imports.addType("DecodeResult", SUPPORT + "errors");
    this.imports.addType("JsonValue", SUPPORT + "json-value");
    this.sup("readJson", "reader");
    this.rt("toJsonValue");
    return [
      `/** \`${ts}\` as serde_json writes it (\`serde_json::to_string\`); throws EncodeError for values Rust cannot hold. */`,
      `export function ${n.encode}(value: ${T}): string {`,
      `  return encodeWith(value, ${enc});`,
      `}`,
      ``,
      `/** Decodes \`${ts}\` from JSON text (fast path; see README "Codecs" for what only the strict decode sees). */`,
      `export function ${n.decode}(text: string): ${T} {`,
      `  return decodeText(text, ${dec});`,
      `}`,
      ``,
      `/** Decodes \`${ts}\` from JSON text exactly as serde does (duplicate keys, \`3.0\` for an integer …). */`,
      `export function ${n.decodeStrict}(text: string): ${T} {`,
      `  return decodeTextStrict(text, ${dec});`,
      `}`,
      ``,
      `/** ${n.decode} without throwing: \`{ ok: true, value }\` or \`{ ok: false, error }\`. */`,
      `export function ${n.tryDecode}(text: string): DecodeResult<${T}> {`,
      `  return tryDecode(${n.decode}, text);`,
      `}`,
      ``,
      `/** Decodes \`${ts}\` from an already-parsed JSON value (JSON.parse output or a JsonValue). */`,
      `export function ${n.fromJson}(value: unknown): ${T} {`,
      `  return decodeValue(value, ${dec});`,
      `}`,
      ``,
      `/** \`${ts}\` as a JsonValue (what serde_json::to_value gives), for embedding in larger documents. */`,
      `export function ${n.toJson}(value: ${T}): JsonValue {`,
      `  return toJsonValue(readJson(${n.encode}(value)));`,
      `}`,
      ``,
    ].join("\n");
  }

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
  private relevantView(t: TypeRef, view: View): View {
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
  private seesAllKeys(t: TypeRef, flat: boolean, seen: Set<string> = new Set()): boolean {
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
  private viewSuffix(view: View): string {
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

  private modeMatters(t: TypeRef): boolean {
    return t.kind !== "string" && t.kind !== "bool" && t.kind !== "int" && t.kind !== "float" && t.kind !== "json";
  }

  private walkerBody(t: TypeRef, mode: Mode, view: View, self: string): string {
    switch (t.kind) {
      case "option": {
        const lines = ["  if (v === null || v === undefined) return null;", "  let r;"];
        lines.push(...this.decodeInto(t.inner, "v", "r", '""', mode, "  "));
        lines.push("  return r;");
        return lines.join("\n");
      }
      case "list": {
        const errType = this.sup("errType", "primitives");
        const lines = [
          `  if (!Array.isArray(v)) throw ${errType}(v, "a sequence");`,
          `  const n = v.length;`,
          `  const out: ${this.tsOf(t)} = new Array(n);`, // tsType parenthesizes `(A | null)[]`
          `  for (let i = 0; i < n; i++) {`,
          `    const x = v[i];`,
          `    let r;`,
          ...this.decodeInto(t.item, "x", "r", '"[" + i + "]"', mode, "    "),
          `    out[i] = r;`,
          `  }`,
          `  return out;`,
        ];
        return lines.join("\n");
      }
      case "map": {
        const errType = this.sup("errType", "primitives");
        const keySeg = this.rt("keySegment");
        const skip = view.hidden.length === 0 ? undefined : `if (${this.hiddenTest(view.hidden, "k")}) continue;`;
        const lines = [
          `  if (${this.notObject("v", false)}) throw ${errType}(v, "a map");`,
          `  const out: Record<string, ${this.tsOf(t.value)}> = Object.create(null);`,
          `  for (const k in v) {`,
          ...(skip === undefined ? [] : [`    ${skip}`]),
          `    const x = (v as Record<string, unknown>)[k];`,
          `    let r;`,
          ...this.decodeInto(t.value, "x", "r", `${keySeg}(k)`, mode, "    "),
          `    out[k] = r;`,
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
        const lines = ["  let r;", ...this.decodeInto(t, "v", "r", '""', mode, "  "), "  return r;"];
        return lines.join("\n");
      }
    }
  }

  /**
   * Statements that decode the value in variable `src` as `t` into the (declared) variable `dst`; errors get the
   * path segment `segment` (a TS expression). Primitives are checked inline; everything else calls its walker.
   */
  decodeInto(t: TypeRef, src: string, dst: string, segment: string, mode: Mode, ind: string): string[] {
    const at = () => this.rt("at");
    switch (t.kind) {
      case "string":
        return [
          `${ind}if (typeof ${src} !== "string") throw ${at()}(${this.sup("errType", "primitives")}(${src}, "a string"), ${segment});`,
          `${ind}${dst} = ${src};`,
        ];
      case "bool":
        return [
          `${ind}if (typeof ${src} !== "boolean") throw ${at()}(${this.sup("errType", "primitives")}(${src}, "a boolean"), ${segment});`,
          `${ind}${dst} = ${src};`,
        ];
      case "int": {
        if (t.bigint) {
          const f = this.sup("decodeBigInt", "primitives");
          return [
            `${ind}try {`,
            `${ind}  ${dst} = ${f}(${src}, ${str(t.name)});`,
            `${ind}} catch (e) {`,
            `${ind}  throw ${at()}(e, ${segment});`,
            `${ind}}`,
          ];
        }
        const b = intBounds(t.name);
        const err = this.sup("errInt", "primitives");
        return [
          `${ind}if (!(typeof ${src} === "number" && Number.isInteger(${src}) && ${src} >= ${b.lo} && ${src} <= ${b.hi})) {`,
          `${ind}  throw ${at()}(${err}(${src}, ${str(t.name)}), ${segment});`,
          `${ind}}`,
          `${ind}${dst} = ${src};`,
        ];
      }
      case "float": {
        if (t.name === "f32") {
          const f = this.sup("decodeF32", "primitives");
          return [
            `${ind}try {`,
            `${ind}  ${dst} = ${f}(${src});`,
            `${ind}} catch (e) {`,
            `${ind}  throw ${at()}(e, ${segment});`,
            `${ind}}`,
          ];
        }
        const slow = this.sup("decodeF64Slow", "primitives");
        return [
          `${ind}if (typeof ${src} === "number" && ${src} - ${src} === 0) ${dst} = ${src};`,
          `${ind}else {`,
          `${ind}  try {`,
          `${ind}    ${dst} = ${slow}(${src});`,
          `${ind}  } catch (e) {`,
          `${ind}    throw ${at()}(e, ${segment});`,
          `${ind}  }`,
          `${ind}}`,
        ];
      }
      case "json": {
        const f = this.rt("toJsonValue");
        return [
          `${ind}try {`,
          `${ind}  ${dst} = ${f}(${src});`,
          `${ind}} catch (e) {`,
          `${ind}  throw ${at()}(e, ${segment});`,
          `${ind}}`,
        ];
      }
      case "timestamp":
      case "uuid": {
        const errType = this.sup("errType", "primitives");
        const [norm, module, expected, fail] =
          t.kind === "timestamp"
            ? [
                "normalizeTimestamp",
                "timestamp",
                "a formatted date and time string or a unix timestamp",
                "timestampFailure",
              ]
            : ["normalizeUuid", "uuid", "a UUID string", "uuidFailure"];
        this.sup(norm, module);
        this.sup(fail, "primitives");
        return [
          `${ind}if (typeof ${src} !== "string") throw ${at()}(${errType}(${src}, ${str(expected)}), ${segment});`,
          `${ind}try {`,
          `${ind}  ${dst} = ${norm}(${src});`,
          `${ind}} catch (e) {`,
          `${ind}  throw ${at()}(${fail}(e), ${segment});`,
          `${ind}}`,
        ];
      }
      case "box":
        return this.decodeInto(t.inner, src, dst, segment, mode, ind);
      case "option":
        return [
          `${ind}if (${src} === null) ${dst} = null;`,
          `${ind}else {`,
          ...this.decodeInto(t.inner, src, dst, segment, mode, ind + "  "),
          `${ind}}`,
        ];
      default: {
        const w = this.walker(t, mode);
        return [
          `${ind}try {`,
          `${ind}  ${dst} = ${w}(${src});`,
          `${ind}} catch (e) {`,
          `${ind}  throw ${at()}(e, ${segment});`,
          `${ind}}`,
        ];
      }
    }
  }

  private declWalker(d: Decl, mode: Mode, view: View, self: string): string {
    switch (d.kind) {
      case "struct":
        return this.structWalker(d, mode, view);
      case "enum":
        return this.enumWalker(d, mode);
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
  private floatGuard(fields: readonly Field[], containerDefault: boolean): boolean {
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
  private notObject(x: string, arrays: boolean): string {
    const float = this.sup("JsonFloat", "json-value");
    return `typeof ${x} !== "object" || ${x} === null${arrays ? "" : ` || Array.isArray(${x})`} || ${x} instanceof ${float}`;
  }

  /**
   * Statements decoding (and dropping) the values that repeated keys of object `o` replaced: serde decodes every
   * occurrence of a map's key. Only the exact reader records them. `skip`: statements skipping a key `k`.
   */
  private shadowedDecode(o: string, value: TypeRef, skip: string | undefined, mode: Mode, ind: string): string[] {
    return [
      `${ind}const sh = ${this.rt("shadowedOf")}(${o});`,
      `${ind}if (sh !== undefined) {`,
      `${ind}  for (let i = 0; i < sh.length; i += 3) {`,
      `${ind}    const k = sh[i] as string;`,
      ...(skip === undefined ? [] : [`${ind}    ${skip}`]),
      `${ind}    const x = sh[i + 1];`,
      `${ind}    let r;`,
      ...this.decodeInto(value, "x", "r", `${this.rt("keySegment")}(k)`, mode, `${ind}    `),
      `${ind}    void r;`,
      `${ind}  }`,
      `${ind}}`,
    ];
  }

  /** A TS condition: `k` is one of `keys` (a comparison for one key, a Set otherwise). */
  private hiddenTest(keys: readonly string[], k: string): string {
    if (keys.length === 1) return `${k} === ${str(keys[0])}`;
    return `${this.constant(this.fresh("HIDDEN_"), `new Set<string>(${str(keys)})`)}.has(${k})`;
  }

  // ------------------------------------------------------------------------------------------------ structs

  /** Default value expression of a type (Rust's `Default::default()`). */
  private defaultOf(t: TypeRef): string {
    switch (t.kind) {
      case "string":
        return '""';
      case "bool":
        return "false";
      case "int":
        return t.bigint ? "0n" : "0";
      case "float":
        return "0";
      case "json":
      case "option":
        return "null";
      case "timestamp":
        return '"1970-01-01T00:00:00Z"';
      case "uuid":
        return '"00000000-0000-0000-0000-000000000000"';
      case "list":
        return "[]";
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
              .map((f) => `${propKey(f.wire)}: ${this.fieldDefault(f, true)}`);
            return `{ ${props.join(", ")} }`;
          }
          case "union":
            return "undefined as never";
        }
      }
    }
  }

  /** The value a missing field takes. */
  private fieldDefault(f: Field, containerDefault: boolean): string {
    if (f.default.kind === "value") {
      const w = this.walker(f.type, "direct");
      const name = this.fresh("DEFAULT_");
      this.rt("decodeValue");
      return this.constant(name, `decodeValue(${literal(f.default.value)}, ${w})`);
    }
    if (f.default.kind === "type" || containerDefault || f.type.kind === "option" || f.skip) {
      return this.defaultOf(f.type);
    }
    return "undefined as never";
  }

  /** Every key a struct (or struct variant) consumes, for flatten maps and deny_unknown_fields. */
  private consumedKeys(fields: readonly Field[], tag: string | undefined): string[] {
    const keys: string[] = tag === undefined ? [] : [tag];
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) keys.push(...this.flattenedKeys(f));
      else keys.push(f.wire, ...f.aliases);
    }
    return keys;
  }

  /**
   * The keys a flattened struct field takes from its container. serde hands a struct without flatten of its own only
   * the entries its field names (serde_derive's `FIELDS`: wire names, no aliases) and removes them; a struct with
   * flatten reads every entry with its own keys and aliases.
   */
  private flattenedKeys(f: Field): string[] {
    const s = resolveStruct(this.index, unoption(f.type));
    if (s === undefined) return [];
    if (!hasFlatten(s.fields)) return s.fields.filter((x) => !x.skip).map((x) => x.wire);
    return this.consumedKeys(s.fields, undefined);
  }

  /**
   * The keys serde hides from the flattened field `fields[i]`: those hidden from the container, its tag, its own
   * fields' keys, and the keys the flatten-free structs flattened before took.
   */
  private flattenedHidden(fields: readonly Field[], i: number, tag: string | undefined, hidden: readonly string[], aliases: boolean): string[] {
    const keys = [...hidden];
    if (tag !== undefined) keys.push(tag);
    fields.forEach((f, j) => {
      if (f.skip) return;
      if (!f.flatten) keys.push(f.wire, ...(aliases ? f.aliases : []));
      else if (j < i) {
        const s = resolveStruct(this.index, unoption(f.type));
        if (s !== undefined && !hasFlatten(s.fields)) keys.push(...this.flattenedKeys(f));
      }
    });
    return keySet(keys);
  }

  private fieldMap(fields: readonly Field[], tag: string | undefined, aliases: boolean): string {
    const entries: string[] = [];
    if (tag !== undefined) entries.push(`[${str(tag)}, ${str(tag)}]`);
    for (const f of fields) {
      if (f.skip || f.flatten) continue;
      for (const k of [f.wire, ...(aliases ? f.aliases : [])]) entries.push(`[${str(k)}, ${str(f.wire)}]`);
    }
    return this.constant(this.fresh("FIELDS_"), `new Map<string, string>([${entries.join(", ")}])`);
  }

  /**
   * Statements reading `fields` from object `o` into locals, and the object-literal parts of the result.
   * `hidden`: keys of `o` serde does not show these fields (see View); `aliases: false` when serde matches wire
   * names only (a flattened struct without flatten of its own).
   */
  private fieldsDecode(
    fields: readonly Field[],
    opts: {
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
    const { ind, mode } = opts;
    const hidden = opts.hidden ?? [];
    const aliases = opts.aliases ?? true;
    const stmts: string[] = [];
    const parts: string[] = [];
    const dupMap = this.fieldMap(fields, opts.tag, aliases);
    stmts.push(`${ind}if (${this.rt("duplicatesOf")}(o) !== undefined) ${this.rt("checkDuplicates")}(o, ${dupMap});`);
    stmts.push(`${ind}let missing: string | undefined;`);
    const hasRequired = fields.some((f) => !f.skip && !f.flatten && !f.optional && !opts.containerDefault);
    let flattenMap: { f: Field; local: string } | undefined;
    const flattenDecodes: string[] = [];
    for (const [i, f] of fields.entries()) {
      if (f.skip) continue;
      const local = this.fresh("f");
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
            this.fresh("OUTER_"),
            `new Set<string>(${str([...new Set([...this.consumedKeys(others, opts.tag), ...hidden])])})`,
          );
          arg = `${this.rt("withoutKeys")}(o, ${own})`;
        }
        // serde reports the struct's own missing fields before it decodes what it flattens.
        flattenDecodes.push(`${ind}const ${local} = ${w}(${arg});`);
        parts.push(`...${local}`);
        continue;
      }
      const raw = this.fresh("x");
      stmts.push(`${ind}let ${raw} = ${readKey("o", f.wire, this.imports)};`);
      for (const a of aliases ? f.aliases : []) {
        stmts.push(
          `${ind}if (${raw} === undefined) ${raw} = ${readKey("o", a, this.imports)};`,
          `${ind}else if (${readKey("o", a, this.imports)} !== undefined) throw ${this.sup("duplicateField", "errors")}(${str(f.wire)}, "");`,
        );
      }
      stmts.push(`${ind}let ${local}: ${this.tsOf(f.type)};`);
      const optional = f.optional || opts.containerDefault;
      stmts.push(`${ind}if (${raw} === undefined) {`);
      if (optional) stmts.push(`${ind}  ${local} = ${this.fieldDefault(f, opts.containerDefault)};`);
      else stmts.push(`${ind}  missing ??= ${str(f.wire)};`, `${ind}  ${local} = undefined as never;`);
      stmts.push(`${ind}} else {`);
      stmts.push(...this.decodeInto(f.type, raw, local, seg(f.wire), mode, ind + "  "));
      stmts.push(`${ind}}`);
      parts.push(`${propKey(f.wire)}: ${local}`);
    }
    const consumed = this.consumedKeys(fields, opts.tag);
    const known = hidden.length === 0 ? consumed : [...new Set([...consumed, ...hidden])];
    if (opts.deny) {
      // serde fails at an unknown key as it meets it: before it finds a field missing at the end.
      const set = this.constant(this.fresh("KNOWN_"), `new Set<string>(${str(known)})`);
      const mainNames = fields.filter((f) => !f.skip && !f.flatten).map((f) => f.wire);
      const list = this.constant(this.fresh("NAMES_"), `${str(mainNames)} as string[]`);
      stmts.push(
        opts.what === undefined
          ? `${ind}for (const k in o) if (!${set}.has(k)) throw ${this.sup("unknownField", "errors")}(k, ${list}, "");`
          : `${ind}for (const k in o) if (!${set}.has(k)) throw ${this.sup("unknownFieldIn", "primitives")}(o, k, ${list}, ${str(opts.what)});`,
      );
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
      const set = this.constant(this.fresh("KNOWN_"), `new Set<string>(${str(known)})`);
      stmts.push(`${ind}const ${local}: Record<string, ${this.tsOf(valueType)}> = {};`);
      stmts.push(
        `${ind}for (const k in o) {`,
        `${ind}  if (${set}.has(k)) continue;`,
        `${ind}  const x = o[k];`,
        `${ind}  let r;`,
      );
      stmts.push(...this.decodeInto(valueType, "x", "r", `${this.rt("keySegment")}(k)`, "content", ind + "  "));
      stmts.push(
        `${ind}  if (k === "__proto__") Object.defineProperty(${local}, k, { value: r, enumerable: true, writable: true, configurable: true });`,
      );
      stmts.push(`${ind}  else ${local}[k] = r;`, `${ind}}`);
      stmts.push(...this.shadowedDecode("o", valueType, `if (${set}.has(k)) continue;`, "content", ind));
      parts.push(`...${local}`);
    }
    return { stmts, parts };
  }

  /** Statements decoding a struct given as a JSON array (serde's visit_seq) from `a` into result parts. */
  private fieldsSeqDecode(
    fields: readonly Field[],
    what: string,
    containerDefault: boolean,
    mode: Mode,
    ind: string,
    buffered = mode === "content",
  ): { stmts: string[]; parts: string[] } | undefined {
    if (fields.some((f) => f.flatten && !f.skip)) return undefined;
    const live = fields.filter((f) => !f.skip);
    const stmts: string[] = [];
    const parts: string[] = [];
    live.forEach((f, i) => {
      const local = this.fresh("f");
      stmts.push(`${ind}let ${local}: ${this.tsOf(f.type)};`);
      stmts.push(`${ind}if (a.length <= ${i}) {`);
      if (f.default.kind !== "none") stmts.push(`${ind}  ${local} = ${this.fieldDefault(f, containerDefault)};`);
      else {
        stmts.push(
          `${ind}  throw ${this.sup("invalidLength", "errors")}(${i}, ${str(`${what} with ${live.length} element${live.length === 1 ? "" : "s"}`)}, "");`,
        );
      }
      stmts.push(`${ind}} else {`, `${ind}  const x = a[${i}];`);
      stmts.push(...this.decodeInto(f.type, "x", local, `"[${i}]"`, mode, ind + "  "));
      stmts.push(`${ind}}`);
      parts.push(`${propKey(f.wire)}: ${local}`);
    });
    // Extra elements: serde_json stops at the next one ("trailing characters"); serde's buffer counts them.
    stmts.push(
      buffered
        ? `${ind}if (a.length > ${live.length}) throw ${this.sup("invalidLength", "errors")}(a.length, ${str(`${live.length} element${live.length === 1 ? "" : "s"} in sequence`)}, "");`
        : `${ind}if (a.length > ${live.length}) throw ${this.sup("customError", "errors")}("trailing characters", "");`,
    );
    return { stmts, parts };
  }

  private structWalker(d: StructDecl, mode: Mode, view: View): string {
    const what = `struct ${d.names.rust}`;
    const errType = this.sup("errType", "primitives");
    const lines = [
      `  if (${this.floatGuard(d.fields, d.containerDefault) ? this.notObject("v", true) : `typeof v !== "object" || v === null`}) throw ${errType}(v, ${str(what)});`,
    ];
    const seq = this.fieldsSeqDecode(d.fields, what, d.containerDefault, mode, "    ");
    if (seq !== undefined) {
      lines.push(
        `  if (Array.isArray(v)) {`,
        `    if (${this.sup("checkingTsValue", "primitives")}()) throw ${errType}(v, ${str(what)});`,
        `    const a = v;`,
        ...seq.stmts,
        `    return { ${seq.parts.join(", ")} };`,
        `  }`,
      );
    } else {
      lines.push(`  if (Array.isArray(v)) throw ${errType}(v, ${str(what)});`);
    }
    lines.push(`  const o = v as Record<string, unknown>;`);
    const { stmts, parts } = this.fieldsDecode(d.fields, {
      deny: d.denyUnknownFields && !view.flat,
      containerDefault: d.containerDefault,
      mode,
      ind: "  ",
      hidden: view.hidden,
      aliases: !view.flat,
      what,
    });
    lines.push(...stmts, `  return { ${parts.join(", ")} };`);
    return lines.join("\n");
  }

  // ------------------------------------------------------------------------------------------------ enums

  private enumWalker(d: EnumDecl, mode: Mode): string {
    const values = d.values.map((v) => v.wire);
    const canonical = new Map<string, string>();
    for (const v of d.values) {
      canonical.set(v.wire, v.wire);
      for (const a of v.aliases) canonical.set(a, v.wire);
    }
    const expected = this.constant(this.fresh("VARIANTS_"), `${str(values)} as string[]`);
    const unknown = this.sup("unknownVariant", "errors");
    const cases = [...canonical].map(([k, w]) => `    case ${str(k)}:\n      return ${str(w)};`).join("\n");
    const lines = [
      `  let s: unknown = v;`,
      `  let extra = false;`,
      `  let payload: unknown = null;`,
      `  if (typeof s !== "string") [s, payload, extra] = ${this.sup("unitVariantFromMap", "primitives")}(v, ${str(mode)});`,
      `  let r: ${d.names.ts};`,
      `  switch (s) {`,
      cases
        .replace(/return /g, "r = ")
        .replace(/;\n/g, ";\n      break;\n")
        .replace(/;$/, ";\n      break;"),
      `    default:`,
      `      throw ${unknown}(s as string, ${expected}, "");`,
      `  }`,
      `  if (payload !== null) throw ${this.sup("errType", "primitives")}(payload, "unit");`,
      // serde_json reads the variant (and its unit payload) before it finds the map has more keys.
      `  if (extra) throw ${this.sup("customError", "errors")}("expected value", "");`,
      `  return r;`,
    ];
    return lines.join("\n");
  }

  // ------------------------------------------------------------------------------------------------ unions

  private variantValue(
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
          return [dupTag, `${ind}return { ${tagProp}, ...${w}(${src}) };`];
        }
        if (shape.kind === "struct") {
          const { stmts, parts } = this.fieldsDecode(shape.fields, {
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
            `${ind}return { ${[tagProp, ...parts].join(", ")} };`,
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
          const r = this.fresh("r");
          return [
            `${ind}let ${r};`,
            ...this.decodeInto(shape.type, src, r, '""', mode, ind),
            `${ind}return ${wrap(r)};`,
          ];
        }
        if (shape.kind === "struct") {
          const errType = this.sup("errType", "primitives");
          const { stmts, parts } = this.fieldsDecode(shape.fields, {
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
              ? this.fieldsSeqDecode(shape.fields, what, false, mode, ind + "  ")
              : undefined;
          const lines = [
            `${ind}if (${this.floatGuard(shape.fields, false) ? this.notObject(src, seq !== undefined) : `typeof ${src} !== "object" || ${src} === null${seq !== undefined ? "" : ` || Array.isArray(${src})`}`}) throw ${errType}(${src}, ${str(what)});`,
          ];
          if (seq)
            lines.push(
              `${ind}if (Array.isArray(${src})) {`,
              `${ind}  if (${this.sup("checkingTsValue", "primitives")}()) throw ${errType}(${src}, ${str(what)});`,
              `${ind}  const a = ${src};`,
              ...seq.stmts,
              `${ind}  return ${wrap(`{ ${seq.parts.join(", ")} }`)};`,
              `${ind}}`,
            );
          lines.push(
            `${ind}const o = ${src} as Record<string, unknown>;`,
            ...stmts,
            `${ind}return ${wrap(`{ ${parts.join(", ")} }`)};`,
          );
          return lines;
        }
        return [];
      }
      case "untagged":
        return [];
    }
  }

  /** `self`: the name of the walker being generated (an adjacently tagged union may call itself). */
  private unionWalker(u: UnionDecl, mode: Mode, view: View, self: string): string {
    const tagged = u.variants.filter((v) => v.shape.kind !== "lossless");
    const wires = tagged.map((v) => v.wire);
    const expected = this.constant(this.fresh("VARIANTS_"), `${str(wires)} as string[]`);
    const errType = this.sup("errType", "primitives");
    const unknown = this.sup("unknownVariant", "errors");
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
        const entries: Array<[string, string]> = [];
        const prefix = u.family === this.family.name ? "" : `${u.family}$`;
        for (const v of tagged) {
          const fn = `d$${prefix}${v.names.ts}${mode === "content" ? "$c" : ""}${this.viewSuffix(view)}`;
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
        const dispatch = this.fresh("variantDecoder_");
        const variantFn = `(o: Record<string, unknown>) => ${this.tsOf({ kind: "named", family: u.family, name: u.names.spec })}`;
        this.fns.push(`function ${dispatch}(t: string): (${variantFn}) | undefined {\n${lengthSwitch(entries)}\n}\n`);
        lines.push(`  if (typeof v !== "object" || v === null) throw ${errType}(v, ${str(what)});`);
        lines.push(`  if (Array.isArray(v)) return ${this.internalSeqWalker(u)}(v);`);
        lines.push(`  const o = v as Record<string, unknown>;`);
        if (mode === "content" && !lossless) {
          // Inside serde's buffer (and under flatten) a variant may also be named by its index.
          lines.push(`  let t = ${readKey("o", tag, this.imports)};`);
          lines.push(
            `  if (typeof t === "number" && Number.isInteger(t) && t >= 0) {`,
            `    if (t >= ${tagged.length}) throw ${this.sup("invalidValue", "errors")}(\`integer \\\`\${t}\\\`\`, ${str(`variant index 0 <= i < ${tagged.length}`)}, "");`,
            `    t = ${expected}[t];`,
            `  }`,
          );
        } else {
          lines.push(`  const t = ${readKey("o", tag, this.imports)};`);
        }
        lines.push(`  const f = typeof t === "string" ? ${dispatch}(t) : undefined;`);
        lines.push(`  if (f !== undefined) return f(o);`);
        // The exact reader's integral float token (a JsonFloat object, no map) has no tag either.
        if (tag === "value") lines.push(`  if (v instanceof ${this.sup("JsonFloat", "json-value")}) throw ${errType}(v, ${str(what)});`);
        lines.push(`  if (t === undefined) throw ${this.sup("missingFieldIn", "primitives")}(v, ${str(tag)}, ${str(what)});`);
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
          this.fresh("TAGS_"),
          `new Set<string>(${str(tagged.flatMap((x) => [x.wire, ...x.aliases]))})`,
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
        const strayError = `${this.sup("strayKeyError", "primitives")}(s.key, ${str(tag)}, ${str(content)})`;
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
          lines.push(
            `    if (typeof t === "number" && Number.isInteger(t) && t >= 0) {`,
            `      if (t >= ${tagged.length}) throw ${this.sup("invalidValue", "errors")}(\`integer \\\`\${t}\\\`\`, ${str(`variant index 0 <= i < ${tagged.length}`)}, "");`,
            `      t = ${expected}[t];`,
            `    }`,
          );
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
          `      if (!isKnown && (dups.includes(${str(tag)})${lossless ? ` || dups.includes(${str(content)})` : ""})) throw ${unknown}(t, ${expected}, "");`,
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
              `      if (c !== undefined && c !== null) throw ${this.rt("at")}(${errType}(c, ${str(`unit variant ${u.names.rust}::${v.names.rust}`)}), ${seg(content)});`,
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
          lines.push(`    {`, ...body, `    }`);
        }
        lines.push(`  }`);
        if (tag === "value") lines.push(`  if (v instanceof ${this.sup("JsonFloat", "json-value")}) throw ${errType}(v, ${str(what)});`);
        lines.push(`  if (t === undefined) throw ${this.sup("missingFieldIn", "primitives")}(v, ${str(tag)}, ${str(what)});`);
        lines.push(`  if (typeof t !== "string") throw ${errType}(t, "variant identifier");`);
        if (lossless)
          lines.push(`  return { tag: t, payload: c === undefined ? null : ${this.rt("toJsonValue")}(c) } as never;`);
        else if (other) {
          // `#[serde(other)]` is a unit variant: its content must be absent or null.
          lines.push(
            `  if (c !== undefined && c !== null) throw ${this.rt("at")}(${errType}(c, ${str(`unit variant ${u.names.rust}::${other.names.rust}`)}), ${seg(content)});`,
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
        lines.push(`  let r;`);
        u.variants.forEach((v) => {
          const shape = v.shape;
          if (shape.kind === "unit") {
            lines.push(`  if (v === null) return null as never;`);
            return;
          }
          if (shape.kind === "newtype") {
            const w = this.walker(shape.type, "content");
            lines.push(
              `  try {`,
              `    return ${w}(v) as never;`,
              `  } catch (e) {`,
              `    if (!(e instanceof ${this.sup("DecodeError", "errors")})) throw e;`,
              `  }`,
            );
            return;
          }
          if (shape.kind === "struct") {
            const fn = this.untaggedStructWalker(u, v);
            lines.push(
              `  try {`,
              `    return ${fn}(v) as never;`,
              `  } catch (e) {`,
              `    if (!(e instanceof ${this.sup("DecodeError", "errors")})) throw e;`,
              `  }`,
            );
          }
        });
        lines.push(`  void r;`);
        lines.push(
          `  throw ${this.sup("customError", "errors")}(${str(`data did not match any variant of untagged enum ${u.names.rust}`)}, "");`,
        );
        break;
      }
    }
    return lines.join("\n");
  }

  private untaggedStructWalker(u: UnionDecl, v: Variant): string {
    const name = `d$${u.names.ts}$${v.names.ts}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    if (v.shape.kind !== "struct") return name;
    const what = `struct variant ${u.names.rust}::${v.names.rust}`;
    const errType = this.sup("errType", "primitives");
    const { stmts, parts } = this.fieldsDecode(v.shape.fields, {
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
        `  return { ${parts.join(", ")} };`,
        `}`,
        "",
      ].join("\n"),
    );
    this.imports.addType(v.names.ts, "./types");
    return name;
  }

  /** An internally tagged union given as a JSON array: the tag first, then the variant's fields in order. */
  private internalSeqWalker(u: UnionDecl): string {
    const name = `d$${u.family === this.family.name ? "" : `${u.family}$`}${u.names.ts}$seq`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const tagged = u.variants.filter((v) => v.shape.kind !== "lossless");
    const wires = tagged.map((v) => v.wire);
    const expected = this.constant(this.fresh("VARIANTS_"), `${str(wires)} as string[]`);
    const tag = (u.repr as { tag: string }).tag;
    const lines = [
      `function ${name}(v: unknown[]): ${this.tsOf({ kind: "named", family: u.family, name: u.names.spec })} {`,
      // A TypeScript value is never the array form.
      `  if (${this.sup("checkingTsValue", "primitives")}()) throw ${this.sup("errType", "primitives")}(v, ${str(unionExpecting(u))});`,
      `  if (v.length === 0) throw ${this.sup("missingField", "errors")}(${str(tag)}, "");`,
      `  const t = v[0];`,
      `  if (typeof t !== "string") throw ${this.sup("errType", "primitives")}(t, "variant identifier");`,
      `  const a = v.slice(1);`,
      `  switch (t) {`,
    ];
    for (const v of tagged) {
      for (const k of [v.wire, ...v.aliases]) lines.push(`    case ${str(k)}:`);
      const tagProp = `${propKey(tag)}: ${str(v.wire)}`;
      if (v.shape.kind === "struct") {
        const what = `struct variant ${u.names.rust}::${v.names.rust}`;
        // serde gives no struct variant a sequence form when any variant of the union has flatten.
        const seq = unionHasFlatten(u) ? undefined : this.fieldsSeqDecode(v.shape.fields, what, false, "content", "      ", true);
        if (seq) lines.push(`    {`, ...seq.stmts, `      return { ${[tagProp, ...seq.parts].join(", ")} };`, `    }`);
        else lines.push(`      throw ${this.sup("errType", "primitives")}(a, ${str(what)});`);
      } else if (v.shape.kind === "newtype") {
        lines.push(`      return { ${tagProp}, ...${this.walker(v.shape.type, "content")}(a) };`);
      } else {
        lines.push(
          `      if (a.length > 0) throw ${this.sup("invalidLength", "errors")}(a.length, "0 elements in sequence", "");`,
          `      return { ${tagProp} } as never;`,
        );
      }
    }
    lines.push(`  }`, `  throw ${this.sup("unknownVariant", "errors")}(t, ${expected}, "");`, `}`, "");
    this.fns.push(lines.join("\n"));
    return name;
  }

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
    this.fns.push(`${exported}function ${name}(v: ${this.tsOf(t)}): string {\n${body}\n}\n`);
    return name;
  }

  /** A TS expression writing the value `x` (a simple expression) of type `t`. */
  encodeExpr(t: TypeRef, x: string): string {
    switch (t.kind) {
      case "string":
        return `${this.rt("quote")}(${x})`;
      case "timestamp":
        return `${this.rt("quote")}(${this.sup("normalizeTimestampForEncode", "primitives")}(${x}))`;
      case "uuid":
        return `${this.rt("quote")}(${this.sup("normalizeUuidForEncode", "primitives")}(${x}))`;
      case "bool":
        return `(${x} ? "true" : "false")`;
      case "int": {
        if (t.bigint) return `${this.rt("encodeBigInt")}(${x}, ${str(t.name)})`;
        const b = intBounds(t.name);
        return `(typeof ${x} === "number" && Number.isInteger(${x}) && ${x} >= ${b.lo} && ${x} <= ${b.hi} ? "" + ${x} : ${this.rt("encodeInt")}(${x}, ${str(t.name)}))`;
      }
      case "float":
        return t.name === "f64"
          ? `${this.rt("encodeF64")}(${x}, ${this.plus})`
          : `${this.rt("encodeF32")}(${x}, ${this.plus})`;
      case "json":
        return `${this.sup("encodeJsonValue", "json-value")}(${x}, ${this.plus}, "")`;
      case "box":
        return this.encodeExpr(t.inner, x);
      case "option":
        return `(${x} === null || ${x} === undefined ? "null" : ${this.encodeExpr(t.inner, x)})`;
      default:
        return `${this.writer(t)}(${x})`;
    }
  }

  private writerBody(t: TypeRef): string {
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
          `  const keys = ${this.sup("sortedKeys", "json-value")}(v);`,
          `  let out = "";`,
          `  for (const k of keys) {`,
          `    const x = v[k]!;`,
          `    if (x === undefined) continue;`,
          `    try {`,
          `      out += (out === "" ? "" : ",") + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(t.value, "x")};`,
          `    } catch (e) {`,
          `      throw ${this.rt("at")}(e, ${this.rt("keySegment")}(k));`,
          `    }`,
          `  }`,
          `  return "{" + out + "}";`,
        ].join("\n");
      case "named": {
        const d = this.index.get(t.family, t.name)!;
        return this.declWriter(d);
      }
      default:
        return `  return ${this.encodeExpr(t, "v")};`;
    }
  }

  private declWriter(d: Decl): string {
    switch (d.kind) {
      case "struct":
        return this.objectWriterBody(d.fields, [], `struct ${d.names.rust}`);
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

  /**
   * Statements appending a struct's members to `out` (each with a leading comma), in declaration order, skip rules
   * applied. Sets `at_` before each field so an EncodeError names it. `hidden`: keys of `obj` that belong to
   * someone else (the tag of an internally tagged union, an outer struct's members under flatten), which a
   * flattened map must not write again.
   */
  private membersCode(
    fields: readonly Field[],
    obj: string,
    ind: string,
    opening?: string,
    hidden: readonly string[] = [],
  ): { lines: string[]; opened: boolean } {
    const lines: string[] = [];
    let opened = false;
    let first = true;
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) {
        const inner = f.type.kind === "option" ? f.type.inner : f.type;
        if (
          inner.kind === "map" ||
          (mapValueType(this.index, inner) !== undefined &&
            resolveStruct(this.index, inner) === undefined &&
            resolveDecl(this.index, inner)?.kind !== "union")
        ) {
          const vt = mapValueType(this.index, inner)!;
          const own = this.constant(
            this.fresh("OWN_"),
            `new Set<string>(${str([...new Set([...this.consumedKeys(fields, undefined), ...hidden])])})`,
          );
          lines.push(
            `${ind}for (const k of ${this.sup("sortedKeys", "json-value")}(${obj})) {`,
            `${ind}  if (${own}.has(k)) continue;`,
            `${ind}  const x = (${obj} as Record<string, ${this.tsOf(vt)}>)[k]!;`,
            `${ind}  if (x === undefined) continue;`,
            `${ind}  at_ = ${this.rt("keySegment")}(k);`,
            `${ind}  out += "," + ${this.rt("quote")}(k) + ":" + ${this.encodeExpr(vt, "x")};`,
            `${ind}}`,
          );
          first = false;
          continue;
        }
        const others = this.consumedKeys(
          fields.filter((x) => x !== f),
          undefined,
        );
        lines.push(`${ind}out += ${this.membersWriter(inner, [...hidden, ...others])}(${obj} as never);`);
        first = false;
        continue;
      }
      const x = `${obj}${isIdentifier(f.wire) ? "." + f.wire : `[${str(f.wire)}]`}`;
      const value = this.fresh("v");
      const missingDefault = f.optional ? this.missingValue(f) : undefined;
      const skip = this.skipTest(f, value);
      // The first member opens the object itself when it is always written (no leading comma to cut off later).
      const open = first && opening !== undefined && skip === undefined;
      first = false;
      if (open) opened = true;
      const key = open ? str(opening + str(f.wire) + ":") : str("," + str(f.wire) + ":");
      lines.push(`${ind}at_ = ${seg(f.wire)};`);
      lines.push(`${ind}const ${value} = ${x};`);
      const write = `out += ${key} + ${this.encodeExpr(f.type, value)};`;
      if (skip !== undefined) {
        lines.push(`${ind}if (!(${skip})) ${write}`);
      } else if (missingDefault !== undefined) {
        lines.push(`${ind}if (${value} === undefined) out += ${key} + ${missingDefault};`, `${ind}else ${write}`);
      } else {
        lines.push(`${ind}${write}`);
      }
    }
    return { lines, opened };
  }

  /** What a missing (undefined) optional field writes: its default's encoding. */
  private missingValue(f: Field): string {
    if (f.default.kind === "value") return this.encodeExpr(f.type, this.fieldDefault(f, false));
    const t = f.type;
    if (t.kind === "option" || t.kind === "json") return '"null"';
    return this.encodeExpr(t, this.defaultOf(t));
  }

  /** The condition under which serde omits the field (skip_serializing_if), or undefined. */
  private skipTest(f: Field, x: string): string | undefined {
    switch (f.skipSerializingIf) {
      case undefined:
        return undefined;
      case "none":
        return `${x} === null || ${x} === undefined`;
      case "empty":
        if (f.type.kind === "map" || resolveAliasMap(this.index, f.type))
          return `${x} === undefined || Object.keys(${x}).length === 0`;
        return `${x} === undefined || ${x}.length === 0`;
      case "false":
        return `!${x}`;
      case "zero":
        return `${x} === undefined || ${x} === 0 || (${x} as unknown) === 0n`;
      case "null":
        return `${x} === null || ${x} === undefined`;
    }
  }

  private objectWriterBody(fields: readonly Field[], leading: string[], _what: string): string {
    const { lines, opened } = this.membersCode(fields, "v", "    ", leading.length === 0 ? "{" : undefined);
    return [
      `  let at_ = "";`,
      `  try {`,
      `    let out = "";`,
      ...leading.map((l) => `    out += ${l};`),
      ...lines,
      opened ? `    return out + "}";` : `    return "{" + out.slice(1) + "}";`,
      `  } catch (e) {`,
      `    throw ${this.rt("at")}(e, at_);`,
      `  }`,
    ].join("\n");
  }

  /**
   * A writer of the members (`,"k":v…`) of a struct, an internally tagged union or a map, for flatten and newtype
   * variants. `hidden`: keys of the value that belong to someone else (see membersCode).
   */
  private membersWriter(t: TypeRef, hidden: readonly string[] = []): string {
    const d = resolveDecl(this.index, t);
    const keys = this.writerSeesAllKeys(t) ? keySet(hidden) : [];
    const suffix = this.viewSuffix(keys.length === 0 ? PLAIN : { hidden: keys, flat: false });
    if (resolveStruct(this.index, t) === undefined && d?.kind !== "union" && mapValueType(this.index, t) !== undefined) {
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
    let body: string;
    if (d.kind === "struct") {
      body = [
        `  let at_ = "";`,
        `  try {`,
        `    let out = "";`,
        ...this.membersCode(d.fields, "v", "    ", undefined, keys).lines,
        `    return out;`,
        `  } catch (e) {`,
        `    throw ${this.rt("at")}(e, at_);`,
        `  }`,
      ].join("\n");
    } else {
      body = this.unionMembersBody(d, keys);
    }
    const T = this.tsOf({ kind: "named", family: d.family, name: d.names.spec });
    this.fns.push(`${suffix === "" ? "export " : ""}function ${name}(v: ${T}): string {\n${body}\n}\n`);
    return name;
  }

  /** A writer of a map's entries as members (`,"k":v…`, keys sorted as serde's BTreeMap), without `hidden`. */
  private mapMembersWriter(value: TypeRef, hidden: readonly string[], suffix: string): string {
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
  private writerSeesAllKeys(t: TypeRef, seen: Set<string> = new Set()): boolean {
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

  /** The TS type name of a variant (imported from its family's types module). */
  private variantTs(u: UnionDecl, v: Variant): string {
    this.imports.addType(v.names.ts, u.family === this.family.name ? "./types" : `../${u.family}/types`);
    return v.names.ts;
  }

  /** Members of an internally tagged union value: the tag, then the variant's fields. */
  private unionMembersBody(u: UnionDecl, hidden: readonly string[]): string {
    if (u.repr.kind !== "internal") throw new Error(`codec: only internally tagged unions flatten (${u.names.spec})`);
    const tag = u.repr.tag;
    const lines = [
      `  let at_ = "";`,
      `  try {`,
      `    let out = "";`,
      `    switch (v${isIdentifier(tag) ? "." + tag : `[${str(tag)}]`}) {`,
    ];
    for (const v of u.variants) {
      if (v.shape.kind === "lossless") continue;
      lines.push(`      case ${str(v.wire)}: {`);
      lines.push(`        out += ${str("," + str(tag) + ":" + str(v.wire))};`);
      const obj = `(v as ${this.variantTs(u, v)})`;
      if (v.shape.kind === "struct")
        lines.push(...this.membersCode(v.shape.fields, obj, "        ", undefined, [...hidden, tag]).lines);
      else if (v.shape.kind === "newtype")
        lines.push(`        out += ${this.membersWriter(v.shape.type, [...hidden, tag])}(${obj} as never);`);
      lines.push(`        return out;`, `      }`);
    }
    lines.push(`    }`);
    const lossless = u.variants.find((v) => v.shape.kind === "lossless");
    if (lossless) {
      lines.push(`    const l = v as unknown as { tag: string; payload: JsonValue };`);
      this.imports.addType("JsonValue", SUPPORT + "json-value");
      lines.push(`    out += "," + ${this.rt("quote")}(${str(tag)}) + ":" + ${this.rt("quote")}(l.tag);`);
      lines.push(`    out += ${this.sup("encodeJsonMembers", "primitives")}(l.payload, ${str(tag)}, ${this.plus});`);
      lines.push(`    return out;`);
    } else {
      lines.push(
        `    throw new ${this.sup("EncodeError", "errors")}("unknown variant tag " + String((v as unknown as Record<string, unknown>)[${str(tag)}]), "");`,
      );
    }
    lines.push(`  } catch (e) {`, `    throw ${this.rt("at")}(e, at_);`, `  }`);
    return lines.join("\n");
  }

  private unionWriterBody(u: UnionDecl): string {
    const EncodeError = () => this.sup("EncodeError", "errors");
    switch (u.repr.kind) {
      case "internal": {
        const tag = u.repr.tag;
        const entries: string[] = [];
        for (const v of u.variants) {
          if (v.shape.kind === "lossless") continue;
          const fn = `e$${v.names.ts}`;
          this.imports.addType(v.names.ts, "./types");
          if (!this.made.has(fn)) {
            this.made.set(fn, fn);
            const head = str("{" + str(tag) + ":" + str(v.wire));
            const body: string[] = [`  let at_ = "";`, `  try {`, `    let out = ${head};`];
            if (v.shape.kind === "struct")
              body.push(...this.membersCode(v.shape.fields, "v", "    ", undefined, [tag]).lines);
            else if (v.shape.kind === "newtype")
              body.push(`    out += ${this.membersWriter(v.shape.type, [tag])}(v as never);`);
            body.push(`    return out + "}";`, `  } catch (e) {`, `    throw ${this.rt("at")}(e, at_);`, `  }`);
            this.fns.push(`function ${fn}(v: ${v.names.ts}): string {\n${body.join("\n")}\n}\n`);
          }
          entries.push(`[${str(v.wire)}, ${fn} as (v: ${u.names.ts}) => string]`);
        }
        const dispatch = this.constant(
          this.fresh("VARIANT_WRITERS_"),
          `new Map<unknown, (v: ${u.names.ts}) => string>([${entries.join(", ")}])`,
        );
        const t = `(v as unknown as Record<string, unknown>)[${str(tag)}]`;
        const lines = [`  const f = ${dispatch}.get(${t});`, `  if (f !== undefined) return f(v);`];
        if (u.variants.some((v) => v.shape.kind === "lossless")) {
          lines.push(
            `  return "{" + ${this.membersWriter({ kind: "named", name: u.names.spec, family: u.family })}(v).slice(1) + "}";`,
          );
        } else {
          lines.push(`  throw new ${EncodeError()}("unknown variant tag " + String(${t}), "");`);
        }
        return lines.join("\n");
      }
      case "adjacent": {
        const { tag, content } = u.repr;
        const tagKey = isIdentifier(tag) ? "." + tag : `[${str(tag)}]`;
        const lines = [`  switch (v${tagKey}) {`];
        for (const v of u.variants) {
          if (v.shape.kind === "lossless") continue;
          this.imports.addType(v.names.ts, "./types");
          const obj = `(v as ${v.names.ts})`;
          const head = str("{" + str(tag) + ":" + str(v.wire));
          if (v.shape.kind === "unit") {
            lines.push(`    case ${str(v.wire)}:`, `      return ${str("{" + str(tag) + ":" + str(v.wire) + "}")};`);
          } else {
            const c = `${obj}${isIdentifier(content) ? "." + content : `[${str(content)}]`}`;
            const payload =
              v.shape.kind === "newtype" ? this.encodeExpr(v.shape.type, c) : `${this.inlineStructWriter(u, v)}(${c})`;
            lines.push(
              `    case ${str(v.wire)}:`,
              `      try {`,
              `        return ${head} + ${str("," + str(content) + ":")} + ${payload} + "}";`,
              `      } catch (e) {`,
              `        throw ${this.rt("at")}(e, ${seg(content)});`,
              `      }`,
            );
          }
        }
        lines.push(`  }`);
        const lossless = u.variants.find((v) => v.shape.kind === "lossless");
        if (lossless) {
          this.imports.addType("JsonValue", SUPPORT + "json-value");
          lines.push(
            `  const l = v as unknown as { tag: string; payload: JsonValue };`,
            `  const head = "{" + ${this.rt("quote")}(${str(tag)}) + ":" + ${this.rt("quote")}(l.tag);`,
            `  return l.payload === null ? head + "}" : head + ${str("," + str(content) + ":")} + ${this.sup("encodeJsonValue", "json-value")}(l.payload, ${this.plus}, "") + "}";`,
          );
        } else {
          lines.push(
            `  throw new ${EncodeError()}("unknown variant tag " + String((v as unknown as Record<string, unknown>)[${str(tag)}]), "");`,
          );
        }
        return lines.join("\n");
      }
      case "external": {
        const lines: string[] = [];
        const units = u.variants.filter((v) => v.shape.kind === "unit");
        if (units.length > 0) {
          lines.push(`  if (typeof v === "string") {`, `    switch (v) {`);
          for (const v of units) lines.push(`      case ${str(v.wire)}:`, `        return ${str(str(v.wire))};`);
          lines.push(`    }`, `    throw new ${EncodeError()}("unknown variant " + v, "");`, `  }`);
        }
        lines.push(`  const o = v as unknown as Record<string, unknown>;`);
        for (const v of u.variants) {
          if (v.shape.kind === "unit" || v.shape.kind === "lossless") continue;
          this.imports.addType(v.names.ts, "./types");
          const x = `o${isIdentifier(v.wire) ? "." + v.wire : `[${str(v.wire)}]`}`;
          const payload =
            v.shape.kind === "newtype"
              ? this.encodeExpr(v.shape.type, `${x} as never`)
              : `${this.inlineStructWriter(u, v)}(${x} as never)`;
          lines.push(
            `  if (${x} !== undefined) {`,
            `    try {`,
            `      return ${str("{" + str(v.wire) + ":")} + ${payload} + "}";`,
            `    } catch (e) {`,
            `      throw ${this.rt("at")}(e, ${seg(v.wire)});`,
            `    }`,
            `  }`,
          );
        }
        lines.push(`  throw new ${EncodeError()}("no variant of ${u.names.ts} matches the value", "");`);
        return lines.join("\n");
      }
      case "untagged": {
        const lines: string[] = [];
        for (const v of u.variants) {
          if (v.shape.kind === "unit") {
            lines.push(`  if (v === null) return "null";`);
          } else if (v.shape.kind === "newtype") {
            const w = this.walker(v.shape.type, "content");
            lines.push(
              `  if (${this.sup("accepts", "primitives")}(${w}, v)) return ${this.encodeExpr(v.shape.type, "v as never")};`,
            );
          } else if (v.shape.kind === "struct") {
            const w = this.untaggedStructWalker(u, v);
            lines.push(
              `  if (${this.sup("accepts", "primitives")}(${w}, v)) return ${this.inlineStructWriter(u, v)}(v as never);`,
            );
          }
        }
        lines.push(`  throw new ${EncodeError()}("no variant of ${u.names.ts} matches the value", "");`);
        return lines.join("\n");
      }
    }
  }

  /** A writer for a struct variant's payload object (adjacent, external, untagged). */
  private inlineStructWriter(u: UnionDecl, v: Variant): string {
    const name = `e$${u.names.ts}$${v.names.ts}`;
    if (this.made.has(name)) return name;
    this.made.set(name, name);
    const fields = v.shape.kind === "struct" ? v.shape.fields : [];
    this.fns.push(`function ${name}(v: any): string {\n${this.objectWriterBody(fields, [], "")}\n}\n`);
    return name;
  }
}

/** The value type of a map, through aliases and newtypes; undefined when `t` is not a map. */
function mapValueType(index: DeclIndex, t: TypeRef): TypeRef | undefined {
  const u = t.kind === "box" ? t.inner : t;
  if (u.kind === "map") return u.value;
  if (u.kind !== "named") return undefined;
  const d = index.get(u.family, u.name);
  if (d?.kind === "alias") return mapValueType(index, d.target);
  if (d?.kind === "newtype") return mapValueType(index, d.inner);
  return undefined;
}

function resolveAliasMap(index: DeclIndex, t: TypeRef): boolean {
  return mapValueType(index, t) !== undefined;
}

/** A literal default as a TS expression of plain JSON (`-0` keeps its sign). */
function literal(v: LiteralJson): string {
  if (typeof v === "number" && Object.is(v, -0)) return "-0";
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (typeof v === "object" && v !== null) {
    return `{ ${Object.entries(v)
      .map(([k, x]) => `${k === "__proto__" ? `["__proto__"]` : JSON.stringify(k)}: ${literal(x as LiteralJson)}`)
      .join(", ")} }`;
  }
  return JSON.stringify(v);
}

export type { CodecModule };

/** The body of a function of `t` returning the value paired with the string equal to `t`, or undefined. */
function lengthSwitch(entries: ReadonlyArray<readonly [string, string]>): string {
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
