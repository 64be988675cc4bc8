/**
 * generator/text.ts on arbitrary strings: a TypeScript literal evaluates back to its string, a Rust literal decodes
 * back to it (by an independent reading of Rust's escapes), and neither, nor any doc line or message, holds a raw
 * line terminator, control, bidi control or lone surrogate.
 */
import fc from "fast-check";
import { formatDiagnostic } from "../../generator/diagnostics";
import { commentLine, docLines, jsDocLines, rustString, tsString } from "../../generator/text";

/** What must never appear raw in generated source (listed here, independently of text.ts's own list). */
const RAW_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]|[\ud800-\udfff]/u;
const LINE_TERMINATOR = /[\n\r\u0085\u2028\u2029]/;

const tricky = fc.constantFrom("*/", "/*", "//", "\r", "\r\n", "\n", "\u2028", "\u2029", "\u0085", "\u202e", "\u2066", '"', "'", "\\", "`", "${", "\u0000", "\u001b", "\ufeff", "\ud83d\ude00");
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).filter((c) => c < 0xd800 || c > 0xdfff).map((c) => String.fromCodePoint(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const text = (withSurrogates: boolean) =>
  fc.array(withSurrogates ? fc.oneof(tricky, anyCodePoint, loneSurrogate) : fc.oneof(tricky, anyCodePoint), { maxLength: 40 }).map((parts) => parts.join(""));

/** Rust's string-literal escapes, read independently: the decoded text, or undefined when the literal is malformed. */
function decodeRust(lit: string): string | undefined {
  if (!lit.startsWith('"') || !lit.endsWith('"') || lit.length < 2) return undefined;
  const simple: Record<string, string> = { "\\": "\\", '"': '"', n: "\n", r: "\r", t: "\t", "0": "\0" };
  let out = "";
  for (let i = 1; i < lit.length - 1; i++) {
    const c = lit[i]!;
    if (c === '"') return undefined; // an unescaped quote ends the literal early
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = lit[++i]!;
    if (Object.hasOwn(simple, e)) out += simple[e];
    else {
      const m = /^u\{([0-9a-f]{1,6})\}/.exec(lit.slice(i));
      if (!m) return undefined;
      out += String.fromCodePoint(parseInt(m[1]!, 16));
      i += m[0].length - 1;
    }
  }
  return out;
}

test("a TypeScript literal evaluates to its string and holds nothing hidden", () => {
  fc.assert(
    fc.property(text(true), (s) => {
      const lit = tsString(s);
      expect(new Function(`return ${lit};`)()).toBe(s);
      expect(RAW_FORBIDDEN.exec(lit)).toBeNull();
    }),
    { numRuns: 2000 },
  );
});

test("a Rust literal decodes to its string and holds nothing hidden", () => {
  fc.assert(
    fc.property(text(false), (s) => {
      const lit = rustString(s);
      expect(decodeRust(lit)).toBe(s);
      expect(RAW_FORBIDDEN.exec(lit)).toBeNull();
    }),
    { numRuns: 2000 },
  );
});

test("doc lines break at every line terminator and cannot close a block comment", () => {
  fc.assert(
    fc.property(text(true), (s) => {
      const lines = jsDocLines(s);
      expect(lines).toHaveLength(s.split(/\r\n|[\n\r\u0085\u2028\u2029]/).length);
      for (const line of [...lines, ...docLines(s)]) {
        expect(LINE_TERMINATOR.test(line)).toBe(false);
        expect(RAW_FORBIDDEN.exec(line)).toBeNull();
      }
      for (const line of lines) expect(line).not.toContain("*/");
      const one = commentLine(s);
      expect(LINE_TERMINATOR.test(one) || one.includes("*/") || RAW_FORBIDDEN.test(one)).toBe(false);
    }),
    { numRuns: 2000 },
  );
});

test("a diagnostic shows spec text's control characters instead of sending them to the terminal", () => {
  fc.assert(
    fc.property(text(true), (s) => {
      const line = formatDiagnostic({ code: "unknown-type", loc: { file: "spec.yaml", line: 1, col: 1 }, message: `unknown type \`${s}\``, hint: s });
      // The one line break is the one before the hint: spec text cannot forge a diagnostic line.
      expect(line.split("\n")).toHaveLength(s === "" ? 1 : 2);
      expect(RAW_FORBIDDEN.exec(line)).toBeNull();
    }),
    { numRuns: 1000 },
  );
});
