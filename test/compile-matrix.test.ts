/**
 * Generated code compiles where users are. generated/ (every family and the support library) and every golden's
 * expected tree are copied into a fresh project per setup and compiled by the repository's own tsc, with the strict
 * flags users turn on, `lib: ["ES2020"]` (the minimum the README states), no @types/node and no DOM:
 *
 * - CommonJS: `"type": "commonjs"`, `module: commonjs` (node10 resolution), target ES2016 (the stated minimum);
 * - Node ESM: `"type": "module"`, `module`/`moduleResolution: nodenext`, target ES2016;
 * - bundler: `module: esnext`, `moduleResolution: bundler`, target ESNext, type-check only.
 *
 * The two Node setups also emit JavaScript, and plain `node` decodes events written as serde writes them with the
 * harn family's `decodeAgentEvent` (and the strict decoder), encodes them back and compares the bytes.
 *
 * `verbatimModuleSyntax` is on everywhere but in the CommonJS setup: there tsc rejects every `import`/`export` under
 * it (TS1295: files compiled to CommonJS must then be written with `require`), whatever the code is.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { supportFiles } from "../generator/emit/codec";
import { makeTemp, readTree, rmTemp } from "./helpers/tree";

const ROOT = path.resolve(__dirname, "..");
const TSC = require.resolve("typescript/bin/tsc");

const STRICT_FLAGS = {
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  isolatedModules: true,
  noImplicitOverride: true,
  noPropertyAccessFromIndexSignature: true,
  noImplicitReturns: true,
  noFallthroughCasesInSwitch: true,
  lib: ["ES2020"],
  types: [],
};

interface Setup {
  readonly name: string;
  readonly packageType: "commonjs" | "module";
  readonly compilerOptions: Record<string, unknown>;
  /** The round-trip script's name and its first lines (how it loads node:fs and the compiled harn barrel). */
  readonly runner?: { readonly file: string; readonly head: string };
}

const SETUPS: readonly Setup[] = [
  {
    name: "CommonJS",
    packageType: "commonjs",
    compilerOptions: { ...STRICT_FLAGS, module: "commonjs", moduleResolution: "node10", target: "ES2016" },
    runner: {
      file: "roundtrip.cjs",
      head:
        'const { readFileSync } = require("node:fs");\nconst harn = require("./out/generated/harn/index.js");\n' +
        'const { longStringWriter } = require("./out/generated/_support/strings.js");\n',
    },
  },
  {
    name: "Node ESM",
    packageType: "module",
    compilerOptions: {
      ...STRICT_FLAGS,
      verbatimModuleSyntax: true,
      module: "nodenext",
      moduleResolution: "nodenext",
      target: "ES2016",
    },
    runner: {
      file: "roundtrip.mjs",
      head:
        'import { readFileSync } from "node:fs";\nimport * as harn from "./out/generated/harn/index.js";\n' +
        'import { longStringWriter } from "./out/generated/_support/strings.js";\n',
    },
  },
  {
    name: "bundler",
    packageType: "module",
    compilerOptions: {
      ...STRICT_FLAGS,
      verbatimModuleSyntax: true,
      module: "esnext",
      moduleResolution: "bundler",
      target: "ESNext",
    },
  },
];

/** An agent_message_chunk whose content is `json` (a JSON string's inside, escaped as serde escapes). */
const chunk = (json: string) => `{"type":"agent_message_chunk","session_id":"sess-7f3a","content":"${json}"}`;

/**
 * harn AgentEvents as serde_json writes them: fields in declaration order, options skipped where the spec says,
 * json objects with sorted keys (BTreeMap), integral floats as `1.0`, only `"`, `\` and controls escaped. The long
 * one goes through the WebAssembly escaper (generated/_support/json-escape.ts) where Node has it.
 */
const EVENTS: readonly string[] = [
  chunk("Let me look at the failing test first."),
  chunk('Ünïcödé ✓ 🦀 \\"quoted\\", a tab\\t and a newline\\n'),
  '{"type":"tool_call","session_id":"sess-7f3a","tool_call_id":"call_01HZX8","tool_name":"edit_file","kind":"edit",' +
    '"status":"in_progress","raw_input":{"edits":[{"line":42,"new_text":"let x = 2;","old_text":"let x = 1;"}],' +
    '"max_bytes":18446744073709551615,"path":"src/lib/parser.rs","ratio":0.75,"whole":1.0},"parsing":false}',
  '{"type":"step_judge_decision","session_id":"sess-7f3a","iteration":12,"verdict":"pass","reasoning":"Keeps it.",' +
    '"critique":"Add a test.","confidence":0.8734210526315789,"judge_duration_ms":1834,"vetoed":false,' +
    '"on_veto":"retain","input_tokens":18342,"output_tokens":412,"cost_usd":1e-7,"provider":"p","model":"m"}',
  chunk('The quick brown fox \\"jumps\\"\\tover the lazy dög.\\n'.repeat(400)),
];

/**
 * Decodes each event with both decoders, encodes it back and requires the same bytes; prints how many passed and
 * which writer long strings got.
 */
const RUNNER_BODY = `
const events = JSON.parse(readFileSync("events.json", "utf8"));
let passed = 0;
for (const text of events) {
  for (const decode of [harn.decodeAgentEvent, harn.decodeAgentEventStrict]) {
    const back = harn.encodeAgentEvent(decode(text));
    if (back !== text) throw new Error("round trip changed " + text.slice(0, 80) + " into " + back.slice(0, 80));
  }
  passed++;
}
process.stdout.write("round-tripped " + passed + " (long strings: " + longStringWriter() + ")\\n");
`;

/** The TypeScript a user's project holds: generated/ and each golden tree beside its own copy of _support/. */
function sourceTree(): Map<string, string> {
  const files = new Map<string, string>();
  const isTs = (rel: string) => rel.endsWith(".ts");
  for (const [rel, text] of readTree(path.join(ROOT, "generated"))) if (isTs(rel)) files.set(`generated/${rel}`, text);
  const goldens = path.join(ROOT, "test", "goldens");
  for (const name of fs.readdirSync(goldens).sort()) {
    const expected = path.join(goldens, name, "expected");
    if (!fs.existsSync(expected)) continue;
    for (const [rel, text] of readTree(expected)) if (isTs(rel)) files.set(`goldens/${name}/${rel}`, text);
    for (const f of supportFiles()) files.set(`goldens/${name}/${f.path}`, f.content);
  }
  return files;
}

function tsc(dir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [TSC, "-p", "tsconfig.json", "--pretty", "false"], {
    cwd: dir,
    encoding: "utf8",
  });
  return { status: run.status, output: run.stdout + run.stderr };
}

let tmp: string;
let sources: Map<string, string>;
beforeAll(() => {
  tmp = makeTemp("compile-matrix");
  sources = sourceTree();
});
afterAll(() => rmTemp(tmp));

describe.each(SETUPS.map((s) => [s.name, s] as const))("%s project", (_name, setup) => {
  let dir: string;

  beforeAll(() => {
    dir = path.join(tmp, setup.name.replace(/\W+/g, "-"));
    const fileNames: string[] = [];
    for (const [rel, text] of sources) {
      const out = path.join(dir, "src", rel);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, text);
      fileNames.push(`src/${rel}`);
    }
    const emit = setup.runner ? { outDir: "out", rootDir: "src" } : { noEmit: true };
    const tsconfig = { compilerOptions: { ...setup.compilerOptions, ...emit }, files: fileNames };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ private: true, type: setup.packageType }));
  });

  test("every generated family and golden compiles with no diagnostics", () => {
    expect(sources.size).toBeGreaterThan(40);
    expect([...sources.keys()]).toEqual(
      expect.arrayContaining(["generated/harn/codec.ts", "generated/_support/runtime.ts"]),
    );
    const run = tsc(dir);
    expect(run.output).toBe("");
    expect(run.status).toBe(0);
  }, 180_000);

  if (setup.runner) {
    const runner = setup.runner;
    test("plain node decodes serde's bytes and encodes them back unchanged", () => {
      expect(fs.existsSync(path.join(dir, "out", "generated", "harn", "index.js"))).toBe(true);
      fs.writeFileSync(path.join(dir, "events.json"), JSON.stringify(EVENTS));
      fs.writeFileSync(path.join(dir, runner.file), runner.head + RUNNER_BODY);
      const run = spawnSync(process.execPath, [runner.file], { cwd: dir, encoding: "utf8" });
      expect(run.stderr).toBe("");
      // Node has WebAssembly and Buffer: the support library finds them on globalThis in either module system.
      expect(run.stdout).toBe(`round-tripped ${EVENTS.length} (long strings: wasm)\n`);
    }, 60_000);
  }
});
