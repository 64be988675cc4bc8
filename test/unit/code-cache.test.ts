/**
 * V8's code cache for the CLI's large files (generator/code-cache.cjs): a file runs the same from its cached code,
 * and a file that changed — even to the same length, which V8's own check does not notice — is compiled anew.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTemp, rmTemp } from "../helpers/tree";

const CODE_CACHE = path.resolve(__dirname, "..", "..", "generator", "code-cache.cjs");
let tmp: string;
beforeEach(() => {
  tmp = makeTemp("code-cache");
});
afterEach(() => rmTemp(tmp));

/** A module over the size limit whose export is `answer`. */
function writeModule(answer: string): string {
  const file = path.join(tmp, "big.js");
  fs.writeFileSync(file, `module.exports = ${JSON.stringify(answer)};\n// ${"x".repeat(70 * 1024)}\n`);
  return file;
}

function load(file: string, env: Record<string, string> = {}): string {
  const code = `require(${JSON.stringify(CODE_CACHE)}).installCodeCache(); process.stdout.write(require(${JSON.stringify(file)}));`;
  const r = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", env: { ...process.env, TMPDIR: tmp, ...env } });
  expect(r.stderr).toBe("");
  return r.stdout;
}

const entries = () => {
  const dir = fs.readdirSync(tmp).find((d) => d.startsWith("eventspec-v8-"));
  return dir === undefined ? [] : fs.readdirSync(path.join(tmp, dir));
};

test("the first load stores the compiled code, the next runs from it with the same result", () => {
  const file = writeModule("first");
  expect(load(file)).toBe("first");
  expect(entries()).toHaveLength(1);
  expect(load(file)).toBe("first");
  expect(entries()).toHaveLength(1);
});

test("a file changed to the same length is compiled anew", () => {
  const file = writeModule("aaaaa");
  expect(load(file)).toBe("aaaaa");
  const later = new Date(Date.now() + 5000);
  writeModule("bbbbb");
  fs.utimesSync(file, later, later);
  expect(load(file)).toBe("bbbbb");
  expect(entries()).toHaveLength(2);
});

test("EVENTSPEC_CODE_CACHE=0 stores nothing", () => {
  expect(load(writeModule("off"), { EVENTSPEC_CODE_CACHE: "0" })).toBe("off");
  expect(entries()).toEqual([]);
});
