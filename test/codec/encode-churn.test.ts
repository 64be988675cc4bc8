/**
 * The writers' names come from the spec, so an edit to the spec changes only the writers it concerns: a copy of
 * schema/ is edited, harn's codec generated before and after, and the lines of the encode side compared (the
 * writer functions `e$…`/`m$…` and their constants). The decode side is not looked at here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { emitCodec } from "../../generator/emit/codec/module";
import { str } from "../../generator/emit/codec/shared";
import { runFrontEnd } from "../../generator/frontend";
import { makeTemp, rmTemp } from "../helpers/tree";

const SCHEMA = path.resolve(__dirname, "..", "..", "schema");

let tmp: string;
beforeAll(() => (tmp = makeTemp("encode-churn")));
afterAll(() => rmTemp(tmp));

/** The top-level declarations of the encode side of harn's codec, by name, generated from schema/ after `edit`. */
function encodeSide(edit: (harnYaml: string) => string): Map<string, string> {
  const dir = fs.mkdtempSync(path.join(tmp, "schema-"));
  for (const f of fs.readdirSync(SCHEMA)) fs.copyFileSync(path.join(SCHEMA, f), path.join(dir, f));
  const harn = path.join(dir, "harn.yaml");
  const edited = edit(fs.readFileSync(harn, "utf8"));
  fs.writeFileSync(harn, edited);
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => path.join(dir, f));
  const front = runFrontEnd(files, dir);
  if (!front.program) throw new Error(JSON.stringify(front.diagnostics.slice(0, 3)));
  const codec = emitCodec(front.program).find((f) => f.path === "harn/codec.ts")!.content;
  const decls = new Map<string, string>();
  const starts = [...codec.matchAll(/^(?:export )?(?:function|const) ([\w$]+)/gm)];
  starts.forEach((m, i) => {
    const name = m[1]!;
    if (!/^[em]\$|_WRITERS$|_NAMED_KEYS$/.test(name)) return;
    const end = i + 1 < starts.length ? starts[i + 1]!.index : codec.length;
    decls.set(
      name,
      codec
        .slice(m.index, end)
        .replace(/\n\/\*\*[\s\S]*$/, "")
        .trimEnd(),
    );
  });
  return decls;
}

/** The declarations that differ (added, removed or changed), with the lines each gained and lost. */
function changes(
  before: Map<string, string>,
  after: Map<string, string>,
): Record<string, { added: string[]; removed: string[] }> {
  const out: Record<string, { added: string[]; removed: string[] }> = {};
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(name)?.split("\n") ?? [];
    const b = after.get(name)?.split("\n") ?? [];
    if (a.join("\n") === b.join("\n")) continue;
    out[name] = { added: b.filter((l) => !a.includes(l)), removed: a.filter((l) => !b.includes(l)) };
  }
  return out;
}

/** Inserts `text` after the line `anchor` (which must occur). */
function after(yaml: string, anchor: string, text: string): string {
  expect(yaml).toContain(anchor);
  return yaml.replace(anchor, anchor + text);
}

const TOOL_CALL_UPDATE = "      ToolCallUpdate:\n        fields:\n";

test("an optional field added to one variant adds its two lines to that variant's writer", () => {
  const base = encodeSide((y) => y);
  const edited = encodeSide((y) =>
    after(
      y,
      `${TOOL_CALL_UPDATE}          session_id: string\n`,
      "          retry_count: { type: option<u32>, default: true, skip_serializing_if: none }\n",
    ),
  );
  expect(changes(base, edited)).toEqual({
    e$AgentEventToolCallUpdate: {
      added: [
        '    at_ = ".retry_count";',
        `    if (v.retry_count != null) out += ${str(',"retry_count":')} + writeU32(v.retry_count);`,
      ],
      removed: [],
    },
  });
});

test("an optional field added first changes only the start of that variant's writer", () => {
  const base = encodeSide((y) => y);
  const edited = encodeSide((y) =>
    after(
      y,
      TOOL_CALL_UPDATE,
      "          retry_count: { type: option<u32>, default: true, skip_serializing_if: none }\n",
    ),
  );
  const changed = changes(base, edited);
  expect(Object.keys(changed)).toEqual(["e$AgentEventToolCallUpdate"]);
  // The first member no longer starts the output: the opening and the first field's lines move.
  expect(changed.e$AgentEventToolCallUpdate!.added.length).toBeLessThanOrEqual(6);
  expect(changed.e$AgentEventToolCallUpdate!.removed.length).toBeLessThanOrEqual(2);
});

test("a variant added adds its writer and its entry in the union's table, nothing else", () => {
  const base = encodeSide((y) => y);
  const edited = encodeSide((y) =>
    y.replace(
      TOOL_CALL_UPDATE,
      `      PlanApproved:\n        fields:\n          session_id: string\n          steps: u32\n${TOOL_CALL_UPDATE}`,
    ),
  );
  const changed = changes(base, edited);
  expect(Object.keys(changed).sort()).toEqual(["AGENT_EVENT_WRITERS", "e$AgentEventPlanApproved"]);
  expect(changed.AGENT_EVENT_WRITERS).toEqual({
    added: ['  ["plan_approved", e$AgentEventPlanApproved],'],
    removed: [],
  });
  expect(changed.e$AgentEventPlanApproved!.removed).toEqual([]);
});

test("a field's wire name changed changes only the lines that write it", () => {
  const base = encodeSide((y) => y);
  const edited = encodeSide((y) =>
    y.replace(
      `${TOOL_CALL_UPDATE}          session_id: string\n          tool_call_id: string\n`,
      `${TOOL_CALL_UPDATE}          session_id: string\n          tool_call_id: { type: string, rename: toolCallId }\n`,
    ),
  );
  const changed = changes(base, edited);
  expect(Object.keys(changed)).toEqual(["e$AgentEventToolCallUpdate"]);
  const { added, removed } = changed.e$AgentEventToolCallUpdate!;
  expect(removed.every((l) => l.includes("tool_call_id"))).toBe(true);
  expect(added.every((l) => l.includes("toolCallId"))).toBe(true);
  expect(added.length).toBe(removed.length);
});
