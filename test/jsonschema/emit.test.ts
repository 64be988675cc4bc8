/**
 * The emitted JSON Schemas as documents: they compile in ajv's strict mode with nothing logged (formats as
 * annotations, and with ajv-formats), pass Python's meta-schema check, carry the configured `$id`s, one `$defs`
 * entry per type and per variant with the TypeScript name as key and title, `required` exactly as the IR says the
 * decoder requires, `additionalProperties: false` only where unknown keys are errors, exact integer bounds, and a
 * tag dispatch per tagged union. Plus the index, the committed copies and the package `exports`.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { emitJsonSchema, familySchema, type Json, printJson, schemaIndex } from "../../generator/emit/jsonschema";
import { SCHEMA_LIMITS, TYPE_LIMITS } from "../../generator/emit/jsonschema-limits";
import { formatOutputs } from "../../generator/format";
import { indexDecls } from "../../generator/ir/lookup";
import type { Field, IrProgram, UnionDecl } from "../../generator/ir/types";
import { loadProgram, ROOT } from "../conformance/program";
import { allSpecsProgram, describeWithPython, emitSchemas, type EmittedSchema, PYTHON, scratchDir, strictAjv, writeSchemas } from "./helpers";

let program: IrProgram;
let schemas: EmittedSchema[];

beforeAll(() => {
  program = allSpecsProgram();
  schemas = emitSchemas(program);
});

const defsOf = (family: string) => schemas.find((s) => s.family.name === family)!.schema.$defs as Record<string, Record<string, unknown>>;

describe("ajv 2020, strict mode", () => {
  test("compiles every schema and every definition with nothing logged (formats as annotations)", () => {
    const { ajv, log } = strictAjv(schemas, "annotation");
    for (const s of schemas) {
      expect(ajv.getSchema(s.id)).toBeInstanceOf(Function);
      for (const name of Object.keys(s.schema.$defs)) expect(ajv.getSchema(`${s.id}#/$defs/${name}`)).toBeInstanceOf(Function);
    }
    expect(log).toEqual([]);
  });

  test("compiles every schema with nothing logged when ajv-formats asserts date-time and uuid", () => {
    const { ajv, log } = strictAjv(schemas, "ajv-formats");
    for (const s of schemas) expect(ajv.getSchema(s.id)).toBeInstanceOf(Function);
    expect(log).toEqual([]);
  });
});

describeWithPython("Python's jsonschema", () => {
  test("every schema passes Draft202012Validator.check_schema (the meta-schema)", () => {
    const dir = scratchDir("meta");
    try {
      writeSchemas(schemas, dir);
      const code = [
        "import json, os, sys",
        "from jsonschema import Draft202012Validator",
        "d = sys.argv[1]",
        "for n in sorted(os.listdir(d)):",
        "    Draft202012Validator.check_schema(json.load(open(os.path.join(d, n))))",
        "    print(n)",
      ].join("\n");
      const r = spawnSync(PYTHON, ["-c", code, dir], { encoding: "utf8" });
      expect(r.stderr).toBe("");
      expect(r.stdout.trim().split("\n")).toEqual(schemas.map((s) => s.file).sort());
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("documents", () => {
  test("$id is the family's schema_base_uri plus the file name; $schema is draft 2020-12; the root refers to the root type", () => {
    const harn = schemas.find((s) => s.family.name === "harn")!.schema;
    expect(harn["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(harn["$id"]).toBe("https://eventspec.dev/schemas/harn.schema.json");
    expect(harn["$ref"]).toBe("#/$defs/AgentEvent");
    // A base without a trailing slash gets one.
    expect(schemas.find((s) => s.family.name === "edges")!.schema["$id"]).toBe("https://example.test/schemas/edges.schema.json");
    // A family without a root: no $ref, the comment says where the types are.
    const structs = schemas.find((s) => s.family.name === "structs")!.schema;
    expect(structs["$ref"]).toBeUndefined();
    expect(structs["$comment"]).toMatch(/validate against #\/\$defs\/<Type>/);
  });

  test("one $defs entry per declared type and per variant, keyed and titled by the TypeScript name", () => {
    for (const s of schemas) {
      const defs = s.schema.$defs as Record<string, { title?: string }>;
      const expected: string[] = [];
      for (const d of s.family.decls) {
        expected.push(d.names.ts);
        if (d.kind === "union") for (const v of d.variants) expected.push(v.names.ts);
      }
      const keys = Object.keys(defs);
      // Local declarations first, in spec order; then imported ones; then the shared Timestamp/Uuid definitions.
      expect(keys.slice(0, expected.length)).toEqual(expected);
      for (const k of keys) expect({ k, title: defs[k]!.title }).toEqual({ k, title: k });
    }
  });

  test("types imported from other families are copied in, so each file stands alone", () => {
    const harn = schemas.find((s) => s.family.name === "harn")!;
    for (const imp of harn.family.imports) expect(Object.keys(harn.schema.$defs)).toContain(imp.name);
    for (const s of schemas) {
      const refs = [...s.text.matchAll(/"\$ref": "([^"]*)"/g)].map((m) => m[1]!);
      for (const r of refs) {
        expect(r.startsWith("#/$defs/")).toBe(true);
        expect(s.schema.$defs[r.slice("#/$defs/".length)]).toBeDefined();
      }
    }
  });

  test("required lists exactly the fields the decoder requires; additionalProperties: false exactly under deny_unknown_fields", () => {
    const index = indexDecls(program);
    for (const s of schemas) {
      for (const d of s.family.decls) {
        if (d.kind !== "struct" || d.fields.some((f) => f.flatten)) continue;
        const def = (s.schema.$defs as Record<string, { required?: string[]; additionalProperties?: unknown; properties: Record<string, unknown> }>)[d.names.ts]!;
        const wanted = d.fields.filter((f: Field) => !f.skip && !f.optional && f.aliases.length === 0).map((f) => f.wire);
        expect({ type: d.names.ts, required: def.required ?? [] }).toEqual({ type: d.names.ts, required: wanted });
        expect({ type: d.names.ts, closed: def.additionalProperties === false }).toEqual({ type: d.names.ts, closed: d.denyUnknownFields });
        const keys = d.fields.filter((f) => !f.skip).flatMap((f) => [f.wire, ...f.aliases]);
        expect({ type: d.names.ts, keys: Object.keys(def.properties) }).toEqual({ type: d.names.ts, keys });
      }
    }
    void index;
  });

  test("a tagged union has one if/then per tag (aliases included) and a final anyOf of every variant", () => {
    for (const s of schemas) {
      for (const d of s.family.decls) {
        if (d.kind !== "union" || (d.repr.kind !== "internal" && d.repr.kind !== "adjacent")) continue;
        const u = d as UnionDecl & { repr: { tag: string } };
        const def = (s.schema.$defs as Record<string, { allOf: Record<string, unknown>[] }>)[u.names.ts]!;
        const tags = u.variants.filter((v) => v.shape.kind !== "lossless").flatMap((v) => [v.wire, ...v.aliases]);
        // First the tag (present, and one of the tags), then one if/then per tag, then the typing anyOf.
        expect(def.allOf[0]).toEqual({
          if: { type: "object" },
          then: { required: [u.repr.tag], properties: { [u.repr.tag]: u.catchAll ? { type: "string" } : { enum: tags } } },
        });
        const dispatch = def.allOf.slice(1, -1).filter((x) => (x as { then: { $ref?: string } }).then.$ref !== undefined) as { if: { properties: Record<string, { const: string }> }; then: { $ref: string } }[];
        expect(dispatch.map((x) => x.if.properties[u.repr.tag]!.const)).toEqual(tags);
        const typing = def.allOf[def.allOf.length - 1] as { anyOf: { $ref?: string }[] };
        const refs = typing.anyOf.filter((x) => x.$ref !== undefined).map((x) => x.$ref);
        expect(refs).toEqual(u.variants.map((v) => `#/$defs/${v.names.ts}`));
      }
    }
  });

  test("integer bounds per width, written with exact digits (u64::MAX exceeds a double)", () => {
    const keywords = defsOf("edges")["Keywords"] as { properties: Record<string, { items?: unknown; minimum?: unknown; maximum?: unknown }> };
    expect(keywords.properties["items"]!.items).toEqual({ type: "integer", minimum: 0, maximum: 255 });
    const text = schemas.find((s) => s.family.name === "edges")!.text;
    expect(text).toContain('"minimum": -9223372036854775808');
    expect(text).toContain('"maximum": 9223372036854775807');
    expect(text).toContain('"maximum": 18446744073709551615');
    expect(printJson({ maximum: 18446744073709551615n })).toBe('{\n  "maximum": 18446744073709551615\n}\n');
  });

  test("table: type expressions and field attributes", () => {
    const defs = defsOf("edges");
    const keywords = defs["Keywords"] as { properties: Record<string, unknown>; required: string[] };
    expect(keywords.properties["$ref"]).toEqual({ type: "string" });
    expect(keywords.properties["nested"]).toEqual({ default: null, anyOf: [{ type: "integer", minimum: 0, maximum: 255 }, { type: "null" }] });
    expect(keywords.properties["grid"]).toEqual({
      default: [],
      type: "array",
      items: { anyOf: [{ type: "object", additionalProperties: { type: "integer", minimum: -128, maximum: 127 } }, { type: "null" }] },
    });
    expect(keywords.required).toEqual(["$ref", "items", "big", "ratio"]);
    const defaults = defs["Defaults"] as { properties: Record<string, unknown>; required?: string[] };
    expect(defaults.required).toBeUndefined();
    expect(defaults.properties["mode"]).toEqual({ default: "fast", allOf: [{ $ref: "#/$defs/Mode" }] });
    expect(defaults.properties["when"]).toEqual({ default: "1970-01-01T00:00:00Z", allOf: [{ $ref: "#/$defs/Timestamp" }] });
    expect(defaults.properties["open"]).toEqual({ default: { a: 0, b: "b" }, allOf: [{ $ref: "#/$defs/Open" }] });
    expect(defs["Mode"]).toMatchObject({ type: "string", enum: ["fast", "quick", "slow"] });
    // json is {}, with annotations around an allOf so code generators keep `unknown`.
    const structs = defsOf("structs")["Everything"] as { properties: Record<string, unknown> };
    expect(structs.properties["extra"]).toEqual({ default: null, allOf: [{}] });
    expect(structs.properties["old"]).toEqual({ description: "Deprecated: use plain_string", deprecated: true, default: "", type: "string" });
    expect(defsOf("structs")["Meta"]).toEqual({ title: "Meta", description: "Free-form metadata.", type: "object", additionalProperties: {} });
  });

  test("flatten: struct fields merged in, a map as additionalProperties over every other key, a union as an allOf member", () => {
    const defs = defsOf("edges");
    expect(defs["Combined"]).toMatchObject({
      type: "object",
      properties: { name: { type: "string" }, label: {}, title: {}, a: {}, b: {} },
      required: ["a"],
      additionalProperties: { type: "integer", minimum: 0, maximum: 4294967295 },
    });
    const allOf = (defs["Combined"] as { allOf: unknown[] }).allOf;
    // name | label | title: at least one, never two.
    expect(allOf[0]).toEqual({
      if: { properties: { name: true }, required: ["name"] },
      else: { if: { properties: { label: true }, required: ["label"] }, else: { properties: { title: true }, required: ["title"] } },
    });
    expect(allOf.slice(1)).toEqual([
      { not: { properties: { name: true, label: true }, required: ["name", "label"] } },
      { not: { properties: { name: true, title: true }, required: ["name", "title"] } },
      { not: { properties: { label: true, title: true }, required: ["label", "title"] } },
    ]);
    const withUnion = defsOf("structs")["WithUnion"];
    expect(withUnion).toMatchObject({ properties: { index: {} }, required: ["index"], allOf: [{ $ref: "#/$defs/Tagged" }] });
    // A flattened struct that flattens nothing itself is read by its field names alone: its aliases are unknown keys.
    expect(Object.keys((defsOf("codec_edges")["Holder"] as { properties: object }).properties)).toEqual(["own", "id", "note", "code", "tail"]);
  });

  test("flatten where serde hides keys: a tagged newtype over a map-flattening struct, a closed union flattened", () => {
    const defs = defsOf("flatten_edges");
    const u32 = { type: "integer", minimum: 0, maximum: 4294967295 };
    // The tag is no map entry: the struct's fields inlined next to it, the map as additionalProperties.
    expect(defs["WrappingRest"]).toMatchObject({ properties: { type: { const: "rest" }, name: {} }, required: ["type", "name"], additionalProperties: u32 });
    expect(defs["WrappingRest"]!["allOf"]).toBeUndefined();
    // The struct's own keys are exempt from the flattened union's closed and map variants; the others are references.
    const flat = defs["FlatClosedUnion"] as { properties: object; allOf: [{ allOf: Record<string, unknown>[] }] };
    expect(Object.keys(flat.properties)).toEqual(["seq"]);
    const dispatch = flat.allOf[0].allOf;
    const then = (tag: string) => dispatch.find((x) => (x["if"] as { properties?: { kind?: { const?: string } } }).properties?.kind?.const === tag)!["then"];
    expect(then("mapped")).toEqual({ type: "object", properties: { kind: { const: "mapped" } }, required: ["kind"], patternProperties: { "^(?!(?:kind|seq)(?![\\s\\S]))": u32 } });
    expect(then("plain")).toMatchObject({ required: ["kind", "x"], propertyNames: { enum: ["kind", "x", "y", "seq"] } });
    expect(then("closed")).toMatchObject({ required: ["kind", "id"], propertyNames: { enum: ["kind", "id", "note", "code", "c", "seq"] } });
    expect(then("nothing")).toEqual({ $ref: "#/$defs/ClosedTaggedNothing" });
    expect(dispatch[dispatch.length - 1]!["anyOf"]).toEqual(["mapped", "closed", "plain"].map(then).concat([{ $ref: "#/$defs/ClosedTaggedNothing" }]));
    // Standalone, the variants stay closed as themselves.
    expect(defs["ClosedTaggedPlain"]).toMatchObject({ additionalProperties: false });
  });

  test("variants of every representation", () => {
    const defs = defsOf("edges");
    // internal, closed: the tag among the fields; a unit variant ignores other keys (as serde does, even closed)
    expect(defs["InnerMarker"]).toEqual({ title: "InnerMarker", description: "Wire tag `marker`.", type: "object", properties: { type: { const: "marker" } }, required: ["type"] });
    expect(defs["InnerPlain"]).toMatchObject({ properties: { type: { const: "plain" } }, required: ["type", "x"], additionalProperties: false });
    // internal newtype of a closed struct: its fields inlined next to the tag; of an open struct: an allOf
    expect(defs["InnerWrapped"]).toMatchObject({ properties: { type: { const: "wrapped" }, id: {}, note: {} }, required: ["type", "id"], additionalProperties: false });
    expect(defs["InnerWrappedOpen"]).toMatchObject({ properties: { type: { enum: ["wrapped_open", "open"] } }, allOf: [{ $ref: "#/$defs/Open" }] });
    // adjacent, closed
    expect(defs["AdjacentUnit"]).toMatchObject({ properties: { t: { const: "Unit" }, c: { type: "null" } }, required: ["t"], additionalProperties: false });
    expect(defs["AdjacentPair"]).toMatchObject({ required: ["t", "c"], properties: { c: { required: ["l", "r"], additionalProperties: false } } });
    // external: a string, or a one-key object
    expect(defs["ExternalNothing"]).toMatchObject({ type: "string", enum: ["nothing", "none"] });
    expect(defs["ExternalPoint"]).toMatchObject({ type: "object", required: ["point"], additionalProperties: false });
    expect(defs["ExternalValue"]).toMatchObject({ minProperties: 1, maxProperties: 1, properties: { value: {}, val: {} } });
    // untagged
    expect(defs["Either"]).toMatchObject({ anyOf: [{ $ref: "#/$defs/EitherClosed" }, { $ref: "#/$defs/EitherPoint" }, { $ref: "#/$defs/EitherMany" }, { $ref: "#/$defs/EitherNil" }] });
    expect(defs["EitherNil"]).toMatchObject({ type: "null" });
    // catch-alls: a string tag no variant declares
    expect(defs["LosslessOther"]).toMatchObject({ properties: { kind: { type: "string", not: { enum: ["Known"] } } }, required: ["kind"] });
    expect((defs["Inner"] as { allOf: unknown[] }).allOf[0]).toEqual({ if: { type: "object" }, then: { required: ["type"], properties: { type: { type: "string" } } } });
  });
});

describe("index.json, committed copies, package exports", () => {
  test("index.json lists every generated family, sorted, with $id, file, import specifier and root", () => {
    const files = emitJsonSchema(loadProgram(["schema"]));
    const index = JSON.parse(files.find((f) => f.path === "schemas/index.json")!.content) as { schemas: { family: string; $id: string; path: string; import: string; root: string | null }[] };
    expect(index.schemas.map((s) => s.family)).toEqual(["awaken", "behest", "harn", "harn_legacy", "heartbit"]);
    expect(index.schemas.find((s) => s.family === "harn")).toMatchObject({
      $id: "https://eventspec.dev/schemas/harn.schema.json",
      path: "harn.schema.json",
      import: "eventspec/schemas/harn.schema.json",
      root: "#/$defs/AgentEvent",
    });
    expect(schemaIndex([]) as unknown).toMatchObject({ schemas: [] });
  });

  test("generated/schemas/ holds what the emitter produces for schema/", () => {
    const fresh = emitJsonSchema(loadProgram(["schema"]));
    const dir = path.join(ROOT, "generated", "schemas");
    expect(fs.readdirSync(dir).sort()).toEqual(fresh.map((f) => path.basename(f.path)).sort());
    for (const f of fresh) {
      const committed: unknown = JSON.parse(fs.readFileSync(path.join(dir, path.basename(f.path)), "utf8"));
      expect({ file: f.path, json: committed }).toEqual({ file: f.path, json: JSON.parse(f.content) });
    }
  });

  test("package.json exports make every schema and the index importable by package name", () => {
    const code = [
      "const p = require.resolve('eventspec/schemas/index.json');",
      "const idx = require('eventspec/schemas/index.json');",
      "const out = idx.schemas.map((s) => [s.family, require(s.import).$id === s.$id]);",
      "console.log(JSON.stringify({ p, out }));",
    ].join("\n");
    const r = spawnSync(process.execPath, ["-e", code], { cwd: ROOT, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const got = JSON.parse(r.stdout) as { p: string; out: [string, boolean][] };
    expect(got.p).toBe(path.join(ROOT, "generated", "schemas", "index.json"));
    expect(got.out.every(([, same]) => same)).toBe(true);
    expect(got.out.map(([f]) => f)).toEqual(["awaken", "behest", "harn", "harn_legacy", "heartbit"]);
  });

  test("the emitter prints its own fixed layout, which the formatter keeps", async () => {
    // `    "x": [...],` is 120 columns with the comma that follows it; under the longer key "yy" it would be 121.
    const items = [...Array.from({ length: 13 }, (_, i) => `v${String(i).padStart(3, "0")}`), "xx"];
    const doc: Json = { a: { x: items, yy: items, z: [] }, b: [{ c: 1 }, {}], n: [1, 2.5, -3, 18446744073709551615n, null, true, "s"] };
    expect(printJson(doc)).toBe(
      [
        "{",
        '  "a": {',
        `    "x": [${items.map((v) => `"${v}"`).join(", ")}],`,
        '    "yy": [',
        ...items.map((v, i) => `      "${v}"${i < items.length - 1 ? "," : ""}`),
        "    ],",
        '    "z": []',
        "  },",
        '  "b": [',
        "    {",
        '      "c": 1',
        "    },",
        "    {}",
        "  ],",
        '  "n": [1, 2.5, -3, 18446744073709551615, null, true, "s"]',
        "}",
        "",
      ].join("\n"),
    );
    expect(`    "x": [${items.map((v) => `"${v}"`).join(", ")}],`).toHaveLength(120);

    const files = emitJsonSchema(program);
    expect(files.every((f) => f.preformatted === true)).toBe(true);
    expect((await formatOutputs(files)).map((f) => f.content)).toEqual(files.map((f) => f.content));
    for (const f of files) {
      // At most 120 columns, but for a line holding one string wider than that; 2-space indent per nesting level.
      const lines = f.content.split("\n");
      const tooWide = lines.filter((l) => l.length > 120 && !/^ *("[^"]*": )?"(?:[^"\\]|\\.)*",?$/.test(l));
      expect({ file: f.path, tooWide }).toEqual({ file: f.path, tooWide: [] });
      let depth = 0;
      for (const l of lines.slice(0, -1)) {
        const closes = /^ *[\]}]/.test(l) ? 1 : 0;
        expect({ file: f.path, line: l, indent: l.length - l.trimStart().length }).toEqual({ file: f.path, line: l, indent: 2 * (depth - closes) });
        const code = l.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        depth += (code.match(/[[{]/g) ?? []).length - (code.match(/[\]}]/g) ?? []).length;
      }
    }
  });

  test("docs/schemas.md names every documented exception", () => {
    const section = fs.readFileSync(path.join(ROOT, "docs", "schemas.md"), "utf8");
    for (const l of [...SCHEMA_LIMITS, ...TYPE_LIMITS]) expect({ name: l.name, documented: section.includes(`\`${l.name}\``) }).toEqual({ name: l.name, documented: true });
  });

  test("the emitter is pure and deterministic", () => {
    const a = emitJsonSchema(program);
    const b = emitJsonSchema(program);
    expect(a).toEqual(b);
    const harn = program.families.find((f) => f.name === "harn")!;
    expect(familySchema(harn, indexDecls(program))).toEqual(familySchema(harn, indexDecls(program)));
  });
});
