/**
 * Shared set-up of the JSON Schema suites: the programs they run on, the emitted schemas (as consumers read them:
 * parsed from the printed text), ajv in strict mode, and Python's `jsonschema` as an out-of-process consumer.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { emitJsonSchema, schemaId } from "../../generator/emit/jsonschema";
import type { Decl, Family, IrProgram } from "../../generator/ir/types";
import { FLATTEN_OPTION } from "../conformance/flatten-option";
import { CODEC_EDGES, FLATTEN_EDGES, KITCHEN_SINK, loadProgram, ROOT } from "../conformance/program";

/** This suite's own fixture: the emitter's edge cases (every representation closed, aliases, flatten + map …). */
export const EDGES = path.join(ROOT, "test", "jsonschema", "fixtures", "edges.yaml");

/** Spec sets the suites run on: the seeds, the kitchen sink, the golden fixtures, this suite's and the codec's edge cases. */
export const SPEC_INPUTS = [
  "schema",
  path.relative(ROOT, KITCHEN_SINK),
  "test/goldens/reprs/spec",
  "test/goldens/structs/spec",
  "test/goldens/imports/spec",
  "test/goldens/tables_accessors/spec",
  "test/goldens/minimal/spec",
  path.relative(ROOT, EDGES),
  path.relative(ROOT, CODEC_EDGES),
  path.relative(ROOT, FLATTEN_EDGES),
  path.relative(ROOT, FLATTEN_OPTION),
];

let cachedProgram: IrProgram | undefined;

/** The program of every spec the suites check (built once per worker). */
export function allSpecsProgram(): IrProgram {
  cachedProgram ??= loadProgram(SPEC_INPUTS);
  return cachedProgram;
}

/** One emitted schema: its file text (as published) and the value a JSON consumer parses from it. */
export interface EmittedSchema {
  readonly family: Family;
  readonly id: string;
  readonly file: string;
  readonly text: string;
  readonly schema: Record<string, unknown> & { $defs: Record<string, unknown> };
}

/** Runs the JSON Schema emitter on `program`: one entry per generated family. */
export function emitSchemas(program: IrProgram): EmittedSchema[] {
  const files = new Map(emitJsonSchema(program).map((f) => [f.path, f.content]));
  return program.families
    .filter((f) => f.generated !== false)
    .map((family) => {
      const file = `${family.name}.schema.json`;
      const text = files.get(`schemas/${file}`);
      if (text === undefined) throw new Error(`no schema for ${family.name}`);
      return { family, id: schemaId(family), file, text, schema: JSON.parse(text) as EmittedSchema["schema"] };
    });
}

/** Writes the schemas into `dir` (for Python). */
export function writeSchemas(schemas: readonly EmittedSchema[], dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const s of schemas) fs.writeFileSync(path.join(dir, s.file), s.text);
}

/** A fresh scratch directory under `.tmp/jsonschema/`. */
export function scratchDir(prefix: string): string {
  const base = path.join(ROOT, ".tmp", "jsonschema");
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `${prefix}-`));
}

/** What ajv logged while compiling (strict mode turns most problems into exceptions; the rest are logged). */
export interface AjvWithLog {
  readonly ajv: Ajv2020;
  readonly log: string[];
}

/**
 * ajv 2020 in strict mode with every schema added. `formats: "annotation"` (what the agreement tests use, and what
 * the README recommends) ignores `format`: the `pattern`s carry the exact grammar. `formats: "ajv-formats"` asserts
 * ajv-formats' own `date-time`/`uuid`, stricter than chrono and the uuid crate (used to check the schemas compile
 * cleanly that way too).
 */
export function strictAjv(schemas: readonly EmittedSchema[], formats: "annotation" | "ajv-formats" = "annotation", allErrors = false): AjvWithLog {
  const log: string[] = [];
  const record = (level: string) => (...args: unknown[]) => log.push(`${level}: ${args.map(String).join(" ")}`);
  const ajv = new Ajv2020({
    strict: true,
    allErrors,
    validateFormats: formats === "ajv-formats",
    logger: { log: record("log"), warn: record("warn"), error: record("error") },
  });
  if (formats === "ajv-formats") addFormats(ajv);
  for (const s of schemas) ajv.addSchema(s.schema);
  return { ajv, log };
}

/** `<$id>#/$defs/<TsName>`: where a declared type's schema is. */
export function refOf(schemas: readonly EmittedSchema[], family: string, decl: Decl): string {
  const s = schemas.find((x) => x.family.name === family);
  if (!s) throw new Error(`no schema for family ${family}`);
  return `${s.id}#/$defs/${decl.names.ts}`;
}

/** The declaration behind an oracle type name `<family>.<Type>`. */
export function declOf(program: IrProgram, oracleType: string): { family: string; decl: Decl } {
  const [family, name] = oracleType.split(".");
  const decl = program.families.find((f) => f.name === family)?.decls.find((d) => d.names.spec === name);
  if (!decl || !family) throw new Error(`unknown type ${oracleType}`);
  return { family, decl };
}

// ---------------------------------------------------------------------------------------------------------------
// Python

const PY_SCRIPT = path.join(ROOT, "test", "python", "validate_corpus.py");

export type PythonAvailability = { ok: true } | { ok: false; reason: string };

let python: PythonAvailability | undefined;

/**
 * The Python that plays the other-language consumer: `EVENTSPEC_PYTHON`, else Debian's `/usr/bin/python3` (with
 * `python3-jsonschema`, installed by scripts/setup.sh), else whatever `python3` is on PATH.
 */
export const PYTHON = process.env["EVENTSPEC_PYTHON"] ?? (fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3");

/** Whether PYTHON has `jsonschema` with draft 2020-12 (Debian's `python3-jsonschema` 4.10, or newer). */
export function pythonAvailability(): PythonAvailability {
  if (python) return python;
  const r = spawnSync(PYTHON, ["-c", "import jsonschema; print(jsonschema.Draft202012Validator.__name__)"], {
    encoding: "utf8",
  });
  python =
    r.status === 0
      ? { ok: true }
      : { ok: false, reason: `${PYTHON} with jsonschema is not available (${r.error?.message ?? r.stderr.trim()}); install python3-jsonschema` };
  return python;
}

/**
 * For a test's Python half: true when Python's jsonschema is there; else throws on CI, and locally warns and returns
 * false (the test then checks nothing more).
 */
export function requirePython(): boolean {
  const a = pythonAvailability();
  if (a.ok) return true;
  if (process.env.CI) throw new Error(a.reason);
  // eslint-disable-next-line no-console
  console.warn(`SKIPPING the Python half: ${a.reason}`);
  return false;
}

/** `describe` for suites that need Python: on CI a missing Python fails; locally the suite is skipped loudly. */
export function describeWithPython(name: string, body: () => void): void {
  const a = pythonAvailability();
  if (a.ok) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      test("Python's jsonschema is available (required on CI)", () => {
        throw new Error(a.reason);
      });
    });
    return;
  }
  const bar = "!".repeat(100);
  // eslint-disable-next-line no-console
  console.warn(`${bar}\n  SKIPPING "${name}": ${a.reason}\n${bar}`);
  describe.skip(name, body);
}

/** One Python verdict; with `errors`, the error `jsonschema.validate()` raises and the first one yielded. */
export interface PyAnswer {
  valid: boolean;
  /** false when Python's `json` could not parse the text. */
  json?: boolean;
  best?: PyError;
  first?: PyError;
}

export interface PyError {
  path: (string | number)[];
  message: string;
  keyword: string | null;
  schemaPath: (string | number)[];
}

/** Validates texts with Python's jsonschema, one process for the whole batch. */
export function pythonValidate(schemaDir: string, requests: readonly { ref: string; text: string }[], errors = false): PyAnswer[] {
  if (requests.length === 0) return [];
  const input = requests.map((r) => JSON.stringify(r)).join("\n") + "\n";
  const r = spawnSync(PYTHON, [PY_SCRIPT, schemaDir, ...(errors ? ["--errors"] : [])], {
    input,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${PYTHON} ${PY_SCRIPT} failed (${r.error?.message ?? `exit ${r.status}`}):\n${r.stderr}`);
  const lines = r.stdout.split("\n").filter((l) => l !== "");
  if (lines.length !== requests.length) throw new Error(`python answered ${lines.length} of ${requests.length} requests:\n${r.stderr}`);
  return lines.map((l) => JSON.parse(l) as PyAnswer);
}
