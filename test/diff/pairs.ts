/**
 * The wire rules of `eventspec diff`, one small spec pair a row: [name, old types, new types, expected findings as
 * `code backward/forward @path`]. The types are the `types:` block of a one-family spec (`family: fam` unless a
 * caller renames it). The expected verdicts are serde_derive's behaviour as documented in
 * generator/diff/compare.ts (unknown keys ignored unless deny_unknown_fields; a missing field an error unless
 * Option, default or container default; unknown tags an error unless a catch-all; integers range-checked), and
 * test/diff/serde-proof.test.ts holds every one of them against real serde.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runFrontEnd } from "../../generator/frontend";
import type { IrProgram } from "../../generator/ir/types";

export type Pair = readonly [name: string, before: string, after: string, expected: readonly string[]];

/** The program of a one-family spec with the given `types:` block, written to `<dir>/<family>.yaml`. */
export function pairProgram(dir: string, types: string, family = "fam"): IrProgram {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${family}.yaml`);
  fs.writeFileSync(file, `family: ${family}\ntypes:\n${types}`);
  const r = runFrontEnd([file], dir);
  if (r.program === undefined)
    throw new Error(r.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`).join("\n"));
  return r.program;
}

/** A struct `S` with the given field lines (each `name: type-or-object`). */
const struct = (fields: string[], extra = "") =>
  `  S:\n    kind: struct\n${extra}    fields:\n${fields.map((f) => `      ${f}\n`).join("")}`;
/** An internally tagged union `E` (tag `type`) with the given variant lines. */
const union = (variants: string[], extra = "") =>
  `  E:\n    kind: union\n    tag: type\n${extra}    variants:\n${variants.map((v) => `      ${v}\n`).join("")}`;
/** A union `E` in another representation (`extra` says which: nothing for external, `untagged: true`, …). */
const unionAs = (extra: string, variants: string[]) =>
  `  E:\n    kind: union\n${extra}    variants:\n${variants.map((v) => `      ${v}\n`).join("")}`;
const closed = "    deny_unknown_fields: true\n";
const external = "";
const adjacent = "    tag: t\n    content: c\n";
const untagged = "    untagged: true\n";
/** An accessor `x` on a union, and a table `weight` (TypeScript API only). */
const ACC = "    accessors:\n      x: { field: x }\n";
const TAB = "    tables:\n      weight: { type: int, default: 0 }\n";
const inner = "  In:\n    kind: struct\n    fields:\n      x: u32\n      y: option<string>\n";

export const PAIRS: readonly Pair[] = [
  ["nothing changed", struct(["a: u32"]), struct(["a: u32"]), []],
  // ------------------------------------------------------------------ fields added and removed
  [
    "optional field added",
    struct(["a: u32"]),
    struct(["a: u32", "b: option<string>"]),
    ["field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "required field added",
    struct(["a: u32"]),
    struct(["a: u32", "b: string"]),
    ["field-added-required breaking/compatible @fam.S.b"],
  ],
  [
    "field with default added",
    struct(["a: u32"]),
    struct(["a: u32", "b: { type: u32, default: true }"]),
    ["field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "field with default and skip_serializing_if added",
    struct(["a: u32"]),
    struct(["a: u32", "b: { type: list<u32>, default: true, skip_serializing_if: empty }"]),
    ["field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "optional field added with skip_serializing_if",
    struct(["a: u32"]),
    struct(["a: u32", "b: { type: option<u32>, skip_serializing_if: none }"]),
    ["field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "field added to a closed struct",
    struct(["a: u32"], closed),
    struct(["a: u32", "b: option<u32>"], closed),
    ["field-added-optional compatible/breaking @fam.S.b"],
  ],
  [
    "required field removed",
    struct(["a: u32", "b: string"]),
    struct(["a: u32"]),
    ["field-removed-required compatible/breaking @fam.S.b"],
  ],
  [
    "optional field removed",
    struct(["a: u32", "b: option<string>"]),
    struct(["a: u32"]),
    ["field-removed-optional compatible/compatible @fam.S.b"],
  ],
  [
    "field with default removed",
    struct(["a: u32", "b: { type: bool, default: true }"]),
    struct(["a: u32"]),
    ["field-removed-optional compatible/compatible @fam.S.b"],
  ],
  [
    "field removed from a closed struct",
    struct(["a: u32", "b: option<u32>"], closed),
    struct(["a: u32"], closed),
    ["field-removed-optional breaking/compatible @fam.S.b"],
  ],
  [
    "container default: nothing is required",
    struct(["a: u32"], "    default: true\n"),
    struct(["a: u32", "b: string"], "    default: true\n"),
    ["field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "container default: a field removed",
    struct(["a: u32", "b: string"], "    default: true\n"),
    struct(["a: u32"], "    default: true\n"),
    ["field-removed-optional compatible/compatible @fam.S.b"],
  ],
  [
    "container default added, field added",
    struct(["a: u32"]),
    struct(["a: u32", "b: u32"], "    default: true\n"),
    ["field-now-optional compatible/compatible @fam.S.a", "field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "container default removed",
    struct(["a: u32"], "    default: true\n"),
    struct(["a: u32"]),
    ["field-now-required compatible/compatible @fam.S.a"],
  ],
  // ------------------------------------------------------------------ renames and aliases of fields
  [
    "wire rename without alias",
    struct(["a: u32"]),
    struct(["a: { type: u32, rename: aa }"]),
    ["field-wire-renamed breaking/breaking @fam.S.aa"],
  ],
  [
    "wire rename with the old key as alias",
    struct(["a: u32"]),
    struct(["a: { type: u32, rename: aa, alias: a }"]),
    ["field-wire-renamed compatible/breaking @fam.S.aa"],
  ],
  [
    "Rust name changed, wire kept",
    struct(["a: u32"]),
    struct(["b: { type: u32, rename: a }"]),
    ["field-renamed compatible/compatible @fam.S.a (source)"],
  ],
  [
    "rename_all added to a struct",
    struct(["ab_cd: u32"]),
    struct(["ab_cd: u32"], "    rename_all: camelCase\n"),
    ["field-wire-renamed breaking/breaking @fam.S.abCd"],
  ],
  [
    "rename_all that leaves the keys alone",
    struct(["ab: u32"]),
    struct(["ab: u32"], "    rename_all: camelCase\n"),
    [],
  ],
  // ------------------------------------------------------------------ integers, floats, strings, json
  ["u32 → u64", struct(["a: u32"]), struct(["a: u64"]), ["int-widened compatible/breaking @fam.S.a"]],
  ["u64 → u32", struct(["a: u64"]), struct(["a: u32"]), ["int-narrowed breaking/compatible @fam.S.a"]],
  ["u64 → i64", struct(["a: u64"]), struct(["a: i64"]), ["int-range-changed breaking/breaking @fam.S.a"]],
  ["i64 → u32", struct(["a: i64"]), struct(["a: u32"]), ["int-narrowed breaking/compatible @fam.S.a"]],
  ["u8 → i8", struct(["a: u8"]), struct(["a: i8"]), ["int-range-changed breaking/breaking @fam.S.a"]],
  ["i16 → i32", struct(["a: i16"]), struct(["a: i32"]), ["int-widened compatible/breaking @fam.S.a"]],
  ["f32 → f64", struct(["a: f32"]), struct(["a: f64"]), ["float-widened compatible/changed @fam.S.a"]],
  ["f64 → f32", struct(["a: f64"]), struct(["a: f32"]), ["float-narrowed changed/compatible @fam.S.a"]],
  ["u32 → f64", struct(["a: u32"]), struct(["a: f64"]), ["type-changed compatible/breaking @fam.S.a"]],
  ["f64 → i32", struct(["a: f64"]), struct(["a: i32"]), ["type-changed breaking/compatible @fam.S.a"]],
  [
    "string → timestamp",
    struct(["a: string"]),
    struct(["a: timestamp"]),
    ["string-format-changed breaking/compatible @fam.S.a"],
  ],
  ["uuid → string", struct(["a: uuid"]), struct(["a: string"]), ["string-format-changed compatible/breaking @fam.S.a"]],
  ["string → u32", struct(["a: string"]), struct(["a: u32"]), ["type-changed breaking/breaking @fam.S.a"]],
  ["T → json", struct(["a: u32"]), struct(["a: json"]), ["json-widened compatible/breaking @fam.S.a"]],
  ["json → string", struct(["a: json"]), struct(["a: string"]), ["json-narrowed breaking/compatible @fam.S.a"]],
  [
    "bigint opt-in (TypeScript only)",
    struct(["a: u64"]),
    struct(["a: { type: u64, bigint: true }"]),
    ["bigint-changed compatible/compatible @fam.S.a (source)"],
  ],
  [
    "bigint opt-out on i64",
    struct(["a: { type: i64, bigint: true }"]),
    struct(["a: i64"]),
    ["bigint-changed compatible/compatible @fam.S.a (source)"],
  ],
  // ------------------------------------------------------------------ options, skip_serializing_if, defaults
  [
    "T → option<T>",
    struct(["a: u32"]),
    struct(["a: option<u32>"]),
    ["field-now-optional compatible/compatible @fam.S.a", "option-added compatible/breaking @fam.S.a"],
  ],
  [
    "option<T> → T",
    struct(["a: option<u32>"]),
    struct(["a: u32"]),
    ["field-now-required compatible/compatible @fam.S.a", "option-removed breaking/compatible @fam.S.a"],
  ],
  [
    "option wrapped inside a list",
    struct(["a: list<u32>"]),
    struct(["a: list<option<u32>>"]),
    ["option-added compatible/breaking @fam.S.a[]"],
  ],
  [
    "option unwrapped inside a map",
    struct(["a: map<option<string>>"]),
    struct(["a: map<string>"]),
    ["option-removed breaking/compatible @fam.S.a{}"],
  ],
  [
    "skip_serializing_if added to an Option (old readers take a missing Option as None)",
    struct(["a: option<u32>"]),
    struct(["a: { type: option<u32>, skip_serializing_if: none }"]),
    ["field-may-be-omitted compatible/compatible @fam.S.a"],
  ],
  [
    "skip_serializing_if removed from an Option",
    struct(["a: { type: option<u32>, skip_serializing_if: none }"]),
    struct(["a: option<u32>"]),
    ["field-always-written compatible/compatible @fam.S.a"],
  ],
  [
    "skip_serializing_if added to a field old readers require",
    struct(["a: u32"]),
    struct(["a: { type: u32, default: true, skip_serializing_if: zero }"]),
    ["field-now-optional compatible/breaking @fam.S.a"],
  ],
  [
    "skip_serializing_if removed where new readers require the field",
    struct(["a: { type: u32, default: true, skip_serializing_if: zero }"]),
    struct(["a: u32"]),
    ["field-now-required breaking/compatible @fam.S.a"],
  ],
  [
    "default added to a required field",
    struct(["a: string"]),
    struct(["a: { type: string, default: true }"]),
    ["field-now-optional compatible/compatible @fam.S.a"],
  ],
  [
    "default changed where writers omit the field",
    struct(["a: { type: u32, default: { value: 1 }, skip_serializing_if: zero }"]),
    struct(["a: { type: u32, default: { value: 2 }, skip_serializing_if: zero }"]),
    ["default-changed changed/changed @fam.S.a"],
  ],
  // ------------------------------------------------------------------ lists and maps
  [
    "list item narrowed",
    struct(["a: list<u64>"]),
    struct(["a: list<u8>"]),
    ["int-narrowed breaking/compatible @fam.S.a[]"],
  ],
  [
    "map value widened",
    struct(["a: map<u8>"]),
    struct(["a: map<u16>"]),
    ["int-widened compatible/breaking @fam.S.a{}"],
  ],
  [
    "list item struct gains a field",
    struct(["a: list<In>"]) + inner,
    struct(["a: list<In>"]) + inner.replace("y: option<string>\n", "y: option<string>\n      z: bool\n"),
    ["field-added-required breaking/compatible @fam.In.z"],
  ],
  ["list → map", struct(["a: list<u32>"]), struct(["a: map<u32>"]), ["type-changed breaking/breaking @fam.S.a"]],
  // ------------------------------------------------------------------ deny_unknown_fields, flatten
  [
    "deny_unknown_fields added",
    struct(["a: u32"]),
    struct(["a: u32"], closed),
    ["deny-unknown-fields-added compatible/compatible @fam.S"],
  ],
  [
    "deny_unknown_fields removed",
    struct(["a: u32"], closed),
    struct(["a: u32"]),
    ["deny-unknown-fields-removed compatible/compatible @fam.S"],
  ],
  [
    "flatten added",
    struct(["a: u32", "i: In"]) + inner,
    struct(["a: u32", "i: { type: In, flatten: true }"]) + inner,
    [
      "field-removed-required compatible/breaking @fam.S.i",
      "field-added-required breaking/compatible @fam.S.x",
      "field-added-optional compatible/compatible @fam.S.y",
    ],
  ],
  [
    "flatten removed",
    struct(["a: u32", "i: { type: In, flatten: true }"]) + inner,
    struct(["a: u32", "i: In"]) + inner,
    [
      "field-removed-required compatible/breaking @fam.S.x",
      "field-removed-optional compatible/compatible @fam.S.y",
      "field-added-required breaking/compatible @fam.S.i",
    ],
  ],
  [
    "field added to a flattened struct",
    struct(["a: u32", "i: { type: In, flatten: true }"]) + inner,
    struct(["a: u32", "i: { type: In, flatten: true }"]) +
      inner.replace("y: option<string>\n", "y: option<string>\n      z: u8\n"),
    ["field-added-required breaking/compatible @fam.S.z", "field-added-required breaking/compatible @fam.In.z"],
  ],
  [
    "field moved into a flattened struct (same keys)",
    struct(["a: u32", "x: u32", "y: option<string>"]),
    struct(["a: u32", "i: { type: In, flatten: true }"]) + inner,
    ["type-added compatible/compatible @fam.In (source)"],
  ],
  // ------------------------------------------------------------------ structs, newtypes, aliases
  [
    "struct → newtype over the same struct (same wire)",
    struct(["a: u32"]) + "  T: { kind: alias, type: S }\n",
    struct(["a: u32"]) + "  T: { kind: newtype, type: S }\n",
    [],
  ],
  ["newtype over u32 → alias of u32", "  N: { kind: newtype, type: u32 }\n", "  N: { kind: alias, type: u32 }\n", []],
  [
    "struct → newtype over u32",
    struct(["a: S2"]) + "  S2:\n    kind: struct\n    fields:\n      v: u32\n",
    struct(["a: S2"]) + "  S2: { kind: newtype, type: u32 }\n",
    ["type-changed breaking/breaking @fam.S.a", "type-changed breaking/breaking @fam.S2"],
  ],
  // ------------------------------------------------------------------ unions: variants, tags, catch-alls
  ["variant added", union(["A: unit"]), union(["A: unit", "B: unit"]), ["variant-added compatible/breaking @fam.E.B"]],
  [
    "variant removed",
    union(["A: unit", "B: unit"]),
    union(["A: unit"]),
    ["variant-removed breaking/compatible @fam.E.B"],
  ],
  [
    "variant added under a catch-all",
    union(["A: unit", "Other: unit"], "    other: Other\n"),
    union(["A: unit", "B: unit", "Other: unit"], "    other: Other\n"),
    ["variant-added compatible/changed @fam.E.B"],
  ],
  [
    "variant removed under a catch-all",
    union(["A: unit", "B: unit", "Other: unit"], "    other: Other\n"),
    union(["A: unit", "Other: unit"], "    other: Other\n"),
    ["variant-removed changed/compatible @fam.E.B"],
  ],
  [
    "variant added under a lossless catch-all",
    union(["A: { fields: { x: u32 } }"], "    unknown: Unknown\n"),
    union(["A: { fields: { x: u32 } }", "B: { fields: { y: string } }"], "    unknown: Unknown\n"),
    ["variant-added compatible/changed @fam.E.B"],
  ],
  [
    "catch-all added",
    union(["A: unit"]),
    union(["A: unit", "Other: unit"], "    other: Other\n"),
    ["catch-all-added compatible/compatible @fam.E", "variant-added compatible/breaking @fam.E.Other"],
  ],
  [
    "catch-all removed",
    union(["A: unit", "Other: unit"], "    other: Other\n"),
    union(["A: unit"]),
    ["catch-all-removed breaking/compatible @fam.E", "variant-removed breaking/compatible @fam.E.Other"],
  ],
  [
    "tag renamed without alias",
    union(["A: unit"]),
    union(["A: { rename: aa }"]),
    ["tag-renamed breaking/breaking @fam.E.A"],
  ],
  [
    "tag renamed with the old tag as alias",
    union(["A: unit"]),
    union(["A: { rename: aa, alias: [A] }"]),
    ["tag-renamed compatible/breaking @fam.E.A"],
  ],
  [
    "alias added to a variant",
    union(["A: unit"]),
    union(["A: { alias: [a] }"]),
    ["alias-added compatible/compatible @fam.E.A"],
  ],
  [
    "variant renamed, tag kept",
    union(["A: unit"]),
    union(["B: { rename: A }"]),
    ["variant-renamed compatible/compatible @fam.E.B (source)"],
  ],
  [
    "rename_all added to a union",
    union(["FooBar: unit", "Baz: unit"]),
    union(["FooBar: unit", "Baz: unit"], "    rename_all: snake_case\n"),
    ["tag-renamed breaking/breaking @fam.E.FooBar", "tag-renamed breaking/breaking @fam.E.Baz"],
  ],
  [
    "field added to a struct variant",
    union(["A: { fields: { x: u32 } }"]),
    union(["A: { fields: { x: u32, y: string } }"]),
    ["field-added-required breaking/compatible @fam.E.A.y"],
  ],
  [
    "newtype variant payload widened",
    unionAs(external, ["A: { newtype: u16 }"]),
    unionAs(external, ["A: { newtype: u32 }"]),
    ["int-widened compatible/breaking @fam.E.A"],
  ],
  [
    "variant added to an externally tagged union",
    unionAs(external, ["A: { newtype: string }"]),
    unionAs(external, ["A: { newtype: string }", "B: unit"]),
    ["variant-added compatible/breaking @fam.E.B"],
  ],
  [
    "variant added to an untagged union",
    unionAs(untagged, ["A: { fields: { x: u32 } }"]),
    unionAs(untagged, ["A: { fields: { x: u32 } }", "B: { newtype: string }"]),
    ["variant-added compatible/breaking @fam.E.B"],
  ],
  [
    "variant removed from an adjacently tagged union",
    unionAs(adjacent, ["A: { newtype: u32 }", "B: unit"]),
    unionAs(adjacent, ["A: { newtype: u32 }"]),
    ["variant-removed breaking/compatible @fam.E.B"],
  ],
  [
    "untagged variants reordered",
    unionAs(untagged, ["A: { fields: { x: u32 } }", "B: { fields: { x: u32, y: u32 } }"]),
    unionAs(untagged, ["B: { fields: { x: u32, y: u32 } }", "A: { fields: { x: u32 } }"]),
    ["variant-reordered compatible/changed @fam.E.B"],
  ],
  [
    "internally tagged: struct variant → newtype over a struct of the same fields",
    union(["A: { fields: { x: u32 } }"]),
    union(["A: { newtype: In }"]) + inner.replace("      y: option<string>\n", ""),
    ["type-added compatible/compatible @fam.In (source)"],
  ],
  [
    "untagged variant added before one whose values it reads",
    unionAs(untagged, ["A: { fields: { x: u32 } }"]),
    unionAs(untagged, ["B: { fields: { x: u32, y: option<u32> } }", "A: { fields: { x: u32 } }"]),
    ["variant-added changed/changed @fam.E.B"],
  ],
  [
    "untagged variant removed whose data another reads",
    unionAs(untagged, ["A: { fields: { x: u32 } }", "B: { fields: { x: u32, y: u32 } }"]),
    unionAs(untagged, ["A: { fields: { x: u32 } }"]),
    ["variant-removed changed/compatible @fam.E.B"],
  ],
  // ------------------------------------------------------------------ representations
  [
    "internally → adjacently tagged",
    union(["A: { fields: { x: u32 } }"]),
    union(["A: { fields: { x: u32 } }"], "    content: c\n"),
    ["representation-changed breaking/breaking @fam.E"],
  ],
  [
    'internally → adjacently tagged, unit variants only (serde reads `{"type":"A"}` either way)',
    union(["A: unit"]),
    union(["A: unit"], "    content: c\n"),
    ["representation-changed compatible/compatible @fam.E"],
  ],
  [
    "internally → externally tagged",
    union(["A: { fields: { x: u32 } }"]),
    unionAs(external, ["A: { fields: { x: u32 } }"]),
    ["representation-changed breaking/breaking @fam.E"],
  ],
  [
    "externally tagged → untagged",
    unionAs(external, ["A: { fields: { x: u32 } }"]),
    unionAs(untagged, ["A: { fields: { x: u32 } }"]),
    ["representation-changed breaking/breaking @fam.E"],
  ],
  [
    "tag key changed",
    union(["A: { fields: { x: u32 } }"]),
    unionAs("    tag: kind\n", ["A: { fields: { x: u32 } }"]),
    ["representation-changed breaking/breaking @fam.E"],
  ],
  [
    "content key changed",
    unionAs(adjacent, ["A: { newtype: u32 }"]),
    unionAs("    tag: t\n    content: data\n", ["A: { newtype: u32 }"]),
    ["representation-changed breaking/breaking @fam.E"],
  ],
  // ------------------------------------------------------------------ unit enums
  [
    "enum value added",
    "  K: { kind: enum, values: [A] }\n",
    "  K: { kind: enum, values: [A, B] }\n",
    ["enum-value-added compatible/breaking @fam.K.B"],
  ],
  [
    "enum value removed",
    "  K: { kind: enum, values: [A, B] }\n",
    "  K: { kind: enum, values: [A] }\n",
    ["enum-value-removed breaking/compatible @fam.K.B"],
  ],
  [
    "enum value renamed with the old value as alias",
    "  K: { kind: enum, values: [A] }\n",
    "  K:\n    kind: enum\n    values:\n      A: { rename: a, alias: [A] }\n",
    ["tag-renamed compatible/breaking @fam.K.A"],
  ],
  // ------------------------------------------------------------------ not on the wire: types, accessors, tables
  [
    "type removed",
    struct(["a: u32"]) + "  N: { kind: newtype, type: u32 }\n",
    struct(["a: u32"]),
    ["type-removed compatible/compatible @fam.N (source)"],
  ],
  [
    "accessor added",
    union(["A: { fields: { x: u32 } }", "B: { fields: { x: u32 } }"]),
    union(["A: { fields: { x: u32 } }", "B: { fields: { x: u32 } }"], ACC),
    ["accessor-added compatible/compatible @fam.E.x() (source)"],
  ],
  [
    "table value changed",
    union(["A: { fields: { x: u32 }, tables: { weight: 1 } }", "B: unit"], TAB),
    union(["A: { fields: { x: u32 }, tables: { weight: 2 } }", "B: unit"], TAB),
    ["table-value-changed compatible/compatible @fam.E.A.weight() (source)"],
  ],
  // ------------------------------------------------------------------ combinations
  [
    "optional field added, another widened",
    struct(["a: u16"]),
    struct(["a: u32", "b: option<bool>"]),
    ["int-widened compatible/breaking @fam.S.a", "field-added-optional compatible/compatible @fam.S.b"],
  ],
  [
    "field renamed with alias and made optional",
    struct(["a: u32"]),
    struct(["a: { type: option<u32>, rename: b, alias: a }"]),
    [
      "field-wire-renamed compatible/breaking @fam.S.b",
      "field-now-optional compatible/compatible @fam.S.b",
      "option-added compatible/breaking @fam.S.b",
    ],
  ],
  [
    "variant added, a field of another variant removed",
    union(["A: { fields: { x: u32, y: string } }"]),
    union(["A: { fields: { x: u32 } }", "B: unit"]),
    ["variant-added compatible/breaking @fam.E.B", "field-removed-required compatible/breaking @fam.E.A.y"],
  ],
  [
    "enum field: value added and the field made optional",
    struct(["k: K"]) + "  K: { kind: enum, values: [A] }\n",
    struct(["k: { type: option<K>, skip_serializing_if: none }"]) + "  K: { kind: enum, values: [A, B] }\n",
    [
      "field-now-optional compatible/breaking @fam.S.k",
      "option-added compatible/breaking @fam.S.k",
      "enum-value-added compatible/breaking @fam.K.B",
    ],
  ],
  [
    "closed struct: required field removed, optional added",
    struct(["a: u32", "b: u8"], closed),
    struct(["a: u32", "c: option<u8>"], closed),
    ["field-removed-required breaking/breaking @fam.S.b", "field-added-optional compatible/breaking @fam.S.c"],
  ],
  [
    "list of a union whose variant gained a defaulted field",
    struct(["es: list<E>"]) + union(["A: { fields: { x: u32 } }"]),
    struct(["es: list<E>"]) + union(["A: { fields: { x: u32, n: { type: u8, default: true } } }"]),
    ["field-added-optional compatible/compatible @fam.E.A.n"],
  ],
];
