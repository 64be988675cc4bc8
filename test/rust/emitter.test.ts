/**
 * The Rust emitter on its own: small table-driven cases (exact strings) for its pieces, the kitchen-sink golden
 * (`UPDATE_GOLDENS=1` rewrites it), purity and determinism. Compilation is `compile.test.ts`; serde behaviour is
 * the conformance suite's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { emitRust, emitRustMod } from "../../generator/emit/rust";
import { constArray, docAttrs, rustFloat, rustStr } from "../../generator/emit/rust/syntax";
import type { IrProgram } from "../../generator/ir/types";
import { conformanceProgram, loadProgram } from "../conformance/program";

const GOLDENS = path.join(__dirname, "goldens");
const UPDATE = process.env.UPDATE_GOLDENS === "1";

describe("Rust literals", () => {
  test.each([
    ["plain", '"plain"'],
    ['q"b\\', '"q\\"b\\\\"'],
    ["\n\r\t\0", '"\\n\\r\\t\\0"'],
    ["\u0001\u007f\u0085", '"\\u{1}\\u{7f}\\u{85}"'],
    // Non-ASCII stays as written; a line separator is escaped so it cannot split a line in the .rs file.
    ["é😀\u2028", '"é😀\\u{2028}"'],
  ])("rustStr(%j) = %s", (input, want) => {
    expect(rustStr(input)).toBe(want);
  });

  test("a lone surrogate has no Rust string", () => {
    expect(() => rustStr("\ud800")).toThrow(/lone surrogate/);
  });

  test.each([
    [1, "1.0"],
    [-0, "-0.0"],
    [0.1, "0.1"],
    [1e300, "1e300"],
    [5e-324, "5e-324"],
    [-2.5, "-2.5"],
    [1e21, "1e21"],
  ])("rustFloat(%p) = %s", (v, want) => {
    expect(rustFloat(v)).toBe(want);
  });
});

describe("rename_all as the spec writes it", () => {
  // A spec with a rule, a rule plus exceptions, and explicit renames that happen to follow a rule: the Rust item
  // carries `rename_all` exactly where the spec has one, and `rename` for each name the rule does not produce.
  const spec = [
    "family: renames",
    "types:",
    "  Rule:",
    "    kind: struct",
    "    rename_all: camelCase",
    "    fields:",
    "      max_retries: u32",
    "      odd_one: { type: u32, rename: weird }",
    "  Explicit:",
    "    kind: struct",
    "    fields:",
    "      max_retries: { type: u32, rename: maxRetries }",
    "  Level:",
    "    kind: enum",
    "    rename_all: SCREAMING_SNAKE_CASE",
    "    values: [MidHigh, Low]",
    "  Ev:",
    "    kind: union",
    "    tag: type",
    "    rename_all: snake_case",
    "    rename_all_fields: camelCase",
    "    variants:",
    "      TurnStart: { fields: { run_id: string } }",
    "      Plan: { rename: planned }",
    "",
  ].join("\n");
  let rust = "";
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(path.resolve(__dirname, "..", ".."), ".tmp-renames-"));
    try {
      const file = path.join(dir, "renames.yaml");
      fs.writeFileSync(file, spec);
      const program = loadProgram([path.relative(path.resolve(__dirname, "..", ".."), file)]);
      rust = emitRust(program).find((f) => f.path === "rust/renames.rs")!.content;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  const item = (name: string) => {
    const start = rust.search(new RegExp(`\\n((?:#\\[[^\\n]*\\]\\n)*)pub (?:struct|enum) ${name} \\{`));
    expect(start).toBeGreaterThanOrEqual(0);
    return rust.slice(start, rust.indexOf("\n}", start));
  };
  test("a struct's rule, and a rename where the spec renames", () => {
    expect(item("Rule")).toContain('#[serde(rename_all = "camelCase")]');
    expect(item("Rule")).toContain('#[serde(rename = "weird")]');
    expect(item("Rule")).not.toContain('rename = "maxRetries"');
  });
  test("explicit renames stay explicit (no rule inferred from them)", () => {
    expect(item("Explicit")).not.toContain("rename_all");
    expect(item("Explicit")).toContain('#[serde(rename = "maxRetries")]');
  });
  test("an enum's rule", () => {
    expect(item("Level")).toContain('#[serde(rename_all = "SCREAMING_SNAKE_CASE")]');
    expect(item("Level")).not.toContain('rename = "MID_HIGH"');
  });
  test("a union's rule on its tags, rename_all_fields as each struct variant's rule (serde 1.0.152 has no rename_all_fields)", () => {
    const ev = item("Ev");
    expect(ev).toMatch(/#\[serde\(tag = "type", rename_all = "snake_case"\)\]/);
    expect(ev).toContain('#[serde(rename = "planned")]');
    expect(ev).toContain('#[serde(rename_all = "camelCase")]');
    expect(ev).not.toContain("rename_all_fields");
  });
});

describe("syntax helpers", () => {
  test("doc comments keep blank lines; deprecation notes are attributes", () => {
    expect(docAttrs({ doc: "One.\n\nTwo.  ", deprecated: 'use "B"' }, "    ")).toEqual([
      "    /// One.",
      "    ///",
      "    /// Two.",
      '    #[deprecated(note = "use \\"B\\"")]',
    ]);
  });

  test("const arrays break one item per line past 100 columns, as rustfmt does", () => {
    expect(constArray("    pub const X: &[&str] = ", ['"a"', '"b"'], "    ")).toEqual(['    pub const X: &[&str] = &["a", "b"];']);
    const long = Array.from({ length: 12 }, (_, i) => `"item_${i}"`);
    const lines = constArray("    pub const X: &[&str] = ", long, "    ");
    expect(lines[0]).toBe("    pub const X: &[&str] = &[");
    expect(lines[1]).toBe('        "item_0",');
    expect(lines.at(-1)).toBe("    ];");
  });
});

describe("the emitted modules", () => {
  const program = loadProgram([path.relative(path.resolve(__dirname, "..", ".."), path.join(__dirname, "fixtures", "kitchen_sink.yaml"))]);

  test("kitchen_sink.rs and mod.rs match the goldens", () => {
    const files = emitRust(program).filter((f) => f.path === "rust/kitchen_sink.rs" || f.path === "rust/mod.rs");
    expect(files.map((f) => f.path)).toEqual(["rust/kitchen_sink.rs", "rust/mod.rs"]);
    for (const f of files) {
      const golden = path.join(GOLDENS, path.basename(f.path));
      if (UPDATE) fs.writeFileSync(golden, f.content);
      expect({ file: f.path, content: f.content }).toEqual({ file: f.path, content: fs.readFileSync(golden, "utf8") });
    }
  });

  test("mod.rs lists only the families being generated (an imported-only family is not)", () => {
    expect(emitRustMod(program)).toBe(
      "// @generated by eventspec — DO NOT EDIT\n" +
        "//! Every event family's serde types, one module per spec file. The family files are generated: rustfmt skips\n" +
        "//! them (`eventspec gen --check` compares them byte for byte).\n\n" +
        "#[rustfmt::skip]\npub mod kitchen_sink;\n",
    );
  });

  test("every family file starts with the fixed header naming its spec, ends with one newline", () => {
    for (const f of emitRust(conformanceProgram())) {
      if (f.path === "rust/mod.rs") continue;
      expect(f.content.split("\n")[0]).toMatch(/^\/\/ @generated by eventspec from [a-z/_]+\.yaml — DO NOT EDIT$/);
      expect(f.content.endsWith("\n") && !f.content.endsWith("\n\n")).toBe(true);
    }
  });

  test("pure and deterministic: a frozen IR, the same output twice", () => {
    const p = conformanceProgram();
    const frozen = deepFreeze(p);
    const a = emitRust(frozen);
    const b = emitRust(conformanceProgram());
    expect(a).toEqual(b);
  });

  test("generated/rust is what the emitter writes for schema/", () => {
    const root = path.resolve(__dirname, "..", "..");
    for (const f of emitRust(loadProgram(["schema"]))) {
      expect({ file: f.path, content: fs.readFileSync(path.join(root, "generated", f.path), "utf8") }).toEqual({ file: f.path, content: f.content });
    }
  });
});

function deepFreeze(p: IrProgram): IrProgram {
  const seen = new Set<object>();
  const walk = (v: unknown) => {
    if (v === null || typeof v !== "object" || seen.has(v)) return;
    seen.add(v);
    for (const x of Object.values(v)) walk(x);
    Object.freeze(v);
  };
  walk(p);
  return p;
}
