/**
 * The two sides of `eventspec diff`: a spec file, a directory, or `git:<ref>[:<path>]` — the specs as committed at
 * that ref, read with `git show` into a fresh private temp directory (nothing there is trusted or reused).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expandInputs } from "../load";

export interface DiffSide {
  /** Absolute spec files to load. */
  readonly files: readonly string[];
  /** The directory locations are relative to. */
  readonly cwd: string;
  /** How this side's file names are shown: `schema/harn.yaml`, or `git:main:schema/harn.yaml`. */
  readonly show: (file: string) => string;
  /** Removes what reading the side created. */
  readonly dispose: () => void;
}

export class DiffSourceError extends Error {
  override readonly name = "DiffSourceError";
}

/** Resolves one side; `input` as the user typed it. Throws DiffSourceError with a one-line message. */
export function resolveSide(input: string, cwd: string): DiffSide {
  if (input.startsWith("git:")) return gitSide(input, cwd);
  const { files, missing } = expandInputs([input], cwd);
  if (missing.length > 0) throw new DiffSourceError(`no such file or directory: ${input}`);
  if (files.length === 0) throw new DiffSourceError(`no .yaml or .yml spec files in ${input}`);
  return { files, cwd, show: (f) => f, dispose: () => undefined };
}

function git(cwd: string, args: string[]): Buffer {
  try {
    return execFileSync("git", args, { cwd, stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const stderr = String((e as { stderr?: Buffer }).stderr ?? "")
      .trim()
      .split("\n")[0];
    throw new DiffSourceError(`git ${args[0]} failed: ${stderr || String(e)}`);
  }
}

function gitSide(input: string, cwd: string): DiffSide {
  const rest = input.slice("git:".length);
  const colon = rest.indexOf(":");
  const ref = colon < 0 ? rest : rest.slice(0, colon);
  const wanted = (colon < 0 ? "" : rest.slice(colon + 1)).replace(/\/+$/, "");
  if (ref === "" || ref.startsWith("-") || /[\0-\x1f\x7f]/.test(ref))
    throw new DiffSourceError(`not a git ref: ${JSON.stringify(ref)}`);
  const top = git(cwd, ["rev-parse", "--show-toplevel"]).toString().trim();
  const commit = git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`])
    .toString()
    .trim();
  // Paths in the ref relative to the repository root; `wanted` is relative to cwd, as a path typed here would be.
  const prefix = path
    .relative(top, path.resolve(cwd, wanted || "."))
    .split(path.sep)
    .join("/");
  const listed = git(top, ["ls-tree", "-r", "-z", "--name-only", commit])
    .toString()
    .split("\0")
    .filter((p) => /\.ya?ml$/.test(p));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "eventspec-diff-"));
  const dispose = () => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    // Every spec of the ref is written out, so imports resolve as they did there; only the wanted ones are named.
    for (const p of listed) {
      const abs = path.join(tmp, ...p.split("/"));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, git(top, ["show", `${commit}:${p}`]));
    }
    const inScope = (p: string) => prefix === "" || p === prefix || path.posix.dirname(p) === prefix;
    const files = listed.filter(inScope).map((p) => path.join(tmp, ...p.split("/")));
    if (files.length === 0) throw new DiffSourceError(`no .yaml or .yml spec files at ${wanted || "."} in ${ref}`);
    return { files, cwd: tmp, show: (f) => `git:${ref}:${f}`, dispose };
  } catch (e) {
    dispose();
    throw e;
  }
}
