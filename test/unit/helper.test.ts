/**
 * The helper thread (generator/helper.ts) changes where work runs, never the bytes: the seeds generated with it
 * forced on and forced off are the same trees (so is a large codec, whose pieces the threads share), and a helper
 * that fails leaves the work to the main thread.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { generate } from "../../generator/generate";
import { EmitHelper } from "../../generator/helper";
import { syntheticSpec } from "../../scripts/bench-gen";
import { makeTemp, readTree, rmTemp } from "../helpers/tree";

const ROOT = path.resolve(__dirname, "..", "..");
const saved = { workers: process.env.EVENTSPEC_WORKERS, cache: process.env.EVENTSPEC_CACHE };
let tmp: string;
beforeAll(() => {
  tmp = makeTemp("helper");
  process.env.EVENTSPEC_CACHE = "0";
});
afterAll(() => {
  rmTemp(tmp);
  for (const [k, v] of [["EVENTSPEC_WORKERS", saved.workers], ["EVENTSPEC_CACHE", saved.cache]] as const) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

async function gen(workers: "0" | "1", out: string, input = "schema"): Promise<Map<string, string>> {
  process.env.EVENTSPEC_WORKERS = workers;
  const r = await generate({ inputs: [input], outDir: path.join(tmp, out), cwd: ROOT });
  expect(r.diagnostics).toEqual([]);
  return readTree(path.join(tmp, out));
}

test("the seeds generate to the same bytes with and without the helper thread", async () => {
  const withHelper = await gen("1", "with");
  const without = await gen("0", "without");
  expect([...withHelper.keys()]).toEqual([...without.keys()]);
  for (const [rel, content] of withHelper) expect({ rel, content }).toEqual({ rel, content: without.get(rel) });
}, 120_000);

test("a codec of many pieces (shared between the threads) is the same bytes with and without the helper", async () => {
  const spec = path.join(tmp, "synthetic.yaml");
  fs.writeFileSync(spec, syntheticSpec(300));
  const withHelper = await gen("1", "with-300", spec);
  const without = await gen("0", "without-300", spec);
  expect(withHelper.get("synthetic/codec.ts")!.length).toBeGreaterThan(4 * 192 * 1024);
  expect([...withHelper.keys()]).toEqual([...without.keys()]);
  for (const [rel, content] of withHelper) expect({ rel, content }).toEqual({ rel, content: without.get(rel) });
}, 120_000);

test("a helper that is gone fails its requests (generate then does the work itself)", async () => {
  const helper = EmitHelper.start()!;
  expect(helper).toBeDefined();
  helper.close();
  await expect(helper.runBatch("units", ["const x = 1;"]).then(() => "answered", () => "failed")).resolves.toBe("failed");
});
