/**
 * `generated/<family>/family.ts`: one descriptor that hands the root union's generated functions to the runtime's
 * sinks (`runtime/family.ts` `EventFamily<E>`) — encoder, decoder, tag function and the payload truncation budgets
 * declared with `truncate:` in the spec — so wiring a sink tree needs no hand-assembled glue.
 * Emitted only for families whose root union has tags (typeName needs one).
 */
import type * as TsMorph from "ts-morph";
import { hasTags, indexDecls, resolveStruct, taggedVariants, unionNameHelpers, type DeclIndex } from "../ir/lookup";
import type { Family, Field, IrProgram, OutputFile, UnionDecl } from "../ir/types";
import type { BarrelEntry } from "./barrel";
import { codecNames } from "./codec";
import { commentLine } from "../text";
import { familyFile, ImportSet, isInheritedKey, objectKey, printModule, str, tsMorph } from "./ts-common";

/** The descriptor's exported names. */
export const FAMILY_DESCRIPTOR = "EVENT_FAMILY";
export const TRUNCATION = "TRUNCATION";
export const FAMILY_TYPE = "EventFamilyDescriptor";

/** The root union, when the family has one with tags. */
function rootUnion(family: Family): UnionDecl | undefined {
  const d = family.decls.find((x) => x.names.spec === family.root);
  return d?.kind === "union" && hasTags(d) ? d : undefined;
}

/** What `family.ts` adds to the family's barrel. */
export function familyDescriptorExports(family: Family): BarrelEntry[] {
  if (!rootUnion(family)) return [];
  return [
    { module: "family", name: FAMILY_TYPE, typeOnly: true },
    { module: "family", name: TRUNCATION, typeOnly: false },
    { module: "family", name: FAMILY_DESCRIPTOR, typeOnly: false },
  ];
}

/** The `family.ts` emitter. */
export function emitFamilyDescriptor(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  return program.families.filter((f) => f.generated).flatMap((f) => descriptorFile(f, index) ?? []);
}

/** String fields with a truncation budget, by wire name: the variant's own fields, or its wrapped struct's. */
function truncatedFields(u: UnionDecl, index: DeclIndex): [string, [string, number][]][] {
  const out: [string, [string, number][]][] = [];
  for (const v of u.variants) {
    let fields: readonly Field[] = [];
    if (v.shape.kind === "struct") fields = v.shape.fields;
    // Only internal tagging puts a wrapped struct's fields at the top level of the event object.
    else if (v.shape.kind === "newtype" && u.repr.kind === "internal") fields = resolveStruct(index, v.shape.type)?.fields ?? [];
    const budgets = fields.filter((f) => f.truncate !== undefined && !f.flatten).map((f): [string, number] => [f.wire, f.truncate!]);
    if (budgets.length > 0) out.push([v.wire, budgets]);
  }
  return out;
}

function descriptorFile(family: Family, index: DeclIndex): OutputFile | undefined {
  const u = rootUnion(family);
  if (!u) return undefined;
  const { StructureKind, VariableDeclarationKind } = tsMorph();
  const imports = new ImportSet();
  const h = unionNameHelpers(u, true);
  const codec = codecNames(u.names.ts);
  imports.addType(u.names.ts, "./types");
  imports.addValue(h.typeName, "./names");
  imports.addValue(codec.encode, "./codec");
  imports.addValue(codec.decode, "./codec");
  const budgets = truncatedFields(u, index);
  const truncation = `/* @__PURE__ */ Object.freeze({ ${budgets
    .map(([tag, fields]) => `${objectKey(tag)}: /* @__PURE__ */ Object.freeze({ ${fields.map(([f, n]) => `${objectKey(f)}: ${n}`).join(", ")} })`)
    .join(", ")} })`;
  // Keyed by tag, unless a tag is a name every object inherits (`toString`…): TypeScript then compares the inherited
  // method with the budgets of that optional key, and no object literal fits the type.
  const inherited = taggedVariants(u).some((v) => isInheritedKey(v.wire));
  if (!inherited) imports.addType(h.tagType, "./names");
  const fieldBudgets = "Readonly<Record<string, number>>";
  const truncationType = inherited ? `Readonly<Record<string, ${fieldBudgets}>>` : `Readonly<Partial<Record<${h.tagType}, ${fieldBudgets}>>>`;
  const statements: TsMorph.StatementStructures[] = [
    {
      kind: StructureKind.Interface,
      name: FAMILY_TYPE,
      isExported: true,
      docs: [{ description: `What the runtime's sinks need to carry \`${u.names.ts}\` events (structurally \`EventFamily<${u.names.ts}>\`).` }],
      properties: [
        { name: "name", type: "string", isReadonly: true, docs: [{ description: "The family's name." }] },
        { name: "truncation", type: truncationType, isReadonly: true, docs: [{ description: "Payload budgets in bytes, by wire tag and field (`truncate:` in the spec)." }] },
      ],
      methods: [
        { name: "encode", parameters: [{ name: "event", type: u.names.ts }], returnType: "string", docs: [{ description: "serde-exact JSON of one event." }] },
        { name: "decode", parameters: [{ name: "json", type: "string" }], returnType: u.names.ts, docs: [{ description: "One event from its JSON text; throws DecodeError." }] },
        { name: "typeName", parameters: [{ name: "event", type: u.names.ts }], returnType: "string", docs: [{ description: "The event's wire tag (a lossless arm gives the unknown tag it kept)." }] },
      ],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [{ description: `Payload budgets in bytes declared with \`truncate:\` in ${commentLine(family.file)}, by wire tag and field.` }],
      declarations: [{ name: TRUNCATION, type: `${FAMILY_TYPE}["truncation"]`, initializer: truncation }],
    },
    {
      kind: StructureKind.VariableStatement,
      isExported: true,
      declarationKind: VariableDeclarationKind.Const,
      docs: [{ description: `The \`${family.name}\` family for the runtime's sinks: \`new JsonlEventSink(${FAMILY_DESCRIPTOR}, …)\`.` }],
      declarations: [
        {
          name: FAMILY_DESCRIPTOR,
          type: FAMILY_TYPE,
          initializer: `/* @__PURE__ */ Object.freeze({ name: ${str(family.name)}, encode: ${codec.encode}, decode: ${codec.decode}, typeName: ${h.typeName}, truncation: ${TRUNCATION} })`,
        },
      ],
    },
  ];
  return familyFile(family, "family.ts", printModule(family, imports, statements));
}
