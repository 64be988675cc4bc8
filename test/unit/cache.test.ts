import * as fs from "node:fs";
import * as path from "node:path";
import { cachedEmit, emitCacheKey } from "../../generator/cache";
import type { IrProgram } from "../../generator/ir/types";
import { generate } from "../../generator/generate";
import { makeTemp, readTree, rmTemp } from "../helpers/tree";

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

describe("by sources: a rerun over the same spec bytes skips the front end", () => {
  const copySpecs = (): string => {
    const specDir = path.join(dir, "spec");
    fs.mkdirSync(specDir);
    const from = path.join(__dirname, "..", "goldens", "imports", "spec");
    for (const f of fs.readdirSync(from)) fs.copyFileSync(path.join(from, f), path.join(specDir, f));
    return specDir;
  };

  test("same bytes: outputs reused without the front end; an edited import runs it again", async () => {
    const specDir = copySpecs();
    // app.yaml imports base.yaml: generate only app, so base is read as an import.
    const opts = { inputs: ["spec/app.yaml"], outDir: "out", cwd: dir };
    const frontend = require("../../generator/frontend") as typeof import("../../generator/frontend");
    const spy = jest.spyOn(frontend, "runFrontEnd");
    try {
      const first = await generate(opts);
      expect(first.diagnostics).toEqual([]);
      expect(spy).toHaveBeenCalledTimes(1);
      const tree = readTree(path.join(dir, "out"));
      fs.rmSync(path.join(dir, "out", [...tree.keys()][0]!));
      const second = await generate(opts);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(second.changed).toHaveLength(1); // the writer still restores what is missing
      expect(readTree(path.join(dir, "out"))).toEqual(tree);

      const base = path.join(specDir, "base.yaml");
      fs.writeFileSync(base, fs.readFileSync(base, "utf8").replace(/\n$/, "\n# edited\n"));
      await generate(opts);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });

  test("EVENTSPEC_CACHE=0 always runs the front end", async () => {
    copySpecs();
    process.env.EVENTSPEC_CACHE = "0";
    const frontend = require("../../generator/frontend") as typeof import("../../generator/frontend");
    const spy = jest.spyOn(frontend, "runFrontEnd");
    try {
      await generate({ inputs: ["spec"], outDir: "out", cwd: dir });
      await generate({ inputs: ["spec"], outDir: "out", cwd: dir });
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
  });
});
