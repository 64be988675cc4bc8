/**
 * Imports are spec text, so untrusted: they resolve inside the project (the working directory) or beside the named
 * specs (or under a root the caller names), read only `.yaml`/`.yml` regular files of bounded size, and a refusal
 * never quotes the file. Here the project is `<tmp>/project`; `<tmp>/secrets.yaml` is outside it.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { runFrontEnd } from "../../generator/frontend";
import { makeTemp, rmTemp } from "../helpers/tree";

let tmp: string;
beforeEach(() => {
  tmp = makeTemp("imports-");
  fs.mkdirSync(path.join(tmp, "project", "specs"), { recursive: true });
  fs.writeFileSync(path.join(tmp, "secrets.yaml"), "DATABASE_PASSWORD: hunter2\n");
});
afterEach(() => rmTemp(tmp));

function importer(from: string): string {
  const file = path.join(tmp, "project", "specs", "spec.yaml");
  fs.writeFileSync(
    file,
    ["family: importer", "imports:", `  - from: ${JSON.stringify(from)}`, "    types: [Status]", "types:", "  E: { kind: struct, fields: { a: u32 } }", ""].join("\n"),
  );
  return file;
}

function diagnose(files: string[], importRoot?: string): string {
  return runFrontEnd(files, path.join(tmp, "project"), importRoot).diagnostics.map(formatDiagnostic).join("\n");
}

test.each([
  ["../../secrets.yaml", "is outside the project"],
  ["/proc/self/environ", "is outside the project"],
  ["/dev/zero", "is outside the project"],
  [".", "is not a .yaml or .yml file"],
])("import %s is refused: %s, and the file is never quoted", (from, why) => {
  const out = diagnose([importer(from)]);
  expect(out).toContain(`specs/spec.yaml:3:11: imported spec \`${from}\` ${why}`);
  expect(out).not.toMatch(/DATABASE_PASSWORD|hunter2|PATH=/);
});

test("a symbolic link inside the tree that points outside it is refused", () => {
  fs.symlinkSync(path.join(tmp, "secrets.yaml"), path.join(tmp, "project", "specs", "common.yaml"));
  expect(diagnose([importer("common.yaml")])).toContain("imported spec `common.yaml` is outside the project");
});

test("a FIFO named like a spec is refused, not read (a read would hang)", () => {
  execFileSync("mkfifo", [path.join(tmp, "project", "specs", "pipe.yaml")]);
  expect(diagnose([importer("pipe.yaml")])).toContain("imported spec `pipe.yaml` is not a regular file");
});

test("a named non-file spec is a located error, not a hang or a crash", () => {
  expect(diagnose(["/dev/zero"])).toBe("/dev/zero:1:1: spec file is not a regular file\n  hint: name a YAML spec file");
});

test("a spec elsewhere in the project imports from a sibling folder", () => {
  fs.mkdirSync(path.join(tmp, "project", "common"));
  fs.writeFileSync(path.join(tmp, "project", "common", "status.yaml"), ["family: shared", "types:", "  Status: { kind: enum, values: [Ok] }", ""].join("\n"));
  expect(diagnose([importer("../common/status.yaml")])).toBe("");
});

test("an import root the caller names replaces the default", () => {
  fs.writeFileSync(path.join(tmp, "status.yaml"), ["family: shared", "types:", "  Status: { kind: enum, values: [Ok] }", ""].join("\n"));
  const file = importer("../../status.yaml");
  expect(diagnose([file])).toContain("is outside the project");
  expect(diagnose([file], tmp)).toBe("");
});
