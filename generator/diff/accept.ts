/**
 * Intentional breaks, declared in the new spec next to the change (`accept_breaks:` on a type, variant, enum value or
 * field, or on the type with `at:` for something removed). A finding a declaration covers is listed as accepted,
 * with its reason, and fails no mode.
 */
import type { AcceptedBreak, DocInfo, Field, IrProgram } from "../ir/types";
import type { Finding } from "./findings";

/** The declaration that accepts `finding`, if the new spec has one. */
export function acceptedBy(finding: Finding, after: IrProgram): AcceptedBreak | undefined {
  const top = finding.steps[0];
  if (top?.kind !== "type" || top.new === undefined) return undefined;
  const family = after.families.find((f) => f.name === top.new!.family);
  const decl = family?.decls.find((d) => d.names.spec === top.new!.name);
  if (decl === undefined) return undefined;
  // Walk the steps through the new spec: the type, then a variant or enum value, then a field.
  let holder: DocInfo = decl;
  let fields: readonly Field[] | undefined = decl.kind === "struct" ? decl.fields : undefined;
  for (const step of finding.steps.slice(1)) {
    if (step.kind === "variant") {
      const arm =
        decl.kind === "union"
          ? decl.variants.find((v) => v.names.spec === step.new)
          : decl.kind === "enum"
            ? decl.values.find((v) => v.names.spec === step.new)
            : undefined;
      // Not in the new spec (removed): only its type can accept it, naming it with `at`.
      if (arm === undefined) return matching(holder, finding.code, step.old);
      const own = matching(arm, finding.code, undefined) ?? matching(holder, finding.code, arm.names.spec);
      if (own !== undefined) return own;
      holder = arm;
      const shape = decl.kind === "union" ? decl.variants.find((v) => v === arm)?.shape : undefined;
      fields = shape?.kind === "struct" ? shape.fields : undefined;
    } else if (step.kind === "field" || step.kind === "member") {
      const field = fields?.find((f) => (step.kind === "member" ? f.names.spec === step.new : f.wire === step.new));
      if (field === undefined) return matching(holder, finding.code, step.old);
      return matching(field, finding.code, undefined) ?? matching(holder, finding.code, field.wire);
    }
  }
  return matching(holder, finding.code, undefined);
}

/** An entry of `holder` for `code`: about the holder itself (`at` absent), or about the thing named `at`. */
function matching(holder: DocInfo, code: string, at: string | undefined): AcceptedBreak | undefined {
  return holder.acceptBreaks?.find((b) => b.code === code && b.at === at);
}
