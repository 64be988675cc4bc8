/**
 * The TypeScript side of the conformance suite: generates the whole output (every emitter) for the conformance
 * program into a scratch directory under `.tmp/` and loads each family's generated codec, addressed by the same
 * `<family>.<Type>` names the oracle uses.
 *
 * Codec API (generated/<family>/codec.ts, per named type T): `encodeT(value): string`, `decodeT(text)` (default
 * path), `decodeTStrict(text)` (exact reader), `tryDecodeT(text)`. Decode errors are `DecodeError`s whose
 * `message` is serde's text without the position and whose `serdeText()` adds ` at line L column C` when known.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { emitAll } from "../../generator/generate";
import type { IrProgram } from "../../generator/ir/types";
import { oracleTypeName } from "./oracle-emit";
import { ROOT } from "./program";

/** One type's generated codec functions. */
export interface TsCodec {
  encode(value: unknown): string;
  decode(text: string): unknown;
  decodeStrict(text: string): unknown;
}

/** What TypeScript did with one input: the re-encoding, or the decode (or encode) error. */
export type TsAnswer =
  | { ok: true; json: string }
  | { ok: false; stage: "decode" | "encode"; error: string; serdeText: string; name: string };

/** The generated TypeScript for a program, loaded. */
export interface GeneratedTs {
  readonly dir: string;
  /** Codecs by oracle type name; types whose functions are missing are listed in `missing`. */
  readonly codecs: ReadonlyMap<string, TsCodec>;
  readonly missing: readonly string[];
  /** The generated tree's support module for json values (its `JsonFloat` is the one the codecs test for). */
  readonly jsonValue: { JsonFloat: new (value: number) => { readonly value: number } };
  /** Removes the scratch directory. */
  dispose(): void;
}

/** Whether the codec emitter exists at all (the suite waits for it otherwise). */
export function codecEmitterPresent(): boolean {
  return fs.existsSync(path.join(ROOT, "generator", "emit", "codec.ts"));
}

/**
 * The program with every family's float layout set to `bare` (`1e16`): the oracle is Debian's serde_json 1.0.87,
 * which writes positive exponents without `+` (1.0.147+ writes `1e+16`; the specs default to that).
 */
export function withBareExponents(program: IrProgram): IrProgram {
  return withExponents(program, "bare");
}

/** The program with every family's float layout set to `style`. */
export function withExponents(program: IrProgram, style: "bare" | "plus"): IrProgram {
  return { families: program.families.map((f) => ({ ...f, settings: { ...f.settings, floatExponent: style } })) };
}

/**
 * Runs every emitter over `program` (as `generate()` does, formatting included) into a fresh scratch directory
 * and loads the codecs of its types.
 */
export async function generateTs(program: IrProgram): Promise<GeneratedTs> {
  const base = path.join(ROOT, ".tmp", "conformance");
  fs.mkdirSync(base, { recursive: true });
  const dir = fs.mkdtempSync(path.join(base, "ts-"));
  for (const file of await emitAll(program)) {
    const out = path.join(dir, file.path);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, file.content);
  }
  const codecs = new Map<string, TsCodec>();
  const missing: string[] = [];
  for (const family of program.families) {
    const file = path.join(dir, family.name, "codec.ts");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = (fs.existsSync(file) ? require(file) : {}) as Record<string, unknown>;
    for (const d of family.decls) {
      const n = d.names.ts;
      const fns = [mod[`encode${n}`], mod[`decode${n}`], mod[`decode${n}Strict`]];
      const name = oracleTypeName(family.name, d.names.spec);
      if (fns.some((f) => typeof f !== "function")) {
        missing.push(name);
        continue;
      }
      const [encode, decode, decodeStrict] = fns as [TsCodec["encode"], TsCodec["decode"], TsCodec["decodeStrict"]];
      codecs.set(name, { encode, decode, decodeStrict });
    }
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jsonValue = require(path.join(dir, "_support", "json-value.ts")) as GeneratedTs["jsonValue"];
  return { dir, codecs, missing, jsonValue, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

function describeError(e: unknown): { error: string; serdeText: string; name: string } {
  if (e instanceof Error) {
    const serdeText = typeof (e as { serdeText?: unknown }).serdeText === "function" ? (e as unknown as { serdeText(): string }).serdeText() : e.message;
    return { error: e.message, serdeText, name: e.name };
  }
  return { error: String(e), serdeText: String(e), name: "non-Error" };
}

/** Decodes `text` with the given decoder and re-encodes the value. */
export function tsRoundtrip(codec: TsCodec, text: string, strict: boolean): TsAnswer {
  let value: unknown;
  try {
    value = strict ? codec.decodeStrict(text) : codec.decode(text);
  } catch (e) {
    return { ok: false, stage: "decode", ...describeError(e) };
  }
  try {
    return { ok: true, json: codec.encode(value) };
  } catch (e) {
    return { ok: false, stage: "encode", ...describeError(e) };
  }
}

/** Encodes a value. */
export function tsEncode(codec: TsCodec, value: unknown): TsAnswer {
  try {
    return { ok: true, json: codec.encode(value) };
  } catch (e) {
    return { ok: false, stage: "encode", ...describeError(e) };
  }
}
