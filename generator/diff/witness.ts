/**
 * Witnesses: for a finding that breaks (or changes) a direction, a concrete event that the writing side's generated
 * encoder writes and the reading side's generated strict decoder rejects (or reads as something else), with the
 * decoder's own error. Values are built from the writer's IR along the finding's steps, with candidates at the leaf
 * that stress what changed (range ends, null, empty values, every variant); the first candidate the reader refuses
 * is the witness. A breaking verdict without a witness is itself reported: the verdict may be wrong.
 */
import { indexDecls, type DeclIndex } from "../ir/lookup";
import type { Decl, Field, IrProgram, TypeRef, UnionDecl, Variant } from "../ir/types";
import type { Finding, Step } from "./findings";
import { WIDE, type LoadedCodec, type LoadedCodecs } from "./load-codecs";

export interface Witness {
  /** backward: the old encoder wrote it, the new decoder read it; forward: the other way. */
  readonly direction: "backward" | "forward";
  /** The event as the writer's encoder wrote it. */
  readonly json: string;
  /** The reader's error, or undefined when it read the event (as `readAs`). */
  readonly error?: string;
  /** What the reader read, re-encoded by the reader (for a `changed` verdict). */
  readonly readAs?: string;
}

export interface WitnessSides {
  readonly before: IrProgram;
  readonly after: IrProgram;
  readonly oldCodecs: LoadedCodecs;
  readonly newCodecs: LoadedCodecs;
}

/** Candidates tried per finding and direction: enough for every leaf kind's stress values, bounded. */
const MAX_CANDIDATES = 24;

export function findWitnesses(finding: Finding, sides: WitnessSides): Witness[] {
  const top = finding.steps[0];
  if (top?.kind !== "type" || top.old === undefined || top.new === undefined) return [];
  const out: Witness[] = [];
  for (const direction of ["backward", "forward"] as const) {
    const verdict = direction === "backward" ? finding.backward : finding.forward;
    if (verdict === "compatible") continue;
    const writerSide = direction === "backward" ? "old" : "new";
    const writerProgram = direction === "backward" ? sides.before : sides.after;
    const writerTop = top[writerSide]!;
    const readerTop = top[direction === "backward" ? "new" : "old"]!;
    const writerDecl = findDecl(writerProgram, writerTop.family, writerTop.name);
    const readerDecl = findDecl(
      direction === "backward" ? sides.after : sides.before,
      readerTop.family,
      readerTop.name,
    );
    if (writerDecl === undefined || readerDecl === undefined) continue;
    const writer = (direction === "backward" ? sides.oldCodecs : sides.newCodecs).get(
      writerTop.family,
      writerTop.name,
      writerDecl.names.ts,
    );
    const reader = (direction === "backward" ? sides.newCodecs : sides.oldCodecs).get(
      readerTop.family,
      readerTop.name,
      readerDecl.names.ts,
    );
    if (writer === undefined || reader === undefined) continue;
    const builder = new ValueBuilder(indexDecls(writerProgram), writerSide);
    const type: TypeRef = { kind: "named", family: writerTop.family, name: writerTop.name };
    const witness = tryCandidates(
      builder.candidates(type, finding.steps.slice(1)),
      writer,
      reader,
      verdict === "changed",
      direction,
    );
    if (witness !== undefined) out.push(witness);
  }
  return out;
}

function findDecl(program: IrProgram, family: string, name: string): Decl | undefined {
  return program.families.find((f) => f.name === family)?.decls.find((d) => d.names.spec === name);
}

function tryCandidates(
  values: Iterable<unknown>,
  writer: LoadedCodec,
  reader: LoadedCodec,
  changed: boolean,
  direction: Witness["direction"],
): Witness | undefined {
  let tried = 0;
  for (const value of values) {
    if (tried++ >= MAX_CANDIDATES) break;
    let json: string;
    try {
      json = writer.encode(value);
    } catch {
      continue; // a value the writer cannot hold is no witness
    }
    try {
      const read = reader.decodeStrict(json);
      if (!changed) continue;
      const readAs = reader.encode(read);
      if (readAs !== json) return { direction, json, readAs };
    } catch (e) {
      return { direction, json, error: e instanceof Error ? e.message : String(e) };
    }
  }
  return undefined;
}

/**
 * Wire-shaped values of one side's types (a TypeScript value mirrors its JSON). `candidates` follows a finding's
 * steps and varies the value only at the end of them; elsewhere it takes the simplest value of each type.
 */
class ValueBuilder {
  constructor(
    private readonly ix: DeclIndex,
    private readonly side: "old" | "new",
  ) {}

  *candidates(t: TypeRef, steps: readonly Step[], depth = 0): Generator<unknown> {
    if (depth > 32) return;
    if (steps.length === 0) {
      yield* this.stress(t, depth);
      return;
    }
    const [step, ...rest] = steps as [Step, ...Step[]];
    switch (t.kind) {
      case "box":
        return yield* this.candidates(t.inner, steps, depth + 1);
      case "option":
        // The step is inside the Some.
        return yield* this.candidates(t.inner, steps, depth + 1);
      case "list":
        if (step.kind === "item") for (const v of this.candidates(t.item, rest, depth + 1)) yield [v];
        return;
      case "map":
        if (step.kind === "value") for (const v of this.candidates(t.value, rest, depth + 1)) yield { k: v };
        return;
      case "named":
        break;
      default:
        return;
    }
    const d = this.ix.get(t.family, t.name);
    if (d === undefined) return;
    switch (d.kind) {
      case "alias":
        return yield* this.candidates(d.target, steps, depth + 1);
      case "newtype":
        return yield* this.candidates(d.inner, steps, depth + 1);
      case "enum": {
        const name = step.kind === "variant" ? step[this.side] : undefined;
        const v = d.values.find((x) => x.names.spec === name);
        if (v !== undefined) yield v.wire;
        return;
      }
      case "struct":
        return yield* this.structCandidates(d.fields, step, rest, depth);
      case "union": {
        const name = step.kind === "variant" ? step[this.side] : undefined;
        const v = d.variants.find((x) => x.names.spec === name && x.shape.kind !== "lossless");
        // The variant is not on this side (added or removed): any value of the union will do.
        if (v === undefined) return yield* this.stress(t, depth);
        for (const payload of this.variantPayloads(v, rest, depth)) yield this.wrap(d, v, payload);
        return;
      }
    }
  }

  private *structCandidates(
    fields: readonly Field[],
    step: Step,
    rest: readonly Step[],
    depth: number,
  ): Generator<unknown> {
    const key = step.kind === "field" || step.kind === "member" ? step[this.side] : undefined;
    const target = fields.find((f) => !f.skip && (step.kind === "member" ? f.names.spec === key : f.wire === key));
    const base = this.structValue(fields, depth);
    if (target === undefined) {
      // The field is not on this side: the simplest value, with and without optional fields.
      yield base;
      yield this.structValue(fields, depth, true);
      return;
    }
    for (const v of target.flatten
      ? this.candidates(target.type, rest, depth + 1)
      : this.candidates(target.type, rest, depth + 1)) {
      if (target.flatten) yield typeof v === "object" && v !== null ? { ...base, ...v } : base;
      else yield { ...base, [target.wire]: v };
    }
  }

  private *variantPayloads(v: Variant, steps: readonly Step[], depth: number): Generator<unknown> {
    switch (v.shape.kind) {
      case "unit":
        yield undefined;
        return;
      case "newtype":
        yield* steps.length === 0
          ? this.stress(v.shape.type, depth + 1)
          : this.candidates(v.shape.type, steps, depth + 1);
        return;
      case "struct":
        if (steps.length === 0) {
          yield this.structValue(v.shape.fields, depth);
          yield this.structValue(v.shape.fields, depth, true);
        } else {
          yield* this.structCandidates(v.shape.fields, steps[0]!, steps.slice(1), depth);
        }
        return;
      case "lossless":
        return;
    }
  }

  /** A union value of variant `v` around `payload`, in the union's representation. */
  private wrap(u: UnionDecl, v: Variant, payload: unknown): unknown {
    switch (u.repr.kind) {
      case "internal":
        return { [u.repr.tag]: v.wire, ...(payload as object | undefined) };
      case "adjacent":
        return payload === undefined ? { [u.repr.tag]: v.wire } : { [u.repr.tag]: v.wire, [u.repr.content]: payload };
      case "external":
        return payload === undefined ? v.wire : { [v.wire]: payload };
      case "untagged":
        return payload === undefined ? null : payload;
    }
  }

  /** Values of `t` that stress a change to `t` itself: range ends, empty values, null, every variant. */
  private *stress(t: TypeRef, depth: number): Generator<unknown> {
    switch (t.kind) {
      case "string":
        yield* ["x", ""];
        return;
      case "bool":
        yield* [true, false];
        return;
      case "int":
        // The loaded codecs hold every 64-bit integer as a bigint (load-codecs.ts), the others as numbers.
        if (WIDE.has(t.name)) yield* [t.max, t.min, 0n];
        else yield* [Number(t.max), Number(t.min), 0];
        return;
      case "float":
        yield* [1e300, -1e300, 0.5, 0];
        return;
      case "json":
        yield* [{ witness: [1, "x"] }, "x", 1.5, null];
        return;
      case "timestamp":
        yield "2024-01-01T00:00:00Z";
        return;
      case "uuid":
        yield "00000000-0000-0000-0000-000000000001";
        return;
      case "option":
        yield null;
        yield* this.stress(t.inner, depth + 1);
        return;
      case "list":
        yield [];
        for (const v of this.stress(t.item, depth + 1)) yield [v];
        return;
      case "map":
        yield {};
        for (const v of this.stress(t.value, depth + 1)) yield { k: v };
        return;
      case "box":
        yield* this.stress(t.inner, depth + 1);
        return;
      case "named": {
        const d = this.ix.get(t.family, t.name);
        if (d === undefined || depth > 32) return;
        switch (d.kind) {
          case "alias":
            return yield* this.stress(d.target, depth + 1);
          case "newtype":
            return yield* this.stress(d.inner, depth + 1);
          case "enum":
            for (const v of d.values) yield v.wire;
            return;
          case "struct":
            yield this.structValue(d.fields, depth);
            yield this.structValue(d.fields, depth, true);
            return;
          case "union":
            for (const v of d.variants) {
              if (v.shape.kind === "lossless") continue;
              for (const p of this.variantPayloads(v, [], depth + 1)) yield this.wrap(d, v, p);
            }
            return;
        }
      }
    }
  }

  /** The plainest value of a type (zero, "x", null, empty), so a witness shows only what the finding is about. */
  private simplest(t: TypeRef, depth: number): unknown {
    switch (t.kind) {
      case "option":
      case "json":
        return null;
      case "list":
        return [];
      case "map":
        return {};
      case "int":
        return WIDE.has(t.name) ? 0n : 0;
      case "float":
        return 0.5;
      case "bool":
        return false;
      case "string":
        return "x";
      case "box":
        return this.simplest(t.inner, depth + 1);
      default:
        for (const v of this.stress(t, depth + 1)) return v;
        return null;
    }
  }

  /** A struct's fields at their simplest; with `full`, optional ones set too (to a non-empty value where cheap). */
  private structValue(fields: readonly Field[], depth: number, full = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const f of fields) {
      if (f.skip) continue;
      if (f.flatten) {
        const inner = this.simplest(f.type, depth + 1);
        if (typeof inner === "object" && inner !== null && !Array.isArray(inner)) Object.assign(out, inner);
        continue;
      }
      if (f.optional && !full) continue;
      const t = full && f.type.kind === "option" ? f.type.inner : f.type;
      out[f.wire] = depth > 16 ? null : this.simplest(t, depth + 1);
    }
    return out;
  }
}
