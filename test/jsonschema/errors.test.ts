/**
 * Validators report the failing variant's own error, not "matches none of the variants": ajv's first error (its
 * default stops there) and the first error Python's jsonschema yields (what `Draft202012Validator.validate` raises)
 * point at the offending key inside the variant the tag selects, or at the tag itself when it is unknown. Exact
 * paths and messages, one row per case.
 */
import * as fs from "node:fs";
import { allSpecsProgram, describeWithPython, emitSchemas, type EmittedSchema, pythonValidate, scratchDir, strictAjv } from "./helpers";

let schemas: EmittedSchema[];
beforeAll(() => {
  schemas = emitSchemas(allSpecsProgram());
});

const ref = (family: string, def: string) => `${schemas.find((s) => s.family.name === family)!.id}#/$defs/${def}`;

interface Case {
  what: string;
  family: string;
  def: string;
  value: unknown;
  /** ajv's first error: instancePath, keyword, message. */
  ajv: [string, string, string];
  /** Python's first error: path, message. */
  python: [(string | number)[], string];
}

const CASES: Case[] = [
  {
    what: "internally tagged: the tag is missing",
    family: "kitchen_sink",
    def: "Event",
    value: { session: "s" },
    ajv: ["", "required", "must have required property 'kind'"],
    python: [[], "'kind' is a required property"],
  },
  {
    what: "internally tagged: an unknown tag (no catch-all)",
    family: "harn_legacy",
    def: "AgentEvent",
    value: { type: "turn_begin", session_id: "s" },
    ajv: ["/type", "enum", "must be equal to one of the allowed values"],
    python: [
      ["type"],
      "'turn_begin' is not one of ['agent_message_chunk', 'agent_thought_chunk', 'tool_call', 'tool_call_update', 'plan', " +
        "'turn_start', 'turn_end', 'feedback_injected', 'budget_exhausted', 'loop_stuck', 'daemon_watchdog_tripped', " +
        "'skill_activated', 'skill_deactivated', 'skill_scope_tools', 'tool_search_query', 'tool_search_result', " +
        "'transcript_compacted', 'handoff', 'fs_watch']",
    ],
  },
  {
    what: "internally tagged: a field of the selected variant is missing",
    family: "kitchen_sink",
    def: "Event",
    value: { kind: "progress-update", status: "completed" },
    ajv: ["", "required", "must have required property 'session'"],
    python: [[], "'session' is a required property"],
  },
  {
    what: "internally tagged: a field of the selected variant has a wrong value",
    family: "kitchen_sink",
    def: "Event",
    value: { kind: "progress-update", session: "s", status: "nope" },
    ajv: ["/status", "enum", "must be equal to one of the allowed values"],
    python: [["status"], "'nope' is not one of ['pending', 'in_progress', 'completed', 'failed']"],
  },
  {
    what: "internally tagged: deep inside the selected variant",
    family: "heartbit",
    def: "AgentEvent",
    value: { type: "llm_response", agent: "a", turn: 1, usage: { input_tokens: -1, output_tokens: 1 }, stop_reason: "end_turn", tool_call_count: 0 },
    ajv: ["/usage/input_tokens", "minimum", "must be >= 0"],
    python: [["usage", "input_tokens"], "-1 is less than the minimum of 0"],
  },
  {
    what: "internally tagged, closed: an unknown key in the selected variant",
    family: "edges",
    def: "Inner",
    value: { type: "plain", x: 1, extra: true },
    ajv: ["", "additionalProperties", "must NOT have additional properties"],
    python: [[], "Additional properties are not allowed ('extra' was unexpected)"],
  },
  {
    what: "a closed tagged union flattened into a struct: a field of the selected variant has a wrong type",
    family: "flatten_edges",
    def: "FlatClosedUnion",
    value: { seq: 1, kind: "plain", x: "s" },
    ajv: ["/x", "type", "must be integer"],
    python: [["x"], "'s' is not of type 'integer'"],
  },
  {
    what: "a closed tagged union flattened into a struct: an unknown key in the selected variant (the struct's own pass)",
    family: "flatten_edges",
    def: "FlatClosedUnion",
    value: { seq: 1, kind: "plain", x: 1, zz: 1 },
    ajv: ["", "enum", "must be equal to one of the allowed values"],
    python: [[], "'zz' is not one of ['kind', 'x', 'y', 'seq']"],
  },
  {
    what: "a closed tagged union flattened into a struct: a map variant's entry",
    family: "flatten_edges",
    def: "FlatClosedUnion",
    value: { seq: 1, kind: "mapped", a: -1 },
    ajv: ["/a", "minimum", "must be >= 0"],
    python: [["a"], "-1 is less than the minimum of 0"],
  },
  {
    what: "internally tagged newtype over a struct flattening a map: a map entry",
    family: "flatten_edges",
    def: "Wrapping",
    value: { type: "rest", name: "n", a: "x" },
    ajv: ["/a", "type", "must be integer"],
    python: [["a"], "'x' is not of type 'integer'"],
  },
  {
    what: "adjacently tagged: inside the content",
    family: "kitchen_sink",
    def: "Reason",
    value: { t: "Stopped", c: { code: "x" } },
    ajv: ["/c/code", "type", "must be integer"],
    python: [["c", "code"], "'x' is not of type 'integer'"],
  },
  {
    what: "adjacently tagged: content missing",
    family: "kitchen_sink",
    def: "Reason",
    value: { t: "Failed" },
    ajv: ["", "required", "must have required property 'c'"],
    python: [[], "'c' is a required property"],
  },
  {
    what: "externally tagged: inside the payload",
    family: "edges",
    def: "External",
    value: { point: { x: 1 } },
    ajv: ["/point", "required", "must have required property 'y'"],
    python: [["point"], "'y' is a required property"],
  },
  {
    what: "externally tagged: an unknown variant key",
    family: "edges",
    def: "External",
    value: { zz: 1 },
    ajv: ["", "enum", "must be equal to one of the allowed values"],
    python: [[], "'zz' is not one of ['value', 'val', 'point', 'boxed']"],
  },
  {
    what: "externally tagged: an unknown unit variant",
    family: "edges",
    def: "External",
    value: "zz",
    ajv: ["", "enum", "must be equal to one of the allowed values"],
    python: [[], "'zz' is not one of ['nothing', 'none']"],
  },
  {
    what: "externally tagged: neither a string nor an object",
    family: "edges",
    def: "External",
    value: 5,
    ajv: ["", "type", "must be string"],
    python: [[], "5 is not of type 'string'"],
  },
  {
    what: "a struct: deep in a nested type",
    family: "kitchen_sink",
    def: "Event",
    value: { kind: "finished", session: "s", settings: {}, tree: { name: 1 } },
    ajv: ["/tree/name", "type", "must be string"],
    python: [["tree", "name"], "1 is not of type 'string'"],
  },
];

describe("ajv (strict, default options): the first error is the failing variant's own", () => {
  test.each(CASES.map((c) => [c.what, c] as const))("%s", (_, c) => {
    const { ajv } = strictAjv(schemas, "annotation");
    const validate = ajv.getSchema(ref(c.family, c.def))!;
    expect(validate(c.value)).toBe(false);
    const e = validate.errors![0]!;
    expect([e.instancePath, e.keyword, e.message]).toEqual(c.ajv);
  });
});

describeWithPython("Python's jsonschema: the first error yielded (Draft202012Validator.validate) is the failing variant's own", () => {
  test("every case", () => {
    const dir = scratchDir("errors");
    try {
      fs.mkdirSync(dir, { recursive: true });
      for (const s of schemas) fs.writeFileSync(`${dir}/${s.file}`, s.text);
      const answers = pythonValidate(dir, CASES.map((c) => ({ ref: ref(c.family, c.def), text: JSON.stringify(c.value) })), true);
      const got = CASES.map((c, i) => ({ what: c.what, first: [answers[i]!.first?.path, answers[i]!.first?.message] }));
      expect(got).toEqual(CASES.map((c) => ({ what: c.what, first: c.python })));
      // What `jsonschema.validate()` raises instead (its best_match heuristic), for the README.
      // eslint-disable-next-line no-console
      console.log(
        CASES.map((c, i) => `${c.what}: best_match → ${JSON.stringify(answers[i]!.best?.path)} ${answers[i]!.best?.message.slice(0, 80)}`).join("\n"),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
