/** Shared helpers of the runtime tests: real temp directories, removed after each file's tests. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const made: string[] = [];

/** A fresh directory under the OS temp dir; removed by `cleanupTmp`. */
export function tmpDir(tag: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `eventspec-${tag}-`));
  made.push(dir);
  return dir;
}

export function cleanupTmp(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** Polls `cond` every `ms` until it holds or `timeoutMs` passes. */
export async function waitFor(cond: () => boolean, timeoutMs = 10_000, ms = 5): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error("timed out waiting for a condition");
    await new Promise((r) => setTimeout(r, ms));
  }
}
