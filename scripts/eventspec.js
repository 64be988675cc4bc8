#!/usr/bin/env node
// The eventspec CLI: runs the generator compiled ahead of time (`npm run build`, scripts/build-cli.js). A missing
// build, or in a development checkout one older than its sources, is reported with the command to run — never
// rebuilt here.
"use strict";
const { BUNDLE, staleBuild } = require("./build-cli.js");

const problem = staleBuild();
if (problem !== undefined) {
  process.stderr.write(`eventspec: ${problem}; run \`npm run build\`\n`);
  process.exit(3);
}
require(BUNDLE)
  .main(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((e) => {
    process.stderr.write(`eventspec: internal error (please report): ${e && e.stack ? e.stack : e}\n`);
    process.exit(70);
  });
