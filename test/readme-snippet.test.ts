/**
 * The README's "add an event" snippet, pasted under the root union's `variants:` of schema/harn.yaml exactly as the
 * README shows it (less the list item's indentation), gives a spec with no diagnostics and the new variant.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { runFrontEnd } from "../generator/frontend";
import { makeTemp, rmTemp } from "./helpers/tree";

const ROOT = path.resolve(__dirname, "..");

/** The first ```yaml block of the README's "Add an event" section, with the fence's own indentation removed. */
function readmeSnippet(): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n");
  const section = readme.findIndex((l) => /^## Add an event/.test(l));
  const open = readme.findIndex((l, i) => i > section && /^\s*```yaml\s*$/.test(l));
  const indent = readme[open]!.indexOf("`");
  const close = readme.findIndex((l, i) => i > open && /^\s*```\s*$/.test(l));
  return readme.slice(open + 1, close).map((l) => l.slice(indent));
}

test("the README's add-an-event snippet pastes into schema/harn.yaml as shown", () => {
  const snippet = readmeSnippet();
  expect(snippet[0]).toMatch(/^\s+PlanApproved:$/);
  const spec = fs.readFileSync(path.join(ROOT, "schema", "harn.yaml"), "utf8").split("\n");
  // The root union is the last union with `variants:`; paste right below that line, as a user would.
  const root = spec.findIndex((l) => /^  AgentEvent:/.test(l));
  const variants = spec.findIndex((l, i) => i > root && /^\s+variants:\s*$/.test(l));
  spec.splice(variants + 1, 0, ...snippet);
  const tmp = makeTemp("eventspec-readme-");
  try {
    const file = path.join(tmp, "harn.yaml");
    fs.writeFileSync(file, spec.join("\n"));
    for (const dep of fs.readdirSync(path.join(ROOT, "schema")).filter((f) => f.endsWith(".yaml") && f !== "harn.yaml")) {
      fs.copyFileSync(path.join(ROOT, "schema", dep), path.join(tmp, dep));
    }
    const result = runFrontEnd([file], tmp);
    expect(result.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`)).toEqual([]);
    const harn = result.program!.families.find((f) => f.name === "harn")!;
    const root = harn.decls.find((d) => d.names.spec === harn.root);
    expect(root?.kind === "union" && root.variants.some((v) => v.names.spec === "PlanApproved")).toBe(true);
  } finally {
    rmTemp(tmp);
  }
});
