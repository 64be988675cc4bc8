/**
 * The precompiled spec-language validator (generator/spec-language.validate.cjs, ajv's standalone code) is up to
 * date with the schema, is what the front end uses, and reports exactly what ajv's own compilation reports.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv";
import { parse } from "yaml";
import specLanguageSchema from "../../generator/spec-language.schema.json";
import { compileSpecValidator, PRECOMPILED_VALIDATOR, precompiledValidatorSource, validatorFingerprint } from "../../generator/validate";

const ROOT = path.resolve(__dirname, "..", "..");

test("generator/spec-language.validate.cjs is up to date (else run `npm run build:validator`)", () => {
  expect(fs.readFileSync(path.join(ROOT, "generator", PRECOMPILED_VALIDATOR), "utf8")).toBe(precompiledValidatorSource());
});

test("the front end uses it, and it reports what ajv compiling the schema reports", () => {
  const pre = compileSpecValidator() as ReturnType<typeof compileSpecValidator> & { fingerprint?: string };
  expect(pre.fingerprint).toBe(validatorFingerprint());
  const compiled = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, allowUnionTypes: true }).compile(specLanguageSchema);
  const specs = [
    ...fs.readdirSync(path.join(ROOT, "schema")).map((f) => path.join(ROOT, "schema", f)),
    ...fs.readdirSync(path.join(ROOT, "test", "fixtures", "invalid")).map((d) => path.join(ROOT, "test", "fixtures", "invalid", d, "spec.yaml")),
  ].filter((f) => f.endsWith(".yaml") && fs.existsSync(f));
  let failing = 0;
  for (const file of specs) {
    let data: unknown;
    try {
      data = parse(fs.readFileSync(file, "utf8"));
    } catch {
      continue;
    }
    const a = pre(data);
    const b = compiled(data);
    expect({ file, ok: a, errors: pre.errors ?? null }).toEqual({ file, ok: b, errors: compiled.errors ?? null });
    if (!a) failing++;
  }
  expect(failing).toBeGreaterThanOrEqual(3);
});
