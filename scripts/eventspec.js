#!/usr/bin/env node
// The eventspec CLI. Runs the generator's JavaScript bundle (scripts/build-cli.js: rebuilt here when the sources
// changed), or, when it cannot be built or EVENTSPEC_BUNDLE=0, the TypeScript sources through tsx's require hook.
"use strict";
const bundle = process.env.EVENTSPEC_BUNDLE === "0" ? undefined : require("./build-cli.js").freshBundle();
if (bundle !== undefined) require("../generator/code-cache.cjs").installCodeCache();
const cli = bundle !== undefined ? require(bundle) : viaTsx();
cli
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`eventspec: internal error (please report): ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  });

function viaTsx() {
  const Module = require("node:module");
  const { sep } = require("node:path");
  const nodeJs = Module._extensions[".js"];
  require("tsx/cjs");
  // tsx's hook is for our TypeScript; dependencies are CommonJS JavaScript that Node loads as is — through the hook
  // they load twice as slowly (ts-morph: 0.2 s more). An ES module in node_modules still goes to tsx.
  const tsxJs = Module._extensions[".js"];
  Module._extensions[".js"] = function (module, filename) {
    if (!filename.includes(`${sep}node_modules${sep}`)) return tsxJs.call(this, module, filename);
    try {
      return nodeJs.call(this, module, filename);
    } catch (e) {
      if (e && e.code === "ERR_REQUIRE_ESM") return tsxJs.call(this, module, filename);
      throw e;
    }
  };
  return require("../generator/cli.ts");
}
