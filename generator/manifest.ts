/**
 * What an output directory holds: `eventspec-manifest.json`, written with the outputs, lists every family generated
 * into it and the spec file it came from. A run generates the families of the specs it is given plus those the
 * manifest lists whose spec still exists, so:
 * - naming one spec (`eventspec gen schema/harn.yaml`) never drops the other families from the shared files
 *   (`rust/mod.rs`, `schemas/index.json`) — they are generated too, unchanged when their specs are;
 * - a family whose spec was deleted is gone from the next run: its generated files are removed (reported as extra by
 *   `--check`), and files eventspec did not generate are never touched.
 * The manifest is the output directory's own file, read back as data: anything in it that is not a family name
 * and a relative `.yaml`/`.yml` path inside the working directory is ignored.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { IrProgram, OutputFile } from "./ir/types";
import { GENERATED_MARKER } from "./write";

export const MANIFEST_FILE = "eventspec-manifest.json";

/** The families a manifest lists, by name: each one's spec file, relative to the working directory. */
export type Manifest = ReadonlyMap<string, string>;

/** The manifest in `outDir`, or an empty one when there is none or it is not a manifest eventspec wrote. */
export function readManifest(outDir: string, cwd: string): Manifest {
  let data: unknown;
  try {
    const stat = fs.lstatSync(path.join(outDir, MANIFEST_FILE));
    if (!stat.isFile() || stat.size > 1024 * 1024) return new Map();
    data = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST_FILE), "utf8"));
  } catch {
    return new Map();
  }
  const families = (data as { families?: unknown } | null)?.families;
  if (typeof families !== "object" || families === null || Array.isArray(families)) return new Map();
  const out = new Map<string, string>();
  for (const [name, spec] of Object.entries(families)) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name) || typeof spec !== "string" || !/\.ya?ml$/.test(spec)) continue;
    const abs = path.resolve(cwd, spec);
    const rel = path.relative(cwd, abs);
    if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) continue;
    out.set(name, spec);
  }
  return out;
}

/** The spec files of a manifest's families that still exist as files and are not among `named` (absolute). */
export function manifestSpecs(manifest: Manifest, named: readonly string[], cwd: string): string[] {
  const given = new Set(named);
  const out: string[] = [];
  for (const spec of new Set(manifest.values())) {
    const abs = path.resolve(cwd, spec);
    if (given.has(abs)) continue;
    try {
      if (fs.statSync(abs).isFile()) out.push(abs);
    } catch {
      // the spec is gone: so is its family
    }
  }
  return out;
}

/** The manifest of what `program` generates (every family it generates, by name, with its spec file). */
export function manifestFile(program: IrProgram): OutputFile {
  const families: Record<string, string> = {};
  for (const f of [...program.families].filter((x) => x.generated).sort((a, b) => (a.name < b.name ? -1 : 1))) families[f.name] = f.file;
  const doc = {
    $comment: `${GENERATED_MARKER} — DO NOT EDIT. The families this directory holds and their specs (generator/manifest.ts).`,
    families,
  };
  return { path: MANIFEST_FILE, content: JSON.stringify(doc, null, 2) + "\n", preformatted: true };
}
