import {
  applyToField,
  applyToVariant,
  camelCase,
  isRenameRule,
  RENAME_RULES,
  type RenameRule,
  snakeCase,
  screamingSnakeCase,
  unsafeNameReason,
} from "../../generator/naming";

// serde_derive's own tables (internals/case.rs, `rename_variants` / `rename_fields`), then edge cases worked out
// from its code: snake_case splits before every uppercase char, lowercase/UPPERCASE are ASCII-only, fields are
// assumed snake_case (lowercase and snake_case are the identity).
const VARIANT_RULES: RenameRule[] = ["lowercase", "UPPERCASE", "camelCase", "snake_case", "SCREAMING_SNAKE_CASE", "kebab-case", "SCREAMING-KEBAB-CASE"];
const variantCases: [string, string[]][] = [
  ["Outcome", ["outcome", "OUTCOME", "outcome", "outcome", "OUTCOME", "outcome", "OUTCOME"]],
  ["VeryTasty", ["verytasty", "VERYTASTY", "veryTasty", "very_tasty", "VERY_TASTY", "very-tasty", "VERY-TASTY"]],
  ["A", ["a", "A", "a", "a", "A", "a", "A"]],
  ["Z42", ["z42", "Z42", "z42", "z42", "Z42", "z42", "Z42"]],
  // edge cases
  ["HTTPServer", ["httpserver", "HTTPSERVER", "hTTPServer", "h_t_t_p_server", "H_T_T_P_SERVER", "h-t-t-p-server", "H-T-T-P-SERVER"]],
  ["Turn2Start", ["turn2start", "TURN2START", "turn2Start", "turn2_start", "TURN2_START", "turn2-start", "TURN2-START"]],
  ["Already_Snake", ["already_snake", "ALREADY_SNAKE", "already_Snake", "already__snake", "ALREADY__SNAKE", "already--snake", "ALREADY--SNAKE"]],
  // non-ASCII uppercase: serde splits before it (char::is_uppercase) but to_ascii_lowercase leaves it
  ["FooÉtat", ["fooÉtat", "FOOÉTAT", "fooÉtat", "foo_État", "FOO_ÉTAT", "foo-État", "FOO-ÉTAT"]],
];

const FIELD_RULES: RenameRule[] = ["UPPERCASE", "PascalCase", "camelCase", "SCREAMING_SNAKE_CASE", "kebab-case", "SCREAMING-KEBAB-CASE", "lowercase", "snake_case"];
const fieldCases: [string, string[]][] = [
  ["outcome", ["OUTCOME", "Outcome", "outcome", "OUTCOME", "outcome", "OUTCOME", "outcome", "outcome"]],
  ["very_tasty", ["VERY_TASTY", "VeryTasty", "veryTasty", "VERY_TASTY", "very-tasty", "VERY-TASTY", "very_tasty", "very_tasty"]],
  ["a", ["A", "A", "a", "A", "a", "A", "a", "a"]],
  ["z42", ["Z42", "Z42", "z42", "Z42", "z42", "Z42", "z42", "z42"]],
  // edge cases: doubled/trailing underscores vanish in Pascal/camel; uppercase input is kept as is
  ["a__b_", ["A__B_", "AB", "aB", "A__B_", "a--b-", "A--B-", "a__b_", "a__b_"]],
  ["_private", ["_PRIVATE", "Private", "private", "_PRIVATE", "-private", "-PRIVATE", "_private", "_private"]],
  ["already_Mixed", ["ALREADY_MIXED", "AlreadyMixed", "alreadyMixed", "ALREADY_MIXED", "already-Mixed", "ALREADY-MIXED", "already_Mixed", "already_Mixed"]],
];

describe("serde rename_all", () => {
  test("rule names are serde's, exactly", () => {
    expect(RENAME_RULES).toEqual(["lowercase", "UPPERCASE", "PascalCase", "camelCase", "snake_case", "SCREAMING_SNAKE_CASE", "kebab-case", "SCREAMING-KEBAB-CASE"]);
    expect(isRenameRule("snake_case")).toBe(true);
    expect(isRenameRule("Snake_Case")).toBe(false);
    expect(isRenameRule("kebab_case")).toBe(false);
  });

  test.each(variantCases)("variant %s", (name, expected) => {
    expect(VARIANT_RULES.map((r) => applyToVariant(r, name))).toEqual(expected);
    expect(applyToVariant("PascalCase", name)).toBe(name);
    expect(applyToVariant(undefined, name)).toBe(name);
  });

  test.each(fieldCases)("field %s", (name, expected) => {
    expect(FIELD_RULES.map((r) => applyToField(r, name))).toEqual(expected);
    expect(applyToField(undefined, name)).toBe(name);
  });

  test("serde_derive panics on camelCase of a non-ASCII initial; so do we", () => {
    expect(() => applyToVariant("camelCase", "Éclair")).toThrow(/non-ASCII/);
    expect(() => applyToField("camelCase", "_")).toThrow(/empty/);
  });
});

describe("generated-name cases", () => {
  test.each([
    ["session_id", "sessionId", "session_id", "SESSION_ID"],
    ["is_terminal", "isTerminal", "is_terminal", "IS_TERMINAL"],
    ["AgentEvent", "agentEvent", "agent_event", "AGENT_EVENT"],
    ["HTTPEvent", "httpEvent", "http_event", "HTTP_EVENT"],
    ["run_id2", "runId2", "run_id2", "RUN_ID2"],
    ["TerminationReason", "terminationReason", "termination_reason", "TERMINATION_REASON"],
  ])("%s", (name, camel, snake, screaming) => {
    expect(camelCase(name)).toBe(camel);
    expect(snakeCase(name)).toBe(snake);
    expect(screamingSnakeCase(name)).toBe(screaming);
  });
});

describe("unsafe names", () => {
  test.each([
    ["delete", "ts", "`delete` is a reserved word in TypeScript/JavaScript"],
    ["constructor", "ts", "`constructor` is unsafe on JavaScript objects"],
    ["__proto__", "property", "`__proto__` is unsafe as a JavaScript object key"],
    ["prototype", "property", "`prototype` is unsafe as a JavaScript object key"],
    ["string", "ts", "`string` is a reserved word in TypeScript/JavaScript"],
    ["JsonValue", "ts", "`JsonValue` is a name the generated TypeScript already uses"],
    ["type", "rust", "`type` is a reserved word in Rust"],
    ["Self", "rust", "`Self` is a reserved word in Rust"],
    ["with-dash", "ts", "`with-dash` is not a valid TypeScript identifier"],
  ] as const)("%s (%s)", (name, target, reason) => {
    expect(unsafeNameReason(name, target)).toBe(reason);
  });

  test.each([["sessionId", "ts"], ["type", "ts"], ["type", "property"], ["session_id", "rust"], ["AgentEvent", "ts"]] as const)(
    "%s is fine in %s",
    (name, target) => {
      expect(unsafeNameReason(name, target)).toBeUndefined();
    },
  );
});
