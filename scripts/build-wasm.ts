/** `npm run build:wasm`: compiles generator/support/*.wat into their embedded-bytes modules (see scripts/wasm.ts). */
import * as fs from "node:fs";
import * as path from "node:path";
import { WASM_SOURCES, modulePath, wasmModuleSource } from "./wasm";

async function main(): Promise<void> {
  for (const name of WASM_SOURCES) {
    const file = modulePath(name);
    fs.writeFileSync(file, await wasmModuleSource(name));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
