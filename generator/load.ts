/**
 * Phase 1: read spec files and parse them as YAML, keeping every node's source position.
 *
 * A spec's `imports` pull in other spec files (relative paths); those are loaded too, once each, but only the
 * files the user named are generated.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type YAMLError, visit, type Document, type Node } from "yaml";
import type { DiagnosticBag } from "./diagnostics";
import type { SourceLoc } from "./ir/types";

/** One parsed spec file. */
export interface LoadedSpec {
  /** Path as printed in diagnostics and headers: relative to the working directory, forward slashes. */
  readonly file: string;
  /** Absolute path. */
  readonly absPath: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** The document as plain data (undefined when the YAML is broken). */
  readonly data: unknown;
  /** Named by the user (generated) rather than only imported. */
  readonly requested: boolean;
}

/** Turns a path given on the command line into the list of spec files: directories expand to their *.yaml/*.yml. */
export function expandInputs(inputs: readonly string[], cwd: string): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  for (const input of inputs) {
    const abs = path.resolve(cwd, input);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      missing.push(input);
      continue;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(abs).sort()) {
        if (/\.ya?ml$/.test(name)) files.push(path.join(abs, name));
      }
    } else {
      files.push(abs);
    }
  }
  return { files: [...new Set(files)], missing };
}

/** The largest spec file read (a spec is tens of kilobytes; this only stops a runaway read). */
export const MAX_SPEC_BYTES = 8 * 1024 * 1024;

/**
 * The folders imports must stay inside when no root is named: the working directory (the project) and the folder
 * of each named spec. Imports are spec text, so untrusted: they may not read `/proc/self/environ` or
 * `../../secrets.yaml`.
 */
export function defaultImportRoots(absFiles: readonly string[], cwd: string): string[] {
  return [...new Set([path.resolve(cwd), ...absFiles.map((f) => path.dirname(f))])];
}

function isInside(abs: string, dir: string): boolean {
  const rel = path.relative(dir, abs);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Why a path cannot be read as a spec (not a regular file, too large), or undefined when it can. */
function unreadable(abs: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch {
    return "does not exist";
  }
  if (st.isDirectory()) return "is a directory";
  if (!st.isFile()) return "is not a regular file";
  if (st.size > MAX_SPEC_BYTES) return `is larger than ${MAX_SPEC_BYTES / 1024 / 1024} MiB`;
  return undefined;
}

/**
 * Loads the named specs and, transitively, the specs they import. An import must be a `.yaml`/`.yml` regular file
 * inside `importRoot` (symbolic links resolved; default: see defaultImportRoots); a refused import is a diagnostic
 * that names the path, never the file's content.
 */
export function loadSpecs(absFiles: readonly string[], cwd: string, diags: DiagnosticBag, importRoot?: string): LoadedSpec[] {
  const loaded = new Map<string, LoadedSpec>();
  const queue: { abs: string; requested: boolean }[] = absFiles.map((abs) => ({ abs, requested: true }));
  const roots = (importRoot === undefined ? defaultImportRoots(absFiles, cwd) : [path.resolve(cwd, importRoot)]).map(realpathOr);
  while (queue.length > 0) {
    const { abs, requested } = queue.shift()!;
    if (loaded.has(abs)) continue;
    const problem = unreadable(abs);
    if (problem !== undefined) {
      // Only named files reach here with a problem: imports are checked before they are queued.
      diags.add("import-refused", { file: relativeFile(abs, cwd), line: 1, col: 1 }, `spec file ${problem}`, "name a YAML spec file");
      continue;
    }
    const spec = loadOne(abs, cwd, requested, diags);
    loaded.set(abs, spec);
    for (const dep of importPaths(spec)) {
      const depAbs = path.resolve(path.dirname(abs), dep.from);
      if (!fs.existsSync(depAbs)) {
        diags.add(
          "import-not-found",
          dep.loc,
          `imported spec \`${dep.from}\` does not exist (looked for ${relativeFile(depAbs, cwd)})`,
          "`from` is a path relative to the importing spec file",
        );
        continue;
      }
      const real = realpathOr(depAbs);
      const refused =
        !roots.some((root) => isInside(real, root))
          ? [
              "is outside the project",
              "keep imported specs under the working directory or beside the named specs (symbolic links are followed first)",
            ]
          : !/\.ya?ml$/.test(real)
            ? ["is not a .yaml or .yml file", "import spec files only"]
            : unreadable(real) !== undefined
              ? [unreadable(real)!, "import a spec file"]
              : undefined;
      if (refused !== undefined) {
        diags.add("import-refused", dep.loc, `imported spec \`${dep.from}\` ${refused[0]}`, refused[1]);
        continue;
      }
      if (!loaded.has(depAbs)) queue.push({ abs: depAbs, requested: false });
    }
  }
  return [...loaded.values()];
}

function realpathOr(abs: string): string {
  try {
    return fs.realpathSync(abs);
  } catch {
    return abs;
  }
}

function loadOne(abs: string, cwd: string, requested: boolean, diags: DiagnosticBag): LoadedSpec {
  const file = relativeFile(abs, cwd);
  const lines = new LineCounter();
  const text = decodeUtf8(fs.readFileSync(abs), file, diags);
  const doc = parseDocument(text ?? "", { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  // The first syntax error only: the parser's later ones are mostly the same mistake seen again.
  const first = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (first !== undefined) {
    const e = explainYamlError(first, text ?? "", lines);
    diags.add("yaml-syntax", { file, line: e.line, col: e.col }, `invalid YAML: ${e.message}`, e.hint);
  }
  const spec: LoadedSpec = { file, absPath: abs, doc, lines, data: undefined, requested };
  if (text === undefined || doc.errors.length > 0) return spec;
  const problems = reportDuplicateKeys(spec, doc.contents, "", diags) + reportLoneSurrogates(spec, diags);
  return problems === 0 ? { ...spec, data: toData(spec, diags) } : spec;
}

/** How many nodes aliases may expand to in one file (yaml's guard against "billion laughs" documents). */
const MAX_ALIAS_COUNT = 100;

/**
 * The file's text, or undefined (and a located diagnostic) when it is not UTF-8: a decoder that replaced bad bytes
 * with U+FFFD would put characters the author never wrote into names and wire strings.
 */
function decodeUtf8(bytes: Buffer, file: string, diags: DiagnosticBag): string | undefined {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes.subarray(0, bad));
    const lineStart = before.lastIndexOf("\n") + 1;
    const line = before.slice(0, lineStart).split("\n").length;
    diags.add(
      "invalid-utf8",
      { file, line, col: before.length - lineStart + 1 },
      `the spec is not valid UTF-8: byte 0x${bytes[bad]!.toString(16).padStart(2, "0")} does not belong here`,
      "save the file as UTF-8",
    );
    return undefined;
  }
}

/** Where the first malformed UTF-8 sequence starts (bytes.length if there is none). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const n = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (n === 0) return i;
    for (let k = 1; k < n; k++) {
      // The second byte's range excludes overlongs (E0, F0), surrogates (ED) and code points past U+10FFFF (F4).
      const lo = k === 1 && b === 0xe0 ? 0xa0 : k === 1 && b === 0xf0 ? 0x90 : 0x80;
      const hi = k === 1 && b === 0xed ? 0x9f : k === 1 && b === 0xf4 ? 0x8f : 0xbf;
      const c = bytes[i + k];
      if (c === undefined || c < lo || c > hi) return i;
    }
    i += n;
  }
  return i;
}

/** In a `u` regex a surrogate pair is one code point, so this matches only unpaired halves. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

/**
 * Strings with a lone surrogate (YAML's `"\ud800"` escape): no UTF-8 output and no Rust string can hold one, so
 * they are a spec error wherever they appear, keys included.
 */
function reportLoneSurrogates(spec: LoadedSpec, diags: DiagnosticBag): number {
  let count = 0;
  visit(spec.doc, {
    Scalar(_key, node) {
      const lone = typeof node.value === "string" ? LONE_SURROGATE.exec(node.value) : null;
      if (lone === null) return;
      count++;
      const unit = lone[0].charCodeAt(0);
      diags.add(
        "lone-surrogate",
        nodeLoc(spec, node),
        `this string holds a lone surrogate (\\u${unit.toString(16)}), which no UTF-8 file can hold`,
        "write the character itself, or both halves of its surrogate pair",
      );
    },
  });
  return count;
}

/**
 * The document as plain data, or undefined (and a located diagnostic) when an alias names no earlier anchor or the
 * aliases expand past MAX_ALIAS_COUNT nodes (yaml throws for both).
 */
function toData(spec: LoadedSpec, diags: DiagnosticBag): unknown {
  try {
    return spec.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    let unresolved = 0;
    let first: Node | undefined;
    visit(spec.doc, {
      Alias(_key, node) {
        first ??= node;
        if (node.resolve(spec.doc) !== undefined) return;
        unresolved++;
        diags.add("yaml-syntax", nodeLoc(spec, node), `invalid YAML: alias \`*${node.source}\` refers to no anchor before it`);
      },
    });
    if (first === undefined) throw e; // not an alias problem: a bug, reported as one
    if (unresolved === 0) {
      diags.add(
        "yaml-syntax",
        nodeLoc(spec, first),
        `invalid YAML: aliases expand to more than ${MAX_ALIAS_COUNT} nodes`,
        "repeat the text instead of nesting aliases",
      );
    }
    return undefined;
  }
}

type DuplicateCode = "duplicate-type" | "duplicate-variant" | "duplicate-field" | "duplicate-value";
const DUPLICATE_KINDS = new Map<string, { code: DuplicateCode; what: string }>([
  ["types", { code: "duplicate-type", what: "type" }],
  ["variants", { code: "duplicate-variant", what: "variant" }],
  ["fields", { code: "duplicate-field", what: "field" }],
  ["values", { code: "duplicate-value", what: "enum value" }],
]);

/** Duplicate keys, named by what they declare (a type, a variant, a field…); returns how many were found. */
function reportDuplicateKeys(spec: LoadedSpec, node: unknown, parentKey: string, diags: DiagnosticBag): number {
  let count = 0;
  if (isSeq(node)) {
    for (const item of node.items) count += reportDuplicateKeys(spec, item, "", diags);
  } else if (isMap(node)) {
    const seen = new Map<string, Node>();
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      const first = seen.get(key);
      if (first) {
        count++;
        const kind = DUPLICATE_KINDS.get(parentKey) ?? { code: "duplicate-field" as const, what: "key" };
        const at = nodeLoc(spec, first);
        diags.add(
          kind.code,
          nodeLoc(spec, pair.key as Node),
          `${kind.what} \`${key}\` is declared twice (first at line ${at.line}, column ${at.col})`,
          `remove one, or rename it`,
        );
      } else seen.set(key, pair.key as Node);
      count += reportDuplicateKeys(spec, pair.value, key, diags);
    }
  }
  return count;
}

function importPaths(spec: LoadedSpec): { from: string; loc: SourceLoc }[] {
  const out: { from: string; loc: SourceLoc }[] = [];
  const imports = spec.doc.get("imports", true);
  if (!isSeq(imports)) return out;
  for (const item of imports.items) {
    if (!isMap(item)) continue;
    const from = item.get("from", true);
    if (isScalar(from) && typeof from.value === "string") out.push({ from: from.value, loc: nodeLoc(spec, from) });
  }
  return out;
}

/** The path relative to cwd with forward slashes (absolute when outside cwd). */
export function relativeFile(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return (rel.startsWith("..") || path.isAbsolute(rel) ? abs : rel).split(path.sep).join("/");
}

/** The location where a node starts. */
export function nodeLoc(spec: LoadedSpec, node: Node | undefined | null): SourceLoc {
  const offset = node?.range?.[0] ?? 0;
  const pos = spec.lines.linePos(offset);
  return { file: spec.file, line: pos.line, col: pos.col };
}

/** A location `delta` characters into a node's source (for positions inside a type expression). */
export function offsetLoc(spec: LoadedSpec, node: Node, delta: number): SourceLoc {
  const quoted = isScalar(node) && (node.type === "QUOTE_DOUBLE" || node.type === "QUOTE_SINGLE") ? 1 : 0;
  const pos = spec.lines.linePos((node.range?.[0] ?? 0) + quoted + delta);
  return { file: spec.file, line: pos.line, col: pos.col };
}

/** The node at a data path (keys and indices), or the deepest existing ancestor. */
export function nodeAt(spec: LoadedSpec, dataPath: readonly (string | number)[]): Node | undefined {
  let node: unknown = spec.doc.contents;
  for (const key of dataPath) {
    if (isMap(node) || isSeq(node)) {
      const next = node.get(key, true);
      if (next === undefined || next === null) return node as Node;
      node = next;
    } else {
      break;
    }
  }
  return node as Node | undefined;
}

/** The key node of a mapping entry (for errors about a key itself, e.g. unknown keys). */
export function keyNodeAt(spec: LoadedSpec, dataPath: readonly (string | number)[], key: string): Node | undefined {
  const parent = nodeAt(spec, dataPath);
  if (!isMap(parent)) return parent;
  for (const pair of parent.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair.key;
  }
  return parent;
}

/**
 * A YAML syntax error where a person looks for it — the key that is out of line, the quote that is never closed —
 * with the parser's message and a hint for the usual causes (indentation above all).
 */
export function explainYamlError(err: YAMLError, text: string, lines: LineCounter): { line: number; col: number; message: string; hint?: string } {
  const message = err.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const at = lines.linePos(err.pos[0]);
  const source = text.split(/\r?\n/);
  const lineText = (n: number) => source[n - 1] ?? "";
  const indentCol = (n: number) => lineText(n).search(/\S/) + 1;
  /** The nearest line above `n` with content (not blank, not a comment). */
  const above = (n: number) => {
    for (let i = n - 1; i >= 1; i--) if (/^\s*[^\s#]/.test(lineText(i))) return i;
    return undefined;
  };
  switch (err.code) {
    case "BAD_INDENT": {
      // A flow collection (`{ … }`, `[ … ]`) left open: the parser notices on the next less indented line.
      const flow = /Flow (map|sequence)/.exec(message);
      if (flow !== null) {
        const [open, close] = flow[1] === "map" ? ["{", "}"] : ["[", "]"];
        for (let n = at.line - 1; n >= 1; n--) {
          const t = lineText(n);
          if (t.split(open).length > t.split(close).length) {
            return { line: n, col: t.indexOf(open) + 1, message, hint: `the ${open} opened here is never closed: end it with ${close} on this line` };
          }
        }
      }
      const col = Math.max(1, indentCol(at.line));
      const prev = above(at.line);
      const hint =
        prev === undefined
          ? "YAML nests by indentation: keys of one mapping start in the same column"
          : `YAML nests by indentation: this line starts at column ${col}, line ${prev} at column ${indentCol(prev)}; ` +
            "line the keys of one mapping up, and indent a nested one further (with spaces)";
      return { line: at.line, col, message, hint };
    }
    case "TAB_AS_INDENT":
      return { line: at.line, col: 1, message, hint: "indent with spaces: YAML does not allow tabs in indentation" };
    case "MISSING_CHAR": {
      // An unclosed quote is reported where the file ends; the mistake is where the string opened.
      const quote = /"quote|'quote/.test(message) ? (message.includes("'") ? "'" : '"') : undefined;
      if (quote !== undefined) {
        for (let n = at.line; n >= 1; n--) {
          const col = lineText(n).indexOf(quote) + 1;
          if (col > 0) return { line: n, col, message, hint: `the string that starts here is never closed: end it with ${quote}` };
        }
      }
      return { line: at.line, col: at.col, message };
    }
    case "MULTILINE_IMPLICIT_KEY":
    case "BLOCK_AS_IMPLICIT_KEY": {
      const n = at.line;
      if (!/:(\s|$)/.test(lineText(n).replace(/#.*$/, ""))) {
        return { line: n, col: Math.max(1, indentCol(n)), message, hint: "a key needs a colon and a space after it, e.g. `kind: struct`" };
      }
      return { line: at.line, col: at.col, message, hint: "a key's value is either text on its line or an indented block below it, not both: check the indentation of the next lines" };
    }
    default:
      return { line: at.line, col: at.col, message };
  }
}
