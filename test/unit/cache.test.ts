import * as fs from "node:fs";
import * as path from "node:path";
import { cachedEmit, emitCacheKey } from "../../generator/cache";
import type { IrProgram } from "../../generator/ir/types";
import { makeTemp, rmTemp } from "../helpers/tree";

const loc = { file: "x.yaml", line: 1, col: 1 };
const program = (name: string): IrProgram => ({
  families: [
    {
      name,
      file: `schema/${name}.yaml`,
      generated: true,
      settings: { floatExponent: "plus", bigint: false, schemaBaseUri: "" },
      decls: [{ kind: "newtype", names: { spec: "Big", ts: "Big", rust: "Big" }, family: name, loc, transparent: false, inner: { kind: "int", name: "u64", min: 0n, max: 18446744073709551615n, bigint: true } }],
      imports: [],
      loc,
    },
  ],
});

let dir: string;
const saved = process.env.EVENTSPEC_CACHE;
beforeEach(() => {
  dir = makeTemp("cache");
  fs.mkdirSync(path.join(dir, "node_modules"));
  delete process.env.EVENTSPEC_CACHE;
});
afterEach(() => {
  rmTemp(dir);
  if (saved === undefined) delete process.env.EVENTSPEC_CACHE;
  else process.env.EVENTSPEC_CACHE = saved;
});

test("the key is stable for equal programs (bigints included) and differs for different ones", () => {
  expect(emitCacheKey(program("a"))).toBe(emitCacheKey(program("a")));
  expect(emitCacheKey(program("a"))).not.toBe(emitCacheKey(program("b")));
});

test("a hit returns the stored outputs without emitting; a miss emits and stores", async () => {
  const files = [{ path: "a/types.ts", content: "x\n" }];
  const emit = jest.fn(async () => files);
  expect(await cachedEmit(program("a"), dir, emit)).toEqual(files);
  expect(await cachedEmit(program("a"), dir, emit)).toEqual(files);
  expect(emit).toHaveBeenCalledTimes(1);
  expect(fs.readdirSync(path.join(dir, "node_modules", ".cache", "eventspec"))).toHaveLength(1);
  await cachedEmit(program("b"), dir, emit);
  expect(emit).toHaveBeenCalledTimes(2);
});

test("EVENTSPEC_CACHE=0 always emits and stores nothing", async () => {
  process.env.EVENTSPEC_CACHE = "0";
  const emit = jest.fn(async () => [{ path: "a/types.ts", content: "x\n" }]);
  await cachedEmit(program("a"), dir, emit);
  await cachedEmit(program("a"), dir, emit);
  expect(emit).toHaveBeenCalledTimes(2);
  expect(fs.existsSync(path.join(dir, "node_modules", ".cache"))).toBe(false);
});

test("a corrupt entry is a miss", async () => {
  const emit = jest.fn(async () => [{ path: "a/types.ts", content: "x\n" }]);
  await cachedEmit(program("a"), dir, emit);
  const cacheDir = path.join(dir, "node_modules", ".cache", "eventspec");
  for (const f of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, f), "{not json");
  await cachedEmit(program("a"), dir, emit);
  expect(emit).toHaveBeenCalledTimes(2);
});
