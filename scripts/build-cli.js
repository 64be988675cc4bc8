/**
 * The CLI's JavaScript bundle: generator/cli.ts and the helper thread (generator/helper-thread.ts) compiled by
 * esbuild into generator/dist/, so `eventspec gen` starts without tsx compiling TypeScript on the fly (about 0.15 s
 * of every run). Dependencies stay in node_modules (loaded by Node as usual). The bundle sits one level below
 * generator/ so that code finding files beside its module (`__dirname/../support`) finds the same files.
 *
 * The bundle's first line holds a hash of what it was built from (every file under generator/ but the support
 * library, which the codec emitter reads at run time); `freshBundle()` checks it on every run and rebuilds a stale
 * bundle, so an edited generator is never run from an old bundle. `npm run build:cli` (and `prepare`, after
 * `npm ci`) builds it ahead; without esbuild (a production install) the CLI falls back to tsx.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const GENERATOR = path.join(ROOT, "generator");
const DIST = path.join(GENERATOR, "dist");
const ENTRIES = { eventspec: "cli.ts", "helper-thread": "helper-thread.ts" };
const STAMP = "// eventspec bundle of generator/ ";

/** sha256 of the generator's sources (paths and bytes), this script's and esbuild's version. */
function sourceHash() {
  const h = crypto.createHash("sha256");
  const walk = (rel) => {
    const entries = fs.readdirSync(path.join(GENERATOR, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (r !== "support" && r !== "dist") walk(r);
      } else if (e.isFile()) h.update(`${r}\0`).update(fs.readFileSync(path.join(GENERATOR, r))).update("\0");
    }
  };
  walk("");
  h.update(fs.readFileSync(__filename));
  return h.digest("hex");
}

function stampOf(file) {
  let fd;
  try {
    fd = fs.openSync(file, "r");
    const buf = Buffer.alloc(STAMP.length + 64);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    const head = buf.toString("utf8", 0, n);
    return head.startsWith(STAMP) ? head.slice(STAMP.length) : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Builds generator/dist/eventspec.cjs and helper-thread.cjs (each written whole, then renamed: runs may race). */
function build(hash) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require("esbuild");
  const result = esbuild.buildSync({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([out, src]) => [out, path.join(GENERATOR, src)])),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    packages: "external",
    outdir: DIST,
    outExtension: { ".js": ".cjs" },
    write: false,
    logLevel: "silent",
  });
  fs.mkdirSync(DIST, { recursive: true });
  // The helper thread first: a CLI bundle with the new stamp must find its helper already in place.
  const files = [...result.outputFiles].sort((a, b) => (path.basename(a.path).startsWith("helper") ? -1 : 1) - (path.basename(b.path).startsWith("helper") ? -1 : 1));
  for (const f of files) {
    const tmp = `${f.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${STAMP}${hash}\n${f.text}`);
    fs.renameSync(tmp, f.path);
  }
}

/**
 * The bundled CLI's path, rebuilt first when it is missing or was built from other sources; undefined when it
 * cannot be built (no esbuild) — the caller then runs the TypeScript sources through tsx.
 */
function freshBundle() {
  const file = path.join(DIST, "eventspec.cjs");
  const hash = sourceHash();
  if (stampOf(file) === hash && stampOf(path.join(DIST, "helper-thread.cjs")) === hash) return file;
  try {
    build(hash);
    return file;
  } catch {
    return undefined;
  }
}

module.exports = { freshBundle };

if (require.main === module) {
  // `npm run build:cli` / `prepare`: build now (a build error is shown, not swallowed). Without esbuild (an install
  // without devDependencies) there is nothing to build with: the CLI runs through tsx, which is not an error.
  let esbuildPresent = true;
  try {
    require.resolve("esbuild");
  } catch {
    esbuildPresent = false;
  }
  if (esbuildPresent) {
    const hash = sourceHash();
    build(hash);
    console.log(`built ${path.relative(process.cwd(), DIST)}/{eventspec,helper-thread}.cjs (${hash.slice(0, 12)})`);
  } else {
    console.log("esbuild is not installed: no CLI bundle (the CLI runs the TypeScript sources through tsx)");
  }
}
