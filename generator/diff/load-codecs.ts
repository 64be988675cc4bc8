/**
 * The generated codecs of a program, loaded into this process: emitted in memory, transpiled to CommonJS with
 * TypeScript's `transpileModule`, written to a fresh private temp directory (`mkdtemp`: a new name, mode 0700,
 * nothing there was written by anyone else) and required from it. `eventspec diff` runs both versions' codecs this
 * way to find witnesses.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { emitCodec } from "../emit/codec";
import type { Decl, Family, Field, IrProgram, TypeRef, Variant } from "../ir/types";
import { codecNames } from "../emit/codec/naming";

/**
 * TypeScript to CommonJS: esbuild's transform where esbuild is installed (a 3.5 MB codec in ~0.1 s), TypeScript's
 * `transpileModule` otherwise (~3 s for the same file; same output semantics for this code: types erased).
 */
function transpile(source: string, fileName: string): string {
  const esbuild = optionalEsbuild();
  if (esbuild !== undefined)
    return esbuild.transformSync(source, { loader: "ts", format: "cjs", target: "es2022", sourcefile: fileName }).code;
  // TypeScript as ts-morph ships it (the package needs no second copy), loaded only on this path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ts } = require("ts-morph") as typeof import("ts-morph");
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName,
  }).outputText;
}

/** Which transpiler `loadCodecs` uses here (printed by the benchmark). */
export function transpilerInUse(): "esbuild" | "typescript" {
  return optionalEsbuild() === undefined ? "typescript" : "esbuild";
}

function optionalEsbuild(): typeof import("esbuild") | undefined {
  if (process.env["EVENTSPEC_ESBUILD"] === "0") return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("esbuild") as typeof import("esbuild");
  } catch {
    return undefined;
  }
}

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

/**
 * Loads the codecs of every family of `program`. 64-bit and size integers are loaded as `bigint` everywhere (the
 * wire is the same; only the TypeScript value differs), so values across the whole range of u64 and i64 can be
 * written and read.
 */
export function loadCodecs(program: IrProgram): LoadedCodecs {
  // Every family's codec, imported ones too: a codec requires the codecs of the families it imports from.
  const all: IrProgram = { families: program.families.map((f) => ({ ...withBigints(f), generated: true })) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-codecs-"));
  try {
    for (const file of emitCodec(all)) {
      // The support library's copy too: the generator's own sources may be TypeScript no loader here can run.
      if (!file.path.endsWith(".ts")) continue;
      const js = transpile(file.content, file.path);
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

/** 64-bit and size integers opted into bigint, throughout a family. */
export function withBigints(f: Family): Family {
  const t = (x: TypeRef): TypeRef => {
    switch (x.kind) {
      case "int":
        return { ...x, bigint: WIDE.has(x.name) };
      case "option":
      case "box":
        return { ...x, inner: t(x.inner) };
      case "list":
        return { ...x, item: t(x.item) };
      case "map":
        return { ...x, value: t(x.value) };
      default:
        return x;
    }
  };
  const field = (x: Field): Field => ({ ...x, type: t(x.type) });
  const variant = (v: Variant): Variant =>
    v.shape.kind === "struct"
      ? { ...v, shape: { kind: "struct", fields: v.shape.fields.map(field) } }
      : v.shape.kind === "newtype"
        ? { ...v, shape: { kind: "newtype", type: t(v.shape.type) } }
        : v;
  const decl = (d: Decl): Decl => {
    switch (d.kind) {
      case "struct":
        return { ...d, fields: d.fields.map(field) };
      case "union":
        return {
          ...d,
          variants: d.variants.map(variant),
          accessors: d.accessors.map((a) => ({ ...a, type: t(a.type) })),
        };
      case "newtype":
        return { ...d, inner: t(d.inner) };
      case "alias":
        return { ...d, target: t(d.target) };
      case "enum":
        return d;
    }
  };
  return { ...f, settings: { ...f.settings, bigint: true }, decls: f.decls.map(decl) };
}

/** The integer kinds that may be bigint in TypeScript. */
export const WIDE: ReadonlySet<string> = new Set(["u64", "i64", "usize", "isize"]);
