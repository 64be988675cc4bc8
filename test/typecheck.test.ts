// The whole project (generator, generated, runtime, scripts, tests) type-checks under tsconfig.json's strict options:
// jest runs ts-jest without type checking (see jest.config.js), so without this a type error in a test, a script or
// a runtime file would pass CI.
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

test("tsc -p tsconfig.json --noEmit reports nothing", () => {
  const tsc = require.resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", path.join(ROOT, "tsconfig.json"), "--noEmit"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(run.stdout + run.stderr).toBe("");
  expect(run.status).toBe(0);
});
