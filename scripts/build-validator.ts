/**
 * `npm run build:validator`: writes generator/spec-language.validate.cjs, ajv's standalone code for the
 * spec-language schema (generator/validate.ts loads it instead of compiling the schema on every run). Run it after
 * editing generator/spec-language.schema.json; test/unit/validator.test.ts fails while the file is stale, and a
 * stale file is never used (the generator compiles the schema itself then).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { PRECOMPILED_VALIDATOR, precompiledValidatorSource } from "../generator/validate";

const file = path.join(__dirname, "..", "generator", PRECOMPILED_VALIDATOR);
fs.writeFileSync(file, precompiledValidatorSource());
console.log(`wrote ${path.relative(process.cwd(), file)}`);
