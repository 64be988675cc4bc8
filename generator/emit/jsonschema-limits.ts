/**
 * What the emitted JSON Schemas cannot say about the codecs, by name. docs/schemas.md and
 * the agreement tests (`test/jsonschema/`) both use this list: a disagreement between a schema's verdict and a
 * decoder's verdict is allowed only when one of these names explains it, and each test says which one.
 *
 * Two kinds:
 * - `json-model`: the rule lives in the JSON text, which every validator only sees after a JSON parser has turned it
 *   into values (duplicate keys are gone, `3.0` and `3` are the same number, …);
 * - `by-design`: serde accepts a form no encoder ever writes, and the schema describes only the written form (so that
 *   consumers can rely on objects and strings where the types say so).
 */

/** Which validators an exception applies to. */
export type LimitScope = "all" | "ajv" | "python";

export interface SchemaLimit {
  /** The stable name used in tests and docs. */
  readonly name: string;
  readonly kind: "json-model" | "by-design";
  readonly scope: LimitScope;
  /** What serde (and the strict decoder) does that the schema cannot or does not express. */
  readonly summary: string;
}

/** Every exception, in the order the README lists them. */
export const SCHEMA_LIMITS = [
  {
    name: "duplicate-keys",
    kind: "json-model",
    scope: "all",
    summary:
      "serde rejects a repeated struct field or tag (`duplicate field`); a JSON parser keeps one of the values " +
      "before any validator runs, so the schema accepts the object.",
  },
  {
    name: "integer-as-float",
    kind: "json-model",
    scope: "all",
    summary:
      "serde rejects a float token where an integer is expected (`3.0`, `1e3`, `-0`, `0.0`); JSON Schema's " +
      "`integer` is a mathematical integer, so `3.0` passes `type: integer`.",
  },
  {
    name: "integer-beyond-double",
    kind: "json-model",
    scope: "ajv",
    summary:
      "JavaScript parses integers beyond 2^53 to the nearest double, so ajv compares rounded values: " +
      "18446744073709551616 (u64::MAX + 1) and 9223372036854775808 (i64::MAX + 1) pass `maximum`. The schemas " +
      "write the exact bounds (`18446744073709551615`); Python, which parses integers exactly, gets them right.",
  },
  {
    name: "float-overflow",
    kind: "json-model",
    scope: "all",
    summary:
      "serde rejects a number beyond the float's range (`1e400` for f64, `number out of range`; `1e39` for an f32 " +
      "read directly); Python parses `1e400` to infinity and JavaScript `1e39` to a finite double, so `type: number` " +
      "passes. (ajv rejects infinities under strict mode.)",
  },
  {
    name: "lone-surrogate",
    kind: "json-model",
    scope: "all",
    summary:
      "serde rejects a string with an unpaired surrogate escape (`\"\\ud800\"`); JavaScript and Python parse it " +
      "into a string, which passes `type: string`.",
  },
  {
    name: "nesting-depth",
    kind: "json-model",
    scope: "all",
    summary:
      "serde_json stops at 127 nested arrays/objects (`recursion limit exceeded`); a schema cannot count nesting " +
      "inside `json` values.",
  },
  {
    name: "timestamp-utc-overflow",
    kind: "json-model",
    scope: "all",
    summary:
      "chrono rejects a timestamp whose conversion to UTC leaves its year range (e.g. `-262144-01-01T00:00:00+01:00`); " +
      "the timestamp pattern checks each field, not the converted instant.",
  },
  {
    name: "flatten-option-order",
    kind: "json-model",
    scope: "all",
    summary:
      "A flattened Option of a struct is None when its keys do not make the struct, and then a map flattened after " +
      "it receives the struct's keys that follow the failing one in the text (`{\"a\":\"bad\",\"b\":\"x\"}` hands the " +
      "map `b`, `{\"b\":\"x\",\"a\":\"bad\"}` does not); a parsed object has no key order, so the schema lets the " +
      "struct's keys pass with any value.",
  },
  {
    name: "struct-as-array",
    kind: "by-design",
    scope: "all",
    summary:
      "serde also reads a struct (and an internally tagged variant, tag first) from a JSON array of its field " +
      "values in declaration order; no encoder writes that form and the schemas describe objects only.",
  },
  {
    name: "unit-variant-as-map",
    kind: "by-design",
    scope: "all",
    summary:
      "serde also reads a unit enum value or an externally tagged unit variant from a one-key map " +
      "(`{\"in_progress\": null}`); no encoder writes that form and the schemas describe the string only.",
  },
  {
    name: "variant-index-as-tag",
    kind: "by-design",
    scope: "all",
    summary:
      "Where serde reads a tagged union from buffered content (a field of an internally tagged variant, a flattened " +
      "union), it also takes the variant's index (`0`, `1`, …) for its tag; no encoder writes that, and the schemas " +
      "describe string tags only.",
  },
  {
    name: "ts-bigint",
    kind: "by-design",
    scope: "all",
    summary:
      "A 64-bit or size integer beyond ±2^53 in a field that did not opt into bigint: serde and the schema accept it; " +
      "the TypeScript decoder refuses it (it never rounds) with an error naming the `bigint` opt-in.",
  },
] as const satisfies readonly SchemaLimit[];

/** The name of a documented exception. */
export type SchemaLimitName = (typeof SCHEMA_LIMITS)[number]["name"];

/**
 * Where the types json-schema-to-typescript derives from a schema differ from the generated TypeScript types by
 * design (the decoded value is not the wire value). The type-level test leaves out exactly these, by name.
 */
export const TYPE_LIMITS = [
  {
    name: "bigint-fields",
    summary: "Fields opted into bigint are `bigint` in TypeScript; the wire (and a schema) has JSON numbers.",
  },
  {
    name: "json-values",
    summary:
      "`json` is `JsonValue` in TypeScript (with `bigint` for big integers and `JsonFloat` for integral floats, so " +
      "they re-encode exactly); a schema's `{}` is any JSON value (`unknown`). The test reads `JsonValue` as `unknown`.",
  },
  {
    name: "lossless-arm",
    summary:
      "The lossless catch-all variant is `{ tag, payload }` in memory; on the wire it is the unknown event itself " +
      "(an object whose tag is not a known one).",
  },
  {
    name: "other-arm",
    summary:
      "A union with serde's `other` accepts any tag on the wire (unknown ones decode to the `other` variant), so " +
      "the schema's union has one more member than the decoded TypeScript union.",
  },
  {
    name: "aliases",
    summary:
      "Aliases (extra wire names accepted on input, for fields, variant tags and enum values) widen the types a " +
      "schema describes; the TypeScript types hold the canonical names the decoders produce.",
  },
  {
    name: "flattened-map-index",
    summary:
      "A map flattened next to named keys (a struct's fields, an internally tagged variant's tag): " +
      "json-schema-to-typescript types the map as an index signature that also covers the named keys' types and " +
      "`undefined` next to optional ones (TypeScript requires it); the generated type is " +
      "`{ …fields } & Record<string, T>`. Same wire values, checked one way.",
  },
  {
    name: "flattened-option",
    summary:
      "A struct flattened as an Option: the schema lets its keys pass with any value (serde gives None when they do " +
      "not make the struct), so json-schema-to-typescript types them `unknown`; the generated type is " +
      "`Partial<Struct>`. Checked one way.",
  },
] as const;

/** The name of a documented type-level difference. */
export type TypeLimitName = (typeof TYPE_LIMITS)[number]["name"];
