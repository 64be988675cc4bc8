// The WebAssembly half of the string support (json-escape.wat, embedded in json-escape-wasm.ts): escaping long
// strings as serde_json does, and finding lone surrogates in them, each several times faster than JSON.stringify
// and String.prototype.isWellFormed on Node 20. Every function answers undefined where the module cannot load (no
// WebAssembly, no SIMD, no Buffer); callers then do the same in JavaScript.

import { JSON_ESCAPE_WASM } from "./json-escape-wasm.js";

/** Code units per escape call: the input's 32 KB at byte 0, its worst-case output (6 units each) from OUT. */
export const ESCAPE_CHUNK = 16384;
const OUT = 2 * ESCAPE_CHUNK;
/** Code units per well-formedness call: the first 8 of the module's 9 pages (512 KB; the ninth holds a table). */
export const CHECK_CHUNK = 262144;

interface Module {
  escape(n: number, out: number): number;
  wellFormed(n: number): number;
  memory: BufferView;
}

// The parts of the WebAssembly API and of Node's Buffer used here, declared locally: the generated code compiles
// without lib "dom" and without @types/node, and runs where either is missing (the JavaScript paths then).

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: WasmExports };
}

interface WasmExports {
  readonly escape: Module["escape"];
  readonly wellFormed: Module["wellFormed"];
  readonly memory: { readonly buffer: ArrayBuffer };
}

interface BufferView {
  write(s: string, offset: number, encoding: "utf16le"): number;
  toString(encoding: "utf16le", start: number, end: number): string;
}

interface BufferApi {
  from(text: string, encoding: "base64"): Uint8Array;
  from(memory: ArrayBuffer): BufferView;
}

/** The instantiated module; null where it cannot load, undefined until first use. */
let loaded: Module | null | undefined;

function load(): Module | null {
  try {
    const { WebAssembly: wasm, Buffer: buffer } = globalThis as { WebAssembly?: WasmApi; Buffer?: BufferApi };
    if (wasm === undefined || buffer === undefined) return null;
    const { exports } = new wasm.Instance(new wasm.Module(buffer.from(JSON_ESCAPE_WASM, "base64")));
    return {
      escape: exports.escape,
      wellFormed: exports.wellFormed,
      // The memory never grows, so this view never detaches.
      memory: buffer.from(exports.memory.buffer),
    };
  } catch {
    return null;
  }
}

function wasm(): Module | null {
  return loaded === undefined ? (loaded = load()) : loaded;
}

/** Which writer long strings get: "wasm", or "JSON.stringify" where the module cannot load. */
export function longStringWriter(): "wasm" | "JSON.stringify" {
  return wasm() === null ? "JSON.stringify" : "wasm";
}

/** Where the chunk of `s` from `start` ends, at most `size` units on and never between the halves of a pair. */
function chunkEnd(s: string, start: number, size: number): number {
  const end = Math.min(s.length, start + size);
  const last = s.charCodeAt(end - 1);
  return end < s.length && last >= 0xd800 && last < 0xdc00 ? end - 1 : end;
}

/**
 * `s` as a JSON string, quotes included, escaped as serde_json escapes it; null when it holds a lone surrogate;
 * undefined when the module cannot load.
 */
export function escapeWithWasm(s: string): string | null | undefined {
  const m = wasm();
  if (m === null) return undefined;
  const n = s.length;
  if (n <= ESCAPE_CHUNK) {
    m.memory.write(s, 0, "utf16le");
    const units = m.escape(n, OUT);
    if (units < 0) return null;
    // One chunk (the common case): the module's output, quotes included, is the result, already flat; and when
    // nothing was escaped, the input is the output and concatenating copies nothing.
    return units === n + 2 ? '"' + s + '"' : m.memory.toString("utf16le", OUT, OUT + 2 * units);
  }
  // Chunks, each a string below V8's large-object size (128 KB): allocating one above it costs ~100 µs here.
  let out = '"';
  for (let start = 0; start < n;) {
    const end = chunkEnd(s, start, ESCAPE_CHUNK);
    const piece = s.slice(start, end);
    m.memory.write(piece, 0, "utf16le");
    const units = m.escape(end - start, OUT);
    if (units < 0) return null;
    out += units === end - start + 2 ? piece : m.memory.toString("utf16le", OUT + 2, OUT + 2 * units - 2);
    start = end;
  }
  return out + '"';
}

/** Whether `s` holds no lone surrogate; undefined when the module cannot load. */
export function wellFormedWithWasm(s: string): boolean | undefined {
  const m = wasm();
  if (m === null) return undefined;
  for (let start = 0; start < s.length;) {
    const end = chunkEnd(s, start, CHECK_CHUNK);
    m.memory.write(s.slice(start, end), 0, "utf16le");
    if (m.wellFormed(end - start) === 0) return false;
    start = end;
  }
  return true;
}
