/**
 * `generated/<family>/index.ts`: explicit named re-exports of every family module (no `export *`), types marked
 * `type` so the barrel works under `isolatedModules`. The list comes from `familyExports` (ir/lookup.ts), the same
 * list the IR builder checks for clashes, plus what other emitters contribute (`BARREL_PROVIDERS`).
 */
import type * as TsMorph from "ts-morph";
import { familyExports } from "../ir/lookup";
import type { Family, IrProgram, OutputFile } from "../ir/types";
import { codecExports } from "./codec";
import { familyDescriptorExports } from "./family";
import { familyFile, ImportSet, moduleSpecifier, printModule, tsMorph } from "./ts-common";

/** One name a family module exports. `module` is the file's stem (`types`, `codec`, …). */
export interface BarrelEntry {
  readonly module: string;
  readonly name: string;
  readonly typeOnly: boolean;
}

/** Computes the exports one emitter's modules add to a family's barrel. */
export type BarrelProvider = (family: Family, program: IrProgram) => readonly BarrelEntry[];

/** types.ts, names.ts, tables.ts and accessors.ts. */
export const tsModuleExports: BarrelProvider = (family) => familyExports(family);

/**
 * Everything re-exported from `index.ts`. Other emitters of per-family TS modules (the codec) append a provider
 * here; modules appear in the barrel in this order.
 */
export const BARREL_PROVIDERS: readonly BarrelProvider[] = [tsModuleExports, codecExports, familyDescriptorExports];

/** The `index.ts` emitter. */
export function emitBarrel(program: IrProgram): OutputFile[] {
  return program.families.filter((f) => f.generated !== false).map((f) => barrelFile(f, program));
}

/** `index.ts` of one family. */
export function barrelFile(family: Family, program: IrProgram, providers: readonly BarrelProvider[] = BARREL_PROVIDERS): OutputFile {
  const { StructureKind } = tsMorph();
  const byModule = new Map<string, BarrelEntry[]>();
  for (const p of providers) {
    for (const e of p(family, program)) {
      const list = byModule.get(e.module);
      if (list) list.push(e);
      else byModule.set(e.module, [e]);
    }
  }
  const statements: TsMorph.StatementStructures[] = [];
  for (const [module, entries] of byModule) {
    const allTypes = entries.every((e) => e.typeOnly);
    statements.push({
      kind: StructureKind.ExportDeclaration,
      moduleSpecifier: moduleSpecifier(`./${module}`),
      isTypeOnly: allTypes,
      namedExports: entries.map((e) => ({ name: e.name, isTypeOnly: !allTypes && e.typeOnly })),
    });
  }
  return familyFile(family, "index.ts", printModule(family, new ImportSet(), statements));
}
