/**
 * Every output of every encoder validates: fast-check draws values of every declared type of every spec (the seeds,
 * the kitchen sink, the golden fixtures, the edge cases), the generated `encode<T>` writes them, and the family's
 * schema accepts the text — in ajv (strict mode) for every drawn value, and in Python's jsonschema for a sample of
 * each type.
 */
import fc from "fast-check";
import { indexDecls } from "../../generator/ir/lookup";
import type { Decl, IrProgram } from "../../generator/ir/types";
import { oracleTypeName } from "../conformance/oracle-emit";
import { generateTs, type GeneratedTs } from "../conformance/ts-codecs";
import { Arbitraries } from "./arbitrary";
import { allSpecsProgram, describeWithPython, emitSchemas, type EmittedSchema, pythonValidate, refOf, scratchDir, strictAjv, writeSchemas } from "./helpers";
import * as fs from "node:fs";

const RUNS = Number(process.env.JSONSCHEMA_RUNS ?? 150);
const PY_SAMPLES = Number(process.env.JSONSCHEMA_PY_SAMPLES ?? 25);

let program: IrProgram;
let ts: GeneratedTs;
let schemas: EmittedSchema[];
let arbs: Arbitraries;

beforeAll(async () => {
  program = allSpecsProgram();
  ts = await generateTs(program);
  schemas = emitSchemas(program);
  arbs = new Arbitraries(indexDecls(program), ts.jsonValue.JsonFloat);
}, 10 * 60 * 1000);

afterAll(() => ts?.dispose());

const families = () => program.families.filter((f) => f.generated !== false);

/**
 * Encoder failures (an encoder that throws on a value of its own type) are the codec's to fix and are reported by
 * the codec's own tests; they produce no output to validate, so they are counted and printed here, not hidden.
 */
const encodeFailures = new Map<string, string>();

function encode(name: string, codec: { encode(v: unknown): string }, value: unknown): string | undefined {
  try {
    return codec.encode(value);
  } catch (e) {
    if (!encodeFailures.has(name)) encodeFailures.set(name, `${(e as Error).message} (value ${String(JSON.stringify(value, (_, x: unknown) => (typeof x === "bigint" ? `${x}n` : x))).slice(0, 200)})`);
    return undefined;
  }
}

afterAll(() => {
  if (encodeFailures.size === 0) return;
  // eslint-disable-next-line no-console
  console.warn(
    `ENCODERS THAT THREW on values of their own type (codec issues, not validated here):\n${[...encodeFailures].map(([t, m]) => `  ${t}: ${m}`).join("\n")}`,
  );
});

/** Every declared type, with its encoder and its schema reference. */
function targets(): { family: string; decl: Decl; name: string }[] {
  return families().flatMap((f) => f.decls.map((decl) => ({ family: f.name, decl, name: oracleTypeName(f.name, decl.names.spec) })));
}

test("every declared type has an encoder and a schema", () => {
  expect(ts.missing).toEqual([]);
  for (const t of targets()) {
    expect(ts.codecs.has(t.name)).toBe(true);
    expect(refOf(schemas, t.family, t.decl)).toMatch(/#\/\$defs\//);
  }
});

test("ajv: every encoder output of every type validates against its schema (fast-check)", () => {
  const { ajv, log } = strictAjv(schemas, "annotation");
  let checked = 0;
  for (const t of targets()) {
    const codec = ts.codecs.get(t.name)!;
    const validate = ajv.getSchema(refOf(schemas, t.family, t.decl))!;
    fc.assert(
      fc.property(arbs.decl(t.decl), (value) => {
        const text = encode(t.name, codec, value);
        if (text === undefined) return;
        const ok = validate(JSON.parse(text));
        if (!ok) throw new Error(`${t.name}: ${text}\n${JSON.stringify(validate.errors, null, 1).slice(0, 2000)}`);
        checked++;
      }),
      { numRuns: RUNS, seed: 42 },
    );
  }
  expect(log).toEqual([]);
  // eslint-disable-next-line no-console
  console.log(`${checked} encoder outputs of ${targets().length} types validated by ajv`);
}, 10 * 60 * 1000);

describeWithPython("Python's jsonschema", () => {
  test("a sample of every type's encoder outputs validates against its schema", () => {
    const dir = scratchDir("encoders");
    try {
      writeSchemas(schemas, dir);
      const requests: { ref: string; text: string; type: string }[] = [];
      for (const t of targets()) {
        const codec = ts.codecs.get(t.name)!;
        for (const value of fc.sample(arbs.decl(t.decl), { numRuns: PY_SAMPLES, seed: 7 })) {
          const text = encode(t.name, codec, value);
          if (text !== undefined) requests.push({ ref: refOf(schemas, t.family, t.decl), text, type: t.name });
        }
      }
      const answers = pythonValidate(dir, requests, true);
      const invalid = requests
        .map((r, i) => ({ r, a: answers[i]! }))
        .filter(({ a }) => !a.valid)
        .map(({ r, a }) => `${r.type}: ${r.text.slice(0, 300)}\n  ${a.first?.message ?? ""} at ${JSON.stringify(a.first?.path)}`);
      expect(invalid).toEqual([]);
      // eslint-disable-next-line no-console
      console.log(`${requests.length} encoder outputs validated by Python's jsonschema`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 10 * 60 * 1000);
});

test("the check is not vacuous: a schema narrower than the encoder is caught", () => {
  const sink = schemas.find((s) => s.family.name === "kitchen_sink")!;
  const narrow = structuredClone(sink.schema) as { $defs: Record<string, { properties: Record<string, { maximum?: number }> }> };
  narrow.$defs["EventStarted"]!.properties["count"]!.maximum = 1;
  const { ajv } = strictAjv([{ ...sink, schema: narrow as EmittedSchema["schema"] }], "annotation");
  const decl = sink.family.decls.find((d) => d.names.spec === "Event")!;
  const validate = ajv.getSchema(refOf(schemas, "kitchen_sink", decl))!;
  const codec = ts.codecs.get("kitchen_sink.Event")!;
  const run = fc.check(
    fc.property(arbs.decl(decl), (value) => validate(JSON.parse(codec.encode(value))) === true),
    { numRuns: RUNS, seed: 42 },
  );
  expect(run.failed).toBe(true);
});
