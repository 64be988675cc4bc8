/**
 * The CLI runs the generator compiled ahead of time (`npm run build`, scripts/build-cli.js) and never builds it
 * itself: in a copy of the checkout, a missing build and a build older than a source are refused with the command
 * to run, and nothing is generated; once built, the bundle writes exactly the committed generated/.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { makeTemp, rmTemp } from "../helpers/tree";

const ROOT = path.resolve(__dirname, "..", "..");

let copy: string;
beforeAll(() => {
  copy = makeTemp("cli-build");
  fs.cpSync(path.join(ROOT, "generator"), path.join(copy, "generator"), { recursive: true, filter: (src) => !src.startsWith(path.join(ROOT, "generator", "dist")) });
  fs.mkdirSync(path.join(copy, "scripts"));
  for (const f of ["eventspec.js", "build-cli.js"]) fs.copyFileSync(path.join(ROOT, "scripts", f), path.join(copy, "scripts", f));
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(copy, "package.json"));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"), "dir");
  fs.mkdirSync(path.join(copy, ".git")); // a development checkout
  // Sources as checked out yesterday: whatever is built from now on is newer.
  const yesterday = new Date(Date.now() - 86_400_000);
  const age = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) age(path.join(dir, e.name));
      else fs.utimesSync(path.join(dir, e.name), yesterday, yesterday);
    }
  };
  for (const dir of ["generator", "scripts"]) age(path.join(copy, dir));
});
afterAll(() => rmTemp(copy));

function node(args: string[], cwd = copy) {
  const r = spawnSync(process.execPath, args, { cwd, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const gen = (out: string, ...more: string[]) => node([path.join(copy, "scripts", "eventspec.js"), "gen", path.join(ROOT, "schema"), "--out", out, ...more]);

test("a missing build is refused with the command to run", () => {
  expect(gen("out-missing")).toEqual({
    code: 3,
    stdout: "",
    stderr: "eventspec: the CLI is not built (generator/dist/eventspec.cjs is missing); run `npm run build`\n",
  });
  expect(fs.existsSync(path.join(copy, "out-missing"))).toBe(false);
});

test("the built CLI writes the committed generated/; a source newer than the build is named, and nothing runs", () => {
  const build = node([path.join(copy, "scripts", "build-cli.js")]);
  expect(build.code).toBe(0);
  // Run from the checkout's root, as `npm run gen -- --check` is (headers name the spec relative to the cwd).
  const check = node([path.join(copy, "scripts", "eventspec.js"), "gen", "schema", "--out", "generated", "--check"], ROOT);
  expect(check).toMatchObject({ code: 0, stderr: "" });

  // naming.ts edited after the build.
  fs.utimesSync(path.join(copy, "generator", "naming.ts"), new Date(), new Date());
  expect(gen("out-stale")).toEqual({
    code: 3,
    stdout: "",
    stderr: "eventspec: the CLI build in generator/dist/ is older than generator/naming.ts; run `npm run build`\n",
  });
  expect(fs.existsSync(path.join(copy, "out-stale"))).toBe(false);

  // An installed package (no .git) is not checked for age: `prepare` built it when it was packed.
  fs.rmdirSync(path.join(copy, ".git"));
  try {
    expect(gen("out-installed").code).toBe(0);
  } finally {
    fs.mkdirSync(path.join(copy, ".git"));
  }

  expect(node([path.join(copy, "scripts", "build-cli.js")]).code).toBe(0);
  expect(gen("out-rebuilt")).toMatchObject({ code: 0, stderr: "" });
}, 60_000);
