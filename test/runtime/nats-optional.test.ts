/**
 * `nats` is an optional peer dependency: the runtime loads without it, and only the NATS backend asks for it — with
 * an error that names the package to install. A child process runs with `require("nats")` failing as it does where
 * the package is not installed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cleanupTmp, tmpDir } from "./helpers";

afterAll(() => cleanupTmp());

test("without the nats package, the runtime loads and NatsEventLog.connect says what to install", () => {
  const dir = tmpDir("no-nats");
  const hide = path.join(dir, "hide-nats.cjs");
  fs.writeFileSync(
    hide,
    [
      'const Module = require("node:module");',
      "const resolve = Module._resolveFilename;",
      "Module._resolveFilename = function (request, ...rest) {",
      '  if (request === "nats") { const e = new Error("Cannot find module \'nats\'"); e.code = "MODULE_NOT_FOUND"; throw e; }',
      "  return resolve.call(this, request, ...rest);",
      "};",
    ].join("\n"),
  );
  const script = [
    `const runtime = require(${JSON.stringify(path.resolve(__dirname, "..", "..", "runtime"))});`,
    'console.log(typeof runtime.JsonlEventSink);',
    'runtime.NatsEventLog.connect({ servers: "nats://127.0.0.1:1" }).catch((e) => console.log(e.message));',
  ].join("\n");
  const r = spawnSync(process.execPath, ["-r", "tsx/cjs", "-r", hide, "-e", script], { encoding: "utf8", cwd: path.resolve(__dirname, "..", "..") });
  expect(r.stderr).toBe("");
  expect(r.stdout).toBe("function\nthe NATS event log needs the `nats` package: npm install nats@2\n");
});
