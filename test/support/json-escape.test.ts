// The WebAssembly string escaper (generator/support/json-escape.wat) behind encodeString for long strings: the
// embedded bytes are the .wat's, and its output is JSON.stringify's (which writes what serde_json writes for a
// well-formed string; test/conformance holds that against real serde) on every string, lone surrogates refused.
import * as fs from "node:fs";
import fc from "fast-check";
import { EncodeError } from "../../generator/support/errors";
import { encodeString, LONG_STRING, longStringWriter } from "../../generator/support/strings";
import { modulePath, wasmModuleSource } from "../../scripts/wasm";

const CHUNK = 32768; // strings.ts's chunk size: lengths around it and its multiples cross a chunk boundary

/** The oracle: JSON.stringify for a string Rust can hold, an error otherwise. */
function expected(s: string): string {
  return (s as string & { isWellFormed(): boolean }).isWellFormed() ? JSON.stringify(s) : "lone surrogate";
}

function actual(s: string): string {
  try {
    return encodeString(s, "$.content");
  } catch (e) {
    if (e instanceof EncodeError && e.path === "$.content" && /lone surrogate/.test(e.message)) return "lone surrogate";
    throw e;
  }
}

const CONTROLS = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i));
const SPECIAL = [...CONTROLS, '"', "\\", "/", "\u007f", "é", "✓", "\u2028", "\ufffd", "\ud83d\ude00", "\ud800", "\udc00"];

test("the embedded module is the .wat compiled (run `npm run build:wasm` after editing the .wat)", async () => {
  expect(fs.readFileSync(modulePath("json-escape"), "utf8")).toBe(await wasmModuleSource("json-escape"));
});

test("long strings go to the WebAssembly escaper on this Node", () => {
  expect(longStringWriter()).toBe("wasm");
});

test("every special character, at every offset in and around an 8-unit block, in a long string", () => {
  const pad = "abcdefghijklmnopqrstuvwxyz".repeat(8);
  for (const ch of SPECIAL) {
    for (let at = 0; at < 40; at++) {
      const s = pad.slice(0, at) + ch + pad.slice(at, at + LONG_STRING + 17);
      expect(actual(s)).toBe(expected(s));
      expect(actual(s + ch)).toBe(expected(s + ch)); // ending on it, inside the tail shorter than a block
    }
  }
});

test("chunk boundaries: lengths around each, surrogate pairs and lone surrogates straddling them", () => {
  const body = "The quick brown fox \"jumps\"\tover the lazy dog.\n ✓ ".repeat(3000);
  for (const n of [CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1, 3 * CHUNK + 5]) {
    for (const [at, insert] of [
      [CHUNK - 1, "\ud83d\ude00"], // a pair across the first boundary
      [CHUNK - 2, "\ud83d\ude00"],
      [CHUNK - 1, "\ud800x"], // a lone high surrogate ending the first chunk
      [CHUNK, "\udc00"], // a lone low surrogate starting the second
      [n - 1, "\ud800"], // a lone high surrogate ending the string
    ] as Array<[number, string]>) {
      const s = (body.slice(0, at) + insert + body.slice(at)).slice(0, Math.max(n, at + insert.length));
      expect(actual(s)).toBe(expected(s));
    }
    const plain = body.slice(0, n);
    expect(actual(plain)).toBe(expected(plain));
  }
});

test("property: any string, short or long, is written as JSON.stringify writes it or refused", () => {
  const unit = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom("a", "Z", " ", "0") },
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  );
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 400 }), (units) => {
      const s = units.join("");
      expect(actual(s)).toBe(expected(s));
    }),
    { numRuns: 3000 },
  );
});

test("where WebAssembly is missing, long strings are written the same by JSON.stringify", () => {
  const saved = globalThis.WebAssembly;
  try {
    (globalThis as { WebAssembly?: unknown }).WebAssembly = undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require("../../generator/support/strings") as typeof import("../../generator/support/strings");
      expect(fresh.longStringWriter()).toBe("JSON.stringify");
      const s = 'a "quoted"\tline\n'.repeat(20) + "✓";
      expect(fresh.encodeString(s, "$")).toBe(JSON.stringify(s));
      expect(() => fresh.encodeString(s + "\ud800", "$.x")).toThrow(/lone surrogate/);
    });
  } finally {
    globalThis.WebAssembly = saved;
  }
});
