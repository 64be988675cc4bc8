/**
 * A field missing from a value is written as its default, exactly as the writer writes the value the decoder fills
 * in for it. The writers work most defaults' JSON text out while generating (generator/emit/codec/encode.ts); the
 * decoder and the writer of a present field reach the same text by another way, so each checks the other.
 */
import * as awaken from "../../generated/awaken";
import * as behest from "../../generated/behest";
import * as harn from "../../generated/harn";
import * as harnLegacy from "../../generated/harn_legacy";
import * as heartbit from "../../generated/heartbit";

type Codec = Record<string, (x: unknown) => unknown>;

/** Every type of every family whose value decodes from `{}` (all its fields have defaults). */
function defaultedTypes(): Array<[string, (v: unknown) => unknown, unknown]> {
  const families: Record<string, object> = { awaken, behest, harn, harn_legacy: harnLegacy, heartbit };
  const out: Array<[string, (v: unknown) => unknown, unknown]> = [];
  for (const [family, module] of Object.entries(families)) {
    const codec = module as Codec;
    for (const name of Object.keys(codec)) {
      const type = /^decode(\w+)$/.exec(name)?.[1];
      if (type === undefined || type.endsWith("Strict") || codec[`encode${type}`] === undefined) continue;
      let value: unknown;
      try {
        value = codec[name]!("{}");
      } catch {
        continue;
      }
      if (typeof value === "object" && value !== null && !Array.isArray(value) && Object.keys(value).length > 0) {
        out.push([`${family} ${type}`, codec[`encode${type}`]!, value]);
      }
    }
  }
  return out;
}

const cases = defaultedTypes();

test("the families have types whose every field has a default", () => {
  expect(cases.map(([name]) => name)).toContain("awaken SuspendTicket");
});

test.each(cases)("%s: a value without its fields is written as its decoded default", (_name, encode, decoded) => {
  expect(encode({})).toBe(encode(decoded));
});
