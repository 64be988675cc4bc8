/**
 * The wire rules of `eventspec diff` on the pair table (pairs.ts): each pair's findings, and each breaking verdict's
 * witness in the generated TypeScript codecs. serde-proof.test.ts holds the same table against real serde.
 */
import * as path from "node:path";
import { diffPrograms } from "../../generator/diff/compare";
import { loadCodecs } from "../../generator/diff/load-codecs";
import { findWitnesses } from "../../generator/diff/witness";
import type { IrProgram } from "../../generator/ir/types";
import { makeTemp, rmTemp } from "../helpers/tree";
import { pairProgram, PAIRS } from "./pairs";

let tmp: string;
beforeAll(() => {
  tmp = makeTemp("diff-");
});
afterAll(() => rmTemp(tmp));

let n = 0;
const program = (types: string): IrProgram => pairProgram(path.join(tmp, String(n++)), types);
const cases = PAIRS;
/** A struct `S` with the given field lines. */
const struct = (fields: string[]) =>
  `  S:\n    kind: struct\n    fields:\n${fields.map((f) => `      ${f}\n`).join("")}`;

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
