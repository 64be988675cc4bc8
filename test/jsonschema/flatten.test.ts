/**
 * Flatten, where serde hides keys from a payload: the JSON Schema's verdict equals serde's on hand-picked inputs, in
 * ajv and in Python's jsonschema. serde answers live (the conformance oracle); each row also pins its verdict, so a
 * change on either side shows up here by name.
 *
 * - An internally tagged newtype variant over a struct that flattens a map: serde removes the tag before the struct
 *   reads the rest, so the tag is no map entry (fixtures/flatten_edges.yaml `Wrapping`).
 * - A closed internally tagged union flattened into an open struct: serde hands the union only the keys the struct
 *   does not consume, so the struct's keys are no unknown keys of a closed variant and no entries of a map variant
 *   (`FlatClosedUnion`).
 * - A flattened struct without a flatten of its own is read by its field names alone: an alias is an unknown key
 *   there (codec_edges.yaml `Holder`, `HolderWithRest`).
 * - A flattened Option is None whenever its payload does not read (conformance/fixtures/flatten_option.yaml), and
 *   flattened members see each other's keys depending on their order (fixtures/flatten_order.yaml, the orders the
 *   spec language accepts): against serde's answers recorded from the same oracle (both fixtures are in its program
 *   now, where edge-cases.test.ts holds live serde to the same rows).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { FLATTEN_OPTION, FLATTEN_OPTION_ROWS } from "../conformance/flatten-option";
import { FLATTEN_ORDER, FLATTEN_ORDER_ROWS } from "./flatten-order";
import { describeWithOracle, buildOracle, rustRoundtrip, syncGeneratedSources } from "../conformance/oracle";
import { oracleSources } from "../conformance/oracle-emit";
import { conformanceProgram, loadProgram, ROOT } from "../conformance/program";
import { declOf, emitSchemas, type EmittedSchema, pythonValidate, requirePython, refOf, scratchDir, strictAjv, writeSchemas } from "./helpers";

type Row = readonly [type: string, input: string, serde: "accepts" | "rejects"];

const ROWS: readonly Row[] = [
  ["flatten_edges.Wrapping", `{"type":"rest","name":"n","a":2}`, "accepts"],
  ["flatten_edges.Wrapping", `{"name":"n","a":2,"type":"rest"}`, "accepts"],
  ["flatten_edges.Wrapping", `{"type":"rest","name":"n"}`, "accepts"],
  ["flatten_edges.Wrapping", `{"type":"rest","a":2}`, "rejects"],
  ["flatten_edges.Wrapping", `{"type":"rest","name":"n","a":"x"}`, "rejects"],
  ["flatten_edges.Wrapping", `{"type":"rest","name":"n","a":-1}`, "rejects"],
  ["flatten_edges.Wrapping", `{"type":"deep","seq":1,"name":"n","a":2}`, "accepts"],
  ["flatten_edges.Wrapping", `{"type":"deep","seq":1,"name":"n","a":"x"}`, "rejects"],
  ["flatten_edges.Wrapping", `{"type":"deep","seq":256,"name":"n"}`, "rejects"],
  ["flatten_edges.Nested", `{"seq":1,"name":"n","a":2}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"closed","id":2,"code":3}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"closed","id":2,"c":3}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"closed","id":2,"code":3,"c":3}`, "rejects"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"closed","id":2,"code":3,"zz":4}`, "rejects"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"plain","x":2}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"plain","x":2,"zz":1}`, "rejects"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"plain","x":"s"}`, "rejects"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"mapped","x":2}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"seq":4294967295,"kind":"mapped"}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"mapped","x":"s"}`, "rejects"],
  ["flatten_edges.FlatClosedUnion", `{"seq":"s","kind":"mapped"}`, "rejects"],
  ["flatten_edges.FlatClosedUnion", `{"seq":1,"kind":"nothing","zz":1}`, "accepts"],
  ["flatten_edges.FlatClosedUnion", `{"kind":"nothing"}`, "rejects"],
  ["flatten_edges.ClosedTagged", `{"kind":"plain","x":2,"seq":1}`, "rejects"],
  ["flatten_edges.ClosedTagged", `{"kind":"mapped","seq":"s"}`, "rejects"],
  ["codec_edges.Holder", `{"own":"x","id":1,"code":2}`, "accepts"],
  ["codec_edges.Holder", `{"own":"x","id":1,"c":2}`, "rejects"],
  ["codec_edges.Holder", `{"own":"x","id":1,"code":2,"c":"any"}`, "accepts"],
  ["codec_edges.HolderWithRest", `{"own":1,"id":1,"code":2,"c":"x"}`, "accepts"],
  ["codec_edges.HolderWithRest", `{"own":1,"id":1,"code":2,"c":3}`, "rejects"],
  ["codec_edges.Tagged", `{"type":"held","own":"x","id":1,"c":2}`, "rejects"],
];

describeWithOracle("flatten: the schema's verdict is serde's where serde hides keys from a payload", () => {
  let schemas: EmittedSchema[];
  let refs: string[];
  let serde: ("accepts" | "rejects")[];
  let dir: string;

  beforeAll(() => {
    const program = conformanceProgram();
    syncGeneratedSources(oracleSources(program));
    const { binary } = buildOracle();
    serde = rustRoundtrip(binary, ROWS.map(([type, input]) => ({ type, input }))).map((a) => (a.ok ? "accepts" : "rejects"));
    schemas = emitSchemas(program);
    refs = ROWS.map(([type]) => {
      const { family, decl } = declOf(program, type);
      return refOf(schemas, family, decl);
    });
    dir = scratchDir("flatten");
    writeSchemas(schemas, dir);
  }, 15 * 60 * 1000);

  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const table = (verdicts: readonly boolean[]) =>
    ROWS.map(([type, input], i) => `${type} ${input}: ${verdicts[i] ? "accepts" : "rejects"}`);

  test("serde still answers as pinned", () => {
    expect(table(serde.map((v) => v === "accepts"))).toEqual(table(ROWS.map(([, , pinned]) => pinned === "accepts")));
  });

  test("ajv (strict) agrees with serde", () => {
    const { ajv, log } = strictAjv(schemas, "annotation");
    const verdicts = ROWS.map(([, input], i) => ajv.getSchema(refs[i]!)!(JSON.parse(input)) as boolean);
    expect(log).toEqual([]);
    expect(table(verdicts)).toEqual(table(serde.map((v) => v === "accepts")));
  });

  test("Python's jsonschema agrees with serde", () => {
    if (!requirePython()) return;
    const verdicts = pythonValidate(dir, ROWS.map(([, text], i) => ({ ref: refs[i]!, text }))).map((x) => x.valid);
    expect(table(verdicts)).toEqual(table(serde.map((v) => v === "accepts")));
  });
});

/** The schema's verdicts on a fixture's rows against serde's recorded answers, but where a row names an exception. */
function recorded(name: string, fixture: string, rows: readonly (readonly [type: string, input: string, serde: string, limit?: string])[]): void {
  describe(name, () => {
    let schemas: EmittedSchema[];
    let refs: string[];
    const show = (verdicts: readonly boolean[]) =>
      rows.map(([type, input, , limit], i) => `${type} ${input}: ${verdicts[i] ? "accepts" : "rejects"}${limit ? ` (${limit})` : ""}`);
    /** serde's verdict, or the opposite where the row names the exception. */
    const wanted = show(rows.map(([, , answer, limit]) => answer.startsWith("OK ") !== (limit !== undefined)));

    beforeAll(() => {
      const p = loadProgram([path.relative(ROOT, fixture)]);
      schemas = emitSchemas(p);
      refs = rows.map(([type]) => {
        const { family, decl } = declOf(p, type);
        return refOf(schemas, family, decl);
      });
    });

    test("ajv (strict)", () => {
      const { ajv, log } = strictAjv(schemas, "annotation");
      const verdicts = rows.map(([, input], i) => ajv.getSchema(refs[i]!)!(JSON.parse(input)) as boolean);
      expect(log).toEqual([]);
      expect(show(verdicts)).toEqual(wanted);
    });

    test("Python's jsonschema", () => {
      if (!requirePython()) return;
      const dir = scratchDir("flatten-recorded");
      try {
        writeSchemas(schemas, dir);
        const verdicts = pythonValidate(dir, rows.map(([, text], i) => ({ ref: refs[i]!, text }))).map((x) => x.valid);
        expect(show(verdicts)).toEqual(wanted);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

recorded("a flattened Option: the schema's verdict is serde's recorded one, but for flatten-option-order", FLATTEN_OPTION, FLATTEN_OPTION_ROWS);
recorded("flattened members in the accepted orders: the schema's verdict is serde's recorded one", FLATTEN_ORDER, FLATTEN_ORDER_ROWS);
