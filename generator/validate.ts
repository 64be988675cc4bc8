/**
 * Phase 2: check each document's structure against the spec language's JSON Schema (the same schema editors use),
 * and turn ajv's errors into diagnostics at the offending YAML node, with did-you-mean hints.
 */
import { createHash } from "node:crypto";
import type { default as AjvClass, ErrorObject, ValidateFunction } from "ajv";
import { didYouMean, type DiagnosticBag } from "./diagnostics";
import { keyNodeAt, nodeAt, nodeLoc, type LoadedSpec } from "./load";
import specLanguageSchema from "./spec-language.schema.json";

const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true } as const;

/** The file ajv's standalone code for the schema is kept in (generated; `npm run build:validator` rewrites it). */
export const PRECOMPILED_VALIDATOR = "spec-language.validate.cjs";

/**
 * The spec-language validator; call once per `generate()`. Normally the precompiled one (ajv's standalone code for
 * this schema, options and ajv version — the same function ajv would compile, without the ~0.1 s it takes); when
 * the schema or ajv changed since it was written, compiled here.
 */
export function compileSpecValidator(): ValidateFunction {
  return precompiledValidator() ?? compileWithAjv();
}

function ajvInstance(source: boolean): AjvClass {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Ajv } = require("ajv") as { default: typeof AjvClass };
  return new Ajv(source ? { ...AJV_OPTIONS, code: { source: true } } : AJV_OPTIONS);
}

function compileWithAjv(): ValidateFunction {
  return ajvInstance(false).compile(specLanguageSchema);
}

/** What the precompiled validator was made from: the schema's text, the options and ajv's version. */
export function validatorFingerprint(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { version } = require("ajv/package.json") as { version: string };
  return createHash("sha256").update(JSON.stringify([specLanguageSchema, AJV_OPTIONS, version])).digest("hex");
}

function precompiledValidator(): ValidateFunction | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    // A literal path (PRECOMPILED_VALIDATOR's), so the CLI's bundle (scripts/build-cli.js) carries the file.
    const mod = require("./spec-language.validate.cjs") as ValidateFunction & { fingerprint?: string };
    return mod.fingerprint === validatorFingerprint() ? mod : undefined;
  } catch {
    return undefined;
  }
}

/** The text of `spec-language.validate.cjs` for the current schema (ajv standalone code plus its fingerprint). */
export function precompiledValidatorSource(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: standaloneCode } = require("ajv/dist/standalone") as { default: (ajv: AjvClass, v: ValidateFunction) => string };
  const ajv = ajvInstance(true);
  const code = standaloneCode(ajv, ajv.compile(specLanguageSchema));
  return [
    "// @generated from spec-language.schema.json by `npm run build:validator` (ajv standalone code) — DO NOT EDIT",
    code,
    `module.exports.fingerprint = ${JSON.stringify(validatorFingerprint())};`,
    "",
  ].join("\n");
}

/**
 * What structural validation leaves usable: `"none"` when the document itself is broken (YAML errors, or problems
 * outside `types:`), otherwise the set of declarations with problems — the rest of the file is still built, so
 * its semantic errors are reported in the same run.
 */
export type Validity = "none" | { readonly invalidTypes: ReadonlySet<string> };

/** Adds one diagnostic per structural problem; says which parts of the spec can be built. */
export function validateSpec(spec: LoadedSpec, validate: ValidateFunction, diags: DiagnosticBag): Validity {
  if (spec.data === undefined) return "none";
  if (validate(spec.data)) return { invalidTypes: new Set() };
  const invalidTypes = new Set<string>();
  let whole = false;
  for (const err of relevantErrors(validate.errors ?? [])) {
    report(spec, err, diags);
    const p = pathOf(err);
    if (p[0] === "types" && p.length >= 2) invalidTypes.add(String(p[1]));
    else whole = true;
  }
  return whole ? "none" : { invalidTypes };
}

function pathOf(err: ErrorObject): (string | number)[] {
  if (err.instancePath === "") return [];
  return err.instancePath
    .slice(1)
    .split("/")
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * ajv reports a failing `if`/`oneOf` alongside the errors of its branches; keep the most specific error per place:
 * drop `if` wrappers, and replace a failed `oneOf` by one error of its own (its branches' errors say little).
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const oneOfPaths = errors.filter((e) => e.keyword === "oneOf").map((e) => e.schemaPath);
  // A misspelt required key shows up twice (unknown `feilds`, missing `fields`): keep only the unknown key.
  const misspelt = new Set(
    errors
      .filter((e) => e.keyword === "additionalProperties")
      .map((e) => `${e.instancePath}\u0000${String((e.params as { additionalProperty: string }).additionalProperty)}`),
  );
  const isMisspeltRequired = (e: ErrorObject) => {
    if (e.keyword !== "required") return false;
    const want = String((e.params as { missingProperty: string }).missingProperty);
    return [...misspelt].some((m) => {
      const [at, key] = m.split("\u0000") as [string, string];
      return at === e.instancePath && didYouMean(key, [want]) !== undefined;
    });
  };
  return errors.filter((e) => {
    if (e.keyword === "if" || isMisspeltRequired(e)) return false;
    return !oneOfPaths.some((p) => e.schemaPath !== p && e.schemaPath.startsWith(p.replace(/\/oneOf$/, "/oneOf/")));
  });
}

const JSON_TYPE_WORDS: Record<string, string> = {
  string: "a string",
  object: "a mapping",
  array: "a list",
  boolean: "true or false",
  integer: "an integer",
  number: "a number",
  null: "nothing",
};

function describeValue(v: unknown): string {
  if (v === null || v === undefined) return "nothing";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `\`${v}\``;
  return `\`${String(v)}\``;
}

function report(spec: LoadedSpec, err: ErrorObject, diags: DiagnosticBag): void {
  const path = pathOf(err);
  const where = path.length === 0 ? "the document" : `\`${String(path[path.length - 1])}\``;
  switch (err.keyword) {
    case "additionalProperties": {
      const key = String((err.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const context = path.length === 0 ? "at the top level" : `in ${where}`;
      diags.add(
        "unknown-key",
        nodeLoc(spec, keyNodeAt(spec, path, key)),
        `unknown key \`${key}\` ${context}`,
        didYouMean(key, allowed) ?? (allowed.length > 0 ? `allowed keys: ${allowed.join(", ")}` : undefined),
      );
      return;
    }
    case "required": {
      const key = String((err.params as { missingProperty: string }).missingProperty);
      diags.add("missing-key", nodeLoc(spec, nodeAt(spec, path)), `${where} is missing the required key \`${key}\``);
      return;
    }
    case "enum":
    case "const": {
      const allowed =
        err.keyword === "enum"
          ? ((err.params as { allowedValues: unknown[] }).allowedValues ?? []).map(String)
          : [String((err.params as { allowedValue: unknown }).allowedValue)];
      diags.add(
        "invalid-value",
        nodeLoc(spec, nodeAt(spec, path)),
        `${describeValue(err.data)} is not a valid value for ${where}; expected one of ${allowed.join(", ")}`,
        typeof err.data === "string" ? didYouMean(err.data, allowed) : undefined,
      );
      return;
    }
    case "type": {
      const want = String((err.params as { type: string }).type)
        .split(",")
        .map((t) => JSON_TYPE_WORDS[t] ?? t)
        .join(" or ");
      diags.add(
        "invalid-value",
        nodeLoc(spec, nodeAt(spec, path)),
        `${where} must be ${want}, found ${describeValue(err.data)}`,
      );
      return;
    }
    case "oneOf": {
      const description = (err.parentSchema as { description?: string } | undefined)?.description;
      diags.add(
        "invalid-value",
        nodeLoc(spec, nodeAt(spec, path)),
        `${describeValue(err.data)} is not a valid value for ${where}`,
        description,
      );
      return;
    }
    default:
      diags.add("invalid-value", nodeLoc(spec, nodeAt(spec, path)), `${where} ${err.message ?? "is invalid"}`);
  }
}
