/**
 * Conformance 2: fast-check values of every generated type → TypeScript encodes → serde decodes and re-encodes →
 * byte-identical to TypeScript's output. Values are drawn in one batch per type (serde answers the whole batch in
 * one process); when serde disagrees, fast-check replays the same seed against serde value by value and shrinks the
 * counterexample. `FC_SEED` and `FC_RUNS` override the seed and the number of values per type.
 */
import fc from "fast-check";
import { Arbitraries } from "./arbitraries";
import { compareAnswers, type Mismatch, report } from "./compare";
import { describeWithOracle, rustRoundtrip } from "./oracle";
import { oracleTypeName } from "./oracle-emit";
import { conformanceProgram } from "./program";
import { type Candidate, type Conformance, dropFloatFeatureDifferences, prepareConformance, WAITING_FOR_CODEC } from "./setup";
import { codecEmitterPresent, tsEncode, tsRoundtrip } from "./ts-codecs";

const RUNS = Number(process.env.FC_RUNS ?? 200);
const BASE_SEED = Number(process.env.FC_SEED ?? 20240501);

function seedFor(type: string): number {
  let h = BASE_SEED | 0;
  for (const ch of type) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

const program = conformanceProgram();
const types = program.families.flatMap((f) => f.decls.map((d) => ({ family: f.name, name: d.names.spec, type: oracleTypeName(f.name, d.names.spec) })));

describeWithOracle("conformance 2: fast-check values → TypeScript encode → serde decode + re-encode", () => {
  if (!codecEmitterPresent()) {
    // eslint-disable-next-line no-console
    console.warn(WAITING_FOR_CODEC);
    test.todo(`serde reads back exactly what TypeScript writes — ${WAITING_FOR_CODEC}`);
    return;
  }

  let c: Conformance;
  let arbs: Arbitraries;

  beforeAll(async () => {
    c = await prepareConformance();
    arbs = new Arbitraries(c.program, c.ts!.jsonValue.JsonFloat);
  }, 15 * 60 * 1000);

  afterAll(() => c?.ts?.dispose());

  test.each(types)("$type", ({ family, name, type }) => {
    const codec = c.ts!.codecs.get(type);
    expect(codec).toBeDefined();
    const seed = seedFor(type);
    const values = fc.sample(arbs.of(family, name), { numRuns: RUNS, seed });
    const encoded = values.map((v) => tsEncode(codec!, v));
    const encodeErrors = encoded.flatMap((e, i) => (e.ok ? [] : [`${e.error} for ${show(values[i])}`]));
    expect(encodeErrors).toEqual([]);
    const texts = encoded.map((e) => (e.ok ? e.json : ""));
    const rust = rustRoundtrip(c.binary, texts.map((input) => ({ type, input })));
    const candidates: Candidate[] = [];
    const untagged = isUntagged(family, name);
    texts.forEach((text, i) => {
      const ts = { ok: true as const, json: text };
      const r = rust[i]!;
      // TypeScript also reads back what it wrote, to the same text.
      const back = tsRoundtrip(codec!, text, true);
      // An untagged union's value may read back as an earlier variant (`[2]`, a `list<u8>`, is also a struct given
      // as the array of its fields): serde's own value does not survive the round trip. TypeScript wrote what serde
      // writes for the variant it was given, and must read the text back as serde does.
      if (untagged && r.ok && r.json !== text && back.ok && back.json === r.json) return;
      const m = compareAnswers(type, `#${i} (seed ${seed})`, text, ts, r);
      if (m) candidates.push({ mismatch: m, ts });
      if (!back.ok || back.json !== text) {
        candidates.push({
          mismatch: { type, label: `#${i} TS self round trip`, input: text, fullInput: text, kind: "re-encoding", ts: back.ok ? back.json : back.error, rust: text },
          ts: back,
        });
      }
    });
    const mismatches: Mismatch[] = dropFloatFeatureDifferences(candidates);
    if (mismatches.length > 0) {
      // Replay against serde value by value so that fast-check shrinks the first counterexample.
      const shrunk = shrink(family, name, type, seed);
      throw new Error(`${report(mismatches, 10)}\n\nshrunk counterexample (seed ${seed}):\n${shrunk}`);
    }
  });

  function isUntagged(family: string, name: string): boolean {
    const d = c.program.families.find((f) => f.name === family)?.decls.find((x) => x.names.spec === name);
    return d?.kind === "union" && d.repr.kind === "untagged";
  }

  function shrink(family: string, name: string, type: string, seed: number): string {
    const codec = c.ts!.codecs.get(type)!;
    const result = fc.check(
      fc.property(arbs.of(family, name), (v) => {
        const e = tsEncode(codec, v);
        if (!e.ok) return false;
        const [r] = rustRoundtrip(c.binary, [{ type, input: e.json }]);
        const back = tsRoundtrip(codec, e.json, true);
        if (isUntagged(family, name) && r!.ok && back.ok && back.json === r!.json) return true;
        return r!.ok && r!.json === e.json && back.ok && back.json === e.json;
      }),
      { numRuns: RUNS, seed },
    );
    if (!result.failed || !result.counterexample) return "(did not reproduce value by value)";
    const v = result.counterexample[0];
    const e = tsEncode(codec, v);
    const [r] = e.ok ? rustRoundtrip(c.binary, [{ type, input: e.json }]) : [undefined];
    const back = e.ok ? tsRoundtrip(codec, e.json, true) : undefined;
    return [
      `value: ${show(v)}`,
      `ts:    ${e.ok ? e.json : e.error}`,
      `serde: ${r ? (r.ok ? r.json : r.error) : "-"}`,
      `ts decode + encode: ${back ? (back.ok ? back.json : back.error) : "-"}`,
    ].join("\n");
  }
});

function show(v: unknown): string {
  return fc.stringify(v).slice(0, 600);
}
