/**
 * Whole-program checks and resolutions that need every declaration of every family: accessors across variants,
 * newtype variants of internally tagged unions, flatten, recursion without indirection, enum-typed table values,
 * defaults of named types, and clashes between generated TS names.
 */
import { didYouMean, type DiagnosticBag } from "../diagnostics";
import { unreachable } from "./kinds";
import { sameType, showType } from "./typeexpr";
import { familyExports, indexDecls, namedDecl, resolveDecl, resolveStruct, unbox, type DeclIndex } from "./lookup";
import type { Accessor, AccessorPath, AliasDecl, Decl, Family, Field, IrProgram, SourceLoc, StructDecl, TypeRef, UnionDecl } from "./types";

/**
 * The queries the checks need, on top of ir/lookup.ts's shared index and resolvers (one place resolves named types
 * through boxes, aliases and newtypes, with a guard against cycles — the checks may see cyclic specs).
 */
class CheckIndex {
  private readonly index: DeclIndex;
  constructor(program: IrProgram) {
    this.index = indexDecls(program);
  }
  get(family: string, name: string): Decl | undefined {
    return this.index.get(family, name);
  }
  /** The declaration a type names, seen through aliases and boxes (not newtypes). */
  target(t: TypeRef, seen: Set<Decl> = new Set()): Decl | undefined {
    const d = namedDecl(this.index, unbox(t));
    if (d === undefined || seen.has(d)) return undefined;
    seen.add(d);
    return d.kind === "alias" ? this.target(d.target, seen) : d;
  }
  /** The struct a value of this type is on the wire, through aliases, boxes and newtypes. */
  structOf(t: TypeRef): StructDecl | undefined {
    return resolveStruct(this.index, t);
  }
  /** Whether this type is a map on the wire (through aliases, boxes and newtypes). */
  isMap(t: TypeRef): boolean {
    const u = unbox(t);
    if (u.kind === "map") return true;
    const d = resolveDecl(this.index, u);
    return d?.kind === "alias" || d?.kind === "newtype" ? unbox(d.kind === "alias" ? d.target : d.inner).kind === "map" : false;
  }
}

/** Runs every program-wide check; returns the program with accessors resolved. */
export function checkProgram(program: IrProgram, diags: DiagnosticBag): IrProgram {
  const index = new CheckIndex(program);
  // The other checks follow aliases to their targets; with a cycle among them they would not end.
  if (checkAliasCycles(program, index, diags) > 0) return program;
  const families = program.families.map((family) => {
    checkTsNames(family, diags);
    const decls = family.decls.map((decl) => {
      if (decl.kind === "struct") checkFields(decl.fields, decl, index, diags);
      if (decl.kind === "enum") for (const v of decl.values) checkEnumTableValues(decl.tables, v.tableValues, v.loc, index, diags);
      if (decl.kind !== "union") return decl;
      for (const v of decl.variants) {
        if (v.shape.kind === "struct") checkFields(v.shape.fields, decl, index, diags);
        if (v.shape.kind === "newtype") checkNewtypeVariant(decl, v.names.spec, v.shape.type, v.loc, index, diags);
        checkEnumTableValues(decl.tables, v.tableValues, v.loc, index, diags);
      }
      return { ...decl, accessors: decl.accessors.map((a) => resolveAccessor(decl, a, index, diags)) };
    });
    return { ...family, decls };
  });
  const resolved: IrProgram = { families };
  checkRecursion(resolved, index, diags);
  return resolved;
}

/** Every name the family's TS modules export must be unique (index.ts re-exports them all). */
function checkTsNames(family: Family, diags: DiagnosticBag): void {
  const seen = new Map<string, SourceLoc>();
  for (const imp of family.imports) seen.set(imp.name, imp.loc);
  for (const e of familyExports(family)) {
    const prev = seen.get(e.name);
    if (prev) {
      diags.add(
        "ts-name-clash",
        e.loc,
        `this declaration generates the TypeScript name \`${e.name}\` (${e.module}.ts), which line ${prev.line}, column ${prev.col} already generates`,
        "rename one of them: generated names must be unique within a family",
      );
    } else seen.set(e.name, e.loc);
  }
}

function checkFields(fields: readonly Field[], owner: Decl, index: CheckIndex, diags: DiagnosticBag): void {
  checkFlattenOrder(fields, index, diags);
  const plainKeys = new Map<string, Field>();
  for (const f of fields) if (!f.flatten && !f.skip) for (const w of [f.wire, ...f.aliases]) plainKeys.set(w, f);
  for (const f of fields) {
    if (f.default.kind === "type" && !defaultable(f.type, index, new Set())) {
      diags.add(
        "default-value-type",
        f.loc,
        `field \`${f.names.spec}\` has \`default: true\`, but ${showType(f.type)} has no default value`,
        "give an explicit value: `default: { value: … }`",
      );
    }
    if (f.default.kind === "value") {
      const d = index.target(f.type);
      const value = f.default.value;
      if (d?.kind === "enum" && !d.values.some((v) => v.wire === value)) {
        diags.add(
          "default-value-type",
          f.loc,
          `default value \`${String((f.default as { value: unknown }).value)}\` is not a value of enum \`${d.names.spec}\``,
          `values: ${d.values.map((v) => v.wire).join(", ")}`,
        );
      }
    }
    if (!f.flatten) continue;
    if (owner.kind === "struct" && owner.denyUnknownFields || owner.kind === "union" && owner.denyUnknownFields) {
      diags.add("flatten-invalid", f.loc, `\`flatten\` cannot be combined with \`deny_unknown_fields\` on \`${owner.names.spec}\` (serde does not support it)`, "remove one of them");
    }
    const inner = f.type.kind === "option" ? f.type.inner : f.type;
    const target = index.target(inner);
    const s = index.structOf(inner);
    const keys = new Map<string, string>();
    if (s) collectKeys(s, index, keys, new Set());
    else if (target?.kind === "union" && target.repr.kind === "internal") {
      keys.set(target.repr.tag, `the tag of \`${target.names.spec}\``);
      for (const v of target.variants) {
        const vs = v.shape.kind === "struct" ? v.shape.fields : v.shape.kind === "newtype" ? (index.structOf(v.shape.type)?.fields ?? []) : [];
        for (const vf of vs) if (!vf.flatten) keys.set(vf.wire, `field \`${vf.names.spec}\` of \`${target.names.spec}::${v.names.spec}\``);
      }
    } else if (!index.isMap(inner)) {
      const what = target
        ? target.kind === "union"
          ? `an ${target.repr.kind === "untagged" ? "untagged" : target.repr.kind === "external" ? "externally tagged" : "adjacently tagged"} union`
          : `a ${target.kind}`
        : "not a struct, map or union";
      diags.add(
        "flatten-invalid",
        f.loc,
        `field \`${f.names.spec}\` is flattened, but its type \`${showType(f.type)}\` is ${what}`,
        "flatten a struct, a map<T>, or an internally tagged union",
      );
      continue;
    }
    for (const [k, from] of keys) {
      const clash = plainKeys.get(k);
      if (clash) {
        diags.add(
          "flatten-collision",
          f.loc,
          `flattened field \`${f.names.spec}\` brings the key \`${k}\` (${from}), which field \`${clash.names.spec}\` already uses`,
          "rename one of the two keys",
        );
      }
    }
  }
}

/**
 * What a flattened member reads from the keys its container leaves to flatten (serde 1.0.152's FlatMapDeserializer):
 * the keys it names (key → where from), whether it also looks at every other key (a map; a union that is closed, has a
 * map or lossless variant), and whether it takes its keys away from the members after it — only a struct without
 * flatten of its own does (FlatStructAccess); a map, a union, a struct with flatten read through and take nothing.
 */
interface FlatReach {
  readonly what: string;
  readonly names: Map<string, string>;
  readonly all: boolean;
  readonly takes: boolean;
}

function flatReach(t: TypeRef, index: CheckIndex, seen: Set<Decl>): FlatReach {
  const inner = t.kind === "option" ? t.inner : t;
  if (index.isMap(inner)) return { what: "a map", names: new Map(), all: true, takes: false };
  const s = index.structOf(inner);
  const target = index.target(inner);
  const names = new Map<string, string>();
  let all = false;
  const addFields = (fields: readonly Field[], owner: string, keepAliases: boolean) => {
    for (const f of fields) {
      if (f.skip) continue;
      if (!f.flatten) {
        for (const k of [f.wire, ...(keepAliases ? f.aliases : [])]) names.set(k, `field \`${f.names.spec}\` of \`${owner}\``);
        continue;
      }
      const d = index.target(f.type.kind === "option" ? f.type.inner : f.type);
      if (d !== undefined && seen.has(d)) continue;
      if (d !== undefined) seen.add(d);
      const r = flatReach(f.type, index, seen);
      for (const [k, from] of r.names) names.set(k, from);
      all ||= r.all;
    }
  };
  if (s) {
    const flat = s.fields.some((f) => f.flatten && !f.skip);
    addFields(s.fields, s.names.spec, flat);
    const what = !flat ? "a struct" : all ? "a struct flattening a member that sees every key" : "a struct with flatten of its own";
    return { what, names, all, takes: !flat };
  }
  if (target?.kind === "union" && target.repr.kind === "internal") {
    names.set(target.repr.tag, `the tag of \`${target.names.spec}\``);
    all = target.denyUnknownFields;
    for (const v of target.variants) {
      const owner = `${target.names.spec}::${v.names.spec}`;
      if (v.shape.kind === "lossless") all = true;
      else if (v.shape.kind === "struct") addFields(v.shape.fields, owner, true);
      else if (v.shape.kind === "newtype") {
        const vs = index.structOf(v.shape.type);
        if (index.isMap(v.shape.type) || vs?.denyUnknownFields) all = true;
        if (vs) addFields(vs.fields, owner, true);
      }
    }
    return { what: "an internally tagged union", names, all, takes: false };
  }
  return { what: "", names, all: false, takes: false };
}

const ONE_SEES_ALL =
  "before a flattened member that sees every key (a map, a closed union …) flatten only structs without flatten of their own (they take their keys away): move one member into the other's type, or drop it";

/**
 * Flattened members that would read one key into two of them, or a key one takes before the other sees it: serde
 * writes such a key twice and never reads the value back. Accepted: any number of flattened structs with disjoint
 * keys, then at most one member that sees every key (a map, a closed union …), which gets what they did not take.
 */
function checkFlattenOrder(fields: readonly Field[], index: CheckIndex, diags: DiagnosticBag): void {
  const flat = fields
    .filter((f) => f.flatten && !f.skip)
    .map((f) => ({ f, r: flatReach(f.type, index, new Set()) }))
    .filter(({ r }) => r.what !== "");
  for (const [j, { f, r }] of flat.entries()) {
    for (const { f: g, r: q } of flat.slice(0, j)) {
      const shared = [...r.names.keys()].find((k) => q.names.has(k));
      const name = `\`${g.names.spec}\``;
      let message: string | undefined;
      let hint = "rename one of the two keys";
      if (shared !== undefined) {
        message = q.takes
          ? `flattened field \`${f.names.spec}\` reads the key \`${shared}\` (${r.names.get(shared)}), which ${name} flattened before it takes first (${q.names.get(shared)}): serde would write \`${shared}\` twice and never hand it to \`${f.names.spec}\``
          : `flattened fields ${name} and \`${f.names.spec}\` both read the key \`${shared}\` (${q.names.get(shared)}; ${r.names.get(shared)}): serde would write it twice`;
      } else if (q.all && (r.all || r.names.size > 0)) {
        const k = [...r.names.keys()][0];
        const keys = k === undefined ? `the keys of \`${f.names.spec}\` (${r.what})` : `\`${k}\` (${r.names.get(k)})`;
        message = `flattened field ${name} (${q.what}) sees every key no member before it took, so ${keys} flattened after it would be read by both and written twice by serde`;
        hint = r.takes ? `put ${name} last: it then sees only the keys the structs before it did not take` : ONE_SEES_ALL;
      } else if (r.all && !q.takes && q.names.size > 0) {
        const k = [...q.names.keys()][0]!;
        message = `flattened field \`${f.names.spec}\` (${r.what}) sees every key no member before it took, and ${name} (${q.what}) takes none away, so \`${k}\` (${q.names.get(k)}) would be read by both and written twice by serde`;
        hint = ONE_SEES_ALL;
      }
      if (message !== undefined) {
        diags.add("flatten-collision", f.loc, message, hint);
        break;
      }
    }
  }
}

function collectKeys(s: StructDecl, index: CheckIndex, out: Map<string, string>, seen: Set<StructDecl>): void {
  if (seen.has(s)) return;
  seen.add(s);
  for (const f of s.fields) {
    if (f.skip) continue;
    if (f.flatten) {
      const inner = index.structOf(f.type.kind === "option" ? f.type.inner : f.type);
      if (inner) collectKeys(inner, index, out, seen);
    } else out.set(f.wire, `field \`${f.names.spec}\` of \`${s.names.spec}\``);
  }
}

function defaultable(t: TypeRef, index: CheckIndex, seen: Set<Decl>): boolean {
  switch (t.kind) {
    case "box":
      return defaultable(t.inner, index, seen);
    case "named": {
      const d = index.get(t.family, t.name);
      if (!d || seen.has(d)) return true;
      seen.add(d);
      switch (d.kind) {
        case "struct":
          return d.containerDefault || d.fields.every((f) => f.default.kind === "value" || defaultable(f.type, index, seen));
        case "newtype":
          return defaultable(d.inner, index, seen);
        case "alias":
          return defaultable(d.target, index, seen);
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
      return true; // every built-in kind has serde's Default (ir/kinds.ts)
    default:
      return unreachable(t);
  }
}

function checkNewtypeVariant(u: UnionDecl, vname: string, t: TypeRef, loc: SourceLoc, index: CheckIndex, diags: DiagnosticBag): void {
  if (u.repr.kind !== "internal") return;
  const s = index.structOf(t);
  if (!s) {
    if (index.isMap(t)) return;
    diags.add(
      "internal-newtype-not-struct",
      loc,
      `variant \`${vname}\` of internally tagged union \`${u.names.spec}\` wraps \`${showType(t)}\`, which is not a struct`,
      "serde can only add the tag to a struct or map: wrap a struct, or use `fields:`",
    );
    return;
  }
  const keys = new Map<string, string>();
  collectKeys(s, index, keys, new Set());
  if (keys.has(u.repr.tag)) {
    diags.add(
      "tag-collision",
      loc,
      `variant \`${vname}\` wraps \`${s.names.spec}\`, whose ${keys.get(u.repr.tag)} has the wire name \`${u.repr.tag}\` — the union's tag key`,
      "rename the field, or choose another `tag`",
    );
  }
}

function checkEnumTableValues(tables: UnionDecl["tables"], values: Readonly<Record<string, unknown>>, loc: SourceLoc, index: CheckIndex, diags: DiagnosticBag): void {
  for (const table of tables) {
    if (table.valueType.kind !== "enum") continue;
    const e = index.get(table.valueType.family, table.valueType.name);
    if (!e || e.kind !== "enum") {
      diags.add("table-value-type", table.loc, `table \`${table.names.spec}\` has value type \`${table.valueType.name}\`, which is not a unit enum`, "table values are bool, string, int, or a unit enum");
      continue;
    }
    const v = values[table.names.spec];
    if (v === undefined) continue;
    const names = e.values.map((x) => x.names.spec);
    if (typeof v !== "string" || !names.includes(v)) {
      diags.add(
        "table-value-type",
        loc,
        `table \`${table.names.spec}\` holds ${e.names.spec} values; \`${String(v)}\` is not one`,
        (typeof v === "string" ? didYouMean(v, names) : undefined) ?? `values: ${names.join(", ")}`,
      );
    }
  }
}

function resolveAccessor(u: UnionDecl, a: Accessor, index: CheckIndex, diags: DiagnosticBag): Accessor {
  const paths: Record<string, AccessorPath | undefined> = Object.create(null); // keyed by spec names
  let type: TypeRef | undefined;
  let typeFrom = "";
  for (const v of u.variants) {
    let field: Field | undefined;
    let kind: AccessorPath["kind"] = "field";
    if (v.shape.kind === "struct") field = v.shape.fields.find((f) => f.names.spec === a.field);
    else if (v.shape.kind === "newtype") {
      field = index.structOf(v.shape.type)?.fields.find((f) => f.names.spec === a.field);
      kind = "newtype-field";
    }
    if (!field || field.skip) {
      paths[v.names.spec] = undefined;
      if (!a.partial) {
        diags.add(
          "accessor-missing",
          v.loc,
          `variant \`${v.names.spec}\` has no field \`${a.field}\`, which accessor \`${a.fn.spec}\` of \`${u.names.spec}\` reads`,
          `add the field to the variant, or declare the accessor \`partial: true\` (it then returns undefined here)`,
        );
      }
      continue;
    }
    paths[v.names.spec] = { kind, wire: field.wire, rustField: field.names.rust };
    if (type === undefined) {
      type = field.type;
      typeFrom = v.names.spec;
    } else if (!sameType(type, field.type)) {
      diags.add(
        "accessor-type-mismatch",
        field.loc,
        `field \`${a.field}\` is ${showType(field.type)} in variant \`${v.names.spec}\` but ${showType(type)} in \`${typeFrom}\`; accessor \`${a.fn.spec}\` needs one type`,
        "give the field the same type in every variant",
      );
    }
  }
  if (type === undefined) {
    diags.add("accessor-missing", a.loc, `accessor \`${a.fn.spec}\` reads field \`${a.field}\`, which no variant of \`${u.names.spec}\` has`);
  }
  return { ...a, type: type ?? { kind: "json" }, paths };
}

/**
 * An alias that reaches itself through aliases only (`L: list<L>`, or `A: option<B>` with `B: map<A>`): Rust type
 * aliases cannot be recursive at all, box or not. Returns how many aliases were reported.
 */
function checkAliasCycles(program: IrProgram, index: CheckIndex, diags: DiagnosticBag): number {
  const aliasTargets = (t: TypeRef, out: AliasDecl[]): AliasDecl[] => {
    if (t.kind === "option" || t.kind === "box") aliasTargets(t.inner, out);
    else if (t.kind === "list") aliasTargets(t.item, out);
    else if (t.kind === "map") aliasTargets(t.value, out);
    else if (t.kind === "named") {
      const d = index.get(t.family, t.name);
      if (d?.kind === "alias") out.push(d);
    }
    return out;
  };
  const inReportedCycle = new Set<Decl>();
  let reported = 0;
  for (const f of program.families) {
    for (const start of f.decls) {
      if (start.kind !== "alias" || inReportedCycle.has(start)) continue;
      // Breadth-first over the aliases `start` reaches; a path back to `start` is the cycle to name.
      const from = new Map<AliasDecl, AliasDecl>();
      const queue: AliasDecl[] = [start];
      let closing: AliasDecl | undefined;
      while (queue.length > 0 && closing === undefined) {
        const d = queue.shift()!;
        for (const next of aliasTargets(d.target, [])) {
          if (next === start) {
            closing = d;
            break;
          }
          if (!from.has(next)) {
            from.set(next, d);
            queue.push(next);
          }
        }
      }
      if (closing === undefined) continue;
      const cycle: AliasDecl[] = [start];
      for (let d: AliasDecl | undefined = closing; d !== start && d !== undefined; d = from.get(d)) cycle.splice(1, 0, d);
      for (const d of cycle) inReportedCycle.add(d);
      const path = [...cycle, start].map((d) => d.names.spec);
      reported++;
      diags.add(
        "recursive-alias",
        start.loc,
        `alias \`${start.names.spec}\` refers to itself (${path.join(" → ")}); Rust type aliases cannot be recursive`,
        "make one of them a newtype (`kind: newtype`), which may refer to itself through list<…>, map<…> or box<…>",
      );
    }
  }
  return reported;
}

/** A cycle of by-value containment (no list, map or box on it) has infinite size in Rust. */
function checkRecursion(program: IrProgram, index: CheckIndex, diags: DiagnosticBag): void {
  type Edge = { to: Decl; loc: SourceLoc; via: string };
  const edges = (d: Decl): Edge[] => {
    const out: Edge[] = [];
    const visit = (t: TypeRef, loc: SourceLoc, via: string) => {
      if (t.kind === "option") visit(t.inner, loc, via);
      else if (t.kind === "named") {
        const target = index.get(t.family, t.name);
        if (target) out.push({ to: target, loc, via });
      }
    };
    const fieldsOf = (fs: readonly Field[], owner: string) => {
      for (const f of fs) if (!f.skip) visit(f.type, f.loc, `${owner}.${f.names.spec}`);
    };
    if (d.kind === "struct") fieldsOf(d.fields, d.names.spec);
    if (d.kind === "newtype") visit(d.inner, d.loc, d.names.spec);
    if (d.kind === "alias") visit(d.target, d.loc, d.names.spec);
    if (d.kind === "union") {
      for (const v of d.variants) {
        if (v.shape.kind === "struct") fieldsOf(v.shape.fields, `${d.names.spec}::${v.names.spec}`);
        if (v.shape.kind === "newtype") visit(v.shape.type, v.loc, `${d.names.spec}::${v.names.spec}`);
      }
    }
    return out;
  };
  const state = new Map<Decl, "active" | "done">();
  const stack: Edge[] = [];
  const reported = new Set<Decl>();
  const dfs = (d: Decl) => {
    state.set(d, "active");
    for (const e of edges(d)) {
      const s = state.get(e.to);
      if (s === "active") {
        const start = stack.findIndex((x) => x.to === e.to);
        const cycle = [...stack.slice(start + 1), e];
        if (!reported.has(e.to)) {
          reported.add(e.to);
          const path = [e.to.names.spec, ...cycle.map((c) => c.to.names.spec)].join(" → ");
          diags.add(
            "recursive-without-box",
            e.loc,
            `\`${e.via}\` makes \`${e.to.names.spec}\` contain itself (${path}) with no indirection`,
            "wrap the reference in box<…> (or use list<…>/map<…>), as Rust requires",
          );
        }
      } else if (s === undefined) {
        stack.push(e);
        dfs(e.to);
        stack.pop();
      }
    }
    state.set(d, "done");
  };
  for (const f of program.families) for (const d of f.decls) if (!state.has(d)) {
    stack.length = 0;
    stack.push({ to: d, loc: d.loc, via: d.names.spec });
    dfs(d);
  }
}
