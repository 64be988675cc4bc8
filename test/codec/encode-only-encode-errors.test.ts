/**
 * Encoders throw nothing but EncodeError, with a path (issue 13, point 9): values of the wrong shape, json values
 * that are not JSON (a Date, a Map, a JsonFloat holding a string), and json nested past any reader or cyclic.
 */
import { EncodeError } from "../../generated/_support/errors";
import { JsonFloat } from "../../generated/_support/json-value";
import { encodeAgentEvent } from "../../generated/harn";

const plan = (plan: unknown) => ({ type: "plan", session_id: "s", plan }) as never;

function encodeError(value: unknown): { message: string; path: string } {
  try {
    encodeAgentEvent(value as never);
  } catch (e) {
    expect(e).toBeInstanceOf(EncodeError);
    return { message: (e as EncodeError).message, path: (e as EncodeError).path };
  }
  throw new Error("encoded");
}

test.each([
  ["a null event", null, /^the value does not have the declared type: /, "$"],
  ["a Date in json", plan({ at: new Date(0) }), /^Date is not a JSON value$/, "$.plan.at"],
  ["a Map in json", plan([new Map([["a", 1]])]), /^Map is not a JSON value$/, "$.plan[0]"],
  ["a JsonFloat holding a string", plan({ x: new JsonFloat("tru" as never) }), /^a JsonFloat holds string, not a finite number$/, "$.plan.x"],
  ["a JsonFloat holding Infinity", plan(new JsonFloat(Infinity)), /^a JsonFloat holds Infinity, not a finite number$/, "$.plan"],
])("%s is an EncodeError at its path", (_name, value, message, path) => {
  const e = encodeError(value);
  expect(e.message).toMatch(message);
  expect(e.path).toBe(path);
});

test("a cyclic or 100,000-deep json value is an EncodeError, not a RangeError", () => {
  const cyclic: Record<string, unknown> = {};
  cyclic["self"] = cyclic;
  expect(encodeError(plan(cyclic)).message).toBe("json value nested deeper than 1000 levels, or cyclic");
  let deep: unknown = 1;
  for (let i = 0; i < 100_000; i++) deep = [deep];
  expect(encodeError(plan(deep)).message).toBe("json value nested deeper than 1000 levels, or cyclic");
});

test("a JsonFloat of another copy of the support library is still a float (the brand is global)", () => {
  class OtherCopy {
    constructor(readonly value: number) {}
    get [Symbol.for("eventspec.JsonFloat")]() {
      return true;
    }
  }
  expect(encodeAgentEvent(plan({ x: new OtherCopy(1) }))).toBe('{"type":"plan","session_id":"s","plan":{"x":1.0}}');
});
