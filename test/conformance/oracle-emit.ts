/**
 * Generates the oracle's `src/gen/` from the IR: every family module exactly as the Rust emitter writes it, plus
 * `oracle.rs` — the dispatch table over type names (`<family>.<Type>` → decode + re-encode with serde) and the
 * corpus builders (every type, every variant, several cases each, drawn from the sample pools in
 * `rust/src/support.rs`). Pure: IR → files.
 */
import { emitRust } from "../../generator/emit/rust";
import { rustStr } from "../../generator/emit/rust/syntax";
import { indexDecls, type DeclIndex } from "../../generator/ir/lookup";
import type { Decl, Family, Field, IntName, IrProgram, TypeRef, UnionDecl, Variant } from "../../generator/ir/types";
import type { CrateFile } from "./oracle";

/** Depth the corpus builders start at: Options, lists and maps stop growing below it. */
const DEPTH = 3;
/** Upper bound on cases per type or variant. */
const MAX_CASES = 64;

/** Pool sizes of `support.rs` (kept in sync by `pool_sizes_match` there and by the corpus tests). */
const POOL: Record<string, number> = {
  string: 9,
  bool: 2,
  u8: 4,
  u16: 4,
  u32: 4,
  i8: 4,
  i16: 4,
  i32: 4,
  u64_safe: 4,
  i64_safe: 4,
  u64_big: 4,
  i64_big: 5,
  f64: 16,
  f32: 9,
  timestamp: 8,
  uuid: 4,
  json: 17,
};

/** The oracle's name for a declared type. */
export function oracleTypeName(family: string, decl: string): string {
  return `${family}.${decl}`;
}

/** Every file of `src/gen/` for the program. */
export function oracleSources(program: IrProgram): CrateFile[] {
  const files: CrateFile[] = emitRust(program).map((f) => ({ path: f.path.replace(/^rust\//, ""), content: f.content }));
  const mod = files.find((f) => f.path === "mod.rs");
  if (!mod) throw new Error("the Rust emitter wrote no mod.rs");
  mod.content += "\npub mod oracle;\n";
  files.push({ path: "oracle.rs", content: oracleModule(program) });
  return files;
}

function intSampler(name: IntName, bigint: boolean): string {
  switch (name) {
    case "u64":
    case "i64":
    case "usize":
    case "isize":
      return `s::${name}_${bigint ? "big" : "safe"}`;
    default:
      return `s::${name}_`;
  }
}

function intPool(name: IntName, bigint: boolean): number {
  if (name === "usize" || name === "u64") return POOL[bigint ? "u64_big" : "u64_safe"]!;
  if (name === "isize" || name === "i64") return POOL[bigint ? "i64_big" : "i64_safe"]!;
  return POOL[name]!;
}

class OracleWriter {
  private readonly index: DeclIndex;

  constructor(readonly program: IrProgram) {
    this.index = indexDecls(program);
  }

  decl(t: TypeRef): Decl | undefined {
    return t.kind === "named" ? this.index.get(t.family, t.name) : undefined;
  }

  /** `<family>::<Type>` as seen from `gen::oracle`. */
  path(family: string, name: string): string {
    const d = this.index.get(family, name);
    return `${family}::${d?.names.rust ?? name}`;
  }

  /** The Rust type of a type expression, qualified from `gen::oracle`. */
  type(t: TypeRef): string {
    switch (t.kind) {
      case "string":
        return "String";
      case "bool":
        return "bool";
      case "int":
      case "float":
        return t.name;
      case "json":
        return "serde_json::Value";
      case "timestamp":
        return "chrono::DateTime<chrono::Utc>";
      case "uuid":
        return "uuid::Uuid";
      case "option":
        return `Option<${this.type(t.inner)}>`;
      case "list":
        return `Vec<${this.type(t.item)}>`;
      case "map":
        return `std::collections::BTreeMap<String, ${this.type(t.value)}>`;
      case "box":
        return `Box<${this.type(t.inner)}>`;
      case "named":
        return this.path(t.family, t.name);
    }
  }

  sampler(family: string, name: string, variant?: string): string {
    return `sample__${family}__${name}${variant === undefined ? "" : `__${variant}`}`;
  }

  /** A Rust expression sampling type `t` at case `i` (an expression) and depth `d` (an identifier). */
  expr(t: TypeRef, i: string, d: string): string {
    switch (t.kind) {
      case "string":
        return `s::string(${i})`;
      case "bool":
        return `s::bool_(${i})`;
      case "int":
        return `${intSampler(t.name, t.bigint)}(${i})`;
      case "float":
        return `s::${t.name}_(${i})`;
      case "json":
        return `s::json(${i}, ${d})`;
      case "timestamp":
        return `s::timestamp(${i})`;
      case "uuid":
        return `s::uuid(${i})`;
      case "option":
        return `s::opt(${i}, ${d}, |i| ${this.expr(t.inner, "i", d)})`;
      case "list":
        return `s::vec(${i}, ${d}, |i| ${this.expr(t.item, "i", d)})`;
      case "map":
        return `s::map(${i}, ${d}, |i| ${this.expr(t.value, "i", d)})`;
      case "box":
        return `Box::new(${this.expr(t.inner, i, d)})`;
      case "named": {
        const target = this.index.get(t.family, t.name);
        return `${this.sampler(t.family, target?.names.spec ?? t.name)}(${i}, ${d}.saturating_sub(1))`;
      }
    }
  }

  /** How many cases visit every sample of `t` at least once (roughly; capped). */
  pool(t: TypeRef, seen: Set<Decl> = new Set()): number {
    switch (t.kind) {
      case "string":
      case "bool":
      case "json":
      case "timestamp":
      case "uuid":
        return POOL[t.kind]!;
      case "int":
        return intPool(t.name, t.bigint);
      case "float":
        return POOL[t.name]!;
      case "option":
        return 3 * this.pool(t.inner, seen);
      case "list":
      case "map":
        return 4 + this.pool(t.kind === "list" ? t.item : t.value, seen);
      case "box":
        return this.pool(t.inner, seen);
      case "named": {
        const d = this.decl(t);
        if (!d || seen.has(d)) return 1;
        seen.add(d);
        switch (d.kind) {
          case "enum":
            return d.values.length;
          case "union":
            return 2 * d.variants.length;
          case "newtype":
            return this.pool(d.inner, seen);
          case "alias":
            return this.pool(d.target, seen);
          case "struct":
            return 4;
        }
      }
    }
  }

  cases(fields: readonly Field[]): number {
    return Math.min(MAX_CASES, Math.max(3, ...fields.map((f) => this.pool(f.type))));
  }

  /**
   * Field initializers. A flattened map never holds a key its container's other members (or the tag) write: serde
   * would write that key twice, a value no decoder reads back.
   */
  fieldInits(fields: readonly Field[], indent: string, tag?: string): string[] {
    return fields.map((f, k) => {
      const i = k === 0 ? "i" : `i + ${k}`;
      const inner = f.type.kind === "option" ? f.type.inner : f.type;
      const taken = [...new Set([...(tag === undefined ? [] : [tag]), ...fields.filter((x) => x !== f && !x.skip).flatMap((x) => this.keysOf(x))])];
      const u = f.flatten && !f.skip && taken.length > 0 ? this.decl(inner) : undefined;
      if (u?.kind === "union" && f.type.kind !== "option") {
        // A flattened union's map variants obey the same rule as a flattened map.
        const mapped = u.variants.filter((v) => v.shape.kind === "newtype" && this.isMap(v.shape.type));
        if (mapped.length > 0) {
          const rust = this.path(u.family, u.names.spec);
          const strip = mapped.map((v) => `if let ${rust}::${v.names.rust}(m) = &mut u { for k in [${taken.map(rustStr).join(", ")}] { m.remove(k); } }`);
          return `${indent}${f.names.rust}: { let mut u = ${this.expr(f.type, i, "d")}; ${strip.join(" ")} u },`;
        }
      }
      if (!f.flatten || f.skip || !this.isMap(inner)) return `${indent}${f.names.rust}: ${this.expr(f.type, i, "d")},`;
      const map = (j: string) => `{ let mut m = ${this.expr(inner, j, "d")}; for k in [${taken.map(rustStr).join(", ")}] { m.remove(k); } m }`;
      if (taken.length === 0) return `${indent}${f.names.rust}: ${this.expr(f.type, i, "d")},`;
      return `${indent}${f.names.rust}: ${f.type.kind === "option" ? `s::opt(${i}, d, |i| ${map("i")})` : map(i)},`;
    });
  }

  /** Whether `t` is a map in Rust (a BTreeMap, or an alias of one). */
  private isMap(t: TypeRef): boolean {
    if (t.kind === "map") return true;
    const d = this.decl(t);
    return d?.kind === "alias" && this.isMap(d.target);
  }

  /** The keys a field writes or reads in its container: its names, or a flattened struct's keys. */
  private keysOf(f: Field, seen: Set<Decl> = new Set()): string[] {
    if (!f.flatten) return [f.wire, ...f.aliases];
    let t = f.type.kind === "option" ? f.type.inner : f.type;
    for (let d = this.decl(t); d?.kind === "alias" || d?.kind === "newtype"; d = this.decl(t)) t = d.kind === "alias" ? d.target : d.inner;
    const d = this.decl(t);
    if (d?.kind !== "struct" || seen.has(d)) return [];
    seen.add(d);
    return d.fields.filter((x) => !x.skip).flatMap((x) => this.keysOf(x, seen));
  }
}

/** A 64-bit integer beyond ±2^53 for a field that did not opt into bigint, or undefined if the type has none. */
function unsafeInt(t: TypeRef): string | undefined {
  if (t.kind === "option") {
    const inner = unsafeInt(t.inner);
    return inner === undefined ? undefined : `Some(${inner})`;
  }
  if (t.kind !== "int" || t.bigint) return undefined;
  switch (t.name) {
    case "u64":
      return "s::U64_UNSAFE";
    case "usize":
      return "s::U64_UNSAFE as usize";
    case "i64":
      return "s::I64_UNSAFE";
    case "isize":
      return "s::I64_UNSAFE as isize";
    default:
      return undefined;
  }
}

function unknownTags(u: UnionDecl): string[] {
  const known = new Set(u.variants.flatMap((v) => [v.wire, ...v.aliases]));
  return ["brand_new_event", "", "Started", "ünïcödé \u{1F600}", "__proto__"].filter((t) => !known.has(t));
}

function oracleModule(program: IrProgram): string {
  const w = new OracleWriter(program);
  const I = "    ";
  const types: string[] = [];
  const arms: string[] = [];
  const fns: string[] = [];
  const corpus: string[] = [];

  const push = (ty: string, label: string, n: number, call: string) =>
    corpus.push(`${I}push(out, ${rustStr(ty)}, ${rustStr(label)}, ${n}, |i| ${call});`);

  for (const family of program.families) {
    for (const d of family.decls) {
      const ty = oracleTypeName(family.name, d.names.spec);
      const rust = w.path(family.name, d.names.spec);
      const fn = w.sampler(family.name, d.names.spec);
      types.push(ty);
      arms.push(`${I}${I}${rustStr(ty)} => s::roundtrip::<${rust}>(input),`);
      switch (d.kind) {
        case "struct": {
          const n = w.cases(d.fields);
          fns.push(
            `pub fn ${fn}(i: usize, d: usize) -> ${rust} {`,
            `${I}${rust} {`,
            ...w.fieldInits(d.fields, I + I),
            `${I}}`,
            "}",
            "",
          );
          push(ty, "", n, `${fn}(i, DEPTH)`);
          unsafeCases(d.fields, (field, value) => [
            `${I}{`,
            `${I}${I}let mut v = ${fn}(0, DEPTH);`,
            `${I}${I}v.${field} = ${value};`,
            `${I}${I}out.push(Case::new(${rustStr(ty)}, ${rustStr(`!${field}`)}.into(), "reject:ts-bigint", &v));`,
            `${I}}`,
          ]);
          break;
        }
        case "enum": {
          const values = d.values.map((v) => `${rust}::${v.names.rust}`);
          fns.push(`pub fn ${fn}(i: usize, _d: usize) -> ${rust} {`, `${I}[${values.join(", ")}][i % ${values.length}]`, "}", "");
          push(ty, "", values.length, `${fn}(i, DEPTH)`);
          break;
        }
        case "newtype": {
          const inner = w.expr(d.inner, "i", "d");
          fns.push(
            `pub fn ${fn}(i: usize, d: usize) -> ${rust} {`,
            d.transparent ? `${I}${rust} { value: ${inner} }` : `${I}${rust}(${inner})`,
            "}",
            "",
          );
          push(ty, "", Math.min(MAX_CASES, Math.max(3, w.pool(d.inner))), `${fn}(i, DEPTH)`);
          break;
        }
        case "alias":
          fns.push(`pub fn ${fn}(i: usize, d: usize) -> ${rust} {`, `${I}${w.expr(d.target, "i", "d")}`, "}", "");
          push(ty, "", Math.min(MAX_CASES, Math.max(3, w.pool(d.target))), `${fn}(i, DEPTH)`);
          break;
        case "union": {
          const n = d.variants.length;
          fns.push(`pub fn ${fn}(i: usize, d: usize) -> ${rust} {`, `${I}match i % ${n} {`);
          d.variants.forEach((v, k) => {
            const call = `${w.sampler(family.name, d.names.spec, v.names.spec)}(i / ${n}, d)`;
            fns.push(`${I}${I}${k === n - 1 ? "_" : String(k)} => ${call},`);
          });
          fns.push(`${I}}`, "}", "");
          for (const v of d.variants) {
            const vfn = w.sampler(family.name, d.names.spec, v.names.spec);
            const [lines, cases] = variantSampler(w, d, v, rust, vfn);
            fns.push(...lines, "");
            push(ty, v.names.spec, cases, `${vfn}(i, DEPTH)`);
            if (v.shape.kind === "struct") {
              const fieldsOf = v.shape.fields;
              unsafeCases(fieldsOf, (field, value) => [
                `${I}{`,
                `${I}${I}let mut v = ${vfn}(0, DEPTH);`,
                `${I}${I}if let ${rust}::${v.names.rust} { ${field}, .. } = &mut v {`,
                `${I}${I}${I}*${field} = ${value};`,
                `${I}${I}}`,
                `${I}${I}out.push(Case::new(${rustStr(ty)}, ${rustStr(`${v.names.spec}!${field}`)}.into(), "reject:ts-bigint", &v));`,
                `${I}}`,
              ]);
            }
          }
          break;
        }
      }
    }
  }

  function unsafeCases(fields: readonly Field[], body: (field: string, value: string) => string[]) {
    for (const f of fields) {
      if (f.skip) continue;
      const value = unsafeInt(f.type);
      if (value !== undefined) corpus.push(...body(f.names.rust, value));
    }
  }

  const uses = program.families.map((f: Family) => `use super::${f.name};`);
  return [
    "// Written by the conformance suite (test/conformance/oracle-emit.ts) from the IR — DO NOT EDIT",
    "#![allow(non_snake_case, deprecated, unused_variables, clippy::all)]",
    "",
    "use crate::support::{self as s, Case};",
    ...uses,
    "",
    `const DEPTH: usize = ${DEPTH};`,
    "",
    "pub const TYPES: &[&str] = &[",
    ...types.map((t) => `${I}${rustStr(t)},`),
    "];",
    "",
    "pub fn roundtrip(type_name: &str, input: &str) -> Option<Result<String, String>> {",
    `${I}Some(match type_name {`,
    ...arms,
    `${I}${I}_ => return None,`,
    `${I}})`,
    "}",
    "",
    ...fns,
    "fn push<T: serde::Serialize>(out: &mut Vec<Case>, ty: &'static str, variant: &str, n: usize, f: impl Fn(usize) -> T) {",
    `${I}for i in 0..n {`,
    `${I}${I}out.push(Case::new(ty, format!("{variant}#{i}"), "ok", &f(i)));`,
    `${I}}`,
    "}",
    "",
    "pub fn corpus(out: &mut Vec<Case>) {",
    ...corpus,
    "}",
    "",
  ].join("\n");
}

function variantSampler(w: OracleWriter, u: UnionDecl, v: Variant, rust: string, fn: string): [string[], number] {
  const I = "    ";
  const head = `pub fn ${fn}(i: usize, d: usize) -> ${rust} {`;
  switch (v.shape.kind) {
    case "unit":
      return [[`pub fn ${fn}(_i: usize, _d: usize) -> ${rust} {`, `${I}${rust}::${v.names.rust}`, "}"], 1];
    case "newtype":
      return [[head, `${I}${rust}::${v.names.rust}(${w.expr(v.shape.type, "i", "d")})`, "}"], Math.min(MAX_CASES, Math.max(3, w.pool(v.shape.type)))];
    case "struct":
      return [
        [head, `${I}${rust}::${v.names.rust} {`, ...w.fieldInits(v.shape.fields, I + I, u.repr.kind === "internal" ? u.repr.tag : undefined), `${I}}`, "}"],
        w.cases(v.shape.fields),
      ];
    case "lossless": {
      const tags = unknownTags(u);
      const payload = u.repr.kind === "adjacent" ? "s::json(i + 1, d)" : "s::json_object(i + 1, d)";
      return [
        [
          head,
          `${I}${rust}::${v.names.rust} {`,
          `${I}${I}tag: [${tags.map((t) => `${rustStr(t)}`).join(", ")}][i % ${tags.length}].to_owned(),`,
          `${I}${I}payload: ${payload},`,
          `${I}}`,
          "}",
        ],
        Math.max(tags.length, POOL.json!),
      ];
    }
  }
}
