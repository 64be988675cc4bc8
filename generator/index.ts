/**
 * eventspec's generator as a library. The CLI (`scripts/eventspec.js`, `generator/cli.ts`) is a thin shell around
 * `generate`; tools that want the resolved model (linters, other emitters) use `runFrontEnd` and the IR types.
 */
export { generate, emitAll, type GenerateOptions, type GenerateResult } from "./generate";
export { runFrontEnd, type FrontEndResult } from "./frontend";
export { DIAGNOSTIC_CODES, formatDiagnostic, type Diagnostic, type DiagnosticCode } from "./diagnostics";
export { EMITTERS, type Emitter, type EmitterEntry } from "./emit/index";
export type {
  Accessor,
  Decl,
  EnumDecl,
  Family,
  Field,
  IrProgram,
  OutputFile,
  SourceLoc,
  StructDecl,
  Table,
  TypeRef,
  UnionDecl,
  Variant,
} from "./ir/types";
