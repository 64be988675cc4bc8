// Where the generator's own files are, whether it runs from its TypeScript sources (tsx, ts-jest) or from the CLI's
// esbuild bundle in generator/dist/ (scripts/build-cli.js), where every module's __dirname is dist/.
import * as path from "node:path";

/** generator/ — this module sits directly in it, or its code is bundled into generator/dist/. */
export const GENERATOR_DIR = path.basename(__dirname) === "dist" ? path.dirname(__dirname) : __dirname;

/** generator/support/ — the hand-written support library copied into generated/_support/. */
export const SUPPORT_DIR = path.join(GENERATOR_DIR, "support");
