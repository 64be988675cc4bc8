/**
 * The wire rules of `eventspec diff`, one small spec pair a row: [name, old YAML, new YAML, expected findings as
 * `code backward/forward @path`]. The expected verdicts are serde_derive's behaviour as documented in
 * generator/diff/compare.ts (unknown keys ignored unless deny_unknown_fields; a missing field an error unless
 * Option, default or container default; unknown tags an error unless a catch-all; integers range-checked).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { diffPrograms } from "../../generator/diff/compare";
import { loadCodecs } from "../../generator/diff/load-codecs";
import { findWitnesses } from "../../generator/diff/witness";
import { runFrontEnd } from "../../generator/frontend";
import type { IrProgram } from "../../generator/ir/types";
import { makeTemp, rmTemp } from "../helpers/tree";

let tmp: string;
beforeAll(() => {
  tmp = makeTemp("diff-");
});
afterAll(() => rmTemp(tmp));

let n = 0;
function program(types: string): IrProgram {
  const dir = path.join(tmp, String(n++));
  fs.mkdirSync(dir);
  const file = path.join(dir, "fam.yaml");
  fs.writeFileSync(file, `family: fam\ntypes:\n${types}`);
  const r = runFrontEnd([file], dir);
  if (r.program === undefined)
    throw new Error(r.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`).join("\n"));
  return r.program;
}

/** A struct `S` with the given field lines (each `name: type-or-object`). */
const struct = (fields: string[], extra = "") =>
  `  S:\n    kind: struct\n${extra}    fields:\n${fields.map((f) => `      ${f}\n`).join("")}`;
/** An internally tagged union `E` with the given variant lines. */
const union = (variants: string[], extra = "") =>
  `  E:\n    kind: union\n    tag: type\n${extra}    variants:\n${variants.map((v) => `      ${v}\n`).join("")}`;

const cases: [string, string, string, string[]][] = [
  ["nothing changed", struct(["a: u32"]), struct(["a: u32"]), []],
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
    "field added to a closed struct",
    struct(["a: u32"], "    deny_unknown_fields: true\n"),
    struct(["a: u32", "b: option<u32>"], "    deny_unknown_fields: true\n"),
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
    "field removed from a closed struct",
    struct(["a: u32", "b: option<u32>"], "    deny_unknown_fields: true\n"),
    struct(["a: u32"], "    deny_unknown_fields: true\n"),
    ["field-removed-optional breaking/compatible @fam.S.b"],
  ],
  [
    "container default: nothing is required",
    struct(["a: u32"], "    default: true\n"),
    struct(["a: u32", "b: string"], "    default: true\n"),
    ["field-added-optional compatible/compatible @fam.S.b"],
  ],
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
  ["u32 → u64", struct(["a: u32"]), struct(["a: u64"]), ["int-widened compatible/breaking @fam.S.a"]],
  ["u64 → u32", struct(["a: u64"]), struct(["a: u32"]), ["int-narrowed breaking/compatible @fam.S.a"]],
  ["u64 → i64", struct(["a: u64"]), struct(["a: i64"]), ["int-range-changed breaking/breaking @fam.S.a"]],
  ["f32 → f64", struct(["a: f32"]), struct(["a: f64"]), ["float-widened compatible/changed @fam.S.a"]],
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
    "skip_serializing_if added to an Option (old readers take a missing Option as None)",
    struct(["a: option<u32>"]),
    struct(["a: { type: option<u32>, skip_serializing_if: none }"]),
    ["field-may-be-omitted compatible/compatible @fam.S.a"],
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
    "default changed where writers omit the field",
    struct(["a: { type: u32, default: { value: 1 }, skip_serializing_if: zero }"]),
    struct(["a: { type: u32, default: { value: 2 }, skip_serializing_if: zero }"]),
    ["default-changed changed/changed @fam.S.a"],
  ],
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
    "string → timestamp",
    struct(["a: string"]),
    struct(["a: timestamp"]),
    ["string-format-changed breaking/compatible @fam.S.a"],
  ],
  ["T → json", struct(["a: u32"]), struct(["a: json"]), ["json-widened compatible/breaking @fam.S.a"]],
  [
    "bigint opt-in (TypeScript only)",
    struct(["a: u64"]),
    struct(["a: { type: u64, bigint: true }"]),
    ["bigint-changed compatible/compatible @fam.S.a (source)"],
  ],
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
    "tag renamed with the old tag as alias",
    union(["A: unit"]),
    union(["A: { rename: aa, alias: [A] }"]),
    ["tag-renamed compatible/breaking @fam.E.A"],
  ],
  [
    "variant renamed, tag kept",
    union(["A: unit"]),
    union(["B: { rename: A }"]),
    ["variant-renamed compatible/compatible @fam.E.B (source)"],
  ],
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
    "field added to a struct variant",
    union(["A: { fields: { x: u32 } }"]),
    union(["A: { fields: { x: u32, y: string } }"]),
    ["field-added-required breaking/compatible @fam.E.A.y"],
  ],
  [
    "enum value added",
    "  K: { kind: enum, values: [A] }\n",
    "  K: { kind: enum, values: [A, B] }\n",
    ["enum-value-added compatible/breaking @fam.K.B"],
  ],
  [
    "struct → newtype over the same struct (same wire)",
    struct(["a: u32"]) + "  T: { kind: alias, type: S }\n",
    struct(["a: u32"]) + "  T: { kind: newtype, type: S }\n",
    [],
  ],
];

test.each(cases)("%s", (_name, before, after, expected) => {
  const findings = diffPrograms(program(before), program(after));
  const shown = findings.map((f) => `${f.code} ${f.backward}/${f.forward} @${f.path}${f.source ? " (source)" : ""}`);
  expect(shown).toEqual(expected);
});

test("every finding is located on the side it describes", () => {
  const findings = diffPrograms(program(struct(["a: u32", "b: string"])), program(struct(["a: u64"])));
  // old: line 6 `a: u32`, line 7 `b: string`; new: line 3 `S:`, line 6 `a: u64`.
  expect(findings.map((f) => [f.code, f.old?.line, f.new?.line])).toEqual([
    ["int-widened", 6, 6],
    ["field-removed-required", 7, 3],
  ]);
});

describe("each verdict holds in the generated codecs of both versions", () => {
  // A breaking direction has a witness: an event one side's encoder writes that the other's strict decoder rejects.
  // A compatible direction survives every stress value of the type (range ends, empty values, every variant).
  test.each(cases.filter(([, , , expected]) => expected.length > 0))("%s", (_name, before, after) => {
    const b = program(before);
    const a = program(after);
    const oldCodecs = loadCodecs(b);
    const newCodecs = loadCodecs(a);
    try {
      for (const f of diffPrograms(b, a)) {
        if (f.source) continue;
        const witnesses = findWitnesses(f, { before: b, after: a, oldCodecs, newCodecs });
        for (const direction of ["backward", "forward"] as const) {
          const verdict = direction === "backward" ? f.backward : f.forward;
          const w = witnesses.find((x) => x.direction === direction);
          if (verdict === "breaking")
            expect([f.code, direction, w?.error !== undefined]).toEqual([f.code, direction, true]);
        }
      }
    } finally {
      oldCodecs.dispose();
      newCodecs.dispose();
    }
  });
});
