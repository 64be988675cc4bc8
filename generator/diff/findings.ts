/**
 * What `eventspec diff` reports: findings as data. Each says, for both directions of a deployment, what a reader of
 * one version makes of what a writer of the other wrote — in serde's wire terms, after renames, aliases and
 * defaults are applied.
 *
 * - backward: new readers of old data (today's code replaying yesterday's logs);
 * - forward: old readers of new data (code not yet deployed reading what the new producer writes).
 */
import type { SourceLoc } from "../ir/types";

/**
 * `compatible`: every value one side writes, the other reads as the same value.
 * `changed`: it still reads, but as something else (a catch-all arm, another default, a rounded number).
 * `breaking`: some value one side writes, the other rejects.
 */
export type Verdict = "compatible" | "changed" | "breaking";

/** Every kind of finding; the codes are stable (CI configurations and accepted breaks name them). */
export const FINDING_CODES = [
  "family-removed",
  "family-added",
  "type-removed",
  "type-added",
  "type-changed",
  "representation-changed",
  "variant-added",
  "variant-removed",
  "variant-renamed",
  "variant-reordered",
  "tag-renamed",
  "alias-added",
  "alias-removed",
  "catch-all-added",
  "catch-all-removed",
  "enum-value-added",
  "enum-value-removed",
  "field-added-required",
  "field-added-optional",
  "field-removed-required",
  "field-removed-optional",
  "field-renamed",
  "field-wire-renamed",
  "field-now-required",
  "field-now-optional",
  "field-may-be-omitted",
  "field-always-written",
  "default-changed",
  "deny-unknown-fields-added",
  "deny-unknown-fields-removed",
  "flatten-changed",
  "int-widened",
  "int-narrowed",
  "int-range-changed",
  "float-widened",
  "float-narrowed",
  "option-added",
  "option-removed",
  "json-widened",
  "json-narrowed",
  "string-format-changed",
  "bigint-changed",
  "accessor-added",
  "accessor-removed",
  "accessor-changed",
  "table-added",
  "table-removed",
  "table-value-changed",
] as const;

export type FindingCode = (typeof FINDING_CODES)[number];

export interface Finding {
  readonly code: FindingCode;
  /** Where in the wire form: `family.Type`, `.Variant`, `.field`, `[]` for list items, `{}` for map values. */
  readonly path: string;
  /** The same place as steps, with each side's names (what witnesses navigate by). */
  readonly steps: readonly Step[];
  readonly backward: Verdict;
  readonly forward: Verdict;
  /**
   * Not a wire change but one TypeScript users see: a renamed type or variant, a `bigint` opt-in, an accessor or a
   * table. Reported so reviewers see it; never fails a wire-compatibility mode.
   */
  readonly source?: true;
  /** One line in serde's terms. */
  readonly message: string;
  readonly old?: SourceLoc;
  readonly new?: SourceLoc;
}

/**
 * One step of a path on both sides: a declared type (its family and spec name in each), a variant (spec names), a
 * field (wire keys), a list item or map value, a flattened member, or a TypeScript API name. A side lacks the step
 * where the thing exists on one side only.
 */
export type Step =
  | {
      readonly kind: "type";
      readonly old?: { family: string; name: string };
      readonly new?: { family: string; name: string };
    }
  | { readonly kind: "variant" | "field" | "member"; readonly old?: string; readonly new?: string }
  | { readonly kind: "item" | "value" }
  | { readonly kind: "api"; readonly name: string };

/** A path under construction: its text (`harn.AgentEvent.ToolCall.session_id`) and its steps. */
export class WirePath {
  private constructor(
    readonly text: string,
    readonly steps: readonly Step[],
  ) {}

  static family(name: string): WirePath {
    return new WirePath(name, []);
  }

  /** A declared type, shown under the new family's name. */
  static type(
    shownFamily: string,
    oldFamily: string | undefined,
    oldName: string | undefined,
    newFamily: string | undefined,
    newName: string | undefined,
  ): WirePath {
    const step: Step = {
      kind: "type",
      ...(oldFamily !== undefined && oldName !== undefined ? { old: { family: oldFamily, name: oldName } } : {}),
      ...(newFamily !== undefined && newName !== undefined ? { new: { family: newFamily, name: newName } } : {}),
    };
    return new WirePath(`${shownFamily}.${newName ?? oldName}`, [step]);
  }

  private push(shown: string, step: Step): WirePath {
    return new WirePath(this.text + shown, [...this.steps, step]);
  }

  private static sides(old: string | undefined, neu: string | undefined) {
    return { ...(old !== undefined ? { old } : {}), ...(neu !== undefined ? { new: neu } : {}) };
  }

  variant(old: string | undefined, neu: string | undefined): WirePath {
    return this.push(`.${neu ?? old}`, { kind: "variant", ...WirePath.sides(old, neu) });
  }

  field(old: string | undefined, neu: string | undefined): WirePath {
    return this.push(`.${neu ?? old}`, { kind: "field", ...WirePath.sides(old, neu) });
  }

  member(old: string | undefined, neu: string | undefined): WirePath {
    return this.push(`.${neu ?? old}`, { kind: "member", ...WirePath.sides(old, neu) });
  }

  item(): WirePath {
    return this.push("[]", { kind: "item" });
  }

  value(): WirePath {
    return this.push("{}", { kind: "value" });
  }

  api(name: string): WirePath {
    return this.push(`.${name}`, { kind: "api", name });
  }
}

/** The directions a mode fails on (Confluent's names). */
export type Mode = "backward" | "forward" | "full" | "none";

/** Whether a finding fails the given mode: a breaking verdict in a direction the mode checks. */
export function failsMode(f: Finding, mode: Mode): boolean {
  if (mode === "none") return false;
  const backward = f.backward === "breaking" && (mode === "backward" || mode === "full");
  const forward = f.forward === "breaking" && (mode === "forward" || mode === "full");
  return backward || forward;
}
