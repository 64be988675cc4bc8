/**
 * Declarations as Rust items with serde attributes mapped one to one: structs, unit enums, unions (every serde
 * representation), newtypes and aliases, plus the helper functions their attributes name (explicit default values,
 * zero checks) and `Default` impls where serde needs them.
 */
import { CONTAINER_KINDS, isPrimitive, primitiveKind, skipForms, unreachable } from "../../ir/kinds";
import { unalias } from "../../ir/lookup";
import type {
  AliasDecl,
  Decl,
  EnumDecl,
  Field,
  LiteralJson,
  NewtypeDecl,
  StructDecl,
  TypeRef,
  UnionDecl,
  Variant,
} from "../../ir/types";
import { applyToField, applyToVariant, type RenameRule } from "../../naming";
import { losslessImpls } from "./lossless";
import { methodImpls } from "./methods";
import { isCopy, isDefaultable, isEqHash, type RustModule, structDefaultable } from "./module";
import { docAttrs, kv, rustFloat, rustStr, serdeAttr } from "./syntax";

const I = "    ";

// ---------------------------------------------------------------------------------------------------------------
// rename_all: the IR carries resolved wire names and the spec's rule; the emitter writes the rule as the spec
// author wrote it, and a `rename` for each name the rule does not produce (an explicit `rename` in the spec, or a
// Rust name that differs from the spec name).

type Apply = (rule: RenameRule | undefined, name: string) => string;

function safeApply(apply: Apply, rule: RenameRule | undefined, name: string): string | undefined {
  try {
    return apply(rule, name);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Fields

/** `#[serde(...)]` parts and the Rust line of one field. `owner` names the helper functions (`Decl_Variant`). */
function fieldLines(m: RustModule, f: Field, rule: RenameRule | undefined, owner: string, indent: string, pub: boolean): string[] {
  const parts: string[] = [];
  if (!f.skip && safeApply(applyToField, rule, f.names.rust) !== f.wire) parts.push(kv("rename", f.wire));
  for (const a of f.aliases) parts.push(kv("alias", a));
  if (f.skip) parts.push("skip");
  if (f.default.kind === "type" && !f.skip) parts.push("default");
  if (f.default.kind === "value") parts.push(kv("default", defaultFn(m, owner, f)));
  if (f.skipSerializingIf) parts.push(kv("skip_serializing_if", skipPath(m, f)));
  if (f.flatten) parts.push("flatten");
  return [
    ...docAttrs(f, indent),
    ...serdeAttr(parts, indent),
    `${indent}${pub ? "pub " : ""}${f.names.rust}: ${m.scope.type(f.type)},`,
  ];
}

/**
 * serde's `skip_serializing_if` path for the field's rule and type (ir/kinds.ts). The IR builder accepted the rule for
 * the type behind any aliases, and the path takes the alias as it is the same Rust type.
 */
function skipPath(m: RustModule, f: Field): string {
  const t = unalias(m.scope.index, f.type);
  if (t.kind === "int" && f.skipSerializingIf === "zero") {
    const name = `is_zero_${t.name}`;
    m.helpers.set(name, [`fn ${name}(value: &${t.name}) -> bool {`, `${I}*value == 0`, "}"]);
    return name;
  }
  const path = isPrimitive(t)
    ? primitiveKind(t).rustSkipPath
    : t.kind === "option" || t.kind === "list" || t.kind === "map"
      ? CONTAINER_KINDS[t.kind].rustSkipPath
      : undefined;
  if (path === undefined || f.skipSerializingIf === undefined || !skipForms(t).includes(f.skipSerializingIf)) {
    throw new Error(`skip_serializing_if ${f.skipSerializingIf} on ${t.kind}`); // the IR builder rejected it
  }
  return m.scope.external(path);
}

/** The generated function an explicit default value is read from: `default_<Owner>_<field>`. */
function defaultFn(m: RustModule, owner: string, f: Field): string {
  if (f.default.kind !== "value") throw new Error("not a value default");
  const name = `default_${owner}_${f.names.rust}`;
  m.helpers.set(name, [
    "#[allow(non_snake_case)]",
    `fn ${name}() -> ${m.scope.type(f.type)} {`,
    `${I}${literalExpr(m, f.default.value, f.type, f.names.spec)}`,
    "}",
  ]);
  return name;
}

/** A Rust expression for a spec literal of the given type (decoded as serde would where no literal exists). */
function literalExpr(m: RustModule, v: LiteralJson, t: TypeRef, what: string): string {
  switch (t.kind) {
    case "string":
      if (typeof v === "string") return `String::from(${rustStr(v)})`;
      break;
    case "bool":
      if (typeof v === "boolean") return String(v);
      break;
    case "int":
      if (typeof v === "number" && Number.isSafeInteger(v)) return String(v);
      break;
    case "float":
      if (typeof v === "number") return rustFloat(v);
      break;
    case "option":
      return v === null ? "None" : `Some(${literalExpr(m, v, t.inner, what)})`;
    case "box":
      return `Box::new(${literalExpr(m, v, t.inner, what)})`;
    case "named": {
      const d = m.scope.decl(t);
      const value = d?.kind === "enum" && typeof v === "string" ? d.values.find((x) => x.wire === v) : undefined;
      if (value) return `${m.scope.type(t)}::${value.names.rust}`;
      break;
    }
    case "json":
    case "timestamp":
    case "uuid":
    case "list":
    case "map":
      break;
    default:
      return unreachable(t);
  }
  return `serde_json::from_str::<${m.scope.type(t)}>(${rustStr(JSON.stringify(v))}).expect(${rustStr(`eventspec: the default of \`${what}\` decodes`)})`;
}

/** `Default` for a struct: explicit default values where given, the type's default elsewhere. */
function structDefaultImpl(m: RustModule, d: StructDecl): string[] {
  const def = m.scope.sym("Default");
  return [
    `impl ${def} for ${d.names.rust} {`,
    `${I}fn default() -> Self {`,
    `${I}${I}Self {`,
    ...d.fields.map(
      (f) =>
        `${I}${I}${I}${f.names.rust}: ${f.default.kind === "value" ? `${defaultFn(m, d.names.rust, f)}()` : `${def}::default()`},`,
    ),
    `${I}${I}}`,
    `${I}}`,
    "}",
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Declarations

function derive(m: RustModule, names: readonly string[]): string {
  return `#[derive(${names.map((n) => (n === "Serialize" || n === "Deserialize" ? m.scope.sym(n) : n)).join(", ")})]`;
}

export function declItems(m: RustModule, d: Decl): string[] {
  switch (d.kind) {
    case "struct":
      return structItem(m, d);
    case "enum":
      return enumItem(m, d);
    case "union":
      return unionItem(m, d);
    case "newtype":
      return newtypeItem(m, d);
    case "alias":
      return aliasItem(m, d);
  }
}

function structItem(m: RustModule, d: StructDecl): string[] {
  const rule = d.renameAll;
  const defaultable = structDefaultable(m, d, new Set());
  const manualDefault = defaultable && d.fields.some((f) => f.default.kind === "value");
  const derives = ["Clone", "Debug", "PartialEq", ...(defaultable && !manualDefault ? ["Default"] : []), "Serialize", "Deserialize"];
  const container: string[] = [];
  if (rule) container.push(kv("rename_all", rule));
  if (d.denyUnknownFields) container.push("deny_unknown_fields");
  if (d.containerDefault) container.push("default");
  const out = [
    ...docAttrs(d, ""),
    derive(m, derives),
    ...serdeAttr(container, ""),
    `pub struct ${d.names.rust} {`,
    ...d.fields.flatMap((f) => fieldLines(m, f, rule, d.names.rust, I, true)),
    "}",
  ];
  if (manualDefault) out.push("", ...structDefaultImpl(m, d));
  return out;
}

function enumItem(m: RustModule, d: EnumDecl): string[] {
  const rule = d.renameAll;
  const out = [
    ...docAttrs(d, ""),
    derive(m, ["Clone", "Copy", "Debug", "PartialEq", "Eq", "Hash", "Serialize", "Deserialize"]),
    ...serdeAttr(rule ? [kv("rename_all", rule)] : [], ""),
    `pub enum ${d.names.rust} {`,
  ];
  for (const v of d.values) {
    const parts: string[] = [];
    if (safeApply(applyToVariant, rule, v.names.rust) !== v.wire) parts.push(kv("rename", v.wire));
    for (const a of v.aliases) parts.push(kv("alias", a));
    out.push(...docAttrs(v, I), ...serdeAttr(parts, I), `${I}${v.names.rust},`);
  }
  out.push("}", "", ...methodImpls(m, d));
  return out;
}

function unionItem(m: RustModule, d: UnionDecl): string[] {
  const lossless = d.variants.find((v) => v.shape.kind === "lossless");
  const rule = d.renameAll;
  const container: string[] = [];
  if (lossless) container.push(kv("remote", "Self"));
  switch (d.repr.kind) {
    case "internal":
      container.push(kv("tag", d.repr.tag));
      break;
    case "adjacent":
      container.push(kv("tag", d.repr.tag), kv("content", d.repr.content));
      break;
    case "untagged":
      container.push("untagged");
      break;
    case "external":
      break;
  }
  if (rule) container.push(kv("rename_all", rule));
  if (d.denyUnknownFields) container.push("deny_unknown_fields");
  const out = [
    ...docAttrs(d, ""),
    derive(m, ["Clone", "Debug", "PartialEq", "Serialize", "Deserialize"]),
    ...serdeAttr(container, ""),
    `pub enum ${d.names.rust} {`,
  ];
  for (const v of d.variants) out.push(...variantLines(m, d, v, rule));
  out.push("}");
  if (lossless) {
    m.lossless = true;
    out.push("", ...losslessImpls(m, d, lossless));
  }
  const methods = methodImpls(m, d);
  if (methods.length > 0) out.push("", ...methods);
  return out;
}

function variantLines(m: RustModule, u: UnionDecl, v: Variant, rule: RenameRule | undefined): string[] {
  const parts: string[] = [];
  const out = [...docAttrs(v, I)];
  if (v.shape.kind === "lossless") {
    out.push(
      `${I}/// Kept out of serde's derive: the hand-written impls below read and write it.`,
      ...serdeAttr(["skip"], I),
      `${I}${v.names.rust} {`,
      `${I}${I}/// The tag as it was on the wire.`,
      `${I}${I}tag: String,`,
      `${I}${I}/// ${u.repr.kind === "adjacent" ? "The content (`null` when absent)." : "Every other member of the object, as json."}`,
      `${I}${I}payload: ${m.scope.sym("Value")},`,
      `${I}},`,
    );
    return out;
  }
  if (safeApply(applyToVariant, rule, v.names.rust) !== v.wire) parts.push(kv("rename", v.wire));
  for (const a of v.aliases) parts.push(kv("alias", a));
  const isOther = u.catchAll?.kind === "other" && u.catchAll.variant === v.names.spec;
  if (isOther) parts.push("other");
  switch (v.shape.kind) {
    case "unit":
      out.push(...serdeAttr(parts, I), `${I}${v.names.rust},`);
      break;
    case "newtype":
      out.push(...serdeAttr(parts, I), `${I}${v.names.rust}(${m.scope.type(v.shape.type)}),`);
      break;
    case "struct": {
      const fields = v.shape.fields;
      // serde 1.0.152 (Debian's) has no container-level `rename_all_fields`: each struct variant gets the rule.
      const fieldRule = u.renameAllFields;
      if (fieldRule) parts.push(kv("rename_all", fieldRule));
      out.push(...serdeAttr(parts, I), `${I}${v.names.rust} {`);
      for (const f of fields) out.push(...fieldLines(m, f, fieldRule, `${u.names.rust}_${v.names.rust}`, I + I, false));
      out.push(`${I}},`);
      break;
    }
  }
  return out;
}

function newtypeItem(m: RustModule, d: NewtypeDecl): string[] {
  const derives = [
    "Clone",
    ...(isCopy(m, d.inner) ? ["Copy"] : []),
    "Debug",
    "PartialEq",
    ...(isEqHash(m, d.inner) ? ["Eq", "Hash"] : []),
    ...(isDefaultable(m, d.inner) ? ["Default"] : []),
    "Serialize",
    "Deserialize",
  ];
  const inner = m.scope.type(d.inner);
  return d.transparent
    ? [
        ...docAttrs(d, ""),
        derive(m, derives),
        "#[serde(transparent)]",
        `pub struct ${d.names.rust} {`,
        `${I}pub value: ${inner},`,
        "}",
      ]
    : [...docAttrs(d, ""), derive(m, derives), `pub struct ${d.names.rust}(pub ${inner});`];
}

function aliasItem(m: RustModule, d: AliasDecl): string[] {
  return [...docAttrs(d, ""), `pub type ${d.names.rust} = ${m.scope.type(d.target)};`];
}
