/**
 * The generated codecs of a program, loaded into this process: emitted in memory, transpiled to CommonJS with
 * TypeScript's `transpileModule`, written to a fresh private temp directory (`mkdtemp`: a new name, mode 0700,
 * nothing there was written by anyone else) and required from it. `eventspec diff` runs both versions' codecs this
 * way to find witnesses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import { emitCodec } from "../emit/codec";
import type { IrProgram } from "../ir/types";
import { codecNames } from "../emit/codec/naming";

/** The encode and strict decode of one declared type. */
export interface LoadedCodec {
  encode(value: unknown): string;
  decodeStrict(text: string): unknown;
}

export interface LoadedCodecs {
  /** The codec of `type` (its spec name) in `family`, or undefined when there is none. */
  get(family: string, type: string, tsName: string): LoadedCodec | undefined;
  dispose(): void;
}

export function loadCodecs(program: IrProgram): LoadedCodecs {
  // Every family's codec, imported ones too: a codec requires the codecs of the families it imports from.
  const all: IrProgram = { families: program.families.map((f) => ({ ...f, generated: true })) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-codecs-"));
  try {
    for (const file of emitCodec(all)) {
      if (!file.path.endsWith(".ts")) continue;
      const js = ts.transpileModule(file.content, {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        fileName: file.path,
      }).outputText;
      const abs = path.join(dir, ...file.path.replace(/\.ts$/, ".js").split("/"));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, js, { flag: "wx" });
    }
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const modules = new Map<string, Record<string, unknown>>();
  const moduleOf = (family: string) => {
    let m = modules.get(family);
    if (m === undefined) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      m = require(path.join(dir, family, "codec.js")) as Record<string, unknown>;
      modules.set(family, m);
    }
    return m;
  };
  return {
    get(family, _type, tsName) {
      const names = codecNames(tsName);
      const m = moduleOf(family);
      const encode = m[names.encode];
      const decodeStrict = m[names.decodeStrict];
      if (typeof encode !== "function" || typeof decodeStrict !== "function") return undefined;
      return { encode: encode as LoadedCodec["encode"], decodeStrict: decodeStrict as LoadedCodec["decodeStrict"] };
    },
    dispose() {
      for (const key of Object.keys(require.cache)) if (key.startsWith(dir + path.sep)) delete require.cache[key];
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
