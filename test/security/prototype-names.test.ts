/**
 * Wire names, tags and values that Object.prototype also has (`toString`, `valueOf`, `hasOwnProperty`, `__proto__`)
 * are ordinary data in the generated helpers: a partial accessor does not return an inherited method, the name
 * tables do not find inherited keys, and a default holding a `__proto__` key is an own key, not a prototype.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { generate } from "../../generator/generate";

const ROOT = path.resolve(__dirname, "..", "..");

const SPEC = `family: inherited
root: Event
types:
  Mood:
    kind: enum
    values:
      Plain: { rename: plain }
      Text: { rename: toString }
      Proto: { rename: __proto__ }

  Event:
    kind: union
    tag: type
    accessors:
      label: { partial: true }
      blob: { partial: true }
    variants:
      Named:
        fields:
          label: { type: string, rename: toString }
          blob: { type: json, default: { value: { "__proto__": { polluted: true }, kept: 1 } } }
      Bare:
        fields:
          other: u8

  Command:
    kind: union
    accessors:
      note: { partial: true }
    variants:
      Shadow: { rename: valueOf, fields: { note: string } }
      Move: { fields: { note: string } }
      Idle: unit
`;

// Generated under the repository (not the system temp dir) so the test runner compiles its TypeScript on require.
const dir = path.join(ROOT, `.tmp-inherited-${process.pid}`);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let mod: Record<string, any>;

beforeAll(async () => {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "inherited.yaml"), SPEC);
  const result = await generate({ inputs: ["inherited.yaml"], outDir: "out", cwd: dir });
  expect(result.diagnostics.map(formatDiagnostic)).toEqual([]);
  mod = {
    ...require(path.join(dir, "out", "inherited", "accessors")),
    ...require(path.join(dir, "out", "inherited", "names")),
    ...require(path.join(dir, "out", "inherited", "codec")),
  };
}, 120_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a partial accessor does not read an inherited method as the field", () => {
  expect(mod.label({ type: "Named", toString: "hello", blob: null })).toBe("hello");
  expect(mod.label({ type: "Bare", other: 1 })).toBeUndefined();
});

test("an externally tagged variant under an inherited name is found only when it is there", () => {
  expect(mod.note({ valueOf: { note: "shadow" } })).toBe("shadow");
  expect(mod.note({ Move: { note: "move" } })).toBe("move");
  expect(mod.note("Idle")).toBeUndefined();
});

test("the encoder of an externally tagged union finds a variant renamed valueOf only when it is there", () => {
  expect(mod.encodeCommand({ Move: { note: "m" } })).toBe('{"Move":{"note":"m"}}');
  expect(mod.encodeCommand({ valueOf: { note: "s" } })).toBe('{"valueOf":{"note":"s"}}');
  expect(mod.encodeCommand("Idle")).toBe('"Idle"');
});

test("an accessor's default keeps a __proto__ key as data", () => {
  const blob = mod.blob({ type: "Named", toString: "x", blob: undefined });
  expect(Object.getPrototypeOf(blob)).toBe(Object.prototype);
  expect(Object.hasOwn(blob, "__proto__")).toBe(true);
  expect(blob.kept).toBe(1);
  expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
});

test("name tables hold inherited names as own keys only", () => {
  expect(mod.isMood("toString")).toBe(true);
  expect(mod.isMood("valueOf")).toBe(false);
  expect(mod.isMood("__proto__")).toBe(true);
  expect(mod.moodVariantName("__proto__")).toBe("Proto");
  expect(mod.moodVariantName("toString")).toBe("Text");
});
