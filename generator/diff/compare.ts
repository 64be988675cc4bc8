/**
 * Compares two resolved programs by serde's wire rules: family by family, type by type, variant by variant and field
 * by field, after renames, aliases, `rename_all` and defaults are applied (the IR holds them resolved), so a change
 * of spelling that leaves the wire alone is reported as a source change only.
 *
 * The verdicts follow what serde_derive's generated code does: unknown keys are ignored unless
 * `deny_unknown_fields`; a missing field is an error unless it is an `Option`, has a default, or its container has
 * one; a tag no variant (nor alias) declares is an error unless a catch-all arm takes it; integers are range-checked.
 */
import { indexDecls, tagKey, type DeclIndex, unbox } from "../ir/lookup";
import type {
  Decl,
  EnumDecl,
  Family,
  Field,
  IrProgram,
  SourceLoc,
  StructDecl,
  TypeRef,
  UnionDecl,
  Variant,
} from "../ir/types";
import { WirePath, type Finding, type FindingCode, type Verdict } from "./findings";

export interface DiffOptions {
  /**
   * Families compared under different names, old → new (two versions of one runtime's events kept as
   * `harn_legacy` and `harn`). Families of the same name are paired without being named here.
   */
  readonly pairs?: ReadonlyMap<string, string>;
}

/** Every finding between the generated families of `before` and `after`, in a stable order. */
export function diffPrograms(before: IrProgram, after: IrProgram, options: DiffOptions = {}): Finding[] {
  return new Differ(before, after, options).run();
}

/** A type as it is on the wire: boxes, aliases and newtypes are transparent there. */
type Wire =
  | { readonly kind: "builtin"; readonly t: Exclude<TypeRef, { kind: "option" | "list" | "map" | "box" | "named" }> }
  | { readonly kind: "option"; readonly inner: TypeRef }
  | { readonly kind: "list"; readonly item: TypeRef }
  | { readonly kind: "map"; readonly value: TypeRef }
  | { readonly kind: "decl"; readonly decl: StructDecl | EnumDecl | UnionDecl; readonly family: string }
  | { readonly kind: "unresolved" };

/** The keys a struct shows on the wire, flattened structs expanded; `rest`: a flattened map takes every other key. */
interface KeySet {
  readonly entries: readonly Field[];
  readonly rest?: TypeRef;
  /** Flattened members that are neither structs nor maps (unions, options): compared as pseudo-fields. */
  readonly opaque: readonly Field[];
}

const both = (v: Verdict): [Verdict, Verdict] => [v, v];

class Differ {
  private readonly oldIx: DeclIndex;
  private readonly newIx: DeclIndex;
  private readonly out: Finding[] = [];
  /** Pairs of declarations compared already (recursion and shared types are compared once). */
  private readonly compared = new Set<string>();
  /** Old family name → new family name, for every paired family. */
  private readonly familyMap = new Map<string, string>();

  constructor(
    private readonly before: IrProgram,
    private readonly after: IrProgram,
    private readonly options: DiffOptions,
  ) {
    this.oldIx = indexDecls(before);
    this.newIx = indexDecls(after);
  }

  run(): Finding[] {
    const oldFams = this.before.families.filter((f) => f.generated);
    const newFams = this.after.families.filter((f) => f.generated);
    const newByName = new Map(newFams.map((f) => [f.name, f]));
    const pairedNew = new Set<string>();
    const pairs: [Family, Family][] = [];
    for (const o of oldFams) {
      const n = newByName.get(this.options.pairs?.get(o.name) ?? o.name);
      if (n === undefined) {
        this.add(
          "family-removed",
          WirePath.family(o.name),
          ["breaking", "compatible"],
          `family \`${o.name}\` is gone: new readers have no decoder for its events`,
          o.loc,
        );
        continue;
      }
      pairs.push([o, n]);
      pairedNew.add(n.name);
      this.familyMap.set(o.name, n.name);
    }
    for (const n of newFams) {
      if (!pairedNew.has(n.name))
        this.add(
          "family-added",
          WirePath.family(n.name),
          both("compatible"),
          `family \`${n.name}\` is new`,
          undefined,
          n.loc,
        );
    }
    for (const [o, n] of pairs) this.family(o, n);
    return this.out;
  }

  private add(
    code: FindingCode,
    path: WirePath,
    [backward, forward]: [Verdict, Verdict],
    message: string,
    old?: SourceLoc,
    neu?: SourceLoc,
    source?: true,
  ): void {
    this.out.push({
      code,
      path: path.text,
      steps: path.steps,
      backward,
      forward,
      message,
      ...(old !== undefined ? { old } : {}),
      ...(neu !== undefined ? { new: neu } : {}),
      ...(source ? { source } : {}),
    });
  }

  // ----------------------------------------------------------------------------------------------- families, types

  private family(o: Family, n: Family): void {
    const newDecls = new Map(n.decls.map((d) => [d.names.spec, d]));
    const oldNames = new Set(o.decls.map((d) => d.names.spec));
    // The roots are compared even when renamed: they are what a log holds.
    if (o.root !== undefined && n.root !== undefined && o.root !== n.root) {
      const od = o.decls.find((d) => d.names.spec === o.root)!;
      const nd = n.decls.find((d) => d.names.spec === n.root)!;
      this.add(
        "type-removed",
        WirePath.type(n.name, o.name, o.root, n.name, n.root),
        both("compatible"),
        `the root union is now \`${n.root}\` (was \`${o.root}\`): a TypeScript and Rust rename; the wire is compared below`,
        od.loc,
        nd.loc,
        true,
      );
      this.decl(od, o.name, nd, n.name, WirePath.type(n.name, o.name, o.root, n.name, n.root));
    }
    // A type may move to a family the new one imports it from (harn imports harn_legacy's `ToolKind`).
    for (const i of n.imports) {
      const d = this.newIx.get(i.family, i.name);
      if (d !== undefined && !newDecls.has(i.name)) newDecls.set(i.name, d);
    }
    const familyOf = (d: Decl) => (n.decls.includes(d) ? n.name : d.family);
    for (const od of o.decls) {
      const nd = newDecls.get(od.names.spec);
      if (nd === undefined) {
        if (od.names.spec !== o.root || n.root === undefined) {
          this.add(
            "type-removed",
            WirePath.type(n.name, o.name, od.names.spec, undefined, undefined),
            both("compatible"),
            `type \`${od.names.spec}\` is gone from the generated code (its codecs and TypeScript type)`,
            od.loc,
            undefined,
            true,
          );
        }
        continue;
      }
      this.decl(
        od,
        o.name,
        nd,
        familyOf(nd),
        WirePath.type(n.name, o.name, od.names.spec, familyOf(nd), nd.names.spec),
      );
    }
    for (const nd of n.decls) {
      if (!oldNames.has(nd.names.spec) && nd.names.spec !== n.root) {
        this.add(
          "type-added",
          WirePath.type(n.name, undefined, undefined, n.name, nd.names.spec),
          both("compatible"),
          `type \`${nd.names.spec}\` is new`,
          undefined,
          nd.loc,
          true,
        );
      }
    }
  }

  /** Compares two declarations (once: a pair reached again through a field is not repeated). */
  private decl(od: Decl, oFam: string, nd: Decl, nFam: string, path: WirePath): void {
    this.types(
      { kind: "named", name: od.names.spec, family: oFam },
      { kind: "named", name: nd.names.spec, family: nFam },
      path,
      od.loc,
      nd.loc,
    );
  }

  private wire(t: TypeRef, ix: DeclIndex, seen = 0): Wire {
    const u = unbox(t);
    switch (u.kind) {
      case "option":
        return { kind: "option", inner: u.inner };
      case "list":
        return { kind: "list", item: u.item };
      case "map":
        return { kind: "map", value: u.value };
      case "box":
        return this.wire(u.inner, ix, seen + 1);
      case "named": {
        const d = ix.get(u.family, u.name);
        if (d === undefined || seen > 64) return { kind: "unresolved" };
        if (d.kind === "alias") return this.wire(d.target, ix, seen + 1);
        if (d.kind === "newtype") return this.wire(d.inner, ix, seen + 1);
        return { kind: "decl", decl: d, family: u.family };
      }
      default:
        return { kind: "builtin", t: u };
    }
  }

  // ----------------------------------------------------------------------------------------------- type expressions

  private types(o: TypeRef, n: TypeRef, path: WirePath, oLoc?: SourceLoc, nLoc?: SourceLoc): void {
    const ow = this.wire(o, this.oldIx);
    const nw = this.wire(n, this.newIx);
    if (ow.kind === "option" && nw.kind === "option") return this.types(ow.inner, nw.inner, path, oLoc, nLoc);
    if (nw.kind === "option" && ow.kind !== "option") {
      this.add(
        "option-added",
        path,
        ["compatible", "breaking"],
        "now an Option: new writers write `null` for None, which old readers reject",
        oLoc,
        nLoc,
      );
      return this.types(o, nw.inner, path, oLoc, nLoc);
    }
    if (ow.kind === "option" && nw.kind !== "option") {
      this.add(
        "option-removed",
        path,
        ["breaking", "compatible"],
        "no longer an Option: old data may hold `null`, which new readers reject",
        oLoc,
        nLoc,
      );
      return this.types(ow.inner, n, path, oLoc, nLoc);
    }
    if (ow.kind === "list" && nw.kind === "list") return this.types(ow.item, nw.item, path.item(), oLoc, nLoc);
    if (ow.kind === "map" && nw.kind === "map") return this.types(ow.value, nw.value, path.value(), oLoc, nLoc);
    if (ow.kind === "builtin" && nw.kind === "builtin") return this.builtins(ow.t, nw.t, path, oLoc, nLoc);
    if (ow.kind === "builtin" && ow.t.kind === "json") {
      this.add(
        "json-narrowed",
        path,
        ["breaking", "compatible"],
        "was any JSON value: old data may hold values of another shape",
        oLoc,
        nLoc,
      );
      return;
    }
    if (nw.kind === "builtin" && nw.t.kind === "json") {
      this.add(
        "json-widened",
        path,
        ["compatible", "breaking"],
        "now any JSON value: new writers may write values old readers reject",
        oLoc,
        nLoc,
      );
      return;
    }
    if (ow.kind === "decl" && nw.kind === "decl" && ow.decl.kind === nw.decl.kind) {
      const key = `${ow.family}/${ow.decl.names.spec}→${nw.family}/${nw.decl.names.spec}`;
      if (this.compared.has(key)) return;
      this.compared.add(key);
      // A pair of the same name in paired families is reported at the type's own path, wherever it is reached first.
      const top = ow.decl.names.spec === nw.decl.names.spec && this.familyMap.get(ow.family) === nw.family;
      const here = top ? WirePath.type(nw.family, ow.family, ow.decl.names.spec, nw.family, nw.decl.names.spec) : path;
      switch (ow.decl.kind) {
        case "struct":
          return this.structs(ow.decl, nw.decl as StructDecl, here);
        case "enum":
          return this.enums(ow.decl, nw.decl as EnumDecl, here);
        case "union":
          return this.unions(ow.decl, nw.decl as UnionDecl, here);
      }
    }
    if (ow.kind === "unresolved" || nw.kind === "unresolved") return;
    this.add(
      "type-changed",
      path,
      both("breaking"),
      `type changed from ${describe(ow)} to ${describe(nw)}`,
      oLoc,
      nLoc,
    );
  }

  private builtins(o: BuiltinRef, n: BuiltinRef, path: WirePath, oLoc?: SourceLoc, nLoc?: SourceLoc): void {
    if (o.kind === "int" && n.kind === "int") {
      if (o.bigint !== n.bigint) {
        this.add(
          "bigint-changed",
          path,
          both("compatible"),
          `TypeScript type changed from ${o.bigint ? "bigint" : "number"} to ${n.bigint ? "bigint" : "number"} (the wire is the same)`,
          oLoc,
          nLoc,
          true,
        );
      }
      if (o.min === n.min && o.max === n.max) return;
      const oldFits = o.min >= n.min && o.max <= n.max;
      const newFits = n.min >= o.min && n.max <= o.max;
      const code: FindingCode = oldFits ? "int-widened" : newFits ? "int-narrowed" : "int-range-changed";
      const range = `${o.name} [${o.min}, ${o.max}] → ${n.name} [${n.min}, ${n.max}]`;
      this.add(
        code,
        path,
        [oldFits ? "compatible" : "breaking", newFits ? "compatible" : "breaking"],
        `integer ${range}: serde rejects a number out of the reader's range`,
        oLoc,
        nLoc,
      );
      return;
    }
    if (o.kind === "float" && n.kind === "float") {
      if (o.name === n.name) return;
      const widened = o.name === "f32";
      // serde_json's default build reads a number beyond f32's range into an f32 as infinity (written back as
      // `null`) and rounds the others: the value changes, nothing is rejected. With its `float_roundtrip` feature
      // the same number is `number out of range` (test/diff/serde-proof.test.ts builds both): the message says so.
      this.add(
        widened ? "float-widened" : "float-narrowed",
        path,
        widened ? ["compatible", "changed"] : ["changed", "compatible"],
        `${o.name} → ${n.name}: an f32 reader rounds f64 values and reads those beyond f32's range as infinity ` +
          "(a Rust reader built with serde_json's float_roundtrip rejects them: number out of range)",
        oLoc,
        nLoc,
      );
      return;
    }
    if (o.kind === n.kind) return;
    const strings = new Set(["string", "timestamp", "uuid"]);
    if (strings.has(o.kind) && strings.has(n.kind)) {
      // A plain string reads any of the formatted ones; a formatted one rejects other strings.
      const verdicts: [Verdict, Verdict] = [
        n.kind === "string" ? "compatible" : "breaking",
        o.kind === "string" ? "compatible" : "breaking",
      ];
      this.add(
        "string-format-changed",
        path,
        verdicts,
        `string format changed from ${o.kind} to ${n.kind}`,
        oLoc,
        nLoc,
      );
      return;
    }
    if (o.kind === "json" || n.kind === "json") {
      const widened = n.kind === "json";
      this.add(
        widened ? "json-widened" : "json-narrowed",
        path,
        widened ? ["compatible", "breaking"] : ["breaking", "compatible"],
        widened
          ? "now any JSON value: new writers may write values old readers reject"
          : "was any JSON value: old data may hold values of another shape",
        oLoc,
        nLoc,
      );
      return;
    }
    if (o.kind === "int" && n.kind === "float") {
      // serde's f64 reads integers; beyond 2^53 (or f32's 2^24) the value is rounded.
      const exact = (n.name === "f64" ? 2n ** 53n : 2n ** 24n) >= (o.max > -o.min ? o.max : -o.min);
      this.add(
        "type-changed",
        path,
        [exact ? "compatible" : "changed", "breaking"],
        `${o.name} → ${n.name}: new readers read the integers${exact ? "" : ", rounding large ones"}; old readers reject fractions`,
        oLoc,
        nLoc,
      );
      return;
    }
    if (o.kind === "float" && n.kind === "int") {
      this.add(
        "type-changed",
        path,
        ["breaking", "compatible"],
        `${o.name} → ${n.name}: new readers reject fractions and floats such as \`1.0\``,
        oLoc,
        nLoc,
      );
      return;
    }
    this.add("type-changed", path, both("breaking"), `type changed from ${o.kind} to ${n.kind}`, oLoc, nLoc);
  }

  // ----------------------------------------------------------------------------------------------- structs

  private structs(o: StructDecl, n: StructDecl, path: WirePath): void {
    this.fields(
      { fields: o.fields, deny: o.denyUnknownFields, containerDefault: o.containerDefault, loc: o.loc },
      { fields: n.fields, deny: n.denyUnknownFields, containerDefault: n.containerDefault, loc: n.loc },
      path,
    );
  }

  private keySet(fields: readonly Field[], ix: DeclIndex, depth = 0): KeySet {
    const entries: Field[] = [];
    const opaque: Field[] = [];
    let rest: TypeRef | undefined;
    for (const f of fields) {
      if (f.skip) continue;
      if (!f.flatten) {
        entries.push(f);
        continue;
      }
      const w = this.wire(f.type, ix);
      if (w.kind === "decl" && w.decl.kind === "struct" && depth < 16) {
        const inner = this.keySet(w.decl.fields, ix, depth + 1);
        entries.push(...inner.entries);
        opaque.push(...inner.opaque);
        rest ??= inner.rest;
      } else if (w.kind === "map") {
        rest ??= w.value;
      } else {
        opaque.push(f);
      }
    }
    return { entries, opaque, ...(rest !== undefined ? { rest } : {}) };
  }

  private fields(o: FieldsSide, n: FieldsSide, path: WirePath): void {
    const ok = this.keySet(o.fields, this.oldIx);
    const nk = this.keySet(n.fields, this.newIx);
    if (o.deny !== n.deny) {
      const code: FindingCode = n.deny ? "deny-unknown-fields-added" : "deny-unknown-fields-removed";
      this.add(
        code,
        path,
        both("compatible"),
        n.deny
          ? "deny_unknown_fields added: keys the new reader does not know are errors (see the field findings)"
          : "deny_unknown_fields removed: unknown keys are ignored",
        o.loc,
        n.loc,
      );
    }
    if ((ok.rest === undefined) !== (nk.rest === undefined)) {
      this.add(
        "flatten-changed",
        path,
        ok.rest !== undefined ? ["breaking", "compatible"] : ["compatible", "breaking"],
        ok.rest !== undefined
          ? "no longer flattens a map: keys old writers put there are unknown now"
          : "now flattens a map: new writers may write keys old readers do not know",
        o.loc,
        n.loc,
      );
    } else if (ok.rest !== undefined && nk.rest !== undefined) {
      this.types(ok.rest, nk.rest, path.value(), o.loc, n.loc);
    }
    const oldFlat = new Map(ok.opaque.map((f) => [f.names.spec, f]));
    const newFlat = new Map(nk.opaque.map((f) => [f.names.spec, f]));
    for (const [name, f] of oldFlat) {
      const g = newFlat.get(name);
      if (g === undefined)
        this.add(
          "flatten-changed",
          path.member(name, undefined),
          both("breaking"),
          `flattened member \`${name}\` is gone`,
          f.loc,
          n.loc,
        );
      else this.types(f.type, g.type, path.member(name, name), f.loc, g.loc);
    }
    for (const [name, g] of newFlat) {
      if (!oldFlat.has(name))
        this.add(
          "flatten-changed",
          path.member(undefined, name),
          both("breaking"),
          `flattened member \`${name}\` is new`,
          o.loc,
          g.loc,
        );
    }

    const matched = new Map<Field, Field>();
    const newUsed = new Set<Field>();
    const keys = (f: Field) => [f.wire, ...f.aliases];
    // Pair by wire key, then by a key one side accepts as an alias, then by the spec's name (a wire rename).
    const passes: ((a: Field, b: Field) => boolean)[] = [
      (a, b) => a.wire === b.wire,
      (a, b) => keys(b).includes(a.wire) || keys(a).includes(b.wire),
      (a, b) => a.names.spec === b.names.spec,
    ];
    for (const pass of passes) {
      for (const a of ok.entries) {
        if (matched.has(a)) continue;
        const b = nk.entries.find((x) => !newUsed.has(x) && pass(a, x));
        if (b !== undefined) {
          matched.set(a, b);
          newUsed.add(b);
        }
      }
    }
    const required = (f: Field, side: FieldsSide) => !f.optional && !side.containerDefault;
    const oldKnows = (k: string) => ok.rest !== undefined || ok.entries.some((f) => keys(f).includes(k));
    const newKnows = (k: string) => nk.rest !== undefined || nk.entries.some((f) => keys(f).includes(k));

    for (const a of ok.entries) {
      const b = matched.get(a);
      const p = path.field(a.wire, b?.wire);
      if (b === undefined) {
        const backward: Verdict = n.deny && !newKnows(a.wire) ? "breaking" : "compatible";
        const forward: Verdict = required(a, o) ? "breaking" : "compatible";
        const code: FindingCode = required(a, o) ? "field-removed-required" : "field-removed-optional";
        const why = [
          backward === "breaking"
            ? "new readers deny the unknown key old writers write"
            : "new readers ignore the key in old data",
          forward === "breaking"
            ? `old readers require it (serde: \`missing field \\\`${a.wire}\\\`\`)`
            : "old readers fill in its default",
        ];
        this.add(code, p, [backward, forward], `field \`${a.wire}\` removed: ${why.join("; ")}`, a.loc, n.loc);
        continue;
      }
      this.fieldPair(a, o, b, n, p);
    }
    for (const b of nk.entries) {
      if (newUsed.has(b)) continue;
      const p = path.field(undefined, b.wire);
      const backward: Verdict = required(b, n) ? "breaking" : "compatible";
      const forward: Verdict = o.deny && !oldKnows(b.wire) ? "breaking" : "compatible";
      const code: FindingCode = required(b, n) ? "field-added-required" : "field-added-optional";
      const why = [
        backward === "breaking"
          ? `old data lacks it (serde: \`missing field \\\`${b.wire}\\\`\`)`
          : "new readers fill in its default where old data lacks it",
        forward === "breaking" ? "old readers deny the unknown key" : "old readers ignore it",
      ];
      this.add(code, p, [backward, forward], `field \`${b.wire}\` added: ${why.join("; ")}`, o.loc, b.loc);
    }
  }

  private fieldPair(a: Field, o: FieldsSide, b: Field, n: FieldsSide, path: WirePath): void {
    const required = (f: Field, side: FieldsSide) => !f.optional && !side.containerDefault;
    const keys = (f: Field) => [f.wire, ...f.aliases];
    if (a.names.spec !== b.names.spec && a.wire === b.wire) {
      this.add(
        "field-renamed",
        path,
        both("compatible"),
        `Rust field \`${a.names.spec}\` is now \`${b.names.spec}\` (the wire key is the same)`,
        a.loc,
        b.loc,
        true,
      );
    }
    const newReadsOld = keys(b).includes(a.wire);
    const oldReadsNew = keys(a).includes(b.wire);
    if (a.wire !== b.wire || !newReadsOld || !oldReadsNew) {
      const backward: Verdict = newReadsOld ? "compatible" : required(b, n) ? "breaking" : "changed";
      const forward: Verdict = oldReadsNew ? "compatible" : required(a, o) ? "breaking" : "changed";
      if (a.wire !== b.wire || backward !== "compatible" || forward !== "compatible") {
        const note = [
          newReadsOld
            ? "new readers accept the old key"
            : `new readers do not read \`${a.wire}\`${backward === "breaking" ? " and require the field" : " (default used)"}`,
          oldReadsNew
            ? "old readers accept the new key"
            : `old readers do not read \`${b.wire}\`${forward === "breaking" ? " and require the field" : " (default used)"}`,
        ];
        this.add(
          "field-wire-renamed",
          path,
          [backward, forward],
          `key \`${a.wire}\` → \`${b.wire}\`: ${note.join("; ")}`,
          a.loc,
          b.loc,
        );
      }
    }
    const aReq = required(a, o);
    const bReq = required(b, n);
    const aOmit = a.skipSerializingIf !== undefined;
    const bOmit = b.skipSerializingIf !== undefined;
    if (bReq && !aReq) {
      this.add(
        "field-now-required",
        path,
        [aOmit ? "breaking" : "compatible", "compatible"],
        aOmit
          ? "now required, and old writers omit it when empty (serde: missing field)"
          : "now required; old writers always write it",
        a.loc,
        b.loc,
      );
    } else if (aReq && !bReq) {
      this.add(
        "field-now-optional",
        path,
        ["compatible", bOmit ? "breaking" : "compatible"],
        bOmit
          ? "now optional and omitted when empty, which old readers reject (serde: missing field)"
          : "now optional; new writers still always write it",
        a.loc,
        b.loc,
      );
    } else if (bOmit && !aOmit) {
      this.add(
        "field-may-be-omitted",
        path,
        ["compatible", aReq ? "breaking" : "compatible"],
        `new writers omit it when \`skip_serializing_if: ${b.skipSerializingIf}\` holds${aReq ? "; old readers require it" : ""}`,
        a.loc,
        b.loc,
      );
    } else if (aOmit && !bOmit) {
      this.add(
        "field-always-written",
        path,
        [bReq ? "breaking" : "compatible", "compatible"],
        `new writers always write it; old writers omitted it${bReq ? " and new readers require it" : ""}`,
        a.loc,
        b.loc,
      );
    }
    const aDefault = JSON.stringify(a.default);
    const bDefault = JSON.stringify(b.default);
    if (a.default.kind !== "none" && b.default.kind !== "none" && aDefault !== bDefault) {
      this.add(
        "default-changed",
        path,
        [aOmit ? "changed" : "compatible", bOmit ? "changed" : "compatible"],
        `default changed: a missing \`${b.wire}\` reads as another value`,
        a.loc,
        b.loc,
      );
    }
    this.types(a.type, b.type, path, a.loc, b.loc);
  }

  // ----------------------------------------------------------------------------------------------- enums and unions

  private enums(o: EnumDecl, n: EnumDecl, path: WirePath): void {
    const arms = (e: EnumDecl) =>
      e.values.map((v) => ({ spec: v.names.spec, wire: v.wire, aliases: v.aliases, loc: v.loc }));
    this.arms(arms(o), arms(n), { catchAllOld: false, catchAllNew: false, path, value: true });
  }

  private unions(o: UnionDecl, n: UnionDecl, path: WirePath): void {
    const repr = (u: UnionDecl) =>
      u.repr.kind === "internal"
        ? `internally tagged (\`${u.repr.tag}\`)`
        : u.repr.kind === "adjacent"
          ? `adjacently tagged (\`${u.repr.tag}\`, \`${u.repr.content}\`)`
          : u.repr.kind === "external"
            ? "externally tagged"
            : "untagged";
    if (repr(o) !== repr(n)) {
      // Internally and adjacently tagged with one tag key write a unit variant alike (`{"type":"A"}`), and serde
      // reads it either way; every other variant, and every other change of representation, reads across nothing.
      const oTag = tagKey(o);
      const unitsOnly =
        oTag !== undefined &&
        oTag === tagKey(n) &&
        o.variants.every((v) => v.shape.kind === "unit" || v.shape.kind === "lossless") &&
        n.variants.every((v) => v.shape.kind === "unit" || v.shape.kind === "lossless");
      const why = unitsOnly
        ? "its unit variants are written alike and read either way"
        : "no event with data reads across it";
      this.add(
        "representation-changed",
        path,
        both(unitsOnly ? "compatible" : "breaking"),
        `representation changed from ${repr(o)} to ${repr(n)}: ${why}`,
        o.loc,
        n.loc,
      );
      if (!unitsOnly) return;
    }
    if ((o.catchAll === undefined) !== (n.catchAll === undefined)) {
      const added = n.catchAll !== undefined;
      this.add(
        added ? "catch-all-added" : "catch-all-removed",
        path,
        added ? both("compatible") : ["breaking", "compatible"],
        added
          ? "unknown tags are now read by a catch-all arm"
          : "unknown tags are errors again: old data a catch-all read may be rejected",
        o.loc,
        n.loc,
      );
    }
    const tagged = (u: UnionDecl) =>
      u.variants
        .filter((v) => v.shape.kind !== "lossless")
        .map((v) => ({ spec: v.names.spec, wire: v.wire, aliases: v.aliases, loc: v.loc, v }));
    const untagged = o.repr.kind === "untagged" && n.repr.kind === "untagged";
    const pairs = this.arms(tagged(o), tagged(n), {
      catchAllOld: o.catchAll !== undefined,
      catchAllNew: n.catchAll !== undefined,
      path,
      value: false,
      ...(untagged ? { untagged: this.untaggedVerdicts(o, n) } : {}),
    });
    for (const [a, b] of pairs) this.variantShapes(o, a.v, n, b.v, path.variant(a.v.names.spec, b.v.names.spec));
    if (untagged)
      this.untaggedOrder(
        o,
        n,
        pairs.map(([a, b]) => [a.v, b.v]),
        path,
      );
    this.accessorsAndTables(o, n, path);
  }

  /**
   * Pairs the arms of two enums or unions by wire tag, then alias, then spec name; reports the unpaired and the
   * renamed ones. Returns the pairs for the caller to compare further.
   */
  private arms<A extends { spec: string; wire: string; aliases: readonly string[]; loc: SourceLoc }>(
    olds: readonly A[],
    news: readonly A[],
    ctx: { catchAllOld: boolean; catchAllNew: boolean; path: WirePath; value: boolean; untagged?: UntaggedVerdicts },
  ): [A, A][] {
    const pairs: [A, A][] = [];
    const used = new Set<A>();
    const done = new Set<A>();
    const tags = (x: A) => [x.wire, ...x.aliases];
    const passes: ((a: A, b: A) => boolean)[] = [
      (a, b) => a.wire === b.wire,
      (a, b) => tags(b).includes(a.wire) || tags(a).includes(b.wire),
      (a, b) => a.spec === b.spec,
    ];
    for (const pass of passes) {
      for (const a of olds) {
        if (done.has(a)) continue;
        const b = news.find((x) => !used.has(x) && pass(a, x));
        if (b === undefined) continue;
        done.add(a);
        used.add(b);
        pairs.push([a, b]);
      }
    }
    const what = ctx.value ? "enum value" : "variant";
    const unknownOld = ctx.catchAllOld ? "changed" : "breaking";
    const unknownNew = ctx.catchAllNew ? "changed" : "breaking";
    for (const [a, b] of pairs) {
      const p = ctx.path.variant(a.spec, b.spec);
      if (a.spec !== b.spec) {
        this.add(
          "variant-renamed",
          p,
          both("compatible"),
          `${what} \`${a.spec}\` is now \`${b.spec}\` in TypeScript and Rust (wire tag \`${b.wire}\`)`,
          a.loc,
          b.loc,
          true,
        );
      }
      const newReadsOld = tags(b).includes(a.wire);
      const oldReadsNew = tags(a).includes(b.wire);
      if (a.wire !== b.wire) {
        this.add(
          "tag-renamed",
          p,
          [newReadsOld ? "compatible" : unknownNew, oldReadsNew ? "compatible" : unknownOld],
          `tag \`${a.wire}\` → \`${b.wire}\`${newReadsOld ? " (new readers accept the old tag as an alias)" : ""}${oldReadsNew ? " (old readers accept the new tag)" : ""}`,
          a.loc,
          b.loc,
        );
      }
      for (const al of b.aliases.filter((x) => !a.aliases.includes(x) && x !== a.wire))
        this.add("alias-added", p, both("compatible"), `new readers also accept the tag \`${al}\``, a.loc, b.loc);
      for (const al of a.aliases.filter((x) => !b.aliases.includes(x) && x !== b.wire)) {
        this.add(
          "alias-removed",
          p,
          both("compatible"),
          `new readers no longer accept the tag \`${al}\` (writers never wrote it; only data from elsewhere is affected)`,
          a.loc,
          b.loc,
        );
      }
    }
    for (const a of olds) {
      if (done.has(a)) continue;
      const captured = ctx.untagged?.removed(a.spec);
      if (captured !== undefined) {
        this.add(
          "variant-removed",
          ctx.path.variant(a.spec, undefined),
          ["changed", "compatible"],
          `untagged variant \`${a.spec}\` removed: new readers read its data as \`${captured}\` (serde tries the variants in order)`,
          a.loc,
        );
        continue;
      }
      this.add(
        ctx.value ? "enum-value-removed" : "variant-removed",
        ctx.path.variant(a.spec, undefined),
        [unknownNew, "compatible"],
        `${what} \`${a.wire}\` removed: new readers ${ctx.catchAllNew ? "read it as the catch-all arm" : "reject it (serde: unknown variant)"}`,
        a.loc,
      );
    }
    for (const b of news) {
      if (used.has(b)) continue;
      if (ctx.untagged !== undefined) {
        const { before, oldReader } = ctx.untagged.added(b.spec);
        const why = [
          before === undefined
            ? "new readers try it after the variants old writers wrote"
            : `new readers try it before \`${before}\`, whose data it also reads`,
          oldReader === undefined
            ? "old readers reject it (no variant matches)"
            : `old readers read it as \`${oldReader}\``,
        ];
        this.add(
          "variant-added",
          ctx.path.variant(undefined, b.spec),
          [before === undefined ? "compatible" : "changed", oldReader === undefined ? "breaking" : "changed"],
          `untagged variant \`${b.spec}\` added: ${why.join("; ")}`,
          undefined,
          b.loc,
        );
        continue;
      }
      this.add(
        ctx.value ? "enum-value-added" : "variant-added",
        ctx.path.variant(undefined, b.spec),
        ["compatible", unknownOld],
        `${what} \`${b.wire}\` added: old readers ${ctx.catchAllOld ? "read it as the catch-all arm" : "reject it (serde: unknown variant)"}`,
        undefined,
        b.loc,
      );
    }
    return pairs;
  }

  private variantShapes(ou: UnionDecl, o: Variant, nu: UnionDecl, n: Variant, path: WirePath): void {
    const fieldsOf = (u: UnionDecl, v: Variant): readonly Field[] | undefined =>
      v.shape.kind === "struct"
        ? v.shape.fields
        : v.shape.kind === "unit" && u.repr.kind === "internal"
          ? []
          : undefined;
    const of = fieldsOf(ou, o);
    const nf = fieldsOf(nu, n);
    if (o.shape.kind === "newtype" && n.shape.kind === "newtype")
      return this.types(o.shape.type, n.shape.type, path, o.loc, n.loc);
    if (of !== undefined && nf !== undefined && (o.shape.kind === n.shape.kind || ou.repr.kind === "internal")) {
      return this.fields(
        { fields: of, deny: ou.denyUnknownFields, containerDefault: false, loc: o.loc },
        { fields: nf, deny: nu.denyUnknownFields, containerDefault: false, loc: n.loc },
        path,
      );
    }
    if (o.shape.kind === n.shape.kind && o.shape.kind === "unit") return;
    // An internally tagged newtype over a struct reads like a struct variant of its fields.
    if (ou.repr.kind === "internal") {
      const sfields = (u: UnionDecl, v: Variant, ix: DeclIndex) => {
        if (v.shape.kind !== "newtype") return fieldsOf(u, v);
        const w = this.wire(v.shape.type, ix);
        return w.kind === "decl" && w.decl.kind === "struct" ? w.decl.fields : undefined;
      };
      const a = sfields(ou, o, this.oldIx);
      const b = sfields(nu, n, this.newIx);
      if (a !== undefined && b !== undefined) {
        return this.fields(
          { fields: a, deny: ou.denyUnknownFields, containerDefault: false, loc: o.loc },
          { fields: b, deny: nu.denyUnknownFields, containerDefault: false, loc: n.loc },
          path,
        );
      }
    }
    this.add(
      "type-changed",
      path,
      both("breaking"),
      `variant shape changed from ${o.shape.kind} to ${n.shape.kind}`,
      o.loc,
      n.loc,
    );
  }

  /**
   * serde reads an untagged union by trying its variants in order: the first that reads the data wins. A variant
   * added before others may take their data; an added one old readers lack may be read as one they have; a removed
   * one's data may be read as another.
   */
  private untaggedVerdicts(o: UnionDecl, n: UnionDecl): UntaggedVerdicts {
    const live = (u: UnionDecl) => u.variants.filter((v) => v.shape.kind !== "lossless");
    return {
      added: (spec) => {
        const nv = live(n);
        const i = nv.findIndex((v) => v.names.spec === spec);
        const b = nv[i]!;
        const oldSpecs = new Set(live(o).map((v) => v.names.spec));
        const before = nv
          .slice(i + 1)
          .find((v) => oldSpecs.has(v.names.spec) && this.readsVariant(n, b, this.newIx, n, v, this.newIx));
        const oldReader = live(o).find((w) => this.readsVariant(o, w, this.oldIx, n, b, this.newIx));
        return { before: before?.names.spec, oldReader: oldReader?.names.spec };
      },
      removed: (spec) => {
        const a = live(o).find((v) => v.names.spec === spec)!;
        return live(n).find((w) => this.readsVariant(n, w, this.newIx, o, a, this.oldIx))?.names.spec;
      },
    };
  }

  /** Untagged variants whose order changed: the one now tried first may take the other's data. */
  private untaggedOrder(
    o: UnionDecl,
    n: UnionDecl,
    pairs: readonly (readonly [Variant, Variant])[],
    path: WirePath,
  ): void {
    const oi = (v: Variant) => o.variants.indexOf(v);
    const ni = (v: Variant) => n.variants.indexOf(v);
    for (const [pa, pb] of pairs) {
      for (const [qa, qb] of pairs) {
        // p came before q in old, q comes before p in new.
        if (!(oi(pa) < oi(qa) && ni(qb) < ni(pb))) continue;
        const backward: Verdict = this.readsVariant(n, qb, this.newIx, o, pa, this.oldIx) ? "changed" : "compatible";
        const forward: Verdict = this.readsVariant(o, pa, this.oldIx, n, qb, this.newIx) ? "changed" : "compatible";
        if (backward === "compatible" && forward === "compatible") continue;
        const why = [
          backward === "changed" ? `new readers read old \`${pa.names.spec}\` data as \`${qb.names.spec}\`` : "",
          forward === "changed" ? `old readers read new \`${qb.names.spec}\` data as \`${pa.names.spec}\`` : "",
        ];
        this.add(
          "variant-reordered",
          path.variant(qa.names.spec, qb.names.spec),
          [backward, forward],
          `untagged variant \`${qb.names.spec}\` is now tried before \`${pb.names.spec}\`: ${why.filter((x) => x).join("; ")}`,
          qa.loc,
          qb.loc,
        );
      }
    }
  }

  /**
   * Whether untagged variant `w` (of `wu`) reads every value variant `v` (of `vu`) writes, as far as the IR tells
   * for sure: units read units; a newtype reads a newtype of the same type; a struct reads a struct that always
   * writes each key it requires, with the same type, and (when closed) no key it does not know.
   */
  private readsVariant(wu: UnionDecl, w: Variant, wIx: DeclIndex, vu: UnionDecl, v: Variant, vIx: DeclIndex): boolean {
    const same = (a: TypeRef, b: TypeRef) => sameShape(a, wIx, b, vIx);
    if (w.shape.kind === "unit" && v.shape.kind === "unit") return true;
    if (w.shape.kind === "newtype" && v.shape.kind === "newtype") return same(w.shape.type, v.shape.type);
    if (w.shape.kind !== "struct" || v.shape.kind !== "struct") return false;
    const vf = v.shape.fields.filter((f) => !f.skip);
    if (vf.some((f) => f.flatten) || w.shape.fields.some((f) => f.flatten)) return false;
    for (const f of w.shape.fields) {
      if (f.skip) continue;
      const g = vf.find((x) => x.wire === f.wire);
      if (g === undefined ? !f.optional : !same(f.type, g.type) || (!f.optional && g.skipSerializingIf !== undefined))
        return false;
    }
    return (
      !wu.denyUnknownFields ||
      vf.every(
        (g) => w.shape.kind === "struct" && w.shape.fields.some((f) => f.wire === g.wire || f.aliases.includes(g.wire)),
      )
    );
  }

  private accessorsAndTables(o: UnionDecl, n: UnionDecl, path: WirePath): void {
    const newAcc = new Map(n.accessors.map((a) => [a.fn.ts, a]));
    const oldAcc = new Set(o.accessors.map((a) => a.fn.ts));
    for (const a of o.accessors) {
      const b = newAcc.get(a.fn.ts);
      if (b === undefined)
        this.add(
          "accessor-removed",
          path.api(`${a.fn.ts}()`),
          both("compatible"),
          `accessor \`${a.fn.ts}\` is gone from the TypeScript API (and \`${a.fn.rust}\` from Rust)`,
          a.loc,
          undefined,
          true,
        );
      else if (a.partial !== b.partial || JSON.stringify(a.type) !== JSON.stringify(b.type)) {
        this.add(
          "accessor-changed",
          path.api(`${a.fn.ts}()`),
          both("compatible"),
          `accessor \`${a.fn.ts}\` now returns ${b.partial ? "a value or undefined" : "a value for every variant"}${JSON.stringify(a.type) !== JSON.stringify(b.type) ? " of another type" : ""}`,
          a.loc,
          b.loc,
          true,
        );
      }
    }
    for (const b of n.accessors) {
      if (!oldAcc.has(b.fn.ts))
        this.add(
          "accessor-added",
          path.api(`${b.fn.ts}()`),
          both("compatible"),
          `accessor \`${b.fn.ts}\` is new`,
          undefined,
          b.loc,
          true,
        );
    }
    const newTables = new Map(n.tables.map((t) => [t.names.spec, t]));
    for (const t of o.tables) {
      const u = newTables.get(t.names.spec);
      if (u === undefined) {
        this.add(
          "table-removed",
          path.api(`${t.fn.ts}()`),
          both("compatible"),
          `table \`${t.names.spec}\` (\`${t.fn.ts}\`) is gone`,
          t.loc,
          undefined,
          true,
        );
        continue;
      }
      for (const ov of o.variants) {
        const nv = n.variants.find((x) => x.names.spec === ov.names.spec);
        if (nv === undefined) continue;
        const a = ov.tableValues[t.names.spec];
        const b = nv.tableValues[t.names.spec];
        if (a !== b)
          this.add(
            "table-value-changed",
            path.variant(ov.names.spec, nv.names.spec).api(`${t.fn.ts}()`),
            both("compatible"),
            `\`${t.fn.ts}\` of \`${nv.names.spec}\` changed from ${JSON.stringify(a)} to ${JSON.stringify(b)}`,
            ov.loc,
            nv.loc,
            true,
          );
      }
    }
    for (const u of n.tables) {
      if (!o.tables.some((t) => t.names.spec === u.names.spec))
        this.add(
          "table-added",
          path.api(`${u.fn.ts}()`),
          both("compatible"),
          `table \`${u.names.spec}\` (\`${u.fn.ts}\`) is new`,
          undefined,
          u.loc,
          true,
        );
    }
  }
}

type BuiltinRef = Extract<Wire, { kind: "builtin" }>["t"];

interface FieldsSide {
  readonly fields: readonly Field[];
  readonly deny: boolean;
  readonly containerDefault: boolean;
  readonly loc: SourceLoc;
}

function describe(w: Wire): string {
  switch (w.kind) {
    case "builtin":
      return w.t.kind === "int" || w.t.kind === "float" ? w.t.name : w.t.kind;
    case "decl":
      return `${w.decl.kind} \`${w.decl.names.spec}\``;
    case "unresolved":
      return "an unresolved type";
    default:
      return w.kind;
  }
}

/** What the rules of untagged unions need to know about an added or a removed variant (by spec name). */
interface UntaggedVerdicts {
  /** `before`: an old variant, after the added one, whose data it reads; `oldReader`: the old variant reading it. */
  added(spec: string): { before: string | undefined; oldReader: string | undefined };
  /** The new variant that reads the removed one's data, if any. */
  removed(spec: string): string | undefined;
}

/** Whether two type expressions (each resolved in its own program) are the same on the wire, names aside. */
function sameShape(a: TypeRef, aIx: DeclIndex, b: TypeRef, bIx: DeclIndex, depth = 0): boolean {
  const ua = unbox(a);
  const ub = unbox(b);
  if (depth > 16) return false;
  if (ua.kind === "named" || ub.kind === "named") {
    if (ua.kind !== "named" || ub.kind !== "named") return false;
    const da = aIx.get(ua.family, ua.name);
    const db = bIx.get(ub.family, ub.name);
    return da !== undefined && db !== undefined && strip(da) === strip(db);
  }
  return strip(ua) === strip(ub);
}

/** A value as text without its locations and family names, for comparing declarations of two programs. */
function strip(x: unknown): string {
  return JSON.stringify(x, (k, v: unknown) =>
    k === "loc" || k === "family" ? undefined : typeof v === "bigint" ? String(v) : v,
  );
}
