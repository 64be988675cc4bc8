/**
 * The emitter table: every output kind is one pure function `IrProgram → OutputFile[]`, registered here in the
 * order their files are listed. Only `write.ts` touches disk.
 */
import type { IrProgram, OutputFile } from "../ir/types";
import { emitAccessors } from "./accessors";
import { emitBarrel } from "./barrel";
import { emitCodec } from "./codec";
import { emitFamilyDescriptor } from "./family";
import { emitJsonSchema } from "./jsonschema";
import { emitNames } from "./names";
import { emitRust } from "./rust";
import { emitTables } from "./tables";
import { emitTypes } from "./types";

/** A pure emitter: reads the resolved IR, returns files (paths relative to the output directory). */
export type Emitter = (program: IrProgram) => readonly OutputFile[];

export interface EmitterEntry {
  /** Short name, used by `--only` and in error messages. */
  readonly name: string;
  readonly emit: Emitter;
}

/** Filled in as emitters land; order is irrelevant to output (files are sorted by path before writing). */
export const EMITTERS: readonly EmitterEntry[] = [
  { name: "types", emit: emitTypes },
  { name: "names", emit: emitNames },
  { name: "tables", emit: emitTables },
  { name: "accessors", emit: emitAccessors },
  { name: "codec", emit: emitCodec },
  { name: "family", emit: emitFamilyDescriptor },
  { name: "index", emit: emitBarrel },
  { name: "rust", emit: emitRust },
  { name: "jsonschema", emit: emitJsonSchema },
];
