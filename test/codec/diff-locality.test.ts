/**
 * Generated code is reviewed as diffs: an edit to one type of a spec must change only that type's lines of the
 * codec. Each case copies schema/*.yaml to a temp dir, edits harn.yaml, regenerates with `generate()` and diffs
 * `harn/codec.ts` line by line (the `diff` command), then checks where the changed lines are: every changed line
 * belongs to a top-level declaration (function or constant) of the edited variant, or mentions the renamed field.
 *
 * TODO(encode side): the writers still name some constants and locals from a counter (`VARIANT_WRITERS_367`,
 * `OWN_24`), so an edit renames them throughout; until they are stable the checks below look at the decode side
 * only (walkers `d$…`, variant dispatch, decode constants) and count the encode side's lines separately.
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { generate } from "../../generator/generate";
import { makeTemp, rmTemp } from "../helpers/tree";

const SCHEMA = path.resolve(__dirname, "..", "..", "schema");

// Every run really emits (no output cache).
process.env.EVENTSPEC_CACHE = "0";

let tmp: string;
let baseline: string;

beforeAll(async () => {
  tmp = makeTemp("locality");
  baseline = await codecOf("base", (s) => s);
}, 120_000);
afterAll(() => rmTemp(tmp));

/** harn's codec.ts generated from the seed specs with `edit` applied to harn.yaml. */
async function codecOf(name: string, edit: (harn: string) => string): Promise<string> {
  const specs = path.join(tmp, name, "schema");
  fs.mkdirSync(specs, { recursive: true });
  for (const f of fs.readdirSync(SCHEMA)) {
    if (!f.endsWith(".yaml")) continue;
    const text = fs.readFileSync(path.join(SCHEMA, f), "utf8");
    const edited = f === "harn.yaml" ? edit(text) : text;
    if (f === "harn.yaml" && name !== "base") expect(edited).not.toBe(text);
    fs.writeFileSync(path.join(specs, f), edited);
  }
  const out = path.join(tmp, name, "generated");
  // Relative inputs: the header names `schema/harn.yaml` in every run.
  const result = await generate({ inputs: ["schema"], outDir: out, cwd: path.join(tmp, name) });
  expect(result.diagnostics.map((d) => d.message)).toEqual([]);
  expect(result.ok).toBe(true);
  return path.join(out, "harn", "codec.ts");
}

interface Changed {
  /** The line's text. */
  readonly text: string;
  /** The top-level declaration it is in (`d$AgentEventPlan`, `AGENT_EVENT_PLAN_FIELDS`, `import`). */
  readonly decl: string;
}

/** The lines `diff` reports removed from `a` and added in `b`, each with its enclosing declaration. */
function changedLines(a: string, b: string): Changed[] {
  let text = "";
  try {
    text = execFileSync("diff", ["--old-line-format=<%dn\n", "--new-line-format=>%dn\n", "--unchanged-line-format=", a, b], {
      encoding: "utf8",
    });
  } catch (e) {
    // diff exits 1 when the files differ.
    text = (e as { stdout: string }).stdout;
  }
  const files = { "<": fs.readFileSync(a, "utf8").split("\n"), ">": fs.readFileSync(b, "utf8").split("\n") };
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => {
      const lines = files[l[0] as "<" | ">"];
      const n = Number(l.slice(1)) - 1;
      return { text: lines[n]!, decl: declarationAt(lines, n) };
    });
}

/** The name of the top-level declaration that line `n` belongs to. */
function declarationAt(lines: readonly string[], n: number): string {
  for (let i = n; i >= 0; i--) {
    const m = /^(?:export )?(?:function|const) ([\w$]+)/.exec(lines[i]!);
    if (m) return m[1]!;
    if (/^import\b/.test(lines[i]!)) return "import";
  }
  return "";
}

/**
 * Whether a declaration is the encode side's: a writer (`e$`, `m$`) or a constant only writers use (the writers'
 * constants are still named from a counter: `VARIANT_WRITERS_367`).
 */
function encodeSide(decl: string): boolean {
  return /^[em]\$/.test(decl) || /^[A-Z_]+_\d+$/.test(decl) && !/^[A-Z_]+_[2-9]$/.test(decl);
}

function decodeSide(changed: readonly Changed[]): Changed[] {
  return changed.filter((c) => !encodeSide(c.decl));
}

/** Inserts `insert` (lines) after the first line equal to `after` that follows the line equal to `from`. */
function insertAfter(text: string, from: string, after: string, insert: string): string {
  const lines = text.split("\n");
  const start = lines.indexOf(from);
  expect(start).toBeGreaterThanOrEqual(0);
  const at = lines.indexOf(after, start);
  expect(at).toBeGreaterThan(start);
  lines.splice(at + 1, 0, insert);
  return lines.join("\n");
}

/** A declaration of the AgentEvent variant `ts` (its walker, dispatch entry, constants) in the decode side. */
function ofVariant(decl: string, ts: string, constPrefix: string): boolean {
  return decl.includes(`AgentEvent${ts}`) || decl.startsWith(constPrefix);
}

/** What a test reports when it fails: the changed lines and where they are. */
function show(changed: readonly Changed[]): string {
  return changed.map((c) => `${c.decl}: ${c.text}`).join("\n");
}

test("one optional field added to one variant changes at most 40 lines, all of that variant", async () => {
  const edited = await codecOf("field", (s) =>
    insertAfter(s, "      ToolCallUpdate:", "          tool_name: string", "          retry_hint: option<string>"),
  );
  const changed = changedLines(baseline, edited);
  const decode = decodeSide(changed);
  if (process.env.LOCALITY_REPORT === "1") console.log(`field: ${decode.length} decode, ${changed.length} in all`);
  expect(decode.length).toBeGreaterThan(0);
  expect(decode.length).toBeLessThanOrEqual(40);
  const outside = decode.filter((c) => !ofVariant(c.decl, "ToolCallUpdate", "AGENT_EVENT_TOOL_CALL_UPDATE_"));
  expect(show(outside)).toBe("");
  // The edit's own lines are among them.
  expect(decode.some((c) => c.text.includes("retry_hint"))).toBe(true);
}, 120_000);

test("one variant added changes only its own code and the lines that enumerate the variants", async () => {
  const variant = [
    "      PlanApproved:",
    "        fields:",
    "          session_id: string",
    "          plan_id: string",
    "          approved_by: option<string>",
    "          approved_at_ms: u64",
  ].join("\n");
  const edited = await codecOf("variant", (s) => s.replace("      Plan:\n", `${variant}\n      Plan:\n`));
  const all = changedLines(baseline, edited);
  const changed = decodeSide(all);
  if (process.env.LOCALITY_REPORT === "1") console.log(`variant: ${changed.length} decode, ${all.length} in all`);
  const own = (c: Changed) => ofVariant(c.decl, "PlanApproved", "AGENT_EVENT_PLAN_APPROVED_");
  // A list or table that enumerates the variants: a line naming the new variant, or a new length of the tag
  // dispatch's switch.
  const enumerates = (c: Changed) =>
    /plan_approved|PlanApproved|PLAN_APPROVED/.test(c.text) ||
    (c.decl === "variant$AgentEvent" && /^\s*(case \d+:|return undefined;)$/.test(c.text));
  const elsewhere = changed.filter((c) => !own(c) && !enumerates(c));
  expect(show(elsewhere)).toBe("");
  expect(changed.filter(own).length).toBeGreaterThan(0);
}, 120_000);

test("one field's wire name changed changes only the lines that mention that field", async () => {
  const edited = await codecOf("rename", (s) => {
    const lines = s.split("\n");
    const start = lines.indexOf("      ToolCallUpdate:");
    const at = lines.indexOf("          tool_name: string", start);
    lines.splice(at, 1, "          tool_name:", "            type: string", "            rename: tool_label");
    return lines.join("\n");
  });
  const all = changedLines(baseline, edited);
  const changed = decodeSide(all);
  if (process.env.LOCALITY_REPORT === "1") console.log(`rename: ${changed.length} decode, ${all.length} in all`);
  expect(changed.length).toBeGreaterThan(0);
  const elsewhere = changed.filter((c) => !/tool_name|tool_label|toolName/.test(c.text));
  expect(show(elsewhere)).toBe("");
}, 120_000);
