/**
 * V8's code cache for the large JavaScript files the CLI loads (its bundle, ts-morph with the TypeScript compiler —
 * 9 MB of source V8 would otherwise parse on every run —, prettier's parts): the first run stores each file's
 * compiled code, later runs start from it. Only code is cached, never anything derived from a spec; a file whose
 * path, size or mtime changed gets a new entry, and V8 itself rejects data from another V8 version or flags (the
 * file is then compiled as usual and stored again).
 *
 * Location: `<tmpdir>/eventspec-v8-<uid>/`. `EVENTSPEC_CODE_CACHE=0` turns it off.
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const os = require("node:os");
const path = require("node:path");
const vm = require("node:vm");

/** Smaller files are compiled as usual: reading their cached code would cost about what it saves. */
const MIN_BYTES = 64 * 1024;

/** Compiles this thread's large CommonJS files through the code cache (call before loading them). */
function installCodeCache() {
  if (process.env.EVENTSPEC_CODE_CACHE === "0") return;
  const dir = path.join(os.tmpdir(), `eventspec-v8-${process.getuid ? process.getuid() : "user"}`);
  const compile = Module.prototype._compile;
  Module.prototype._compile = function (content, filename) {
    if (content.length < MIN_BYTES || !/\.c?js$/.test(filename)) return compile.call(this, content, filename);
    let entry;
    let cachedData;
    try {
      const st = fs.statSync(filename);
      entry = path.join(dir, `${crypto.createHash("sha256").update(`${process.version}\0${filename}\0${st.size}\0${st.mtimeMs}`).digest("hex")}.bin`);
      cachedData = fs.readFileSync(entry);
    } catch {
      // no entry yet
    }
    const script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    const fn = script.runInThisContext({ displayErrors: true });
    const module = this;
    const require = (id) => module.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
    require.main = process.mainModule;
    require.extensions = Module._extensions;
    require.cache = Module._cache;
    const result = fn.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
    if (entry !== undefined && (cachedData === undefined || script.cachedDataRejected)) {
      try {
        // After the module ran: the data then holds the functions its loading compiled too.
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData());
        fs.renameSync(tmp, entry);
      } catch {
        // a cache that cannot be written is only a slower next run
      }
    }
    return result;
  };
}

module.exports = { installCodeCache };
