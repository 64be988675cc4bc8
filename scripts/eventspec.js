#!/usr/bin/env node
// The eventspec CLI. Runs the TypeScript sources through tsx's require hook, so no build step is needed.
"use strict";
require("tsx/cjs");
require("../generator/cli.ts")
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`eventspec: internal error (please report): ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  });
