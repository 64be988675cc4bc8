// The codec emitter's entry points: one codec.ts per generated family (its public API under the walkers and
// writers), and what the family's index.ts re-exports.
import { indexDecls } from "../../ir/lookup";
import type { Decl, Family, IrProgram, OutputFile, TypeRef } from "../../ir/types";
import type { BarrelEntry } from "../barrel";
import { headerLine, ImportSet } from "../ts-common";
import { SUPPORT, WIDTH } from "./shared";
import { Writers } from "./encode";
import { codecNames } from "./naming";
import { supportFiles } from "./support-files";

class CodecModule extends Writers {
  file(): OutputFile {
    const api: string[] = [];
    for (const d of this.family.decls) api.push(this.publicApi(d));
    const body = [...this.consts, "", ...this.fns, ...api].join("\n");
    const text = `${headerLine(this.family)}\n/* eslint-disable */\n${printImports(this.imports)}\n${body}\n`;
    // Printed in the emitter's own fixed layout: no formatter runs over it.
    return { path: `${this.family.name}/codec.ts`, content: text, preformatted: true };
  }

  protected publicApi(d: Decl): string {
    const ts = d.names.ts;
    const t: TypeRef = { kind: "named", name: d.names.spec, family: this.family.name };
    const T = this.tsOf(t);
    const n = codecNames(ts);
    const dec = this.walker(t, "direct");
    this.walker(t, "content");
    const enc = this.writer(t);
    this.rt("decodeText");
    this.rt("decodeTextStrict");
    this.rt("tryDecode");
    this.rt("decodeValue");
    this.rt("encodeWith");
    this.imports.addType("DecodeResult", SUPPORT + "errors");
    this.imports.addType("JsonValue", SUPPORT + "json-value");
    this.sup("readJson", "reader");
    this.rt("toJsonValue");
    return [
      doc(`\`${ts}\` as \`serde_json::to_string\` writes it; throws EncodeError for a value Rust cannot hold.`),
      `export function ${n.encode}(value: ${T}): string {`,
      `  return encodeWith(value, ${enc});`,
      `}`,
      ``,
      doc(`Decodes \`${ts}\` from JSON text, fast path (eventspec's docs/codecs.md: what only the strict decode sees).`),
      `export function ${n.decode}(text: string): ${T} {`,
      `  return ${this.hotRt("decodeText")}(text, ${dec});`,
      `}`,
      ``,
      doc(`Decodes \`${ts}\` from JSON text exactly as serde does (duplicate keys, \`3.0\` for an integer …).`),
      `export function ${n.decodeStrict}(text: string): ${T} {`,
      `  return decodeTextStrict(text, ${dec});`,
      `}`,
      ``,
      doc(`${n.decode} without throwing: \`{ ok: true, value }\` or \`{ ok: false, error }\`.`),
      `export function ${n.tryDecode}(text: string): DecodeResult<${T}> {`,
      `  return tryDecode(${n.decode}, text);`,
      `}`,
      ``,
      doc(`Decodes \`${ts}\` from an already-parsed JSON value (JSON.parse output or a JsonValue).`),
      `export function ${n.fromJson}(value: unknown): ${T} {`,
      `  return decodeValue(value, ${dec});`,
      `}`,
      ``,
      doc(`\`${ts}\` as a JsonValue (what serde_json::to_value gives), for embedding in larger documents.`),
      `export function ${n.toJson}(value: ${T}): JsonValue {`,
      `  return toJsonValue(readJson(${n.encode}(value)));`,
      `}`,
      ``,
    ].join("\n");
  }
}

/** The codec emitter: one `codec.ts` per generated family, and the support library once. */
export function emitCodec(program: IrProgram): OutputFile[] {
  const index = indexDecls(program);
  const families = program.families.filter((f) => f.generated !== false);
  const out: OutputFile[] = families.map((f) => new CodecModule(f, index).file());
  if (families.length > 0) out.push(...supportFiles());
  return out;
}

/** What `index.ts` re-exports from `codec.ts`. */
export function codecExports(family: Family): BarrelEntry[] {
  const out: BarrelEntry[] = [];
  for (const d of family.decls) {
    const n = codecNames(d.names.ts);
    for (const name of [n.encode, n.decode, n.decodeStrict, n.tryDecode, n.fromJson, n.toJson]) {
      out.push({ module: "codec", name, typeOnly: false });
    }
  }
  return out;
}

/** A doc comment: one line when it fits the width, else its text wrapped on lines of their own. */
function doc(text: string): string {
  const line = `/** ${text} */`;
  if (line.length <= WIDTH) return line;
  const lines: string[] = [];
  for (const word of text.split(" ")) {
    const last = lines.length - 1;
    if (last >= 0 && ` * ${lines[last]} ${word}`.length <= WIDTH) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return `/**\n${lines.map((l) => ` * ${l}\n`).join("")} */`;
}

/** Import declarations of a module, printed once (sorted by the ImportSet; no ts-morph needed for the codec). */
function printImports(imports: ImportSet): string {
  const lines = imports.print().split("\n");
  // A long import list one name a line.
  return lines.map((l) => (l.length > WIDTH ? breakImport(l) : l)).join("\n");
}

function breakImport(line: string): string {
  const m = /^(import (?:type )?)\{ (.*) \}( from .*)$/.exec(line);
  if (m === null) return line;
  return `${m[1]}{\n${m[2]!.split(", ").map((n) => `  ${n},\n`).join("")}}${m[3]}`;
}
