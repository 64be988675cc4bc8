/**
 * `npm run build` (also `prepare`, which npm runs after `npm install` and before `npm pack`): compiles the
 * generator's TypeScript (generator/cli.ts and what it imports) with esbuild into generator/dist/eventspec.cjs, so
 * the CLI starts without compiling TypeScript on every run. Dependencies stay in node_modules. The bundle sits one
 * level below generator/ so that code finding files beside its module (`__dirname/../support`) finds the same files.
 *
 * The CLI never builds: in a development checkout, scripts/eventspec.js refuses a build older than any of its
 * sources (`staleBuild`) and names this command.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const GENERATOR = path.join(ROOT, "generator");
const BUNDLE = path.join(GENERATOR, "dist", "eventspec.cjs");

/**
 * What the bundle is built from: every file under generator/ but dist/ and the support library (which the codec
 * emitter copies at run time), and this script.
 */
function sources() {
  const out = [__filename];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== path.join(GENERATOR, "dist") && p !== path.join(GENERATOR, "support")) walk(p);
      } else if (e.isFile()) out.push(p);
    }
  };
  walk(GENERATOR);
  return out;
}

/**
 * Why the bundle cannot be run as it is — missing, or older than a source (by modification time: nothing is
 * hashed) — or undefined when it can. Only a development checkout (a `.git` beside package.json) is checked for
 * age; an installed package carries the build `prepare` made when it was packed.
 */
function staleBuild() {
  let built;
  try {
    built = fs.statSync(BUNDLE).mtimeMs;
  } catch {
    return "the CLI is not built (generator/dist/eventspec.cjs is missing)";
  }
  if (!fs.existsSync(path.join(ROOT, ".git"))) return undefined;
  for (const file of sources()) {
    if (fs.statSync(file).mtimeMs > built) return `the CLI build in generator/dist/ is older than ${path.relative(ROOT, file).split(path.sep).join("/")}`;
  }
  return undefined;
}

function build() {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("esbuild").buildSync({
    entryPoints: [path.join(GENERATOR, "cli.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outfile: BUNDLE,
    logLevel: "warning",
  });
}

module.exports = { BUNDLE, staleBuild };

if (require.main === module) {
  let esbuildPresent = true;
  try {
    require.resolve("esbuild");
  } catch {
    esbuildPresent = false;
  }
  if (esbuildPresent) {
    build();
    console.log(`built ${path.relative(process.cwd(), BUNDLE)}`);
  } else {
    // An install without devDependencies has nothing to build with; the CLI says so when it is run.
    console.log("esbuild is not installed (a devDependency): the CLI was not built");
  }
}
