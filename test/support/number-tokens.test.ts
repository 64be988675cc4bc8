/**
 * Number tokens serde_json gives up on, read as serde_json reads them: an integer beyond f64 is `number out of range`
 * at its end, without parsing its digits as a BigInt (a million digits took ~400 ms); an exponent beyond i32 is `number
 * out of range` right after the digit that passes i32::MAX (serde stops reading there) unless the mantissa is zero or
 * the exponent negative, which give ±0. serde's answers are the ones test/conformance/harness.test.ts pins against
 * the real crate for the same texts.
 */
import { DecodeError } from "../../generator/support/errors";
import { JsonFloat } from "../../generator/support/json-value";
import { readJson, readJsonCarefully } from "../../generator/support/reader";

/** The texts of harness.test.ts: a HandoffArtifact whose json `payload` is the token. */
function handoff(payload: string): string {
  return `{"id":"i","kind":"k","from_agent":"a","to_agent":"b","summary":"s","created_at_ms":1,"files":["f"],"payload":${payload}}`;
}

function serdeText(read: (text: string) => unknown, text: string): string {
  try {
    read(text);
    return "ok";
  } catch (e) {
    if (!(e instanceof DecodeError)) throw e;
    return e.serdeText();
  }
}

const rejected: [string, string, string][] = [
  ["1 and 400 zeros", "1" + "0".repeat(400), "number out of range at line 1 column 510"],
  ["1e99999999999", "1e99999999999", "number out of range at line 1 column 121"],
  ["-1.5e+99999999999", "-1.5e+99999999999", "number out of range at line 1 column 125"],
  ["100e2147483647", "100e2147483647", "number out of range at line 1 column 123"],
];

test.each(rejected)("%s is out of range where serde says", (_label, token, serde) => {
  expect(serdeText(readJson, handoff(token))).toBe(serde);
  expect(serdeText(readJsonCarefully, handoff(token))).toBe(serde);
});

test.each([
  ["1 and 400 zeros e-400", "1" + "0".repeat(400) + "e-400", new JsonFloat(1)],
  ["0.0e99999999999", "0.0e99999999999", new JsonFloat(0)],
  ["-0e99999999999", "-0e99999999999", new JsonFloat(-0)],
  ["1e-99999999999", "1e-99999999999", new JsonFloat(0)],
])("%s reads as serde reads it", (_label, token, value) => {
  for (const read of [readJson, readJsonCarefully]) {
    expect((read(handoff(token)) as { payload: unknown }).payload).toEqual(value);
  }
});

test("a ten-million-digit integer is rejected in about the time it takes to scan it", () => {
  const text = handoff("7".repeat(10_000_000));
  const t0 = process.hrtime.bigint();
  expect(serdeText(readJsonCarefully, text)).toBe(`number out of range at line 1 column ${text.length - 1}`);
  // BigInt's parse of it takes tens of seconds; a scan of the digits a few tens of milliseconds.
  expect(Number(process.hrtime.bigint() - t0) / 1e6).toBeLessThan(5000);
});
