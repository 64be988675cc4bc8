/**
 * `familyExports` (ir/lookup.ts) is the list the barrel re-exports and the IR builder can check for clashes; it must
 * be exactly what types.ts, names.ts, tables.ts and accessors.ts export, for every seed and golden family.
 */
import * as path from "node:path";
import { runFrontEnd } from "../../generator/frontend";
import { EMITTERS } from "../../generator/emit/index";
import { exportClashes, familyExports } from "../../generator/ir/lookup";
import { expandInputs } from "../../generator/load";
import * as fs from "node:fs";

const ROOT = path.resolve(__dirname, "../..");
const INPUTS = ["schema", ...fs.readdirSync(path.join(ROOT, "test/goldens")).filter((d) => fs.existsSync(path.join(ROOT, "test/goldens", d, "spec"))).map((d) => `test/goldens/${d}/spec`)];

test("familyExports lists exactly what each TS module exports", () => {
  const front = runFrontEnd(expandInputs(INPUTS, ROOT).files, ROOT);
  expect(front.diagnostics).toEqual([]);
  const program = front.program!;
  const mine = new Set(["types", "names", "tables", "accessors"]);
  const files = EMITTERS.filter((e) => mine.has(e.name)).flatMap((e) => e.emit(program));
  for (const family of program.families) {
    const declared = new Map<string, string[]>();
    for (const e of familyExports(family)) declared.set(e.module, [...(declared.get(e.module) ?? []), `${e.typeOnly ? "type " : ""}${e.name}`]);
    for (const module of mine) {
      const file = files.find((f) => f.path === `${family.name}/${module}.ts`);
      const actual = file
        ? [...file.content.matchAll(/^export (?:declare )?(function|const|type|interface) ([A-Za-z_$][\w$]*)/gm)].map((m) =>
            m[1] === "type" || m[1] === "interface" ? `type ${m[2]}` : m[2]!,
          )
        : [];
      expect({ family: family.name, module, exports: actual }).toEqual({ family: family.name, module, exports: declared.get(module) ?? [] });
    }
    expect([...exportClashes(family).keys()]).toEqual([]);
  }
});
