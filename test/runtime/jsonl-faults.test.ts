import { spawnSync } from "node:child_process";
import { buildSync } from "esbuild";
import * as fs from "node:fs";
import * as path from "node:path";
import { JsonlEventSink, logFiles, readLog, toRecord } from "../../runtime";
import { cleanupTmp, tmpDir } from "./helpers";
import { harnLegacy } from "./fixtures/families";
import { eventAt } from "./fixtures/harn-events";

afterAll(cleanupTmp);

test("rotation under a burst: no line lost, duplicated or split; indices contiguous across files", async () => {
  const file = path.join(tmpDir("burst"), "event_log.jsonl");
  const rotateBytes = 1024 * 1024;
  const sink = JsonlEventSink.open(file, harnLegacy, { rotateBytes, fsync: "none" });
  const n = 150_000;
  // Mixed sizes, including lines larger than the 64 KiB buffer, written as fast as the loop goes.
  for (let i = 0; i < n; i++) sink.write(toRecord(harnLegacy, eventAt(i, 5000, 200_000)));
  await sink.close();
  expect(sink.eventCount).toBe(n);
  expect(sink.writtenCount).toBe(n);
  const files = logFiles(file);
  expect(files.length).toBeGreaterThan(30);
  let next = 0;
  for (const f of files) {
    const data = fs.readFileSync(f);
    expect(data.length).toBeLessThanOrEqual(rotateBytes);
    expect(data[data.length - 1]).toBe(0x0a); // no line split across files
    const text = data.toString("utf8");
    for (let start = 0; start < text.length;) {
      const end = text.indexOf("\n", start);
      if (!text.startsWith(`{"index":${next},`, start))
        throw new Error(`${f}: expected index ${next} at byte ${start}`);
      next++;
      start = end + 1;
    }
  }
  expect(next).toBe(n);
  const replay = readLog(file, harnLegacy);
  let count = 0;
  for (const e of replay) {
    if (e.index !== count) throw new Error(`index ${e.index} at position ${count}`);
    if (count % 997 === 0) expect(e.event).toEqual(eventAt(count, 5000, 200_000));
    count++;
  }
  expect(count).toBe(n);
  expect(replay.issues).toEqual([]);
}, 60_000);

test("a process that exits without closing the log: the exit hook writes the buffered events", () => {
  const file = path.join(tmpDir("exit"), "event_log.jsonl");
  const child = path.join(__dirname, "fixtures/jsonl-writer-child.ts");
  const result = spawnSync(
    process.execPath,
    ["--import", "tsx", child, file, String(1 << 20), "0", "0", "1100", "exit"],
    {
      cwd: path.join(__dirname, "../.."),
      encoding: "utf8",
    },
  );
  expect(result.stdout).toContain("exiting with 100 events buffered");
  const replay = readLog(file, harnLegacy);
  expect(replay.toArray().map((e) => e.index)).toEqual([...Array(1100).keys()]);
  expect(replay.issues).toEqual([]);
}, 30_000);

test("an unwritable directory: the error reaches the caller (EACCES), nothing is pretended written", () => {
  const dir = tmpDir("eacces");
  fs.chmodSync(dir, 0o755);
  const locked = path.join(dir, "locked");
  fs.mkdirSync(locked);
  fs.chmodSync(locked, 0o555);
  // Root ignores permission bits, so the writer runs as `nobody`; bundled into the temp dir so that it does not
  // need to read the repository (which `nobody` may not be allowed to).
  const bundle = path.join(dir, "open-child.js");
  buildSync({
    entryPoints: [path.join(__dirname, "fixtures/jsonl-open-child.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    outfile: bundle,
    logLevel: "silent",
  });
  fs.chmodSync(bundle, 0o644);
  const asRoot = process.getuid?.() === 0;
  const target = path.join(locked, "event_log.jsonl");
  const result = spawnSync(process.execPath, [bundle, target], {
    cwd: dir,
    encoding: "utf8",
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  expect(result.stderr).toBe("");
  expect(JSON.parse(result.stdout)).toEqual({
    ok: false,
    name: "JsonlWriteError",
    code: "EACCES",
    message: `JSONL log ${target}: open failed: EACCES: permission denied, open '${target}'`,
  });
  expect(fs.readdirSync(locked)).toEqual([]);
}, 30_000);
