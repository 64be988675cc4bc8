/**
 * The json-schema-to-typescript half of `npm run bench:gen` (issue 4): how long json-schema-to-typescript takes to
 * generate TypeScript types from an emitted JSON Schema, to compare with eventspec's whole generation.
 * `scripts/bench-gen.ts` calls `timeJsonSchemaToTypescript` with the 1,000-variant synthetic family's schema.
 *
 * json-schema-to-typescript runs as a consumer who wants every type would run it (`unreachableDefinitions`, the
 * root `$ref` left out — see README.md, "Publishing schemas"), with its default prettier formatting, in this
 * process; the median of `rounds` runs after one warm-up run is reported.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { compile, type Options } from "json-schema-to-typescript";

/** The options the bench (and the README's recipe) use. */
export const JSTS_OPTIONS: Partial<Options> = {
  bannerComment: "",
  unreachableDefinitions: true,
  additionalProperties: false,
};

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Milliseconds json-schema-to-typescript takes to turn `schemaJson` (a parsed emitted schema) into TypeScript:
 * the median of `rounds` runs after a warm-up run.
 */
export async function timeJsonSchemaToTypescript(schemaJson: unknown, rounds = Number(process.env.BENCH_ROUNDS ?? 3)): Promise<number> {
  const input = () => {
    const copy = structuredClone(schemaJson) as Record<string, unknown>;
    delete copy["$ref"];
    return copy as Parameters<typeof compile>[0];
  };
  await compile(input(), "Synthetic", JSTS_OPTIONS);
  const times: number[] = [];
  for (let r = 0; r < Math.max(1, rounds); r++) {
    const schema = input();
    const t0 = process.hrtime.bigint();
    await compile(schema, "Synthetic", JSTS_OPTIONS);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

/** Milliseconds of one `compile()` of `schemaJson` in this process (the bench interleaves these with eventspec). */
export async function timeCompileOnce(schemaJson: unknown): Promise<number> {
  const copy = structuredClone(schemaJson) as Record<string, unknown>;
  delete copy["$ref"];
  const t0 = process.hrtime.bigint();
  await compile(copy as Parameters<typeof compile>[0], "Synthetic", JSTS_OPTIONS);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/**
 * Milliseconds a fresh Node process takes to load json-schema-to-typescript and turn the schema in `schemaFile` into
 * TypeScript (what a user running it waits for, as `npm run bench:gen` times eventspec): the median of `rounds`.
 */
export function timeJsonSchemaToTypescriptProcess(schemaFile: string, rounds = Number(process.env.BENCH_ROUNDS ?? 3)): number {
  const code = [
    `const { compile } = require("json-schema-to-typescript");`,
    `const schema = JSON.parse(require("node:fs").readFileSync(${JSON.stringify(schemaFile)}, "utf8"));`,
    `delete schema.$ref;`,
    `compile(schema, "Synthetic", ${JSON.stringify(JSTS_OPTIONS)}).then((ts) => { if (!ts.includes("export")) process.exit(1); });`,
  ].join("\n");
  const times: number[] = [];
  for (let r = 0; r < Math.max(1, rounds); r++) {
    const t0 = process.hrtime.bigint();
    execFileSync(process.execPath, ["-e", code], { cwd: path.join(__dirname, ".."), stdio: ["ignore", "ignore", "inherit"] });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(times);
}

if (require.main === module) {
  // `tsx scripts/bench-jsts.ts path/to/x.schema.json`: time one schema by hand.
  void (async () => {
    const file = process.argv[2];
    if (!file) throw new Error("usage: tsx scripts/bench-jsts.ts <schema.json>");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema: unknown = JSON.parse(require("node:fs").readFileSync(file, "utf8"));
    console.log(`json-schema-to-typescript: ${(await timeJsonSchemaToTypescript(schema)).toFixed(0)} ms (${file})`);
  })();
}
