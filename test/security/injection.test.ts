/**
 * Spec text cannot inject code. Hostile strings (comment closers, line terminators of every kind, bidi controls,
 * quotes, backslashes, template syntax, `</script>`, Object.prototype names, payloads that write a file) go into
 * every spec position that reaches an output; the same spec with benign strings is the reference. The generated
 * TypeScript must declare exactly what the benign version declares (TypeScript's own parser lists the top-level
 * statements), type-check strictly and load without side effects; the generated Rust must lex to the same tokens
 * as the benign version once string literals and comments are blanked, and compile (one cargo run for all of it).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { generate } from "../../generator/generate";
import { formatDiagnostic } from "../../generator/diagnostics";
import { describeWithOracle, runCargo } from "../conformance/oracle";
import { makeTemp, readTree, rmTemp, showDiagnostics, tsFilesUnder, typecheck } from "../helpers/tree";

const ROOT = path.resolve(__dirname, "..", "..");

/** The file a payload tries to write (relative: the loading process runs in an empty directory). */
const OWNED = "owned-by-spec";

const HOSTILE: readonly string[] = [
  "Files matching src/* are listed.",
  "ends a comment */ class Injected {} /*",
  `*/ function deprecated(c: any, _ctx?: any): any { require('fs').writeFileSync('${OWNED}', 'x'); return c } /*`,
  "line\rcarriage return",
  "windows\r\nline",
  "line\u2028separator",
  "paragraph\u2029separator",
  "next\u0085line",
  "\r#[doc = include_str!(\"/etc/hostname\")] pub struct Injected;",
  "\u2028export const injected = require('fs').writeFileSync('" + OWNED + "', 'x');",
  "bidi \u202e}; evil(); {\u202c and \u2066isolate\u2069",
  "zero\u200bwidth and BOM\ufeff",
  'quote " then \\" and \\',
  "single ' quote",
  "`${require('fs').writeFileSync('" + OWNED + "', 'x')}`",
  '"); require("fs").writeFileSync("' + OWNED + '", "x"); ("',
  "</script><script>alert(1)</script>",
  "// line comment\n#![no_std]",
  "/* open block",
  "\\u{202e} written out",
  "tab\tand NUL\u0000 and ESC\u001b[2J and DEL\u007f",
  "emoji \ud83d\ude00 pair",
  "trailing backslash \\",
];

/**
 * The spec with `text(i)` in free-text slot i and `fixed(s)` where a particular string goes: an Object.prototype
 * name as a wire name, tag or enum value (`constructor` and `__proto__` are refused for fields: see the unsafe-name
 * fixture), or a doc with `/*` on an item deprecated without a note, which used to crash the generator. Every string is written as a
 * YAML double-quoted scalar with non-ASCII escaped, so YAML reads back exactly the string.
 */
function spec(family: string, text: (i: number) => string, fixed: (s: string) => string): string {
  let slot = 0;
  const t = () => yamlString(text(slot++));
  const p = (s: string) => yamlString(fixed(s));
  return `family: ${family}
doc: ${t()}
root: Event
settings:
  schema_base_uri: ${yamlString(`https://example.com/${text(slot++)}/`)}
types:
  Level:
    kind: enum
    doc: ${t()}
    deprecated: ${t()}
    tables:
      label: { type: string, default: ${t()}, doc: ${t()} }
    values:
      Low: { rename: ${t()}, alias: [${t()}, ${t()}], doc: ${t()}, deprecated: ${t()}, tables: { label: ${t()} } }
      High: { rename: ${p("toString")}, doc: ${t()} }
      Proto: { rename: ${p("__proto__")} }
      Ctor: { rename: ${p("constructor")}, doc: ${p("Paths under src/* are watched.")}, deprecated: true }
      Value: { rename: ${p("valueOf")} }

  Sample:
    kind: struct
    doc: ${t()}
    deprecated: ${t()}
    fields:
      text: { type: string, rename: ${t()}, alias: [${t()}], doc: ${t()}, deprecated: ${t()}, default: { value: ${t()} } }
      blob: { type: json, default: { value: { "__proto__": { polluted: true }, ${t()}: [${t()}] } } }
      to_string: { type: u32, rename: ${p("toString")} }
      value_of: { type: option<string>, rename: ${p("valueOf")}, default: true }
      has_own: { type: list<string>, rename: ${p("hasOwnProperty")}, default: true }
      flag: { type: bool, default: true, doc: ${p("Files matching src/* are listed.")}, deprecated: true }

  Event:
    kind: union
    doc: ${t()}
    deprecated: ${t()}
    tag: ${t()}
    unknown: Unknown
    accessors:
      text: { partial: true, doc: ${t()} }
      note: { partial: true }
    tables:
      remark: { type: string, default: ${t()}, doc: ${t()} }
      level: { type: Level, default: Low }
    variants:
      Started:
        rename: ${t()}
        alias: [${t()}]
        doc: ${t()}
        deprecated: ${t()}
        tables: { remark: ${t()} }
        fields:
          text: { type: string, rename: ${t()}, default: { value: ${t()} }, truncate: 128 }
          note: { type: string, default: { value: ${t()} } }
      Proto: { rename: ${p("toString")}, fields: { note: { type: string, rename: ${p("valueOf")}, truncate: 64 } } }
      Own: { rename: ${p("hasOwnProperty")}, newtype: Sample }

  Command:
    kind: union
    doc: ${t()}
    accessors:
      note: { partial: true, fn: command_note }
    variants:
      Move: { rename: ${t()}, fields: { note: string } }
      Shadow: { rename: ${p("__proto__")}, fields: { note: string } }
      Stringy: { rename: ${p("toString")}, fields: { note: string } }
      Idle: { rename: ${t()} }

  Signal:
    kind: union
    tag: ${t()}
    content: ${t()}
    variants:
      Beep: { rename: ${t()}, fields: { level: u8 } }
      Hum: { rename: ${p("valueOf")}, fields: { level: u8 } }
`;
}

/** A YAML double-quoted scalar: JSON's escapes (YAML accepts them) with everything outside printable ASCII escaped. */
function yamlString(s: string): string {
  return JSON.stringify(s).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Slot i of family k: in the first two families each string in turn, made unique by a prefix in one and a suffix in
 * the other; in the third, all of them at once in every slot (ending with the trailing backslash).
 */
const hostile = (k: number) => (i: number) => {
  const s = k === 2 ? HOSTILE.join(" | ") : HOSTILE[(i + 7 * k) % HOSTILE.length]!;
  return k === 1 ? `${s}:${i}` : `${i}:${s}`;
};
const benign = (k: number) => (i: number) => (k === 1 ? `benign text:${i}` : `${i}:benign text`);
const plainName = (s: string) => `plain${s.replace(/[^A-Za-z]/g, "")}`;

const FAMILIES = ["alpha", "beta", "gamma"];

function writeSpecs(dir: string, hostileText: boolean): void {
  FAMILIES.forEach((family, k) => {
    const text = spec(family, hostileText ? hostile(k) : benign(k), hostileText ? (n) => n : plainName);
    fs.writeFileSync(path.join(dir, `${family}.yaml`), text);
  });
}

async function generateInto(dir: string, hostileText: boolean): Promise<string> {
  const specs = path.join(dir, "specs");
  const out = path.join(dir, "out");
  fs.mkdirSync(specs, { recursive: true });
  writeSpecs(specs, hostileText);
  const result = await generate({ inputs: ["specs"], outDir: "out", cwd: dir });
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  expect(result.ok).toBe(true);
  return out;
}

/** The top-level statements of a TS file as TypeScript parses them: kind and declared name(s). */
function topLevel(text: string): string[] {
  const sf = ts.createSourceFile("x.ts", text, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  return sf.statements.map((s) => {
    const kind = ts.SyntaxKind[s.kind];
    if (ts.isVariableStatement(s)) return `${kind} ${s.declarationList.declarations.map((d) => d.name.getText(sf)).join(",")}`;
    if (ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) return `${kind} ${s.moduleSpecifier?.getText(sf) ?? ""}`;
    const name = (s as { name?: ts.Node }).name;
    return `${kind} ${name ? name.getText(sf) : ""}`;
  });
}

/**
 * Rust source as tokens, string literals and comments blanked: a spec string that escaped its literal or comment
 * shows up as extra tokens. A small lexer is enough because the output holds no character it could disagree with
 * rustc about (checked separately: no CR, no other line terminator, no bidi control).
 */
function rustTokens(src: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) i++;
    else if (src.startsWith("//", i)) {
      const end = src.indexOf("\n", i);
      i = end < 0 ? src.length : end;
    } else if (src.startsWith("/*", i)) {
      let depth = 0;
      do {
        if (src.startsWith("/*", i)) (depth++, (i += 2));
        else if (src.startsWith("*/", i)) (depth--, (i += 2));
        else i++;
      } while (depth > 0 && i < src.length);
    } else if (c === '"' || (c === "b" && src[i + 1] === '"')) {
      i += c === "b" ? 2 : 1;
      while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
      i++;
      out.push('"…"');
    } else if (/[A-Za-z_0-9]/.test(c)) {
      const m = /^[A-Za-z_0-9]+/.exec(src.slice(i, i + 200))!;
      out.push(m[0]);
      i += m[0].length;
    } else {
      // A list printed one item per line ends in `,` (rustfmt's layout, chosen by length): not a difference.
      if ((c === "]" || c === ")" || c === "}") && out[out.length - 1] === ",") out.pop();
      out.push(c);
      i++;
    }
  }
  return out;
}

/** A character that must never appear raw in generated source: it could end a line or hide what the code says. */
const RAW_HIDDEN = /[\r\u0085\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

describe("hostile spec text", () => {
  let work: string;
  let hostileOut: string;
  let benignOut: string;

  beforeAll(async () => {
    work = makeTemp("injection");
    hostileOut = await generateInto(path.join(work, "hostile"), true);
    benignOut = await generateInto(path.join(work, "benign"), false);
  }, 120_000);

  afterAll(() => rmTemp(work));

  test("every hostile string reached the spec (the corpus is not silently dropped)", () => {
    const specs = FAMILIES.map((f) => fs.readFileSync(path.join(work, "hostile", "specs", `${f}.yaml`), "utf8")).join("");
    for (const s of HOSTILE) expect(specs).toContain(yamlString(s).slice(1, -1));
  });

  test("the generated files are the same set", () => {
    expect([...readTree(hostileOut).keys()]).toEqual([...readTree(benignOut).keys()]);
  });

  test("generated TypeScript declares exactly what the benign spec's does", () => {
    const hostileTree = readTree(hostileOut);
    const benignTree = readTree(benignOut);
    let compared = 0;
    for (const [rel, text] of hostileTree) {
      if (!rel.endsWith(".ts")) continue;
      expect({ rel, statements: topLevel(text) }).toEqual({ rel, statements: topLevel(benignTree.get(rel)!) });
      compared++;
    }
    expect(compared).toBeGreaterThan(10);
  });

  test("generated TypeScript and Rust hold no raw line terminator, control or bidi character", () => {
    for (const [rel, text] of readTree(hostileOut)) {
      if (!rel.endsWith(".ts") && !rel.endsWith(".rs")) continue;
      const m = RAW_HIDDEN.exec(text);
      expect({ rel, raw: m ? `U+${m[0].charCodeAt(0).toString(16)} at ${m.index}` : undefined }).toEqual({ rel, raw: undefined });
    }
  });

  test("generated TypeScript type-checks under the strictest settings", () => {
    expect(showDiagnostics(typecheck(tsFilesUnder(hostileOut), hostileOut))).toBe("");
  }, 120_000);

  /** The hostile output compiled to CommonJS (once), for loading it. */
  let jsDir: string | undefined;
  const compiled = (): string => {
    if (jsDir !== undefined) return jsDir;
    const js = path.join(work, "js");
    for (const [rel, text] of readTree(hostileOut)) {
      if (!rel.endsWith(".ts")) continue;
      const out = ts.transpileModule(text, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
      fs.mkdirSync(path.join(js, path.dirname(rel)), { recursive: true });
      fs.writeFileSync(path.join(js, rel.replace(/\.ts$/, ".js")), out.outputText);
    }
    return (jsDir = js);
  };

  test("loading every generated module has no side effect (no file written, no global or prototype changed)", () => {
    const js = compiled();
    const sandbox = path.join(work, "sandbox");
    fs.mkdirSync(sandbox);
    const modules = [...readTree(js).keys()].map((r) => path.join(js, r));
    const probe = `
      const snapshot = () => JSON.stringify([Object.getOwnPropertyNames(globalThis).sort(),
        Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort(),
        Object.getOwnPropertyNames(Function.prototype).sort(), Object.getPrototypeOf({}) === Object.prototype]);
      const before = snapshot();
      const loaded = ${JSON.stringify(modules)}.map((m) => Object.keys(require(m)).length);
      process.stdout.write(JSON.stringify({ same: snapshot() === before, loaded }));
    `;
    const run = spawnSync(process.execPath, ["-e", probe], { cwd: sandbox, encoding: "utf8" });
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as { same: boolean; loaded: number[] };
    expect(report.same).toBe(true);
    expect(report.loaded.length).toBe(modules.length);
    expect(fs.readdirSync(sandbox)).toEqual([]);
    expect(fs.existsSync(path.join(js, OWNED))).toBe(false);
  }, 60_000);

  test("the codecs decode and re-encode every hostile enum value unchanged", () => {
    for (const family of FAMILIES) {
      const names = require(path.join(compiled(), family, "names.js")) as { LEVEL_VALUES: readonly string[] };
      const codec = require(path.join(compiled(), family, "codec.js")) as { decodeLevel(t: string): string; encodeLevel(v: string): string };
      expect(names.LEVEL_VALUES).toHaveLength(5);
      for (const value of names.LEVEL_VALUES) {
        expect(codec.decodeLevel(JSON.stringify(value))).toBe(value);
        expect(JSON.parse(codec.encodeLevel(value))).toBe(value);
      }
    }
  });

  test("generated Rust has the benign spec's tokens once strings and comments are blanked", () => {
    const hostileTree = readTree(hostileOut);
    const benignTree = readTree(benignOut);
    const rust = [...hostileTree.keys()].filter((r) => r.endsWith(".rs"));
    expect(rust.length).toBe(FAMILIES.length + 1);
    for (const rel of rust) expect({ rel, tokens: rustTokens(hostileTree.get(rel)!) }).toEqual({ rel, tokens: rustTokens(benignTree.get(rel)!) });
  });

  describeWithOracle("with cargo", () => {
    test("generated Rust compiles with warnings denied", () => {
      const crate = path.join(work, "crate");
      fs.mkdirSync(path.join(crate, "src"), { recursive: true });
      fs.mkdirSync(path.join(crate, ".cargo"));
      fs.copyFileSync(path.join(ROOT, "test", "rust", "crate", "Cargo.toml"), path.join(crate, "Cargo.toml"));
      fs.copyFileSync(path.join(ROOT, "test", "rust", "crate", ".cargo", "config.toml"), path.join(crate, ".cargo", "config.toml"));
      fs.cpSync(path.join(hostileOut, "rust"), path.join(crate, "src", "events"), { recursive: true });
      fs.writeFileSync(path.join(crate, "src", "lib.rs"), "#![deny(warnings)]\npub mod events;\n");
      // The dependencies build once into a target directory kept beside the Rust tests' own (gitignored).
      const target = path.join(ROOT, "test", "rust", "crate", "target", "injection");
      runCargo(crate, ["check", "--offline", "--quiet", "--target-dir", target]);
    }, 15 * 60 * 1000);
  });
});

describe("spec text no output can hold", () => {
  test("a lone surrogate in any string is a located error, not a crash", async () => {
    const dir = makeTemp("surrogate");
    try {
      fs.mkdirSync(path.join(dir, "specs"));
      // Every slot holds a lone surrogate; the YAML `\ud800` escape is the only way to write one.
      fs.writeFileSync(path.join(dir, "specs", "halves.yaml"), spec("halves", (i) => `${i}:\ud800`, (n) => n));
      const result = await generate({ inputs: ["specs"], outDir: "out", cwd: dir });
      expect(result.ok).toBe(false);
      expect(result.diagnostics.length).toBeGreaterThan(30);
      expect(new Set(result.diagnostics.map((d) => d.code))).toEqual(new Set(["lone-surrogate"]));
      expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
    } finally {
      rmTemp(dir);
    }
  });
});
