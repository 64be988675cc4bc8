// The hand-written support library (generator/support/), copied verbatim into generated/_support/.
import * as fs from "node:fs";
import * as path from "node:path";
import type { OutputFile } from "../../ir/types";
import { SUPPORT_DIR } from "../../paths";

/** Files of the support library, copied verbatim into `generated/_support/`. */
export const SUPPORT_FILES = [
  "errors.ts",
  "fast.ts",
  "json-escape.ts",
  "json-escape-wasm.ts",
  "json-value.ts",
  "numbers.ts",
  "primitives.ts",
  "reader.ts",
  "runtime.ts",
  "strings.ts",
  "timestamp.ts",
  "uuid.ts",
  "write.ts",
] as const;

/** The support library's sources, as `_support/<file>`. */
export function supportFiles(): OutputFile[] {
  return SUPPORT_FILES.map((name) => ({
    path: `_support/${name}`,
    content: fs.readFileSync(path.join(SUPPORT_DIR, name), "utf8"),
  }));
}
