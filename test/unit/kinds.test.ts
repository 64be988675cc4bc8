/**
 * The built-in kinds mean the same in every emitter (generator/ir/kinds.ts): the accessors fill in the default the
 * decoder fills in, and `skip_serializing_if` is accepted by the IR builder exactly where the TS encoder and the Rust
 * emitter both handle it. Real front end, real generated modules (loaded), no mocks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { runFrontEnd } from "../../generator/frontend";
import { emitAll } from "../../generator/generate";
import { PRIMITIVE_KINDS, primitiveByName } from "../../generator/ir/kinds";
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

  test("integer ranges are Rust's", () => {
    for (const [name, bits] of [["u8", 8], ["u16", 16], ["u32", 32], ["u64", 64], ["i8", 8], ["i16", 16], ["i32", 32], ["i64", 64]] as const) {
      const { min, max } = PRIMITIVE_KINDS[name].range!;
      const signed = name.startsWith("i");
      expect([min, max]).toEqual(signed ? [-(2n ** BigInt(bits - 1)), 2n ** BigInt(bits - 1) - 1n] : [0n, 2n ** BigInt(bits) - 1n]);
    }
  });
});
