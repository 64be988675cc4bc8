/**
 * The default decode's blind spots (README "Codecs"; test/conformance/invalid.test.ts lists them): what only the raw
 * text shows, so JSON.parse hides it from the specialized walk. Each is recognised from the input and serde's answer,
 * never by mutation class alone; suites count an input as a blind spot only when the strict decode agrees with serde.
 */
import type { InvalidInput } from "./invalid";
import { hasIntegralFloatToken, hasRepeatedKey, tryParseJson } from "./json-ast";
import type { RustAnswer } from "./oracle";

/**
 * The default decode's blind spots (see the header), each recognised precisely, never by class alone. `flatOption`:
 * the input's type flattens an Option, whose payload serde reads as None where it would otherwise reject the input
 * (and a map flattened after it then gets the keys the payload left): there serde's answer may be anything.
 */
export const DEFAULT_BLIND_SPOTS = {
  duplicateKey: (inp: InvalidInput, rust: RustAnswer, flatOption = false) =>
    (inp.cls === "duplicate" || parsedHas(inp.input, hasRepeatedKey)) && (!rust.ok || flatOption),
  integerAsFloatToken: (inp: InvalidInput, rust: RustAnswer, flatOption = false) => {
    const token = /=([^=]*)$/.exec(inp.label.replace(/ \(integer\)$/, ""))?.[1] ?? "";
    const integralFloatToken = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(token) && /[.eE]|^-0$/.test(token) && Number.isInteger(Number(token));
    return (
      ((inp.cls === "integer" && integralFloatToken) || (inp.cls === "as-array" && parsedHas(inp.input, hasIntegralFloatToken))) &&
      (flatOption || (!rust.ok && /invalid type: floating point|did not match any variant of untagged enum/.test(rust.error)))
    );
  },
  loneSurrogateEscape: (inp: InvalidInput, rust: RustAnswer) =>
    inp.cls === "string" && /\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])|\\ud[c-f][0-9a-f]{2}/i.test(inp.input) && !rust.ok && /surrogate|hex escape/.test(rust.error),
};

function parsedHas(text: string, test: (j: NonNullable<ReturnType<typeof tryParseJson>>) => boolean): boolean {
  const j = tryParseJson(text);
  return j !== undefined && test(j);
}

