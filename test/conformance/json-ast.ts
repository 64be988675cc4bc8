/**
 * A JSON tree that keeps what the invalid-input corpus needs to control: number tokens as written (`3.0`, `1e3`,
 * `18446744073709551616`), member order and repeated keys. Only parses valid JSON (serde's own output).
 */

export type Json =
  | { readonly k: "lit"; readonly raw: string } // null, true, false, numbers: the token as written
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "arr"; readonly items: readonly Json[] }
  | { readonly k: "obj"; readonly members: readonly (readonly [string, Json])[] };

/** Parses valid JSON text. */
export function parseJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const members: [string, Json][] = [];
      ws();
      if (text[i] === "}") {
        i++;
        return { k: "obj", members };
      }
      for (;;) {
        ws();
        const key = value();
        if (key.k !== "str") throw new Error(`object key at ${i}`);
        ws();
        if (text[i++] !== ":") throw new Error(`expected : at ${i}`);
        members.push([key.v, value()]);
        ws();
        const d = text[i++];
        if (d === "}") return { k: "obj", members };
        if (d !== ",") throw new Error(`expected , or } at ${i}`);
      }
    }
    if (c === "[") {
      i++;
      const items: Json[] = [];
      ws();
      if (text[i] === "]") {
        i++;
        return { k: "arr", items };
      }
      for (;;) {
        items.push(value());
        ws();
        const d = text[i++];
        if (d === "]") return { k: "arr", items };
        if (d !== ",") throw new Error(`expected , or ] at ${i}`);
      }
    }
    if (c === '"') {
      const start = i;
      i++;
      while (text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i++;
      return { k: "str", v: JSON.parse(text.slice(start, i)) as string };
    }
    const m = /^(?:null|true|false|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!m) throw new Error(`unexpected ${JSON.stringify(text.slice(i, i + 10))} at ${i}`);
    i += m[0].length;
    return { k: "lit", raw: m[0] };
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`trailing text at ${i}`);
  return v;
}

/** Writes the tree back (compact; strings through JSON.stringify, numbers exactly as held). */
export function writeJson(j: Json): string {
  switch (j.k) {
    case "lit":
      return j.raw;
    case "str":
      return JSON.stringify(j.v);
    case "arr":
      return `[${j.items.map(writeJson).join(",")}]`;
    case "obj":
      return `{${j.members.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`).join(",")}}`;
  }
}

export const lit = (raw: string): Json => ({ k: "lit", raw });
export const str = (v: string): Json => ({ k: "str", v });
export const arr = (items: readonly Json[]): Json => ({ k: "arr", items });
export const obj = (members: readonly (readonly [string, Json])[]): Json => ({ k: "obj", members });

/** Parses `text` when it is valid JSON (by JSON.parse's standard), else undefined. */
export function tryParseJson(text: string): Json | undefined {
  try {
    JSON.parse(text);
    return parseJson(text.trim());
  } catch {
    return undefined;
  }
}

/** Whether some object of the tree has a key twice. */
export function hasRepeatedKey(j: Json): boolean {
  switch (j.k) {
    case "arr":
      return j.items.some(hasRepeatedKey);
    case "obj":
      return new Set(j.members.map(([k]) => k)).size < j.members.length || j.members.some(([, v]) => hasRepeatedKey(v));
    default:
      return false;
  }
}

/** Whether the tree has a float token whose value is an integer (`3.0`, `1e3`, `0.0`, `-0`), which JSON.parse reads as one. */
export function hasIntegralFloatToken(j: Json): boolean {
  switch (j.k) {
    case "lit":
      return /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(j.raw) && /[.eE]|^-0$/.test(j.raw) && Number.isInteger(Number(j.raw));
    case "arr":
      return j.items.some(hasIntegralFloatToken);
    case "obj":
      return j.members.some(([, v]) => hasIntegralFloatToken(v));
    default:
      return false;
  }
}
