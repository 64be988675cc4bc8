/**
 * `runDiff` end to end on real files and a real git repository: both sides from `git:<ref>[:<path>]`, explicit
 * family pairing, the modes' exit codes, and the three formats.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { FINDING_CODES } from "../../generator/diff/findings";
import { runDiff } from "../../generator/diff/run";
import { makeTemp, rmTemp } from "../helpers/tree";

let repo: string;
const v1 = [
  "family: fam",
  "types:",
  "  E:",
  "    kind: union",
  "    tag: type",
  "    variants:",
  "      A: { fields: { x: u32 } }",
  "      B: unit",
  "",
].join("\n");
// B removed (breaks new readers of old data), x widened (breaks old readers of new data), C added (same).
const v2 = [
  "family: fam",
  "types:",
  "  E:",
  "    kind: union",
  "    tag: type",
  "    variants:",
  "      A: { fields: { x: u64 } }",
  "      C: unit",
  "",
].join("\n");

const git = (...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: repo, stdio: "pipe" });

beforeAll(() => {
  repo = makeTemp("diff-repo-");
  git("init", "-q", "-b", "main");
  fs.mkdirSync(path.join(repo, "schema"));
  fs.writeFileSync(path.join(repo, "schema", "fam.yaml"), v1);
  git("add", ".");
  git("commit", "-qm", "v1");
  git("tag", "v1");
  fs.writeFileSync(path.join(repo, "schema", "fam.yaml"), v2);
});
afterAll(() => rmTemp(repo));

test("git:<ref>:<path> against the working tree: findings located on each side, backward mode fails", () => {
  const r = runDiff({ old: "git:v1:schema", new: "schema", cwd: repo });
  expect(r.errors).toBe("");
  expect(r.exitCode).toBe(1);
  expect(r.output).toContain("schema/fam.yaml:7:22: int-widened fam.E.A.x: integer u32");
  expect(r.output).toContain("    backward compatible, forward breaking; was at git:v1:schema/fam.yaml:7:22\n");
  expect(r.output).toContain("git:v1:schema/fam.yaml:8:7: FAIL variant-removed fam.E.B: variant `B` removed");
  expect(r.output).toContain(
    '    witness (backward): old writes {"type":"B"}; new rejects it: unknown variant `B`, expected `A` or `C`\n',
  );
  expect(r.output).toContain(
    '    witness (forward): new writes {"type":"A","x":18446744073709551615}; old rejects it: invalid value: integer `18446744073709551615`, expected u32\n',
  );
  expect(r.output).toMatch(/mode backward: 1 fail\n$/);
});

test.each([
  ["backward", 1],
  ["forward", 1],
  ["full", 1],
  ["none", 0],
] as const)("mode %s exits %d", (mode, code) => {
  expect(runDiff({ old: "git:v1", new: "schema/fam.yaml", cwd: repo, mode }).exitCode).toBe(code);
});

test("a compatible change passes every mode", () => {
  const r = runDiff({ old: "git:v1:schema", new: "git:v1:schema", cwd: repo, mode: "full" });
  expect(r.exitCode).toBe(0);
  expect(r.output).toBe(
    "eventspec diff: 0 findings; 0 break new readers of old data (backward), 0 break old readers of new data (forward), 0 change a value's meaning; mode full: passes\n",
  );
});

test("json format: the findings as data with both locations and whether each fails", () => {
  const r = runDiff({ old: "git:v1:schema", new: "schema", cwd: repo, format: "json", mode: "forward" });
  const doc = JSON.parse(r.output);
  expect(doc.failed).toBe(true);
  const widened = doc.findings.find((f: { code: string }) => f.code === "int-widened");
  expect(widened).toMatchObject({
    backward: "compatible",
    forward: "breaking",
    fails: true,
    old: { file: "git:v1:schema/fam.yaml", line: 7 },
    new: { file: "schema/fam.yaml", line: 7 },
  });
});

test("github format: errors for what fails the mode, warnings for other breaks, escaped", () => {
  const r = runDiff({ old: "git:v1:schema", new: "schema", cwd: repo, format: "github" });
  const lines = r.output.trimEnd().split("\n");
  expect(
    lines.filter((l) =>
      l.startsWith("::error file=git%3Av1%3Aschema/fam.yaml,line=8,col=7,title=eventspec diff%3A variant-removed::"),
    ),
  ).toHaveLength(1);
  expect(lines.filter((l) => l.startsWith("::warning file=schema/fam.yaml,line=7,col=22,"))).toHaveLength(1);
});

test("families of different names are compared when paired", () => {
  fs.writeFileSync(path.join(repo, "other.yaml"), v1.replace("family: fam", "family: legacy"));
  const unpaired = runDiff({ old: "other.yaml", new: "schema", cwd: repo, mode: "none" });
  expect(unpaired.output).toContain("family-removed");
  const paired = runDiff({ old: "other.yaml", new: "schema", cwd: repo, pairs: new Map([["legacy", "fam"]]) });
  expect(paired.output).not.toContain("family-removed");
  expect(paired.output).toContain("variant-removed fam.E.B");
});

test("usage errors: a missing side, a bad ref, an option-like ref", () => {
  expect(runDiff({ old: "nope.yaml", new: "schema", cwd: repo })).toMatchObject({
    exitCode: 2,
    errors: "eventspec diff: no such file or directory: nope.yaml\n",
  });
  expect(runDiff({ old: "git:no-such-ref", new: "schema", cwd: repo }).exitCode).toBe(2);
  expect(runDiff({ old: "git:--output=/tmp/x", new: "schema", cwd: repo })).toMatchObject({
    exitCode: 2,
    errors: 'eventspec diff: not a git ref: "--output=/tmp/x"\n',
  });
});

test("a break the new spec declares next to the change is listed as accepted, with its reason, and fails nothing", () => {
  const declared = v2
    .replace(
      "    tag: type\n",
      "    tag: type\n    accept_breaks:\n      - { code: variant-removed, at: B, reason: B events were never written in production. }\n",
    )
    .replace(
      "      A: { fields: { x: u64 } }",
      "      A:\n        fields:\n          x: { type: u64, accept_breaks: [{ code: int-widened, reason: Readers upgrade first. }] }",
    );
  fs.writeFileSync(path.join(repo, "declared.yaml"), declared);
  const r = runDiff({ old: "git:v1:schema", new: "declared.yaml", cwd: repo, mode: "full" });
  expect(r.errors).toBe("");
  expect(r.output).toContain("git:v1:schema/fam.yaml:8:7: ACCEPTED variant-removed fam.E.B:");
  expect(r.output).toContain("    accepted at declared.yaml:7:9: B events were never written in production.\n");
  expect(r.output).toContain("ACCEPTED int-widened fam.E.A.x:");
  // variant C added still breaks old readers, and nothing accepts it.
  expect(r.output).toContain("FAIL variant-added fam.E.C");
  expect(r.output).toMatch(/2 accepted by the new spec; mode full: 1 fail\n$/);
  expect(r.exitCode).toBe(1);
});

test("an accept_breaks code that eventspec diff does not know is a spec error", () => {
  fs.writeFileSync(
    path.join(repo, "typo.yaml"),
    v2.replace("    tag: type\n", "    tag: type\n    accept_breaks: [{ code: variant-removd, reason: r }]\n"),
  );
  const r = runDiff({ old: "git:v1:schema", new: "typo.yaml", cwd: repo });
  expect(r.exitCode).toBe(2);
  expect(r.errors).toContain("typo.yaml:6:29:");
  expect(r.errors).toContain("variant-removed");
});

test("the spec language offers exactly the finding codes eventspec diff reports", () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(__dirname, "..", "..", "generator", "spec-language.schema.json"), "utf8"),
  );
  expect(schema.definitions.acceptBreaks.items.properties.code.enum).toEqual([...FINDING_CODES]);
});
