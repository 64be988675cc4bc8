/**
 * readJson reads with JSON.parse and then checks the tree against the text (Checker); it must give exactly what the
 * careful reader gives — the reader the conformance suites hold against serde — on every text: the same tree
 * (numbers classified, repeated keys recorded, key order) or the same error at the same position. Texts are built
 * token by token with what the check has to notice (repeated and index-like keys, escapes, lone surrogates, `-0`,
 * `1.0`, `1e3`, big and out-of-range numbers, deep nesting, whitespace), short and padded past the length where
 * strings are checked one by one.
 */
import fc from "fast-check";
import { JsonFloat } from "../../generator/support/json-value";
import { DUPLICATE_KEYS, readJson, readJsonCarefully, SHADOWED_VALUES } from "../../generator/support/reader";

const ws = fc.constantFrom("", "", "", " ", "\n\t ", "\r\n");
const strChunk = fc.constantFrom(
  "a",
  "xyz",
  " ",
  "é",
  "✓",
  "\ud83d\ude00",
  '\\"',
  "\\\\",
  "\\/",
  "\\n",
  "\\t",
  "\\u0041",
  "\\u00e9",
  "\\ud83d\\ude00",
  "\\ud800",
  "\\udc00x",
  "\ud800",
  "\udfff",
  "\\u",
  "\u0001",
  "\\x",
  "1.0",
  "1e3",
  '\\"}',
  '\\",',
);
const stringTok = fc.array(strChunk, { maxLength: 6 }).map((parts) => '"' + parts.join("") + '"');
const keyTok = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom('"a"', '"b"', '"a"', '"1"', '"0"', '"__proto__"', '"constructor"', '"a\\u0062"', '"ab"'),
  },
  { weight: 1, arbitrary: stringTok },
);
const numberTok = fc.constantFrom(
  "0",
  "-0",
  "7",
  "-12",
  "0.5",
  "1.0",
  "-0.0",
  "1e3",
  "1E+2",
  "2.5e-1",
  "1e-400",
  "1e400",
  "-1e400",
  "9007199254740993",
  "18446744073709551615",
  "18446744073709551616",
  "-9223372036854775808",
  "-9223372036854775809",
  "123456789012345",
  "1234567890123456",
  "01",
  "1.",
  "-",
  "1e",
  ".5",
);
const literal = fc.constantFrom("true", "false", "null", "nul", "tru");

const { value } = fc.letrec<{ value: string; object: string; array: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    stringTok,
    numberTok,
    literal,
    tie("object"),
    tie("array"),
  ),
  object: fc
    .array(fc.tuple(ws, keyTok, ws, ws, tie("value"), ws), { maxLength: 5 })
    .map((ms) => "{" + ms.map(([a, k, b, c, v, d]) => a + k + b + ":" + c + v + d).join(",") + "}"),
  array: fc
    .array(fc.tuple(ws, tie("value"), ws), { maxLength: 4 })
    .map((xs) => "[" + xs.map((x) => x.join("")).join(",") + "]"),
}));

const deep = (n: number, inner: string): string => "[".repeat(n) + inner + "]".repeat(n);
const text = fc.oneof(
  { weight: 8, arbitrary: value },
  {
    weight: 1,
    arbitrary: fc.tuple(fc.integer({ min: 120, max: 130 }), value).map(([n, v]) => deep(n, v)),
  },
  // A trailing token or a missing bracket.
  {
    weight: 1,
    arbitrary: fc.tuple(value, fc.constantFrom(" x", ",", "]", "}", " ")).map(([v, t]) => v + t),
  },
);
const LONG = 5000;
const padded = fc
  .tuple(text, fc.constantFrom("x", "\u00e9", "\u4e00"))
  .map(([t, c]) => `{"pad":"${c.repeat(LONG)}","v":${t},"q":"${c.repeat(10)}\\"${c}"}`);

/** The careful reader's result or error, as comparable data (symbols and number classes included). */
function outcome(read: (t: string) => unknown, t: string): unknown {
  try {
    return { ok: describe_(read(t)) };
  } catch (e) {
    const d = e as { message: string; line?: number; column?: number };
    return { error: d.message, line: d.line, column: d.column };
  }
}

function describe_(v: unknown): unknown {
  if (typeof v === "bigint") return { bigint: v.toString() };
  if (typeof v === "number") return { number: Object.is(v, -0) ? "-0" : String(v) };
  if (v instanceof JsonFloat) return { float: Object.is(v.value, -0) ? "-0" : String(v.value) };
  if (Array.isArray(v)) return v.map(describe_);
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string | symbol, unknown>;
    return {
      proto: Object.getPrototypeOf(v) === Object.prototype,
      entries: Object.keys(o).map((k) => [k, describe_(o[k])]),
      duplicates: o[DUPLICATE_KEYS],
      shadowed: (o[SHADOWED_VALUES] as unknown[] | undefined)?.map(describe_),
    };
  }
  return v;
}

test.each([
  ["short texts", text],
  ["texts past the per-string check length", padded],
])("readJson equals the careful reader on %s", (_what, texts) => {
  fc.assert(
    fc.property(texts, (t) => {
      expect(outcome(readJson, t)).toEqual(outcome(readJsonCarefully, t));
    }),
    { numRuns: 4000 },
  );
});

test.each([
  '{"a":1,"a":2}',
  '{"b":1,"1":2,"a":3,"1":4}',
  '{"a\\u0062":1,"ab":2}',
  '{"x":"\\ud800"}',
  '{"\ud800":1}',
  "[1.0,-0,1e3,18446744073709551615,-9223372036854775809,1e400]",
  deep(128, "1"),
  deep(127, "1"),
])("the cases that leave the fast path read as the careful reader reads them: %s", (t) => {
  for (const u of [t, `{"pad":"${"\u4e00".repeat(LONG)}","v":${t}}`]) {
    expect(outcome(readJson, u)).toEqual(outcome(readJsonCarefully, u));
  }
});
