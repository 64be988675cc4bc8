/**
 * Phase 3: build the resolved IR from structurally valid specs, reporting every semantic problem.
 *
 * Name resolution, renames, defaults, skip rules, accessors and tables are computed here once; the whole-program
 * checks (recursion, flatten, accessors across variants) live in `checks.ts`.
 */
import * as path from "node:path";
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from "yaml";
import { didYouMean, type DiagnosticBag } from "../diagnostics";
import { nodeLoc, offsetLoc, type LoadedSpec } from "../load";
import { applyToField, applyToVariant, camelCase, isRenameRule, type RenameRule, unsafeNameReason } from "../naming";
import { checkProgram } from "./checks";
import { isPrimitive, primitiveKind, skipForms, unreachable } from "./kinds";
import { indexDecls, namedDecl, unalias, type DeclIndex } from "./lookup";
import { parseTypeExpr, PRIMITIVE_NAMES, resolveTypeSyntax, showType } from "./typeexpr";
import type {
  AcceptedBreak,
  Accessor,
  AliasDecl,
  CatchAll,
  Decl,
  DocInfo,
  EnumDecl,
  EnumValue,
  Family,
  FamilySettings,
  Field,
  FieldDefault,
  ImportRef,
  IrProgram,
  LiteralJson,
  Names,
  NewtypeDecl,
  SkipIf,
  SourceLoc,
  StructDecl,
  Table,
  TableValue,
  TableValueType,
  TypeRef,
  UnionDecl,
  UnionRepr,
  Variant,
  VariantShape,
} from "./types";

const RUST_PRELUDE_NAMES = new Set(["Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64"]);

const DEFAULT_SCHEMA_BASE = "https://eventspec.dev/schemas/";

/**
 * Builds the program from the loaded specs that passed structural validation; declarations named in
 * `invalidTypes` had structural errors and are skipped (their names stay in scope, so references to them are not
 * reported again).
 */
export function buildProgram(
  inputs: readonly { readonly spec: LoadedSpec; readonly invalidTypes: ReadonlySet<string> }[],
  diags: DiagnosticBag,
): IrProgram {
  const specs = inputs.map((i) => i.spec);
  const familyOf = new Map<string, string>(); // absPath → family name
  const declared = new Map<string, Map<string, SourceLoc>>(); // family → type name → loc
  const families: Family[] = [];
  const skipRules: SkipRule[] = [];
  const seenFamily = new Map<string, SourceLoc>();
  for (const spec of specs) {
    const root = spec.doc.contents as YAMLMap;
    const nameNode = root.get("family", true) as Node;
    const name = String((nameNode as { value?: unknown }).value);
    const loc = nodeLoc(spec, nameNode);
    const rustReason = unsafeNameReason(name, "rust");
    if (!/^[a-z][a-z0-9_]*$/.test(name)) {
      diags.add("name-style", loc, `family name \`${name}\` must be snake_case (a-z, 0-9, _; starting with a letter)`);
    } else if (rustReason !== undefined) {
      // The family is a Rust module (`pub mod <family>;` in mod.rs), and `mod` would also be mod.rs itself.
      diags.add("unsafe-name", loc, `family name \`${name}\` cannot be used: ${rustReason}`, "choose another family name");
    }
    const first = seenFamily.get(name);
    if (first) {
      diags.add(
        "duplicate-family",
        loc,
        `family \`${name}\` is already declared at ${first.file}:${first.line}:${first.col}`,
        "every spec file declares its own family name",
      );
    }
    seenFamily.set(name, loc);
    familyOf.set(spec.absPath, name);
    const types = new Map<string, SourceLoc>();
    const typesNode = root.get("types", true);
    if (isMap(typesNode)) for (const p of typesNode.items) types.set(keyText(p), nodeLoc(spec, p.key as Node));
    declared.set(name, types);
  }
  for (const { spec, invalidTypes } of inputs) {
    families.push(new FamilyBuilder(spec, familyOf, declared, diags, invalidTypes, skipRules).build());
  }
  const program: IrProgram = { families: families.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  const index = indexDecls(program);
  for (const rule of skipRules) checkSkipIf(rule, index, diags);
  return checkProgram(program, diags);
}

/** A field's `skip_serializing_if`, checked once every declaration is built (an alias may be declared later). */
interface SkipRule {
  readonly skipIf: SkipIf;
  readonly type: TypeRef;
  readonly field: string;
  /** The rule's own position in the spec. */
  readonly loc: SourceLoc;
}

const SKIP_WANTS: Readonly<Record<SkipIf, string>> = {
  none: "option<T>",
  empty: "string, list<T> or map<T>",
  false: "bool",
  zero: "an integer",
  null: "json",
};

/**
 * A rule applies to the kinds whose record lists it (ir/kinds.ts), and through type aliases: an alias is the same
 * type in Rust, so serde's path (`BTreeMap::is_empty`, `Option::is_none` …) takes it, and the TS encoder's test reads
 * the same value. A newtype is another Rust type, which those paths do not take.
 */
function checkSkipIf(rule: SkipRule, index: DeclIndex, diags: DiagnosticBag): void {
  const resolved = unalias(index, rule.type);
  const forms = skipForms(resolved);
  if (forms.includes(rule.skipIf)) return;
  const shown = showType(rule.type);
  const decl = namedDecl(index, resolved);
  const what = resolved !== rule.type && !decl ? `${shown} (${showType(resolved)})` : decl && decl.kind !== "alias" ? `${shown} (a ${decl.kind})` : shown;
  const newtypeFits = decl?.kind === "newtype" && skipForms(unalias(index, decl.inner)).includes(rule.skipIf);
  diags.add(
    "skip-if-mismatch",
    rule.loc,
    `\`skip_serializing_if: ${rule.skipIf}\` needs a field of type ${SKIP_WANTS[rule.skipIf]}; field \`${rule.field}\` is ${what}`,
    newtypeFits
      ? "a newtype is a type of its own in Rust, which serde's check does not take: declare it `kind: alias`"
      : forms.length > 0
        ? `use \`${forms[0]}\``
        : undefined,
  );
}

function keyText(p: Pair): string {
  return isScalar(p.key) ? String(p.key.value) : String(p.key);
}

function entries(node: unknown): { key: string; keyNode: Node; value: Node | null }[] {
  if (!isMap(node)) return [];
  return node.items.map((p) => ({ key: keyText(p), keyNode: p.key as Node, value: (p.value as Node | null) ?? null }));
}

function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  return (node.get(key, true) as Node | undefined) ?? undefined;
}

function scalar(node: unknown, key: string): unknown {
  const c = child(node, key);
  return isScalar(c) ? c.value : undefined;
}

function str(node: unknown, key: string): string | undefined {
  const v = scalar(node, key);
  return typeof v === "string" ? v : undefined;
}

/** `skip_serializing_if`, where YAML reads a bare `false`/`null` as values rather than words. */
function skipIfOf(node: unknown): SkipIf | undefined {
  const c = child(node, "skip_serializing_if");
  if (!isScalar(c)) return undefined;
  return c.value === null ? "null" : c.value === false ? "false" : (c.value as SkipIf);
}

function bool(node: unknown, key: string): boolean {
  return scalar(node, key) === true;
}

class FamilyBuilder {
  private readonly name: string;
  private readonly scope = new Map<string, string>(); // type name → family
  private readonly settings: FamilySettings;
  private readonly root: YAMLMap;

  constructor(
    private readonly spec: LoadedSpec,
    private readonly familyOf: Map<string, string>,
    private readonly declared: Map<string, Map<string, SourceLoc>>,
    private readonly diags: DiagnosticBag,
    private readonly invalidTypes: ReadonlySet<string>,
    private readonly skipRules: SkipRule[],
  ) {
    this.root = spec.doc.contents as YAMLMap;
    this.name = String(scalar(this.root, "family"));
    const settingsNode = child(this.root, "settings");
    this.settings = {
      floatExponent: str(settingsNode, "float_exponent") === "bare" ? "bare" : "plus",
      bigint: bool(settingsNode, "bigint"),
      schemaBaseUri: str(settingsNode, "schema_base_uri") ?? DEFAULT_SCHEMA_BASE,
    };
  }

  private loc(node: Node | null | undefined): SourceLoc {
    return nodeLoc(this.spec, node);
  }

  build(): Family {
    for (const [typeName] of this.declared.get(this.name) ?? []) this.scope.set(typeName, this.name);
    const imports = this.buildImports();
    const decls: Decl[] = [];
    /** Declared types that did not build: their own errors are reported; nothing else may call them missing. */
    const broken = new Set<string>();
    for (const { key, keyNode, value } of entries(child(this.root, "types"))) {
      const decl = this.invalidTypes.has(key) ? undefined : this.buildDecl(key, keyNode, value);
      if (decl) decls.push(decl);
      else broken.add(key);
    }
    const rootNode = child(this.root, "root");
    const rootName = str(this.root, "root");
    if (rootName !== undefined && !broken.has(rootName)) {
      const target = decls.find((d) => d.names.spec === rootName);
      if (!target || target.kind !== "union") {
        const unions = decls.filter((d) => d.kind === "union").map((d) => d.names.spec);
        this.diags.add(
          "root-invalid",
          this.loc(rootNode),
          target ? `root \`${rootName}\` is a ${target.kind}, not a union` : `root \`${rootName}\` is not declared in this family`,
          unions.length > 0 ? (didYouMean(rootName, unions) ?? `unions here: ${unions.join(", ")}`) : "declare a union and name it here",
        );
      }
    }
    const doc = str(this.root, "doc");
    return {
      name: this.name,
      file: this.spec.file,
      generated: this.spec.requested,
      ...(doc !== undefined ? { doc: doc.trim() } : {}),
      settings: this.settings,
      ...(rootName !== undefined ? { root: rootName } : {}),
      decls,
      imports,
      loc: this.loc(child(this.root, "family")),
    };
  }

  private buildImports(): ImportRef[] {
    const out: ImportRef[] = [];
    const importsNode = child(this.root, "imports");
    if (!isSeq(importsNode)) return out;
    for (const item of importsNode.items) {
      const from = str(item, "from");
      if (from === undefined) continue;
      const abs = path.resolve(path.dirname(this.spec.absPath), from);
      const family = this.familyOf.get(abs);
      if (family === undefined) continue; // import-not-found was reported by the loader
      const available = this.declared.get(family) ?? new Map<string, SourceLoc>();
      const typesNode = child(item, "types");
      if (!isSeq(typesNode)) continue;
      for (const t of typesNode.items) {
        const name = isScalar(t) ? String(t.value) : "";
        const loc = this.loc(t as Node);
        if (!available.has(name)) {
          this.diags.add(
            "import-unknown-type",
            loc,
            `\`${from}\` (family \`${family}\`) declares no type \`${name}\``,
            didYouMean(name, available.keys()),
          );
          continue;
        }
        const local = this.declared.get(this.name)?.get(name);
        if (local) {
          this.diags.add(
            "duplicate-type",
            local,
            `type \`${name}\` is declared here and also imported from \`${from}\``,
            "remove the import or rename the local type",
          );
          continue;
        }
        this.scope.set(name, family);
        out.push({ name, family, loc });
      }
    }
    return out;
  }

  private docInfo(node: unknown): DocInfo {
    const doc = str(node, "doc");
    const dep = scalar(node, "deprecated");
    const breaks = this.acceptBreaks(node);
    return {
      ...(doc !== undefined ? { doc: doc.trim() } : {}),
      ...(dep === true ? { deprecated: true as const } : typeof dep === "string" ? { deprecated: dep } : {}),
      ...(breaks.length > 0 ? { acceptBreaks: breaks } : {}),
    };
  }

  /** `accept_breaks:` (its shape is checked by the spec-language schema). */
  private acceptBreaks(node: unknown): AcceptedBreak[] {
    const list = child(node, "accept_breaks");
    if (!isSeq(list)) return [];
    const out: AcceptedBreak[] = [];
    for (const item of list.items) {
      const code = str(item, "code");
      const reason = str(item, "reason");
      const at = str(item, "at");
      if (code === undefined || reason === undefined) continue;
      out.push({ code, reason: reason.trim(), ...(at !== undefined ? { at } : {}), loc: this.loc(item as Node) });
    }
    return out;
  }

  private checkName(name: string, node: Node, what: string, style: "pascal" | "snake", targets: ("ts" | "rust")[]): void {
    const ok = style === "pascal" ? /^[A-Z][A-Za-z0-9]*$/.test(name) : /^[a-z_][a-z0-9_]*$/.test(name);
    if (!ok) {
      this.diags.add(
        "name-style",
        this.loc(node),
        `${what} \`${name}\` must be ${style === "pascal" ? "PascalCase (A-Z first, then letters and digits)" : "snake_case (a-z, 0-9, _)"}`,
        style === "snake" ? "use `rename` to give it any wire name" : undefined,
      );
      return;
    }
    for (const target of targets) {
      // Variants, enum values and fields live in their own namespace in Rust: prelude names (`None`) are fine there.
      if (target === "rust" && what !== "type name" && RUST_PRELUDE_NAMES.has(name)) continue;
      const reason = unsafeNameReason(name, target);
      if (reason) {
        this.diags.add(
          "unsafe-name",
          this.loc(node),
          `${what} \`${name}\` cannot be used: ${reason}`,
          style === "snake" ? `name it differently and add \`rename: ${name}\` to keep the wire name` : "choose another name",
        );
        return;
      }
    }
  }

  private checkWireName(wire: string, node: Node, what: string): void {
    const reason = unsafeNameReason(wire, "property");
    if (reason) {
      this.diags.add("unsafe-name", this.loc(node), `${what} \`${wire}\` cannot be used: ${reason}`, "choose another wire name");
    }
  }

  /**
   * Records `name`'s wire names (its own and its aliases) in `seen`; one already taken is a wire-name clash, worded
   * by `describe(wire, takenBy)` and located at both declarations.
   */
  private claimWires(
    seen: Map<string, { loc: SourceLoc; name: string }>,
    name: string,
    wires: readonly string[],
    loc: SourceLoc,
    describe: (wire: string, takenBy: string) => string,
  ): void {
    for (const w of wires) {
      const prev = seen.get(w);
      if (prev) {
        this.diags.add("wire-name-clash", loc, `${describe(w, prev.name)} (${prev.loc.line}:${prev.loc.col})`, "give one of them a different `rename`");
      } else seen.set(w, { loc, name });
    }
  }

  private renameRule(node: unknown, key: string): RenameRule | undefined {
    const v = str(node, key);
    return v !== undefined && isRenameRule(v) ? v : undefined;
  }

  private aliases(node: unknown): string[] {
    const a = child(node, "alias");
    if (isScalar(a)) return [String(a.value)];
    if (isSeq(a)) return a.items.map((i) => String(isScalar(i) ? i.value : i));
    return [];
  }

  private names(spec: string, ts: string = spec): Names {
    return { spec, ts, rust: spec };
  }

  private resolveType(text: string, node: Node, bigint: boolean): TypeRef | undefined {
    const parsed = parseTypeExpr(text);
    if (!parsed.ok) {
      this.diags.add("invalid-type-expression", offsetLoc(this.spec, node, parsed.offset), parsed.message);
      return undefined;
    }
    const candidates = [...PRIMITIVE_NAMES, "option", "list", "map", "box", ...this.scope.keys()];
    const r = resolveTypeSyntax(parsed.syntax, (n) => this.scope.get(n), bigint, (n) => {
      const hint = didYouMean(n, candidates);
      return hint ? hint.replace(/^did you mean `(.*)`\?$/, "$1") : undefined;
    });
    if (!r.ok) {
      this.diags.add("unknown-type", offsetLoc(this.spec, node, r.offset), r.message, r.hint);
      return undefined;
    }
    return r.type;
  }

  private buildDecl(name: string, keyNode: Node, node: Node | null): Decl | undefined {
    this.checkName(name, keyNode, "type name", "pascal", ["ts", "rust"]);
    const kind = str(node, "kind");
    const base = { names: this.names(name), family: this.name, loc: this.loc(keyNode), ...this.docInfo(node) };
    switch (kind) {
      case "struct":
        return this.buildStruct(base, node);
      case "enum":
        return this.buildEnum(base, node);
      case "union":
        return this.buildUnion(base, node);
      case "newtype": {
        const typeNode = child(node, "type")!;
        const inner = this.resolveType(String(scalar(node, "type")), typeNode, this.settings.bigint);
        if (!inner) return undefined;
        const d: NewtypeDecl = { ...base, kind: "newtype", inner, transparent: bool(node, "transparent") };
        return d;
      }
      case "alias": {
        const typeNode = child(node, "type")!;
        const target = this.resolveType(String(scalar(node, "type")), typeNode, this.settings.bigint);
        if (!target) return undefined;
        const d: AliasDecl = { ...base, kind: "alias", target };
        return d;
      }
      default:
        return undefined;
    }
  }

  private buildStruct(base: Omit<StructDecl, "kind" | "fields" | "denyUnknownFields" | "containerDefault">, node: Node | null): StructDecl {
    const containerDefault = bool(node, "default");
    const renameAll = this.renameRule(node, "rename_all");
    const fields = this.buildFields(child(node, "fields"), renameAll, containerDefault, `struct \`${base.names.spec}\``);
    return { ...base, kind: "struct", fields, denyUnknownFields: bool(node, "deny_unknown_fields"), containerDefault, ...(renameAll ? { renameAll } : {}) };
  }

  private buildFields(fieldsNode: Node | undefined, rule: RenameRule | undefined, containerDefault: boolean, owner: string): Field[] {
    const fields: Field[] = [];
    const wires = new Map<string, { loc: SourceLoc; name: string }>();
    for (const { key, keyNode, value } of entries(fieldsNode)) {
      this.checkName(key, keyNode, "field name", "snake", ["rust"]);
      const long = isMap(value);
      const typeNode = long ? child(value, "type")! : value!;
      const typeText = String(isScalar(typeNode) ? typeNode.value : "");
      const wantBigint = this.settings.bigint || (long && bool(value, "bigint"));
      const type = this.resolveType(typeText, typeNode, wantBigint);
      const rename = long ? str(value, "rename") : undefined;
      const wire = rename ?? applyToField(rule, key);
      const aliases = long ? this.aliases(value) : [];
      const loc = this.loc(keyNode);
      this.checkWireName(wire, long && child(value, "rename") ? child(value, "rename")! : keyNode, "wire name");
      this.claimWires(wires, key, [wire, ...aliases], loc, (w, prev) => `field \`${key}\` of ${owner} has the wire name \`${w}\`, already used by field \`${prev}\``);
      if (!type) continue;
      if (long && bool(value, "bigint") && !this.containsWideInt(type)) {
        this.diags.add(
          "bigint-invalid",
          this.loc(child(value, "bigint")),
          `\`bigint\` applies to 64-bit and size integers; field \`${key}\` is ${showType(type)}`,
          "remove `bigint: true`",
        );
      }
      const dflt = long ? this.fieldDefault(value, type, key) : ({ kind: "none" } as FieldDefault);
      const skipIf = long ? skipIfOf(value) : undefined;
      if (skipIf) this.skipRules.push({ skipIf, type, field: key, loc: this.loc(child(value, "skip_serializing_if")) });
      const skip = long && bool(value, "skip");
      const flatten = long && bool(value, "flatten");
      const truncate = long ? scalar(value, "truncate") : undefined;
      if (typeof truncate === "number" && !(type.kind === "string" || (type.kind === "option" && type.inner.kind === "string"))) {
        this.diags.add("invalid-value", this.loc(child(value, "truncate")), `\`truncate\` applies to string fields; field \`${key}\` is ${showType(type)}`);
      }
      fields.push({
        names: this.names(key, wire),
        wire,
        aliases,
        type,
        default: dflt,
        optional: type.kind === "option" || dflt.kind !== "none" || containerDefault || skip,
        ...(skipIf ? { skipSerializingIf: skipIf } : {}),
        skip,
        flatten,
        ...(typeof truncate === "number" ? { truncate } : {}),
        loc,
        ...this.docInfo(long ? value : null),
      });
    }
    return fields;
  }

  private containsWideInt(t: TypeRef): boolean {
    switch (t.kind) {
      case "int":
        return t.bigint;
      case "option":
      case "box":
        return this.containsWideInt(t.inner);
      case "list":
        return this.containsWideInt(t.item);
      case "map":
        return this.containsWideInt(t.value);
      case "string":
      case "bool":
      case "float":
      case "json":
      case "timestamp":
      case "uuid":
      case "named":
        return false;
      default:
        return unreachable(t);
    }
  }

  private fieldDefault(value: Node, type: TypeRef, field: string): FieldDefault {
    const d = child(value, "default");
    if (d === undefined) return { kind: "none" };
    if (isScalar(d) && d.value === true) return { kind: "type" };
    const v = child(d, "value");
    const literal = (v ? (v as { toJSON(): unknown }).toJSON() : null) as LiteralJson;
    const problem = this.literalProblem(literal, type);
    if (problem) {
      this.diags.add(
        "default-value-type",
        this.loc(v ?? d),
        `default value for field \`${field}\` ${problem}`,
        `the field's type is ${showType(type)}`,
      );
    }
    return { kind: "value", value: literal };
  }

  /** Why a literal does not fit a type (undefined when it fits). Named types are checked in checks.ts. */
  private literalProblem(v: LiteralJson, t: TypeRef): string | undefined {
    if (isPrimitive(t)) {
      const k = primitiveKind(t);
      switch (k.literal) {
        case "string":
          return typeof v === "string" ? undefined : "must be a string";
        case "boolean":
          return typeof v === "boolean" ? undefined : "must be true or false";
        case "integer":
          if (typeof v !== "number" || !Number.isInteger(v)) return "must be an integer";
          return BigInt(v) < k.range!.min || BigInt(v) > k.range!.max ? `is out of range for ${showType(t)}` : undefined;
        case "number":
          return typeof v === "number" ? undefined : "must be a number";
        case "any":
          return undefined;
        default:
          return unreachable(k.literal);
      }
    }
    switch (t.kind) {
      case "option":
        return v === null ? undefined : this.literalProblem(v, t.inner);
      case "box":
        return this.literalProblem(v, t.inner);
      case "list":
        if (!Array.isArray(v)) return "must be a list";
        for (const item of v) {
          const p = this.literalProblem(item as LiteralJson, t.item);
          if (p) return `has an item that ${p}`;
        }
        return undefined;
      case "map":
        if (v === null || typeof v !== "object" || Array.isArray(v)) return "must be a mapping";
        for (const item of Object.values(v)) {
          const p = this.literalProblem(item as LiteralJson, t.value);
          if (p) return `has a value that ${p}`;
        }
        return undefined;
      case "named":
        return undefined;
      default:
        return unreachable(t);
    }
  }

  private tableDecls(node: unknown): Table[] {
    const out: Table[] = [];
    for (const { key, keyNode, value } of entries(child(node, "tables"))) {
      this.checkName(key, keyNode, "table name", "snake", ["rust"]);
      const typeText = String(scalar(value, "type"));
      let valueType: TableValueType;
      if (typeText === "bool" || typeText === "string" || typeText === "int") valueType = { kind: typeText };
      else {
        const fam = this.scope.get(typeText);
        if (fam !== undefined) valueType = { kind: "enum", name: typeText, family: fam };
        else {
          this.diags.add(
            "unknown-type",
            this.loc(child(value, "type")),
            `unknown table value type \`${typeText}\``,
            didYouMean(typeText, ["bool", "string", "int", ...this.scope.keys()]) ?? "table values are bool, string, int, or a unit enum declared in a spec",
          );
          continue;
        }
      }
      const fnName = str(value, "fn") ?? key;
      this.checkName(fnName, child(value, "fn") ?? keyNode, "table function name", "snake", ["rust"]);
      const dflt = scalar(value, "default") as TableValue | undefined;
      const table: Table = {
        names: this.names(key, camelCase(key)),
        valueType,
        ...(dflt !== undefined ? { default: dflt } : {}),
        fn: { spec: fnName, ts: camelCase(fnName), rust: fnName },
        loc: this.loc(keyNode),
        ...this.docInfo(value),
      };
      if (dflt !== undefined) this.checkTableValue(table, dflt, child(value, "default")!);
      out.push(table);
    }
    return out;
  }

  /** Table values of enum type are checked in checks.ts, where every family's enums are known. */
  private checkTableValue(table: Table, v: TableValue, node: Node): void {
    const t = table.valueType.kind;
    const ok = t === "bool" ? typeof v === "boolean" : t === "string" || t === "enum" ? typeof v === "string" : typeof v === "number";
    if (!ok) {
      this.diags.add(
        "table-value-type",
        this.loc(node),
        `table \`${table.names.spec}\` holds ${t === "enum" ? `${(table.valueType as { name: string }).name} values` : `${t} values`}; \`${String(v)}\` is a ${typeof v}`,
      );
    }
  }

  private tableValues(tables: readonly Table[], node: unknown, ownerNode: Node, owner: string): Record<string, TableValue> {
    // Keyed by table names from the spec: no prototype, so `toString` or `__proto__` is an ordinary key.
    const out: Record<string, TableValue> = Object.create(null);
    const given = child(node, "tables");
    for (const { key, keyNode, value } of entries(given)) {
      const table = tables.find((t) => t.names.spec === key);
      if (!table) {
        this.diags.add(
          "table-unknown",
          this.loc(keyNode),
          `${owner} sets table \`${key}\`, which is not declared`,
          didYouMean(key, tables.map((t) => t.names.spec)) ?? "declare it under the union's or enum's `tables:`",
        );
        continue;
      }
      const v = isScalar(value) ? (value.value as TableValue) : (null as unknown as TableValue);
      this.checkTableValue(table, v, value ?? keyNode);
      out[key] = v;
    }
    for (const table of tables) {
      if (key(table) in out) continue;
      if (table.default !== undefined) out[table.names.spec] = table.default;
      else {
        this.diags.add(
          "table-value-missing",
          this.loc(ownerNode),
          `${owner} sets no value for table \`${table.names.spec}\`, which has no default`,
          `add \`tables: { ${table.names.spec}: … }\` here, or a \`default\` to the table`,
        );
      }
    }
    return out;
    function key(t: Table): string {
      return t.names.spec;
    }
  }

  private buildEnum(base: Omit<EnumDecl, "kind" | "values" | "tables">, node: Node | null): EnumDecl {
    const rule = this.renameRule(node, "rename_all");
    const tables = this.tableDecls(node);
    const valuesNode = child(node, "values");
    const items: { name: string; keyNode: Node; value: Node | null }[] = isSeq(valuesNode)
      ? valuesNode.items.map((i) => ({ name: String(isScalar(i) ? i.value : ""), keyNode: i as Node, value: null }))
      : entries(valuesNode).map((e) => ({ name: e.key, keyNode: e.keyNode, value: e.value }));
    const values: EnumValue[] = [];
    const seen = new Map<string, { loc: SourceLoc; name: string }>();
    const seenNames = new Map<string, SourceLoc>();
    for (const { name, keyNode, value } of items) {
      const loc = this.loc(keyNode);
      const prevName = seenNames.get(name);
      if (prevName) {
        this.diags.add("duplicate-value", loc, `enum \`${base.names.spec}\` declares value \`${name}\` twice (first at line ${prevName.line}, column ${prevName.col})`, "remove one, or rename it");
        continue;
      }
      seenNames.set(name, loc);
      this.checkName(name, keyNode, "enum value", "pascal", ["rust"]);
      const wire = str(value, "rename") ?? applyToVariant(rule, name);
      const aliases = this.aliases(value);
      this.claimWires(seen, name, [wire, ...aliases], loc, (w, prev) => `enum value \`${name}\` has the wire name \`${w}\`, already used by \`${prev}\``);
      values.push({
        names: this.names(name),
        wire,
        aliases,
        tableValues: this.tableValues(tables, value, keyNode, `value \`${name}\``),
        loc,
        ...this.docInfo(value),
      });
    }
    return { ...base, kind: "enum", values, tables, ...(rule ? { renameAll: rule } : {}) };
  }

  private buildUnion(base: Omit<UnionDecl, "kind" | "repr" | "variants" | "denyUnknownFields" | "accessors" | "tables">, node: Node | null): UnionDecl {
    const unionName = base.names.spec;
    const tag = str(node, "tag");
    const content = str(node, "content");
    const untagged = bool(node, "untagged");
    let repr: UnionRepr = { kind: "external" };
    if (untagged) {
      repr = { kind: "untagged" };
      if (tag !== undefined) this.diags.add("invalid-value", this.loc(child(node, "tag")), `union \`${unionName}\` is untagged; \`tag\` has no meaning here`, "remove `tag` or `untagged`");
    } else if (tag !== undefined && content !== undefined) {
      repr = { kind: "adjacent", tag, content };
      if (tag === content) this.diags.add("tag-collision", this.loc(child(node, "content")), `\`content\` must differ from \`tag\` (both are \`${tag}\`)`);
    } else if (tag !== undefined) repr = { kind: "internal", tag };
    else if (content !== undefined) {
      this.diags.add("missing-key", this.loc(child(node, "content")), `\`content\` needs a \`tag\` (adjacently tagged unions have both)`, "add `tag: type`");
    }
    if (tag !== undefined) this.checkWireName(tag, child(node, "tag")!, "tag key");
    if (content !== undefined) this.checkWireName(content, child(node, "content")!, "content key");

    const rule = this.renameRule(node, "rename_all");
    const fieldRule = this.renameRule(node, "rename_all_fields");
    const deny = bool(node, "deny_unknown_fields");
    const tables = this.tableDecls(node);
    const variants: Variant[] = [];
    const wires = new Map<string, { loc: SourceLoc; name: string }>();
    for (const { key: vname, keyNode, value } of entries(child(node, "variants"))) {
      this.checkName(vname, keyNode, "variant name", "pascal", ["rust"]);
      const loc = this.loc(keyNode);
      const obj = isMap(value) ? value : null;
      const wire = str(obj, "rename") ?? applyToVariant(rule, vname);
      const aliases = this.aliases(obj);
      this.claimWires(wires, vname, [wire, ...aliases], loc, (w, prev) => `variant \`${vname}\` has the wire tag \`${w}\`, already used by variant \`${prev}\``);
      if (repr.kind !== "external" && repr.kind !== "untagged") this.checkWireName(wire, keyNode, "variant tag");
      let shape: VariantShape = { kind: "unit" };
      if (child(obj, "tuple")) {
        this.diags.add(
          "tuple-variant",
          this.loc(child(obj, "tuple")),
          `variant \`${vname}\` is a tuple variant, which eventspec does not support`,
          "use `fields:` with named fields, or `newtype:` wrapping a struct",
        );
      } else if (child(obj, "fields") && child(obj, "newtype")) {
        this.diags.add("invalid-value", this.loc(child(obj, "newtype")), `variant \`${vname}\` has both \`fields\` and \`newtype\``, "a variant is a struct (fields) or wraps one type (newtype), not both");
      } else if (child(obj, "fields")) {
        const fields = this.buildFields(child(obj, "fields"), fieldRule, false, `variant \`${unionName}::${vname}\``);
        shape = { kind: "struct", fields };
        this.checkTagCollision(repr, fields, vname);
      } else if (child(obj, "newtype")) {
        const typeNode = child(obj, "newtype")!;
        const t = this.resolveType(String(scalar(obj, "newtype")), typeNode, this.settings.bigint);
        if (t) shape = { kind: "newtype", type: t };
      }
      variants.push({
        names: this.names(vname, `${unionName}${vname}`),
        wire,
        aliases,
        shape,
        tableValues: this.tableValues(tables, obj, keyNode, `variant \`${vname}\``),
        loc,
        ...this.docInfo(obj),
      });
    }

    let catchAll: CatchAll | undefined;
    const other = str(node, "other");
    const unknown = str(node, "unknown");
    if (other !== undefined && unknown !== undefined) {
      this.diags.add("catch-all-invalid", this.loc(child(node, "unknown")), `union \`${unionName}\` declares both \`other\` and \`unknown\``, "keep one catch-all: `unknown` keeps the payload, `other` drops it");
    } else if (other !== undefined || unknown !== undefined) {
      const keyName = other !== undefined ? "other" : "unknown";
      const catchNode = child(node, keyName)!;
      if (repr.kind !== "internal" && repr.kind !== "adjacent") {
        this.diags.add("catch-all-invalid", this.loc(catchNode), `\`${keyName}\` needs an internally or adjacently tagged union (\`tag\`); \`${unionName}\` is ${repr.kind === "external" ? "externally tagged" : "untagged"}`, "add `tag: type`, as serde requires for #[serde(other)]");
      } else if (other !== undefined) {
        const v = variants.find((x) => x.names.spec === other);
        if (!v) this.diags.add("catch-all-invalid", this.loc(catchNode), `\`other: ${other}\` names no variant of \`${unionName}\``, didYouMean(other, variants.map((x) => x.names.spec)));
        else if (v.shape.kind !== "unit") this.diags.add("catch-all-invalid", this.loc(catchNode), `\`other: ${other}\` must name a unit variant; \`${other}\` has data`, "use `unknown:` for an arm that keeps the payload");
        else catchAll = { kind: "other", variant: other };
      } else if (unknown !== undefined) {
        this.checkName(unknown, catchNode, "variant name", "pascal", ["rust"]);
        if (tag === "tag" || tag === "payload") {
          this.diags.add("catch-all-invalid", this.loc(catchNode), `the lossless arm \`${unknown}\` holds \`tag\` and \`payload\`, so the union's tag key cannot be \`${tag}\``, "choose another `tag` key (e.g. `type`)");
        } else if (variants.some((x) => x.names.spec === unknown)) {
          this.diags.add("catch-all-invalid", this.loc(catchNode), `\`unknown: ${unknown}\` names the generated lossless arm, but \`${unknown}\` is already a variant`, "pick a name no variant has; eventspec generates that variant");
        } else {
          catchAll = { kind: "lossless", variant: unknown };
          variants.push({
            names: this.names(unknown, `${unionName}${unknown}`),
            wire: "",
            aliases: [],
            shape: { kind: "lossless" },
            tableValues: this.tableValues(tables, null, catchNode, `the lossless arm \`${unknown}\``),
            loc: this.loc(catchNode),
            doc: `A tag no variant of \`${unionName}\` declares, kept with its whole payload.`,
          });
        }
      }
    }

    const accessors: Accessor[] = [];
    for (const { key, keyNode, value } of entries(child(node, "accessors"))) {
      this.checkName(key, keyNode, "accessor name", "snake", ["rust"]);
      const fnName = str(value, "fn") ?? key;
      if (fnName !== key) this.checkName(fnName, child(value, "fn")!, "accessor function name", "snake", ["rust"]);
      accessors.push({
        fn: { spec: fnName, ts: camelCase(fnName), rust: fnName },
        field: str(value, "field") ?? key,
        // Resolved (type, paths) in checks.ts, which sees every declaration.
        type: { kind: "json" },
        partial: bool(value, "partial"),
        paths: {},
        loc: this.loc(keyNode),
        ...this.docInfo(value),
      });
    }
    return {
      ...base,
      kind: "union",
      repr,
      variants,
      denyUnknownFields: deny,
      ...(catchAll ? { catchAll } : {}),
      accessors,
      tables,
      ...(rule ? { renameAll: rule } : {}),
      ...(fieldRule ? { renameAllFields: fieldRule } : {}),
    };
  }

  private checkTagCollision(repr: UnionRepr, fields: readonly Field[], vname: string): void {
    if (repr.kind !== "internal") return;
    for (const f of fields) {
      for (const w of [f.wire, ...f.aliases]) {
        if (w === repr.tag) {
          this.diags.add(
            "tag-collision",
            f.loc,
            `field \`${f.names.spec}\` of variant \`${vname}\` has the wire name \`${w}\`, which is the union's tag key`,
            "rename the field, or choose another `tag`",
          );
        }
      }
    }
  }
}
