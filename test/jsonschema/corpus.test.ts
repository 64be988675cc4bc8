/**
 * On the conformance suite's corpora, a schema's verdict equals the decoders' verdict for every input: serde's (the
 * oracle crate, real serde_json) and the TypeScript strict decoder's — judged by ajv (strict mode, formats as
 * annotations) and by Python's jsonschema, an independent consumer in another language.
 *
 * - The valid corpus: every text serde wrote (every type, every variant, edge cases) validates.
 * - The invalid corpus (test/conformance/invalid.ts: missing and repeated fields, unknown keys and tags, wrong
 *   types, integers out of range or written as floats, bad strings, odd timestamps and uuids, structs as arrays,
 *   truncated text, wrong nesting, nesting depth): where the schema and serde disagree, one of the named
 *   exceptions (generator/emit/jsonschema-limits.ts) must explain it — each detected from the input itself and
 *   serde's answer, never by mutation class — and each validator may use only the exceptions in its scope.
 */
import type { SchemaLimitName } from "../../generator/emit/jsonschema-limits";
import { SCHEMA_LIMITS } from "../../generator/emit/jsonschema-limits";
import { mapValueType } from "../../generator/emit/codec/shared";
import { indexDecls, resolveStruct } from "../../generator/ir/lookup";
import type { IrProgram } from "../../generator/ir/types";
import { invalidCorpus, type InvalidInput } from "../conformance/invalid";
import { arr, type Json, lit, obj, parseJson, tryParseJson, writeJson } from "../conformance/json-ast";
import { type CorpusEntry, describeWithOracle, rustCorpus, rustRoundtrip, type RustAnswer, stripPosition } from "../conformance/oracle";
import { type Conformance, prepareConformance } from "../conformance/setup";
import { tsRoundtrip } from "../conformance/ts-codecs";
import { declOf, emitSchemas, type EmittedSchema, pythonValidate, refOf, requirePython, scratchDir, strictAjv, writeSchemas } from "./helpers";
import * as fs from "node:fs";

type Validator = "ajv" | "python";

/**
 * The text with every repeated key removed as a JSON parser removes it (the last value wins, at the first key's
 * place), or undefined when it has no repeated key (or is not JSON).
 */
export function withoutDuplicates(text: string): string | undefined {
  let root: Json;
  try {
    JSON.parse(text);
    root = parseJson(text.trim());
  } catch {
    return undefined;
  }
  let found = false;
  const walk = (j: Json): Json => {
    if (j.k === "arr") return arr(j.items.map(walk));
    if (j.k !== "obj") return j;
    const at = new Map<string, number>();
    const members: [string, Json][] = [];
    for (const [key, value] of j.members) {
      const k = at.get(key);
      if (k === undefined) {
        at.set(key, members.length);
        members.push([key, walk(value)]);
      } else {
        found = true;
        members[k] = [key, walk(value)];
      }
    }
    return obj(members);
  };
  const out = writeJson(walk(root));
  return found ? out : undefined;
}

/**
 * A float token (`3.0`, `1e3`, `-0`, `1e-400`) whose parsed value is an integer — what a validator sees after
 * parsing — as that integer's token; else undefined.
 */
function asIntegerToken(raw: string): string | undefined {
  if (!/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(raw) || !/[.eE]|^-0$/.test(raw)) return undefined;
  const v = Number(raw);
  return Number.isFinite(v) && Number.isInteger(v) ? BigInt(v).toString() : undefined;
}

/** The text with every integral float token written as an integer, or undefined when it has none. */
export function withIntegralFloatsAsIntegers(text: string): string | undefined {
  let root: Json;
  try {
    JSON.parse(text);
    root = parseJson(text.trim());
  } catch {
    return undefined;
  }
  let found = false;
  const walk = (j: Json): Json => {
    if (j.k === "arr") return arr(j.items.map(walk));
    if (j.k === "obj") return obj(j.members.map(([k, v]) => [k, walk(v)] as const));
    if (j.k === "lit") {
      const i = asIntegerToken(j.raw);
      if (i !== undefined) {
        found = true;
        return lit(i);
      }
    }
    return j;
  };
  const out = writeJson(walk(root));
  return found ? out : undefined;
}

/**
 * The keys of the structs (flattening nothing themselves) that the struct `type` flattens as an Option next to a
 * flattened map: where serde hands the map the keys after the one that failed (`flatten-option-order`).
 */
function flattenedOptionKeys(program: IrProgram, type: string): string[] {
  const [family, name] = type.split(".");
  const d = program.families.find((f) => f.name === family)?.decls.find((x) => x.names.spec === name);
  const index = indexDecls(program);
  if (d?.kind !== "struct" || !d.fields.some((f) => f.flatten && !f.skip && mapValueType(index, f.type) !== undefined)) return [];
  return d.fields.flatMap((f) => {
    const s = f.flatten && f.type.kind === "option" ? resolveStruct(index, f.type.inner) : undefined;
    return s === undefined || s.fields.some((x) => x.flatten) ? [] : s.fields.filter((x) => !x.skip).map((x) => x.wire);
  });
}

/** The text (an object) without the members named `keys`, or undefined when it has none of them (or is not JSON). */
function withoutMembers(text: string, keys: readonly string[]): string | undefined {
  const root = tryParseJson(text);
  if (root?.k !== "obj" || !root.members.some(([k]) => keys.includes(k))) return undefined;
  return writeJson(obj(root.members.filter(([k]) => !keys.includes(k))));
}

/** An integer token of 16 or more digits (beyond what a double holds exactly), outside strings. */
function hasBigIntegerToken(text: string): boolean {
  const outside = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
  return /(?<![\w.])-?\d{16,}(?![\d.eE])/.test(outside);
}

/** A string value (or key) holding a surrogate escape without its pair. */
function hasLoneSurrogate(text: string): boolean {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return false;
  }
  const lone = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const walk = (v: unknown): boolean =>
    typeof v === "string" ? lone.test(v) : Array.isArray(v) ? v.some(walk) : v !== null && typeof v === "object" ? Object.entries(v).some(([k, x]) => lone.test(k) || walk(x)) : false;
  return walk(value);
}

/**
 * Where serde accepted a form no encoder writes: an array where its re-encoding has an object (a struct as an
 * array), or an object where it has a string (a unit variant as a one-key map).
 */
function byDesignForm(input: unknown, output: unknown): SchemaLimitName | undefined {
  if (Array.isArray(input) && output !== null && typeof output === "object" && !Array.isArray(output)) return "struct-as-array";
  if (input !== null && typeof input === "object" && !Array.isArray(input) && typeof output === "string") return "unit-variant-as-map";
  if (typeof input === "number" && typeof output === "string") return "variant-index-as-tag";
  if (input !== null && typeof input === "object" && output !== null && typeof output === "object") {
    if (Array.isArray(input) && Array.isArray(output)) {
      for (let k = 0; k < Math.min(input.length, output.length); k++) {
        const r = byDesignForm(input[k], output[k]);
        if (r) return r;
      }
      return undefined;
    }
    for (const [k, v] of Object.entries(output)) {
      if (!Object.prototype.hasOwnProperty.call(input, k)) continue;
      const r = byDesignForm((input as Record<string, unknown>)[k], v);
      if (r) return r;
    }
  }
  return undefined;
}

const SCOPE = new Map(SCHEMA_LIMITS.map((l) => [l.name as SchemaLimitName, l.scope as string]));

/** The named exception that explains a disagreement between a schema's verdict and serde's, if one does. */
export function explain(
  text: string,
  schemaOk: boolean,
  rust: RustAnswer,
  validator: Validator,
  /** serde's verdict on the text without its repeated keys (`withoutDuplicates`), when it has some. */
  dedupedOk?: boolean,
  /** serde's verdict on the text with its integral floats written as integers (`withIntegralFloatsAsIntegers`). */
  integralOk?: boolean,
  /** serde's verdict on the text without a flattened Option's struct keys, for a type with a map after it. */
  optionKeysGoneOk?: boolean,
): SchemaLimitName | undefined {
  const pick = (name: SchemaLimitName) => {
    const scope = SCOPE.get(name);
    return scope === "all" || scope === validator ? name : undefined;
  };
  if (schemaOk && !rust.ok) {
    const m = stripPosition(rust.error);
    // A repeated key: serde accepts the same text once the parser's de-duplication is applied.
    if (dedupedOk === true) return pick("duplicate-keys");
    // A float token for an integer: serde accepts the same text with the integral floats written as integers.
    if (integralOk === true) return pick("integer-as-float");
    // A flattened Option that failed handed its later keys to the map: serde accepts the text without those keys.
    if (optionKeysGoneOk === true) return pick("flatten-option-order");
    if (/^invalid (type: floating point|value: integer) `[^`]*`, expected [iu](64|size)$/.test(m) && hasBigIntegerToken(text)) return pick("integer-beyond-double");
    if (/^number out of range$/.test(m)) return pick("float-overflow");
    if (/surrogate|unexpected end of hex escape|invalid unicode code point/.test(m) && hasLoneSurrogate(text)) return pick("lone-surrogate");
    if (/^recursion limit exceeded$/.test(m)) return pick("nesting-depth");
    if (/^input is out of range$/.test(m) && /[+-]0*26214[34]\s*-/.test(text)) return pick("timestamp-utc-overflow");
    return undefined;
  }
  if (!schemaOk && rust.ok) {
    let input: unknown;
    try {
      input = JSON.parse(text);
    } catch {
      return undefined;
    }
    const form = byDesignForm(input, JSON.parse(rust.json));
    return form === undefined ? undefined : pick(form);
  }
  return undefined;
}

interface Disagreement {
  type: string;
  label: string;
  input: string;
  schema: string;
  serde: string;
}

/** Disagreements grouped by their shape (verdict, class, serde's message without specifics), largest first. */
function show(ds: readonly Disagreement[], limit = 20): string {
  if (ds.length === 0) return "";
  const shape = (d: Disagreement) =>
    `schema ${d.schema}, ${/\(([a-z-]+)\)$/.exec(d.label)?.[1] ?? ""}, serde ${d.serde
      .replace(/ at line \d+ column \d+/g, "")
      .replace(/`[^`]*`/g, "`…`")
      .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
      .replace(/^accepted: .*/, "accepted")
      .replace(/-?\d+(\.\d+)?([eE][+-]?\d+)?/g, "N")}`;
  const groups = new Map<string, Disagreement[]>();
  for (const d of ds) groups.set(shape(d), [...(groups.get(shape(d)) ?? []), d]);
  const sorted = [...groups].sort((a, b) => b[1].length - a[1].length);
  return [
    `${ds.length} disagreement(s) no named exception explains, in ${groups.size} group(s):`,
    ...sorted.slice(0, limit).map(([key, g]) => {
      const d = g[0]!;
      return `[${g.length}×] ${key}\n    e.g. ${d.type} ${d.label}\n    input:  ${d.input.slice(0, 300)}\n    serde:  ${d.serde.slice(0, 300)}`;
    }),
  ].join("\n");
}

describeWithOracle("JSON Schemas agree with the decoders on the conformance corpora", () => {
  let c: Conformance;
  let schemas: EmittedSchema[];
  let dir: string;
  let corpus: CorpusEntry[];
  let inputs: InvalidInput[];
  let rust: RustAnswer[];
  /** serde's verdict on each invalid input without its repeated keys, for the inputs that have some. */
  const deduped = new Map<number, boolean>();
  /** serde's verdict on each invalid input with its integral floats written as integers, for those that have some. */
  const integral = new Map<number, boolean>();
  /** serde's verdict on each invalid input without a flattened Option's struct keys (see flattenedOptionKeys). */
  const optionKeysGone = new Map<number, boolean>();
  const refs = new Map<string, string>();
  const ref = (type: string) => {
    let r = refs.get(type);
    if (r === undefined) {
      const { family, decl } = declOf(c.program, type);
      r = refOf(schemas, family, decl);
      refs.set(type, r);
    }
    return r;
  };

  beforeAll(async () => {
    c = await prepareConformance();
    schemas = emitSchemas(c.program);
    dir = scratchDir("corpus");
    writeSchemas(schemas, dir);
    corpus = rustCorpus(c.binary).filter((e) => !e.type.startsWith("hand.") && e.json.ok);
    inputs = invalidCorpus(c.program, corpus);
    rust = rustRoundtrip(c.binary, inputs.map((i) => ({ type: i.type, input: i.input })));
    const dups = inputs.flatMap((inp, k) => {
      if (rust[k]!.ok) return [];
      const text = withoutDuplicates(inp.input);
      return text === undefined ? [] : [{ k, type: inp.type, input: text }];
    });
    rustRoundtrip(c.binary, dups).forEach((a, j) => deduped.set(dups[j]!.k, a.ok));
    const floats = inputs.flatMap((inp, k) => {
      if (rust[k]!.ok) return [];
      const text = withIntegralFloatsAsIntegers(inp.input);
      return text === undefined ? [] : [{ k, type: inp.type, input: text }];
    });
    rustRoundtrip(c.binary, floats).forEach((a, j) => integral.set(floats[j]!.k, a.ok));
    const optionKeys = new Map<string, string[]>();
    const gone = inputs.flatMap((inp, k) => {
      if (rust[k]!.ok) return [];
      if (!optionKeys.has(inp.type)) optionKeys.set(inp.type, flattenedOptionKeys(c.program, inp.type));
      const keys = optionKeys.get(inp.type)!;
      const text = keys.length === 0 ? undefined : withoutMembers(inp.input, keys);
      return text === undefined ? [] : [{ k, type: inp.type, input: text }];
    });
    rustRoundtrip(c.binary, gone).forEach((a, j) => optionKeysGone.set(gone[j]!.k, a.ok));
    // eslint-disable-next-line no-console
    console.log(`valid corpus: ${corpus.length} texts; invalid corpus: ${inputs.length} inputs (serde rejects ${rust.filter((r) => !r.ok).length})`);
  }, 15 * 60 * 1000);

  afterAll(() => {
    c?.ts?.dispose();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  function ajvVerdicts(texts: readonly { type: string; text: string }[]): boolean[] {
    const { ajv, log } = strictAjv(schemas, "annotation");
    const out = texts.map(({ type, text }) => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return false;
      }
      return ajv.getSchema(ref(type))!(value) as boolean;
    });
    expect(log).toEqual([]);
    return out;
  }

  function pythonVerdicts(texts: readonly { type: string; text: string }[]): boolean[] {
    return pythonValidate(dir, texts.map(({ type, text }) => ({ ref: ref(type), text }))).map((a) => a.valid);
  }

  test("ajv: every text serde wrote (the valid corpus) validates", () => {
    const verdicts = ajvVerdicts(corpus.map((e) => ({ type: e.type, text: e.json.ok ? e.json.json : "" })));
    const rejected = corpus.filter((_, i) => !verdicts[i]).map((e) => `${e.type} ${e.label}: ${e.json.ok ? e.json.json.slice(0, 200) : ""}`);
    expect(rejected).toEqual([]);
  });

  test("Python's jsonschema: every text serde wrote (the valid corpus) validates", () => {
    if (!requirePython()) return;
    const verdicts = pythonVerdicts(corpus.map((e) => ({ type: e.type, text: e.json.ok ? e.json.json : "" })));
    const rejected = corpus.filter((_, i) => !verdicts[i]).map((e) => `${e.type} ${e.label}: ${e.json.ok ? e.json.json.slice(0, 200) : ""}`);
    expect(rejected).toEqual([]);
  });

  const agreement = (validator: Validator) => () => {
    if (validator === "python" && !requirePython()) return;
    const texts = inputs.map((i) => ({ type: i.type, text: i.input }));
    const verdicts = validator === "ajv" ? ajvVerdicts(texts) : pythonVerdicts(texts);
    const unexplained: Disagreement[] = [];
    const explained = new Map<string, number>();
    let tsDiffers = 0;
    let tsChecked = 0;
    let tsBigint = 0;
    const tsExamples: string[] = [];
    inputs.forEach((inp, k) => {
      const ok = verdicts[k]!;
      const r = rust[k]!;
      if (ok !== r.ok) {
        const why = explain(inp.input, ok, r, validator, deduped.get(k), integral.get(k), optionKeysGone.get(k));
        if (why) explained.set(why, (explained.get(why) ?? 0) + 1);
        else unexplained.push({ type: inp.type, label: `${inp.label} (${inp.cls})`, input: inp.input, schema: ok ? "valid" : "invalid", serde: r.ok ? `accepted: ${r.json.slice(0, 200)}` : `rejected: ${r.error}` });
      }
      // The strict TypeScript decoder: where it agrees with serde, the schema agrees with it as with serde.
      const codec = c.ts?.codecs.get(inp.type);
      if (codec) {
        tsChecked++;
        const ts = tsRoundtrip(codec, inp.input, true);
        const tsOk = ts.ok || ts.stage === "encode";
        const bigint = !tsOk && r.ok && /bigint/.test(ts.ok ? "" : ts.error);
        if (bigint && ok) tsBigint++;
        else if (tsOk !== r.ok) {
          tsDiffers++;
          if (tsExamples.length < 3) tsExamples.push(`${inp.type} ${inp.input.slice(0, 120)} → ts ${tsOk ? "accepts" : "rejects"}, serde ${r.ok ? "accepts" : `rejects (${r.error})`}`);
        }
      }
    });
    // eslint-disable-next-line no-console
    console.log(
      `${validator}: ${inputs.length} inputs; disagreements with serde explained by name: ` +
        `${[...explained].map(([n, k]) => `${n} ×${k}`).join(", ") || "none"}` +
        (c.ts
          ? `; against the strict TypeScript decoder, also ts-bigint ×${tsBigint}; it differs from serde itself on ${tsDiffers} of ${tsChecked} (the codec's conformance suite reports those)${tsExamples.map((e) => `\n  e.g. ${e}`).join("")}`
          : "; TypeScript codecs not generated"),
    );
    expect(show(unexplained)).toBe("");
  };

  test("ajv: on the invalid corpus, the schema's verdict is serde's, but for named exceptions", agreement("ajv"), 10 * 60 * 1000);
  test("Python's jsonschema: on the invalid corpus, the schema's verdict is serde's, but for named exceptions", agreement("python"), 10 * 60 * 1000);
});
