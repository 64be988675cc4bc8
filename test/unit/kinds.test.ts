/**
 * The built-in kinds mean the same in every emitter (generator/ir/kinds.ts): the accessors fill in the default the
 * decoder fills in, and `skip_serializing_if` is accepted by the IR builder exactly where the TS encoder and the Rust
 * emitter both handle it. Real front end, real generated modules (loaded), no mocks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { emitRust } from "../../generator/emit/rust";
import { runFrontEnd } from "../../generator/frontend";
import { emitAll } from "../../generator/generate";
import { CONTAINER_KINDS, PRIMITIVE_KINDS, primitiveByName } from "../../generator/ir/kinds";
import type { IrProgram } from "../../generator/ir/types";

const ROOT = path.resolve(__dirname, "..", "..");

let scratch: string;
beforeAll(() => {
  fs.mkdirSync(path.join(ROOT, ".tmp"), { recursive: true });
  scratch = fs.mkdtempSync(path.join(ROOT, ".tmp", "kinds-"));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Runs the front end over one spec text; the program, or the formatted diagnostics. */
function frontEnd(name: string, spec: string): { program?: IrProgram; diagnostics: string[] } {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "spec.yaml");
  fs.writeFileSync(file, spec);
  const r = runFrontEnd([file], dir);
  return { ...(r.program ? { program: r.program } : {}), diagnostics: r.diagnostics.map(formatDiagnostic) };
}

/** Generates every TS module of `spec` under the scratch directory and loads `<family>/<module>.ts`. */
async function generated(name: string, spec: string): Promise<(module: string) => Record<string, unknown>> {
  const { program, diagnostics } = frontEnd(name, spec);
  if (!program) throw new Error(diagnostics.join("\n"));
  const out = path.join(scratch, name, "out");
  for (const f of await emitAll(program)) {
    fs.mkdirSync(path.dirname(path.join(out, f.path)), { recursive: true });
    fs.writeFileSync(path.join(out, f.path), f.content);
  }
  const family = program.families[0]!.name;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (module) => require(path.join(out, family, module)) as Record<string, unknown>;
}

type Fn = (x: unknown) => unknown;

describe("accessors fill in the decoder's defaults", () => {
  // `Sparse` may leave out `at` and `labels`: the decoder fills them in, and the accessors read a hand-built
  // `Sparse` without them as those same defaults.
  const spec = [
    "family: defaults_agree",
    "root: Event",
    "types:",
    "  Event:",
    "    kind: union",
    "    tag: type",
    "    rename_all: snake_case",
    "    accessors:",
    "      at: {}",
    "      labels: {}",
    "    variants:",
    "      Full: { fields: { at: timestamp, labels: map<string> } }",
    "      Sparse:",
    "        fields:",
    "          at: { type: timestamp, default: true }",
    "          labels: { type: map<string>, default: true }",
    "",
  ].join("\n");
  let load: (module: string) => Record<string, unknown>;
  let decoded: Record<string, unknown>;
  beforeAll(async () => {
    load = await generated("defaults_agree", spec);
    decoded = (load("codec")["decodeEvent"] as Fn)('{"type":"sparse"}') as Record<string, unknown>;
  });

  test("a timestamp's default is the Unix epoch in both", () => {
    expect(decoded["at"]).toBe("1970-01-01T00:00:00Z");
    expect((load("accessors")["at"] as Fn)({ type: "sparse" })).toBe(decoded["at"]);
  });

  test("a map's default is an empty null-prototype object in both", () => {
    const fromAccessor = (load("accessors")["labels"] as Fn)({ type: "sparse" }) as object;
    for (const m of [decoded["labels"] as object, fromAccessor]) {
      expect(Object.getPrototypeOf(m)).toBeNull();
      expect(Object.keys(m)).toEqual([]);
    }
  });
});

describe("skip_serializing_if through a type alias", () => {
  const spec = [
    "family: alias_skip",
    "types:",
    "  Labels: { kind: alias, type: map<string> }",
    "  Tags: { kind: alias, type: list<string> }",
    "  Note: { kind: alias, type: string }",
    "  MoreLabels: { kind: alias, type: Labels }",
    "  Count: { kind: alias, type: u32 }",
    "  Flag: { kind: alias, type: bool }",
    "  Item:",
    "    kind: struct",
    "    fields:",
    "      id: u32",
    "      labels: { type: Labels, default: true, skip_serializing_if: empty }",
    "      tags: { type: Tags, default: true, skip_serializing_if: empty }",
    "      note: { type: Note, default: true, skip_serializing_if: empty }",
    "      more: { type: MoreLabels, default: true, skip_serializing_if: empty }",
    "      count: { type: Count, default: true, skip_serializing_if: zero }",
    "      flag: { type: Flag, default: true, skip_serializing_if: \"false\" }",
    "",
  ].join("\n");

  test("the IR builder accepts every form on an alias of a type it applies to", () => {
    expect(frontEnd("alias_skip_ir", spec).diagnostics).toEqual([]);
  });

  test("the TS encoder omits the empty values and writes the others", async () => {
    const load = await generated("alias_skip_ts", spec);
    const encode = load("codec")["encodeItem"] as Fn;
    const decode = load("codec")["decodeItem"] as Fn;
    expect(encode({ id: 1, labels: {}, tags: [], note: "", more: {}, count: 0, flag: false })).toBe('{"id":1}');
    const full = '{"id":1,"labels":{"a":"b"},"tags":["t"],"note":"n","more":{"c":"d"},"count":2,"flag":true}';
    expect(encode(decode(full))).toBe(full);
  });

  test("the Rust emitter names the container's is_empty (which takes the alias), and a helper for zero", () => {
    const { program } = frontEnd("alias_skip_rust", spec);
    const rs = emitRust(program!).find((f) => f.path.endsWith("alias_skip.rs"))!.content;
    expect(rs).toContain('#[serde(default, skip_serializing_if = "BTreeMap::is_empty")]\n    pub labels: Labels,');
    expect(rs).toContain('#[serde(default, skip_serializing_if = "Vec::is_empty")]\n    pub tags: Tags,');
    expect(rs).toContain('#[serde(default, skip_serializing_if = "String::is_empty")]\n    pub note: Note,');
    expect(rs).toContain('#[serde(default, skip_serializing_if = "BTreeMap::is_empty")]\n    pub more: MoreLabels,');
    expect(rs).toContain('#[serde(default, skip_serializing_if = "is_zero_u32")]\n    pub count: Count,');
  });

  test("a form that does not apply to the alias's type is reported at the rule, naming the alias's type", () => {
    const bad = [
      "family: alias_skip_bad",
      "types:",
      "  Count: { kind: alias, type: u64 }",
      "  Wrapped: { kind: newtype, type: map<string> }",
      "  Item:",
      "    kind: struct",
      "    fields:",
      "      count: { type: Count, default: true, skip_serializing_if: empty }",
      "      wrapped: { type: Wrapped, default: true, skip_serializing_if: empty }",
      "",
    ].join("\n");
    expect(frontEnd("alias_skip_bad", bad).diagnostics).toEqual([
      "spec.yaml:8:65: `skip_serializing_if: empty` needs a field of type string, list<T> or map<T>; field `count` is Count (u64)\n  hint: use `zero`",
      "spec.yaml:9:69: `skip_serializing_if: empty` needs a field of type string, list<T> or map<T>; field `wrapped` is Wrapped (a newtype)\n  hint: a newtype is a type of its own in Rust, which serde's check does not take: declare it `kind: alias`",
    ]);
  });
});

describe("the kinds table", () => {
  test("type names that are Object.prototype members are no kind (an unknown type, not a crash)", () => {
    expect(primitiveByName("toString")).toBeUndefined();
    expect(primitiveByName("u64")).toBe("u64");
    const r = frontEnd("proto_names", "family: proto_names\ntypes:\n  Item: { kind: struct, fields: { a: toString, b: constructor } }\n");
    expect(r.diagnostics).toEqual([
      expect.stringMatching(/^spec\.yaml:3:38: unknown type `toString`/),
      expect.stringMatching(/^spec\.yaml:3:51: unknown type `constructor`/),
    ]);
    expect(r.diagnostics.join("\n")).not.toMatch(/function|native code/);
  });

  test("each default's TS expression evaluates to its JSON form", () => {
    const rows = [
      ...Object.values(PRIMITIVE_KINDS).flatMap((k) => [k.default, ...(k.defaultBigint ? [k.defaultBigint] : [])]),
      ...Object.values(CONTAINER_KINDS).map((k) => k.default),
    ];
    for (const d of rows) {
      const value: unknown = new Function(`return ${d.ts};`)();
      expect(typeof value === "bigint" ? Number(value) : value).toEqual(d.json);
    }
  });

  test("integer ranges are Rust's", () => {
    for (const [name, bits] of [["u8", 8], ["u16", 16], ["u32", 32], ["u64", 64], ["i8", 8], ["i16", 16], ["i32", 32], ["i64", 64]] as const) {
      const { min, max } = PRIMITIVE_KINDS[name].range!;
      const signed = name.startsWith("i");
      expect([min, max]).toEqual(signed ? [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n] : [0n, 2n ** BigInt(bits) - 1n]);
    }
  });
});
