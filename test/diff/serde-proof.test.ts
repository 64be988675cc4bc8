/**
 * `eventspec diff`'s verdicts against real serde (issue 12, point 6). Every pair of pairs.ts is generated as two
 * families, `old_<n>` and `new_<n>`, whose Rust modules go into one crate (`rust/`, Debian's serde, built into the
 * conformance oracle's target directory so its compiled crates are reused); the binary decodes a batch of
 * `(type, json)` requests with either side's types and answers the re-encoding or serde's error. Then, per pair and
 * direction (backward: old writes, new reads; forward: the other way):
 *
 * - a direction whose every finding is `compatible`: `FC_RUNS` (default 200) fast-check values of every type the two
 *   sides share, encoded by the writer's TypeScript encoder (and re-encoded alike by the writer's Rust), must be read
 *   by the reader in Rust and in TypeScript, both re-encoding alike, as the value the writer wrote (compared as JSON
 *   values: keys the reader does not know or leaves out as defaults aside, a missing key as `null`, `1` as `1.0`;
 *   not when a tag or key is spelled anew); and what the Rust reader writes back must read, in the writer's Rust,
 *   as the value it was — unless the writer rejects it (a closed struct refuses a new reader's extra keys: that is
 *   the other direction's concern);
 * - a `breaking` verdict: the witness (generator/diff/witness.ts, found with the TypeScript codecs) is written alike
 *   by the writer's Rust and rejected by the reader's Rust with the TypeScript decoder's message (serde's, without
 *   ` at line L column C`);
 * - a `changed` verdict: the witness reads in Rust, re-encoded as the TypeScript reader re-encodes it, and not as it
 *   was written. A float witness may instead be refused by serde_json built with `float_roundtrip` (the oracle's
 *   default: it rejects a number beyond f32's range, `number out of range`); serde_json's default build, which the
 *   TypeScript codecs follow, must then read it as the report says — the conformance suite's rule for floats
 *   (test/conformance/README.md). A `changed` verdict without a witness (a lossless catch-all re-encodes the unknown
 *   variant as it was) must read every random value;
 * - every other direction (a breaking or changed finding in it): the same random values, which serde and TypeScript
 *   must read alike or reject with the same message (floats as above).
 */
import fc from "fast-check";
import * as path from "node:path";
import { diffPrograms } from "../../generator/diff/compare";
import type { Finding, Verdict } from "../../generator/diff/findings";
import { loadCodecs, withBigints, type LoadedCodecs } from "../../generator/diff/load-codecs";
import { findWitnesses, type Witness } from "../../generator/diff/witness";
import type { IrProgram } from "../../generator/ir/types";
import { JsonFloat } from "../../generator/support/json-value";
import { Arbitraries } from "../conformance/arbitraries";
import { type Json, parseJson } from "../conformance/json-ast";
import {
  CRATE_DIR,
  describeWithOracle,
  runCargo,
  rustRoundtrip,
  stripPosition,
  syncFiles,
  type RustAnswer,
} from "../conformance/oracle";
import { oracleSources, oracleTypeName } from "../conformance/oracle-emit";
import { withBareExponents } from "../conformance/ts-codecs";
import { makeTemp, rmTemp } from "../helpers/tree";
import { pairProgram, PAIRS } from "./pairs";

const RUNS = Number(process.env.FC_RUNS ?? 200);
const BASE_SEED = Number(process.env.FC_SEED ?? 20261207);
const PROOF_CRATE = path.join(__dirname, "rust");
/** The conformance oracle's target directory: the Debian crates compiled there are reused. */
const TARGET_DIR = path.join(CRATE_DIR, "target");
const EXE = process.platform === "win32" ? "diffproof.exe" : "diffproof";
const BINARY = path.join(TARGET_DIR, "release", EXE);
/** serde_json without `float_roundtrip`, as the conformance oracle's `lossy` build (see its README). */
const LOSSY_TARGET_DIR = path.join(TARGET_DIR, "lossy");
const LOSSY_BINARY = path.join(LOSSY_TARGET_DIR, "release", EXE);

type Direction = "backward" | "forward";
const DIRECTIONS: readonly Direction[] = ["backward", "forward"];

interface PreparedPair {
  readonly index: number;
  readonly name: string;
  readonly before: IrProgram;
  readonly after: IrProgram;
  readonly findings: readonly Finding[];
}

/** One check against serde, answered in a batch: what to ask, and what to do with the answer. */
interface Check {
  readonly request: { type: string; input: string };
  readonly verify: (answer: RustAnswer) => string | undefined;
}

function seedFor(text: string): number {
  let h = BASE_SEED | 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

function show(a: RustAnswer | undefined): string {
  return a === undefined ? "(no answer)" : a.ok ? `ok ${a.json}` : `error ${JSON.stringify(a.error)}`;
}

/** Findings about a field that one side writes and the other drops, or writes only when it is not its default. */
const OMITTED: ReadonlySet<string> = new Set([
  "field-may-be-omitted",
  "field-always-written",
  "field-now-optional",
  "field-now-required",
]);

/**
 * The keys a direction's reader may drop or leave out: the wire keys of the fields added or removed between the
 * versions, and of those one side omits when they hold their default.
 */
function droppedKeys(findings: readonly Finding[]): Set<string> {
  const keys = new Set<string>();
  for (const f of findings) {
    if (!f.code.startsWith("field-added") && !f.code.startsWith("field-removed") && !OMITTED.has(f.code)) continue;
    const last = f.steps[f.steps.length - 1];
    if (last?.kind === "field" || last?.kind === "member")
      for (const k of [last.old, last.new]) if (k !== undefined) keys.add(k);
  }
  return keys;
}

/** Findings after which a reader reads a value alike but writes it in its own spelling. */
const RESPELLED: ReadonlySet<string> = new Set(["tag-renamed", "field-wire-renamed"]);

/** Whether two JSON texts hold the same value, but for members under the `dropped` keys. */
function sameBut(a: Json, b: Json, dropped: ReadonlySet<string>): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case "lit": {
      const raw = (b as typeof a).raw;
      // An integer read by a float reader is written back as a float (`1` → `1.0`): the same number.
      return (
        a.raw === raw ||
        (/^-?\d/.test(a.raw) && /^-?\d/.test(raw) && Number(a.raw) === Number(raw) && !/^-?\d+$/.test(a.raw + raw))
      );
    }
    case "str":
      return a.v === (b as typeof a).v;
    case "arr": {
      const items = (b as typeof a).items;
      return a.items.length === items.length && a.items.every((x, i) => sameBut(x, items[i]!, dropped));
    }
    case "obj": {
      // A missing key and `null` are the same None (an Option skipped when None, or written as `null`).
      const present = ([k, v]: readonly [string, Json]) => !dropped.has(k) && !(v.k === "lit" && v.raw === "null");
      const am = new Map(a.members.filter(present));
      const bm = new Map((b as typeof a).members.filter(present));
      return am.size === bm.size && [...am].every(([k, v]) => bm.has(k) && sameBut(v, bm.get(k)!, dropped));
    }
  }
}

/** Whether serde and TypeScript answered alike: the same re-encoding, or the same message (positions aside). */
function alike(a: RustAnswer, b: RustAnswer): boolean {
  return a.ok ? b.ok && a.json === b.json : !b.ok && stripPosition(a.error) === b.error;
}

function tsRead(codecs: LoadedCodecs, family: string, type: string, tsName: string, text: string): RustAnswer {
  const codec = codecs.get(family, type, tsName)!;
  try {
    return { ok: true, json: codec.encode(codec.decodeStrict(text)) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

describeWithOracle("eventspec diff's verdicts hold in real serde", () => {
  let tmp: string;
  let pairs: PreparedPair[];
  const timings: string[] = [];

  beforeAll(
    () => {
      tmp = makeTemp("diff-proof-");
      let started = Date.now();
      pairs = PAIRS.map(([name, oldTypes, newTypes], index) => {
        // Debian's serde_json 1.0.87 writes exponents without `+` (`1e16`): the TypeScript codecs are made to match.
        const before = withBareExponents(pairProgram(path.join(tmp, `old_${index}`), oldTypes, `old_${index}`));
        const after = withBareExponents(pairProgram(path.join(tmp, `new_${index}`), newTypes, `new_${index}`));
        const findings = diffPrograms(before, after, { pairs: new Map([[`old_${index}`, `new_${index}`]]) });
        return { index, name, before, after, findings };
      });
      const all: IrProgram = { families: pairs.flatMap((p) => [...p.before.families, ...p.after.families]) };
      syncFiles(path.join(PROOF_CRATE, "src", "gen"), oracleSources(all));
      timings.push(`specs ${Date.now() - started} ms`);
      started = Date.now();
      runCargo(PROOF_CRATE, ["build", "--release", "--offline", "--quiet", "--target-dir", TARGET_DIR]);
      timings.push(`cargo build ${Date.now() - started} ms`);
    },
    15 * 60 * 1000,
  );

  afterAll(() => {
    if (tmp !== undefined) rmTemp(tmp);
    // eslint-disable-next-line no-console
    console.log(
      `serde proof: ${PAIRS.length} pairs, ${RUNS} values per type and direction; ${timings.join(", ")}`,
    );
  });

  test(`the table holds at least 60 pairs`, () => {
    expect(PAIRS.length).toBeGreaterThanOrEqual(60);
  });

  test("every verdict of every pair holds in serde (and in the TypeScript codecs)", () => {
    const started = Date.now();
    const failures: string[] = [];
    const first: Check[] = [];
    /** Checks that need an answer of the first batch to be asked. */
    const second: (() => Check[])[] = [];
    /** Float witnesses to ask serde_json's default build about. */
    const lossy: Check[] = [];
    let values = 0;
    let witnesses = 0;
    for (const p of pairs) {
      const oldCodecs = loadCodecs(p.before);
      const newCodecs = loadCodecs(p.after);
      try {
        for (const direction of DIRECTIONS) {
          const label = `#${p.index} ${p.name} (${direction})`;
          const wire = p.findings.filter((f) => !f.source);
          const verdicts = wire.map((f) => (direction === "backward" ? f.backward : f.forward));
          if (verdicts.every((v) => v === "compatible")) {
            values += randomChecks(
              "compatible",
              p,
              direction,
              oldCodecs,
              newCodecs,
              label,
              { first, second, lossy },
              failures,
            );
            continue;
          }
          let readsEverything = false;
          for (const f of wire) {
            const verdict: Verdict = direction === "backward" ? f.backward : f.forward;
            if (verdict === "compatible") continue;
            const found = findWitnesses(f, { before: p.before, after: p.after, oldCodecs, newCodecs }).find(
              (w) => w.direction === direction,
            );
            const where = `${label} ${f.code} ${verdict} @${f.path}`;
            if (found === undefined) {
              if (verdict === "breaking") failures.push(`${where}: no witness in the TypeScript codecs`);
              else readsEverything = true;
              continue;
            }
            witnesses++;
            first.push(...witnessChecks(p, f, direction, verdict, found, where, lossy));
          }
          if (readsEverything && verdicts.includes("breaking"))
            failures.push(`${label}: a changed verdict without a witness next to a breaking one`);
          const mode = readsEverything ? "reads" : "agrees";
          values += randomChecks(mode, p, direction, oldCodecs, newCodecs, label, { first, second, lossy }, failures);
        }
      } finally {
        oldCodecs.dispose();
        newCodecs.dispose();
      }
    }
    const firstAnswers = rustRoundtrip(
      BINARY,
      first.map((c) => c.request),
    );
    first.forEach((c, i) => {
      const problem = c.verify(firstAnswers[i]!);
      if (problem !== undefined) failures.push(problem);
    });
    if (lossy.length > 0) {
      const built = Date.now();
      runCargo(PROOF_CRATE, [
        "build",
        "--release",
        "--offline",
        "--quiet",
        "--no-default-features",
        "--target-dir",
        LOSSY_TARGET_DIR,
      ]);
      timings.push(`cargo build (lossy floats) ${Date.now() - built} ms`);
      const answers = rustRoundtrip(
        LOSSY_BINARY,
        lossy.map((c) => c.request),
      );
      lossy.forEach((c, i) => {
        const problem = c.verify(answers[i]!);
        if (problem !== undefined) failures.push(problem);
      });
    }
    const later = second.flatMap((make) => make());
    const laterAnswers = rustRoundtrip(
      BINARY,
      later.map((c) => c.request),
    );
    later.forEach((c, i) => {
      const problem = c.verify(laterAnswers[i]!);
      if (problem !== undefined) failures.push(problem);
    });
    timings.push(
      `${values} values and ${witnesses} witnesses, ${first.length + lossy.length + later.length} serde decodes, checked in ${Date.now() - started} ms`,
    );
    // Every failing pair and direction once, then the first failures in full.
    const where = [...new Set(failures.map((f) => f.replace(/ \(seed -?\d+\).*| [a-z-]+ (breaking|changed) @.*/, "")))];
    expect({ where, first: failures.slice(0, 20) }).toEqual({ where: [], first: [] });
  });

  /** The writer's and reader's sides of a direction. */
  function sides(p: PreparedPair, direction: Direction, oldCodecs: LoadedCodecs, newCodecs: LoadedCodecs) {
    const old = { program: p.before, family: `old_${p.index}`, codecs: oldCodecs };
    const neu = { program: p.after, family: `new_${p.index}`, codecs: newCodecs };
    return direction === "backward" ? { writer: old, reader: neu } : { writer: neu, reader: old };
  }

  /**
   * Random values of every type both sides declare, written by the writer and read by the reader: under `agrees`
   * (a direction with a breaking or changed finding) serde and TypeScript read or reject each alike; under `reads`
   * (changed findings without a witness) each must read; under `compatible`, each must read as the value it was.
   */
  function randomChecks(
    mode: "compatible" | "reads" | "agrees",
    p: PreparedPair,
    direction: Direction,
    oldCodecs: LoadedCodecs,
    newCodecs: LoadedCodecs,
    label: string,
    batches: { first: Check[]; second: (() => Check[])[]; lossy: Check[] },
    failures: string[],
  ): number {
    const { first, second, lossy } = batches;
    const { writer, reader } = sides(p, direction, oldCodecs, newCodecs);
    const arbs = new Arbitraries({ families: writer.program.families.map(withBigints) }, JsonFloat);
    const dropped = droppedKeys(p.findings);
    const respelled = p.findings.some((f) => RESPELLED.has(f.code));
    const readerDecls = new Map(reader.program.families[0]!.decls.map((d) => [d.names.spec, d]));
    let count = 0;
    for (const wd of writer.program.families[0]!.decls) {
      const rd = readerDecls.get(wd.names.spec);
      if (rd === undefined) continue;
      const writerType = oracleTypeName(writer.family, wd.names.spec);
      const readerType = oracleTypeName(reader.family, rd.names.spec);
      const encoder = writer.codecs.get(writer.family, wd.names.spec, wd.names.ts)!;
      const seed = seedFor(`${p.name}/${direction}/${wd.names.spec}`);
      for (const value of fc.sample(arbs.of(writer.family, wd.names.spec), { numRuns: RUNS, seed })) {
        const where = `${label} ${wd.names.spec} (seed ${seed})`;
        let text: string;
        try {
          text = encoder.encode(value);
        } catch (e) {
          failures.push(
            `${where}: the TypeScript writer cannot encode ${fc.stringify(value).slice(0, 200)}: ${String(e)}`,
          );
          continue;
        }
        count++;
        const ts = tsRead(reader.codecs, reader.family, rd.names.spec, rd.names.ts, text);
        let writerAgain: RustAnswer | undefined;
        let readerRust: RustAnswer | undefined;
        first.push({
          request: { type: writerType, input: text },
          verify: (a) => {
            writerAgain = a;
            return a.ok
              ? undefined
              : `${where}: the Rust writer rejects what the TypeScript writer wrote: ${text} → ${show(a)}`;
          },
        });
        if (mode === "agrees") {
          first.push({
            request: { type: readerType, input: text },
            verify: function agree(a: RustAnswer, floatBuild?: "lossy"): string | undefined {
              if (alike(a, ts)) return undefined;
              // serde_json with and without float_roundtrip differ on floats; TypeScript may agree with either.
              if (floatBuild === undefined && /[.eE]/.test(text)) {
                lossy.push({ request: { type: readerType, input: text }, verify: (b) => agree(b, "lossy") });
                return undefined;
              }
              return `${where}: serde and TypeScript readers disagree on ${text}: ${show(a)} vs ${show(ts)}`;
            },
          });
          continue;
        }
        first.push({
          request: { type: readerType, input: text },
          verify: (a) => {
            readerRust = a;
            if (!a.ok || !ts.ok)
              return `${where}: ${mode}, but ${text} reads as: serde ${show(a)}, TypeScript ${show(ts)}`;
            if (a.json !== ts.json)
              return `${where}: serde and TypeScript readers disagree on ${text}: ${show(a)} vs ${show(ts)}`;
            // The reader holds the value the writer wrote (keys it does not know aside), unless a finding says the
            // spelling changed (a tag or key renamed with an alias: read alike, written anew).
            if (
              mode === "compatible" &&
              writerAgain?.ok === true &&
              !respelled &&
              !sameBut(parseJson(a.json), parseJson(writerAgain.json), dropped)
            ) {
              return `${where}: compatible, but the reader holds another value: ${text} → ${a.json}`;
            }
            return undefined;
          },
        });
        if (mode === "compatible")
          second.push(() => {
            if (writerAgain?.ok !== true || readerRust?.ok !== true) return [];
            const expected = writerAgain.json;
            const back = readerRust.json;
            const differs = (a: RustAnswer) => a.ok && !sameBut(parseJson(a.json), parseJson(expected), dropped);
            return [
              {
                request: { type: writerType, input: back },
                verify: (a) =>
                  differs(a)
                    ? `${where}: compatible, but the value changed: ${text} → the reader writes ${back} → the writer reads ${show(a)}`
                    : undefined,
              },
            ];
          });
      }
    }
    return count;
  }

  /** A witness of a breaking or changed verdict, held against the writer's and the reader's Rust. */
  function witnessChecks(
    _p: PreparedPair,
    f: Finding,
    direction: Direction,
    verdict: Verdict,
    w: Witness,
    where: string,
    lossy: Check[],
  ): Check[] {
    const top = f.steps[0];
    if (top?.kind !== "type" || top.old === undefined || top.new === undefined) return [];
    const writerType =
      direction === "backward"
        ? oracleTypeName(top.old.family, top.old.name)
        : oracleTypeName(top.new.family, top.new.name);
    const readerType =
      direction === "backward"
        ? oracleTypeName(top.new.family, top.new.name)
        : oracleTypeName(top.old.family, top.old.name);
    return [
      {
        request: { type: writerType, input: w.json },
        verify: (a) =>
          a.ok ? undefined : `${where}: the witness ${w.json} is not something the Rust writer writes: ${show(a)}`,
      },
      {
        request: { type: readerType, input: w.json },
        verify: function readerAnswer(a: RustAnswer, floatBuild?: "lossy"): string | undefined {
          if (verdict === "breaking") {
            if (a.ok)
              return `${where}: breaking, but serde reads the witness ${w.json} as ${a.json} (TypeScript: ${w.error ?? `reads as ${w.readAs}`})`;
            if (stripPosition(a.error) !== w.error)
              return `${where}: serde rejects the witness ${w.json} with ${JSON.stringify(a.error)}, the report says ${JSON.stringify(w.error)}`;
            return undefined;
          }
          if (
            !a.ok &&
            floatBuild === undefined &&
            stripPosition(a.error) === "number out of range" &&
            (f.code === "float-widened" || f.code === "float-narrowed")
          ) {
            lossy.push({ request: { type: readerType, input: w.json }, verify: (b) => readerAnswer(b, "lossy") });
            return undefined;
          }
          const build = floatBuild === undefined ? "serde" : "serde (without float_roundtrip)";
          if (!a.ok) return `${where}: changed, but ${build} rejects the witness ${w.json}: ${a.error}`;
          if (a.json === w.json) return `${where}: changed, but ${build} reads the witness ${w.json} unchanged`;
          if (w.readAs !== undefined && a.json !== w.readAs)
            return `${where}: ${build} reads the witness ${w.json} as ${a.json}, the report says ${w.readAs}`;
          return undefined;
        },
      },
    ];
  }
});
