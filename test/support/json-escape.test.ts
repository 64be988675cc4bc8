// The WebAssembly string escaper (generator/support/json-escape.wat) behind encodeString for long strings: the
// embedded bytes are the .wat's, and its output is JSON.stringify's (which writes what serde_json writes for a
// well-formed string; test/conformance holds that against real serde) on every string, lone surrogates refused.
import * as fs from "node:fs";
import fc from "fast-check";
import { EncodeError } from "../../generator/support/errors";
import { CHECK_CHUNK, ESCAPE_CHUNK } from "../../generator/support/json-escape";
import { encodeString, isWellFormed, LONG_CHECK, LONG_STRING, longStringWriter, utf8Length } from "../../generator/support/strings";
import { modulePath, wasmModuleSource } from "../../scripts/wasm";

// Lengths around the chunk sizes and their multiples cross a chunk boundary.
const CHUNK = ESCAPE_CHUNK;

/** V8's own check, the oracle for isWellFormed. */
function nativeWellFormed(s: string): boolean {
  return (s as string & { isWellFormed(): boolean }).isWellFormed();
}

/** The oracle: JSON.stringify for a string Rust can hold, an error otherwise. */
function expected(s: string): string {
  return nativeWellFormed(s) ? JSON.stringify(s) : "lone surrogate";
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
    fc.property(fc.array(unit, { maxLength: 400, size: "max" }), (units) => {
      const s = units.join("");
      expect(actual(s)).toBe(expected(s));
    }),
    { numRuns: 3000 },
  );
});

test("property: isWellFormed agrees with V8's on any string, below and above LONG_CHECK", () => {
  // Well-formed text with zero to two odd sequences spliced in: a string with many lone surrogates is refused by
  // its first, whatever the check does with the others.
  const odd = fc.constantFrom("\ud800", "\udc00", "\udbff", "\udfff", "\udc00\udc00", "\ud800\ud800", "\ude00\ud83d");
  const text = fc.array(fc.constantFrom<string>("a", "✓", "\ud83d\ude00"), { minLength: LONG_CHECK - 8, maxLength: 3 * LONG_CHECK, size: "max" });
  fc.assert(
    fc.property(text, fc.array(fc.tuple(fc.nat(), odd), { maxLength: 2 }), (units, splices) => {
      for (const [at, seq] of splices) units.splice(at % (units.length + 1), 0, seq);
      const s = units.join("");
      expect(isWellFormed(s)).toBe(nativeWellFormed(s));
    }),
    { numRuns: 500, endOnFailure: true }, // shrinking a 3,000-unit array would take minutes
  );
});

test("where WebAssembly is missing, long strings are written the same by JSON.stringify", () => {
  const global = globalThis as { WebAssembly?: unknown };
  const saved = global.WebAssembly;
  try {
    global.WebAssembly = undefined;
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const fresh = require("../../generator/support/strings") as typeof import("../../generator/support/strings");
      expect(fresh.longStringWriter()).toBe("JSON.stringify");
      const s = 'a "quoted"\tline\n'.repeat(20) + "✓";
      expect(fresh.encodeString(s, "$")).toBe(JSON.stringify(s));
      expect(() => fresh.encodeString(s + "\ud800", "$.x")).toThrow(/lone surrogate/);
      const long = s.repeat(10);
      expect(long.length).toBeGreaterThanOrEqual(fresh.LONG_CHECK);
      expect([fresh.isWellFormed(long), fresh.isWellFormed(long + "\udc00")]).toEqual([true, false]);
    });
  } finally {
    global.WebAssembly = saved;
  }
});

test("isWellFormed on long strings: every lone-surrogate position the SIMD loop treats differently, and chunk edges", () => {
  const pad = "plain text, check \u2713 ".repeat(100).slice(0, LONG_CHECK + 40);
  const odds = ["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d\ude00", "\ude00\ud83d", "\ud800\ud800\udc00", "\udc00\udc00"];
  for (const odd of odds) {
    for (let at = 0; at < 40; at++) {
      for (const s of [pad.slice(0, at) + odd + pad.slice(at), pad + odd, odd + pad]) {
        expect(isWellFormed(s)).toBe(nativeWellFormed(s));
      }
    }
  }
  const big = "x".repeat(3 * CHECK_CHUNK);
  for (const at of [CHECK_CHUNK - 2, CHECK_CHUNK - 1, CHECK_CHUNK, 2 * CHECK_CHUNK - 1]) {
    for (const odd of ["\ud83d\ude00", "\ud800", "\udc00", "\ud800x"]) {
      const s = big.slice(0, at) + odd + big.slice(at + odd.length);
      expect(isWellFormed(s)).toBe(nativeWellFormed(s));
    }
  }
});

test("property: utf8Length counts UTF-8 bytes as Node's Buffer.byteLength does, lone surrogates as U+FFFD", () => {
  const unit = fc.oneof(
    fc.constantFrom("a", "\u007f", "\u0080", "é", "\u07ff", "\u0800", "✓", "\uffff", "\ud83d\ude00", "\ud800", "\udc00"),
    fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  );
  fc.assert(
    fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
      const s = units.join("");
      expect(utf8Length(s)).toBe(Buffer.byteLength(s, "utf8"));
    }),
    { numRuns: 2000 },
  );
});
