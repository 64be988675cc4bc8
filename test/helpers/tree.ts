/** Test helpers: read a directory as a tree of files, generate into a temp dir, type-check files strictly. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";

/** Every regular file under `dir`, by relative forward-slash path (empty when `dir` does not exist). */
export function readTree(dir: string, exclude: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = path.join(dir, rel);
    if (!fs.existsSync(abs)) return;
    for (const ent of fs.readdirSync(abs, { withFileTypes: true })) {
      const r = rel ? `${rel}/${ent.name}` : ent.name;
      if (exclude(r)) continue;
      if (ent.isDirectory()) walk(r);
      else if (ent.isFile()) out.set(r, fs.readFileSync(path.join(dir, r), "utf8"));
    }
  };
  walk("");
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A fresh temporary directory (removed by `rmTemp`). */
export function makeTemp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `eventspec-${prefix}-`));
}

export function rmTemp(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Until the codec emitter copies the serde support library into `<out>/_support/`, generated types would not
 * resolve `../_support/json-value`; tests then put the sources there themselves.
 */
export function ensureSupport(outDir: string, repoRoot: string): void {
  const target = path.join(outDir, "_support");
  if (fs.existsSync(path.join(target, "json-value.ts"))) return;
  fs.mkdirSync(target, { recursive: true });
  const src = path.join(repoRoot, "generator", "support");
  for (const f of fs.readdirSync(src)) if (f.endsWith(".ts")) fs.copyFileSync(path.join(src, f), path.join(target, f));
}

/** The strictest settings a consumer may compile generated code with. */
export const STRICT_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noImplicitReturns: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  noPropertyAccessFromIndexSignature: true,
  noUnusedLocals: false,
  isolatedModules: true,
  verbatimModuleSyntax: false,
  skipLibCheck: true,
  noEmit: true,
  types: ["node"],
};

export interface CompileDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly code: number;
  readonly message: string;
}

/**
 * Type-checks `rootFiles` (absolute) in one program. `overlay` maps absolute paths to in-memory contents (files
 * that exist only for this compile). Returns every diagnostic, paths relative to `base`.
 */
export function typecheck(
  rootFiles: readonly string[],
  base: string,
  overlay: ReadonlyMap<string, string> = new Map(),
  extra: ts.CompilerOptions = {},
): CompileDiagnostic[] {
  const options = { ...STRICT_OPTIONS, ...extra };
  const host = ts.createCompilerHost(options, true);
  const origRead = host.readFile.bind(host);
  const origExists = host.fileExists.bind(host);
  const origGetSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => overlay.get(path.resolve(f)) ?? origRead(f);
  host.fileExists = (f) => overlay.has(path.resolve(f)) || origExists(f);
  const overlayDirs = new Set([...overlay.keys()].flatMap((f) => {
    const dirs: string[] = [];
    for (let d = path.dirname(f); d !== path.dirname(d); d = path.dirname(d)) dirs.push(d);
    return dirs;
  }));
  const origDirExists = host.directoryExists?.bind(host);
  host.directoryExists = (d) => overlayDirs.has(path.resolve(d)) || (origDirExists ? origDirExists(d) : fs.existsSync(d));
  host.getSourceFile = (f, lang, onError, shouldCreate) => {
    const text = overlay.get(path.resolve(f));
    if (text !== undefined) return ts.createSourceFile(f, text, lang, true);
    return origGetSourceFile(f, lang, onError, shouldCreate);
  };
  const program = ts.createProgram({ rootNames: [...rootFiles, ...overlay.keys()], options, host });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const file = d.file ? path.relative(base, d.file.fileName).split(path.sep).join("/") : "";
    const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
    return { file, line, code: d.code, message: ts.flattenDiagnosticMessageText(d.messageText, "\n") };
  });
}

/** `file:line: TSxxxx message`, one per line, for readable failures. */
export function showDiagnostics(ds: readonly CompileDiagnostic[]): string {
  return ds.map((d) => `${d.file}:${d.line}: TS${d.code} ${d.message}`).join("\n");
}

/** All `.ts` files under `dir`, absolute. */
export function tsFilesUnder(dir: string): string[] {
  return [...readTree(dir).keys()].filter((r) => r.endsWith(".ts")).map((r) => path.join(dir, r));
}
