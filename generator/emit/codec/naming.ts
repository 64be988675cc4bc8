// The names of the codec module: the public functions of a declared type, the locals that hold a struct's fields
// and the module constants. Every one is derived from a spec name, never from a counter, so that an edit to one
// type changes only the lines of that type.
import * as fs from "node:fs";
import * as path from "node:path";
import { SUPPORT_DIR } from "../../paths";
import { camelCase, isIdentifier, JS_RESERVED_WORDS, screamingSnakeCase } from "../../naming";

/** The public API names generated for a declared type named `ts`. */
export function codecNames(ts: string): {
  encode: string;
  decode: string;
  decodeStrict: string;
  tryDecode: string;
  fromJson: string;
  toJson: string;
} {
  return {
    encode: `encode${ts}`,
    decode: `decode${ts}`,
    decodeStrict: `decode${ts}Strict`,
    tryDecode: `tryDecode${ts}`,
    fromJson: `fromJson${ts}`,
    toJson: `toJson${ts}`,
  };
}

/** The locals a generated decoder declares besides its fields' (`v`, `o`, `missing` …). */
// prettier-ignore
const FIXED_LOCALS = [
  "v", "o", "e", "t", "a", "c", "f", "x", "r", "k", "i", "n", "s", "p", "sh", "out", "dups", "missing", "isKnown",
  "hasPayload", "extra", "payload",
];

/** Everything the support library exports: a generated module imports some of them by these names. */
function supportExports(): string[] {
  const out: string[] = [];
  for (const file of fs.readdirSync(SUPPORT_DIR)) {
    if (!file.endsWith(".ts")) continue;
    const text = fs.readFileSync(path.join(SUPPORT_DIR, file), "utf8");
    for (const m of text.matchAll(/^export (?:async )?(?:function|const|let|class|type|interface) ([A-Za-z_$][\w$]*)/gm)) {
      out.push(m[1]!);
    }
  }
  return out;
}

let taken: ReadonlySet<string> | undefined;

/**
 * The local that holds a field in a decoder: the camelCase of its spec name (`session_id` → `sessionId`); a `$`
 * appended when that name is a reserved word, a fixed local of the decoders or a support export. The rule looks at
 * the name alone, so a field's local never depends on the other fields or types of the spec.
 */
export function fieldLocal(specName: string): string {
  taken ??= new Set([...JS_RESERVED_WORDS, ...FIXED_LOCALS, ...supportExports()]);
  let name = camelCase(specName);
  if (!isIdentifier(name)) name = `_${name.replace(/[^\w$]/g, "_")}`;
  return taken.has(name) ? `${name}$` : name;
}

/** A module constant of `owner` (a type, variant or walker name): `AGENT_EVENT_TOOL_CALL_FIELDS`. */
export function constName(owner: string, what: string): string {
  return `${screamingSnakeCase(owner.replace(/^[de]\$/, "").replace(/\$/g, "_"))}_${what}`;
}
