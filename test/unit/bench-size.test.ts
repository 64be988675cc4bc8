/**
 * `npm run bench:size` keeps working as the generated code changes: run as a user runs it (a child process through
 * tsx) on one family, it prints that family's table — codec.ts's size as the file system reports it, the three
 * bundles with minified and gzip bytes — and its encoder/decoder detector still finds both kinds in the bundle that
 * holds both (if the generated names stop matching its patterns, that count drops to 0 and this fails).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function benchSize(args: string[]) {
  const r = spawnSync(TSX, [path.join(ROOT, "scripts", "bench-size.ts"), ...args], { cwd: ROOT, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const bytes = (cell: string): number => Number(cell.replace(/,/g, ""));

test("prints a size table for one family", () => {
  const r = benchSize(["heartbit"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^heartbit \(root \w+, schema\/heartbit\.yaml\)$/m);
  expect(r.stdout).not.toMatch(/^harn /m);

  const codec = /^ {2}codec\.ts +([\d,]+) /m.exec(r.stdout);
  expect(codec).not.toBeNull();
  expect(bytes(codec![1]!)).toBe(fs.statSync(path.join(ROOT, "generated", "heartbit", "codec.ts")).size);

  const sizes: Record<string, { min: number; gzip: number }> = {};
  for (const label of ["decode-only", "encode-only", "decode+encode"]) {
    const cells = new RegExp(`^ {2}${label.replace("+", "\\+")} +(.*)$`, "m").exec(r.stdout)?.[1]?.trim().split(/ +/);
    expect(cells).toBeDefined();
    // min bytes, baseline, change, gzip, baseline, change, target, verdict
    expect(cells).toHaveLength(8);
    const min = bytes(cells![0]!);
    const gzip = bytes(cells![3]!);
    expect(min).toBeGreaterThan(1000);
    expect(gzip).toBeGreaterThan(100);
    expect(gzip).toBeLessThan(min);
    sizes[label] = { min, gzip };
  }
  // The bundle of both holds each single one's code (give or take the few bytes of the entry).
  expect(sizes["decode+encode"]!.min).toBeGreaterThanOrEqual(sizes["decode-only"]!.min - 16);
  expect(sizes["decode+encode"]!.min).toBeGreaterThanOrEqual(sizes["encode-only"]!.min - 16);

  expect(r.stdout).toMatch(/^ {2}decode-only bundle carries encoders: (none|\d+ \(.*\)) {2}(PASS|FAIL)$/m);
  expect(r.stdout).toMatch(/^ {2}encode-only bundle carries decoders: (none|\d+ \(.*\)) {2}(PASS|FAIL)$/m);
  const both = /^ {2}decode\+encode bundle: (\d+) encoders, (\d+) decoders by name$/m.exec(r.stdout);
  expect(both).not.toBeNull();
  expect(Number(both![1])).toBeGreaterThan(0);
  expect(Number(both![2])).toBeGreaterThan(0);
});

test("an unknown family is a one-line error, exit 1", () => {
  const r = benchSize(["no_such_family"]);
  expect(r.code).toBe(1);
  expect(r.stderr.trim()).toMatch(/^bench:size: no family no_such_family in generated\/ \(have: .*heartbit.*\)$/);
});
