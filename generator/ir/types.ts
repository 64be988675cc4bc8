/**
 * The resolved, immutable model every emitter reads.
 *
 * Everything an emitter needs is computed once by `ir/build.ts`: wire names (after rename/rename_all), TS and Rust
 * names, optionality, defaults, skip rules, accessor and table resolutions. Emitters never look at raw YAML.
 * Every node carries the source location it came from, for diagnostics and for the generated file headers.
 */
import type { RenameRule } from "../naming";

/** A position in a spec file; `line` and `col` are 1-based. */
export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

/** The whole program: every family, in a stable order (by family name). */
export interface IrProgram {
  readonly families: readonly Family[];
}

/** serde_json's layout for positive float exponents: `1e16` (serde_json < 1.0.147) or `1e+16` (≥ 1.0.147). */
export type FloatExponentStyle = "plus" | "bare";

/** One spec file: one event family, generated into `generated/<name>/`. */
export interface Family {
  /** Short name, snake_case; the output folder and Rust module name. */
  readonly name: string;
  /** Spec file path relative to the working directory, forward slashes (used in headers). */
  readonly file: string;
  /**
   * Whether the user asked for this family's output. A family loaded only because another spec imports it is in
   * the program (its declarations are referenced) but emitters write no files for it.
   */
  readonly generated: boolean;
  readonly doc?: string;
  readonly settings: FamilySettings;
  /** The family's primary union (the event type): its name table functions are unprefixed (`typeName(e)`). */
  readonly root?: string;
  /** Declarations owned by this family, in spec order. */
  readonly decls: readonly Decl[];
  /** Declarations this family uses from other families, in spec order. */
  readonly imports: readonly ImportRef[];
  readonly loc: SourceLoc;
}

export interface FamilySettings {
  readonly floatExponent: FloatExponentStyle;
  /** All 64-bit and size integers in this family decode to `bigint`. */
  readonly bigint: boolean;
  /** `$id` base for the family's JSON Schema. */
  readonly schemaBaseUri: string;
}

export interface ImportRef {
  /** The type's name (the same in both families). */
  readonly name: string;
  /** The family that declares it. */
  readonly family: string;
  readonly loc: SourceLoc;
}

/** Names of one declared thing in each target. */
export interface Names {
  /** The name in the spec (PascalCase for types and variants, snake_case for fields). */
  readonly spec: string;
  /** The TypeScript identifier. */
  readonly ts: string;
  /** The Rust identifier. */
  readonly rust: string;
}

export interface DocInfo {
  readonly doc?: string;
  /** `true` or a deprecation note. */
  readonly deprecated?: string | true;
  /** Wire breaks the spec's authors intend, with their reasons (`eventspec diff` lists them as accepted). */
  readonly acceptBreaks?: readonly AcceptedBreak[];
}

/** `accept_breaks:` entry: a finding code of `eventspec diff`, where (`at`: a variant or field of a type), and why. */
export interface AcceptedBreak {
  readonly code: string;
  readonly at?: string;
  readonly reason: string;
  readonly loc: SourceLoc;
}

export type Decl = StructDecl | EnumDecl | UnionDecl | NewtypeDecl | AliasDecl;

interface DeclBase extends DocInfo {
  readonly names: Names;
  readonly family: string;
  readonly loc: SourceLoc;
}

/** A Rust struct with named fields. */
export interface StructDecl extends DeclBase {
  readonly kind: "struct";
  readonly fields: readonly Field[];
  readonly denyUnknownFields: boolean;
  /** `#[serde(default)]` on the container: every missing field takes its value from the container's Default. */
  readonly containerDefault: boolean;
  /** The spec's `rename_all` (already applied to `wire`; kept so the Rust emitter writes the attribute as written). */
  readonly renameAll?: RenameRule;
}

/** A unit-only enum: a string enum on the wire. */
export interface EnumDecl extends DeclBase {
  readonly kind: "enum";
  readonly values: readonly EnumValue[];
  /** Tables declared on the enum (seed 000's `WorkerEvent::as_status()`). */
  readonly tables: readonly Table[];
  /** The spec's `rename_all` (already applied to `wire`). */
  readonly renameAll?: RenameRule;
}

export interface EnumValue extends DocInfo {
  readonly names: Names;
  /** The wire string. */
  readonly wire: string;
  /** Extra wire strings accepted when decoding. */
  readonly aliases: readonly string[];
  /** Resolved table values, one per table of the enum (defaults applied), keyed by table name. */
  readonly tableValues: Readonly<Record<string, TableValue>>;
  readonly loc: SourceLoc;
}

export type UnionRepr =
  | { readonly kind: "external" }
  | { readonly kind: "internal"; readonly tag: string }
  | { readonly kind: "adjacent"; readonly tag: string; readonly content: string }
  | { readonly kind: "untagged" };

/** A Rust enum with data. */
export interface UnionDecl extends DeclBase {
  readonly kind: "union";
  readonly repr: UnionRepr;
  readonly variants: readonly Variant[];
  readonly denyUnknownFields: boolean;
  /** What happens to a tag no variant declares. */
  readonly catchAll?: CatchAll;
  readonly accessors: readonly Accessor[];
  readonly tables: readonly Table[];
  /** The spec's `rename_all` for the variants' tags and `rename_all_fields` for struct variants' fields (applied). */
  readonly renameAll?: RenameRule;
  readonly renameAllFields?: RenameRule;
}

/**
 * `other`: serde's `#[serde(other)]` unit variant (the unknown tag and payload are dropped).
 * `lossless`: a generated variant that keeps the unknown tag and the whole payload as json, and re-encodes them
 * byte-for-byte. It is one of `variants` (shape `lossless`), always last.
 */
export type CatchAll =
  | { readonly kind: "other"; readonly variant: string }
  | { readonly kind: "lossless"; readonly variant: string };

export interface Variant extends DocInfo {
  readonly names: Names;
  /** The wire tag (after rename/rename_all). For a lossless arm: the empty string. */
  readonly wire: string;
  readonly aliases: readonly string[];
  readonly shape: VariantShape;
  /** Resolved table values, one per table of the union (defaults applied), keyed by table name. */
  readonly tableValues: Readonly<Record<string, TableValue>>;
  readonly loc: SourceLoc;
}

export type VariantShape =
  | { readonly kind: "unit" }
  | { readonly kind: "newtype"; readonly type: TypeRef }
  | { readonly kind: "struct"; readonly fields: readonly Field[] }
  /** The lossless catch-all arm: `{ tag: string, payload: JsonValue }` in memory. */
  | { readonly kind: "lossless" };

export type SkipIf = "none" | "empty" | "false" | "zero" | "null";

/** How a field behaves when missing on input. */
export type FieldDefault =
  | { readonly kind: "none" }
  /** `#[serde(default)]`: the type's Default (0, "", false, [], {}, null json, None, the struct's all-defaults). */
  | { readonly kind: "type" }
  /** `#[serde(default = "…")]` with a literal value given in the spec (JSON-compatible). */
  | { readonly kind: "value"; readonly value: LiteralJson };

export type LiteralJson = null | boolean | number | string | readonly LiteralJson[] | { readonly [k: string]: LiteralJson };

export interface Field extends DocInfo {
  readonly names: Names;
  /** The key on the wire (after rename/rename_all); also the TS property name. */
  readonly wire: string;
  readonly aliases: readonly string[];
  readonly type: TypeRef;
  readonly default: FieldDefault;
  /** The decoder accepts the field missing (Option, a default, container default, or skip). */
  readonly optional: boolean;
  readonly skipSerializingIf?: SkipIf;
  /** `#[serde(skip)]`: never written nor read; always its default. */
  readonly skip: boolean;
  /** `#[serde(flatten)]`: the field's type is a struct, a map or an internally tagged union. */
  readonly flatten: boolean;
  /** Payload truncation budget in bytes for string fields (seed 004's `truncate_for_event`), used by sinks. */
  readonly truncate?: number;
  readonly loc: SourceLoc;
}

export type IntName = "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize";

export type TypeRef =
  | { readonly kind: "string" }
  | { readonly kind: "bool" }
  | {
      readonly kind: "int";
      readonly name: IntName;
      readonly min: bigint;
      readonly max: bigint;
      /** Decodes to `bigint` (64-bit and size integers only, by opt-in). */
      readonly bigint: boolean;
    }
  | { readonly kind: "float"; readonly name: "f32" | "f64" }
  | { readonly kind: "json" }
  | { readonly kind: "timestamp" }
  | { readonly kind: "uuid" }
  | { readonly kind: "option"; readonly inner: TypeRef }
  | { readonly kind: "list"; readonly item: TypeRef }
  | { readonly kind: "map"; readonly value: TypeRef }
  | { readonly kind: "box"; readonly inner: TypeRef }
  /** A named declaration, in `family` (this family or an imported one). */
  | { readonly kind: "named"; readonly name: string; readonly family: string };

export type TableValueType =
  | { readonly kind: "bool" }
  | { readonly kind: "string" }
  | { readonly kind: "int" }
  /** A unit enum declared in a spec; values are its spec value names (e.g. `DomainEvent`). */
  | { readonly kind: "enum"; readonly name: string; readonly family: string };

export type TableValue = boolean | string | number;

/** A per-variant metadata table (`terminal: bool`, `status: string`, `fidelity: FidelityClass`). */
export interface Table extends DocInfo {
  readonly names: Names;
  readonly valueType: TableValueType;
  readonly default?: TableValue;
  /** The lookup function: TS `isTerminal`, Rust `is_terminal`. */
  readonly fn: Names;
  readonly loc: SourceLoc;
}

/** A function that reads one field across every variant of a union (`sessionId(e)`). */
export interface Accessor extends DocInfo {
  /** The function: TS `sessionId`, Rust `session_id`. */
  readonly fn: Names;
  /** The field's spec name. */
  readonly field: string;
  /** The field's type (the same in every variant that has it). */
  readonly type: TypeRef;
  /** Some variants lack the field: the accessor returns `undefined` (TS) / `None` (Rust) there. */
  readonly partial: boolean;
  /** Per variant (by spec name): how to reach the field, or absent where the variant lacks it. */
  readonly paths: Readonly<Record<string, AccessorPath | undefined>>;
  readonly loc: SourceLoc;
}

/**
 * Where the field sits inside a variant: directly on a struct variant, or on the struct a newtype variant wraps
 * (seed 003's `RunStarted(RunStarted)`). `wire` is the property name in the TS value.
 */
export type AccessorPath =
  | { readonly kind: "field"; readonly wire: string; readonly rustField: string }
  | { readonly kind: "newtype-field"; readonly wire: string; readonly rustField: string };

/** `struct RunId(Uuid)` or a `#[serde(transparent)]` wrapper: on the wire, exactly the inner value. */
export interface NewtypeDecl extends DeclBase {
  readonly kind: "newtype";
  readonly inner: TypeRef;
  /** Declared `#[serde(transparent)]` (a struct with one field) rather than a tuple newtype; same wire form. */
  readonly transparent: boolean;
}

/** `type Name = <type>`: another name for a type expression (a TS and a Rust type alias). */
export interface AliasDecl extends DeclBase {
  readonly kind: "alias";
  readonly target: TypeRef;
}

/** An emitted file: path relative to the output directory, forward slashes. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  /**
   * `true`: the emitter printed `content` in exactly the layout the formatter would give it (generator/format.ts
   * then leaves it alone). `"fitting"`: it did so for every top-level statement whose lines all fit the print width
   * (ASCII, at most 120 columns); the formatter keeps those and lays out only the others. Tests prove either claim
   * against prettier (test/unit/layout.test.ts).
   */
  readonly preformatted?: boolean | "fitting";
}
