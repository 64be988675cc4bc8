/**
 * The CLI's bundle (scripts/build-cli.js): the bundled CLI writes the same bytes as the TypeScript sources run
 * through tsx, its helper thread included, and a bundle built from other sources is never used.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTemp, readTree, rmTemp } from "../helpers/tree";
import { syntheticSpec } from "../../scripts/bench-gen";

const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "scripts", "eventspec.js");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freshBundle } = require("../../scripts/build-cli.js") as { freshBundle: () => string | undefined };

let tmp: string;
beforeAll(() => {
  tmp = makeTemp("bundle");
  fs.writeFileSync(path.join(tmp, "synthetic.yaml"), syntheticSpec(300)); // large enough for the helper thread
});
afterAll(() => rmTemp(tmp));

function gen(input: string, out: string, env: Record<string, string>) {
  const r = spawnSync(process.execPath, [CLI, "gen", input, "--out", out], { cwd: tmp, encoding: "utf8", env: { ...process.env, EVENTSPEC_CACHE: "0", ...env } });
  expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
  return readTree(path.join(tmp, out));
}

test("the bundle is current and carries the hash of the sources it was built from", () => {
  const file = freshBundle()!;
  expect(file).toBe(path.join(ROOT, "generator", "dist", "eventspec.cjs"));
  const stamp = (f: string) => fs.readFileSync(f, "utf8").split("\n", 1)[0]!;
  expect(stamp(file)).toMatch(/^\/\/ eventspec bundle of generator\/ [0-9a-f]{64}$/);
  expect(stamp(path.join(path.dirname(file), "helper-thread.cjs"))).toBe(stamp(file));
});

test.each([
  ["the seeds", path.join(ROOT, "schema")],
  ["300 variants, with the helper thread", "synthetic.yaml"],
])("bundled and tsx-run CLI write the same files: %s", (_name, input) => {
  const viaBundle = gen(input, "bundle", { EVENTSPEC_WORKERS: "1" });
  const viaTsx = gen(input, "tsx", { EVENTSPEC_BUNDLE: "0", EVENTSPEC_WORKERS: "1" });
  expect(viaBundle.size).toBeGreaterThan(10);
  expect([...viaBundle.keys()]).toEqual([...viaTsx.keys()]);
  for (const [file, content] of viaBundle) expect({ file, content }).toEqual({ file, content: viaTsx.get(file) });
});
