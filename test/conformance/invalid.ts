/**
 * The invalid-input corpus: mutations of serde's own (valid) corpus texts — missing and duplicated fields, unknown
 * keys and tags, wrong types, integers out of range or written as floats, bad strings, odd timestamps and uuids,
 * structs as arrays, truncated text, wrong nesting, nesting at serde's recursion limit. Each input carries the class
 * of its mutation, so that suites can tell which differences a decode path documents (the default path does not
 * see duplicate keys).
 */
import type { IrProgram, UnionDecl } from "../../generator/ir/types";
import { arr, type Json, lit, obj, parseJson, str, writeJson } from "./json-ast";

/** Why an input was made. */
export type MutationClass =
  | "missing"
  | "duplicate"
  | "unknown-key"
  | "wrong-type"
  | "integer"
  | "float"
  | "string"
  | "timestamp"
  | "uuid"
  | "tag"
  | "as-array"
  | "truncated"
  | "nesting"
  | "depth"
  | "whitespace";

export interface InvalidInput {
  type: string;
  /** `<corpus label> <mutation>` */
  label: string;
  cls: MutationClass;
  input: string;
}

const WRONG_VALUES = ["null", "true", '"x"', "1", "-1", "1.5", "[]", "{}"];
const NUMBERS = [
  "3.0", "1e3", "1E3", "-0", "0.0", "-0.0", "1.5", "-1", "0", "255", "256", "-129", "65536", "-32769", "2147483648",
  "-2147483649", "4294967296", "9007199254740993", "-9007199254740993", "9223372036854775808",
  "-9223372036854775809", "18446744073709551615", "18446744073709551616", "1e400", "-1e400", "1e-400", "1e39",
  "3.4028235e38", "0.123456789", "16777217", "12.335333333333335", "1e16", "5e-324", "2.5e-324",
];
const BAD_TOKENS = ["01", "1.", ".5", "-", "+1", "0x10", "NaN", "Infinity", "1e", "--1"];
const STRINGS = [
  '"\\ud800"', '"\\udc00\\ud800"', '"\\uD83D\\uDE00"', '"\\u00E9\\/"', '"\u0001"', '"\\x41"', '"\\U0041"', '"\u007f\u2028"',
  '"a\\"', '""',
];
const TIMESTAMPS = [
  "2024-01-02T03:04:05+05:30", "2024-01-02T03:04:05-00:00", "2024-01-02T03:04:05+0530", "2024-01-02 03:04:05Z",
  "2024-01-02t03:04:05z", "2024-01-02T03:04:05z", "2024-01-02", "2024-01-02T03:04:05", "2024-02-30T00:00:00Z",
  "2023-02-29T00:00:00Z", "2016-12-31T23:59:60Z", "2024-1-2T3:4:5Z", "2024-01-02T03:04:05.1234567891Z",
  "2024-01-02T03:04:05.000Z", "2024-01-02T03:04:05,5Z", "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
  "2024-01-02T24:00:00Z", "2024-01-02T03:04:05.Z", "1970-01-01T00:00:00+23:59",
];
const UUIDS = [
  "67E55044-10B1-426F-9247-BB680E5FE0C8", "67e5504410b1426f9247bb680e5fe0c8", "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
  "urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8", "67e55044-10b1-426f-9247-bb680e5fe0c", "67e55044-10b1-426f-9247_bb680e5fe0c8",
  "g7e55044-10b1-426f-9247-bb680e5fe0c8", "67e55044-10b1-426f-9247-bb680e5fe0c8 ", "",
];
const TS_RE = /^[+-]?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Tag keys of the program's internally and adjacently tagged unions. */
function tagKeys(program: IrProgram): Set<string> {
  const keys = new Set<string>();
  for (const f of program.families) {
    for (const d of f.decls) {
      if (d.kind === "union" && (d.repr.kind === "internal" || d.repr.kind === "adjacent")) keys.add((d as UnionDecl & { repr: { tag: string } }).repr.tag);
    }
  }
  return keys;
}

function nested(depth: number, inner: string): string {
  return "[".repeat(depth) + inner + "]".repeat(depth);
}

/** Mutations of one valid input. */
function mutate(type: string, label: string, text: string, tags: ReadonlySet<string>, out: InvalidInput[]): void {
  const add = (cls: MutationClass, what: string, input: string) => out.push({ type, label: `${label} ${what}`, cls, input });
  let root: Json;
  try {
    root = parseJson(text);
  } catch {
    return;
  }

  // The whole text.
  for (const cut of [0, 1, Math.floor(text.length / 4), Math.floor(text.length / 2), text.length - 1]) {
    if (cut < text.length) add("truncated", `cut@${cut}`, text.slice(0, cut));
  }
  add("nesting", "in-array", `[${text}]`);
  add("nesting", "in-object", `{"x":${text}}`);
  add("nesting", "trailing", `${text} x`);
  add("nesting", "trailing-brace", `${text}}`);
  add("nesting", "two-values", `${text} ${text}`);
  add("whitespace", "spaced", ` \n\t${text}\r\n `);
  add("whitespace", "bom", `\ufeff${text}`);
  for (const w of WRONG_VALUES) add("wrong-type", `root=${w}`, w);

  if (root.k === "str") {
    const s = root.v;
    add("tag", "upper", JSON.stringify(s.toUpperCase()));
    add("tag", "unknown", '"zz_unknown"');
    add("tag", "as-map", `{${JSON.stringify(s)}:null}`);
    add("tag", "as-map-value", `{${JSON.stringify(s)}:1}`);
    add("tag", "as-map-two", `{${JSON.stringify(s)}:null,"b":null}`);
    if (TS_RE.test(s)) for (const t of TIMESTAMPS) add("timestamp", `ts=${t}`, JSON.stringify(t));
    if (UUID_RE.test(s)) for (const u of UUIDS) add("uuid", `uuid=${u}`, JSON.stringify(u));
    for (const bad of STRINGS) add("string", `str=${bad}`, bad);
    return;
  }
  if (root.k === "lit") {
    for (const n of [...NUMBERS, ...BAD_TOKENS]) add("integer", `num=${n}`, n);
    return;
  }
  if (root.k === "arr") {
    if (root.items.length > 0) add("as-array", "short", writeJson(arr(root.items.slice(0, -1))));
    add("as-array", "long", writeJson(arr([...root.items, lit("1")])));
    return;
  }

  objectMutations(root, "", tags, (cls, what, j) => add(cls, what, writeJson(j)));
  // Members one level down (objects only), fewer mutations each.
  root.members.forEach(([key, value], index) => {
    if (value.k !== "obj") return;
    objectMutations(value, `${key}.`, tags, (cls, what, j) => {
      const members = root.members.map((m, k) => (k === index ? ([key, j] as const) : m));
      add(cls, what, writeJson(obj(members)));
    }, true);
  });

  // A struct as an array of its fields' values (serde accepts it for plain structs), and short/long arrays.
  const values = root.members.map(([, v]) => v);
  add("as-array", "fields", writeJson(arr(values)));
  if (values.length > 0) add("as-array", "fields-short", writeJson(arr(values.slice(0, -1))));
  add("as-array", "fields-long", writeJson(arr([...values, lit("null")])));

  // Nesting depth around serde's recursion limit (127 containers), placed in the first member.
  const first = root.members[0];
  if (first) {
    for (const depth of [125, 126, 127, 128]) {
      const members = root.members.map((m, k) => (k === 0 ? ([first[0], lit(nested(depth, "1"))] as const) : m));
      add("depth", `${first[0]}=[^${depth}]`, writeJson(obj(members)));
    }
  }
}

function objectMutations(
  o: Json & { k: "obj" },
  prefix: string,
  tags: ReadonlySet<string>,
  emit: (cls: MutationClass, what: string, j: Json) => void,
  light = false,
): void {
  const m = o.members;
  const replace = (index: number, value: Json) => obj(m.map((x, k) => (k === index ? ([x[0], value] as const) : x)));
  m.forEach(([key, value], index) => {
    const name = `${prefix}${key}`;
    emit("missing", `-${name}`, obj(m.filter((_, k) => k !== index)));
    emit("duplicate", `+${name}`, obj([...m, [key, value]]));
    if (!light) emit("duplicate", `+${name}(first)`, obj([[key, value], ...m]));
    for (const w of light ? ["null", '"x"', "[]"] : WRONG_VALUES) emit("wrong-type", `${name}=${w}`, replace(index, lit(w)));
    if (value.k === "lit" && /^-?\d/.test(value.raw)) {
      const isInt = /^-?\d+$/.test(value.raw);
      const numbers = light ? ["3.0", "-1", "18446744073709551616", "1e400"] : [...NUMBERS, ...BAD_TOKENS];
      for (const n of numbers) emit(isInt ? "integer" : "float", `${name}=${n}`, replace(index, lit(n)));
    }
    if (value.k === "str") {
      if (tags.has(key)) {
        for (const t of ["zz_unknown", value.v.toUpperCase(), ""]) emit("tag", `${name}="${t}"`, replace(index, str(t)));
        for (const t of ["1", "0", "null", "true", "[]", "{}"]) emit("tag", `${name}=${t}`, replace(index, lit(t)));
        emit("tag", `${name}-moved-last`, obj([...m.filter((_, k) => k !== index), [key, value]]));
      }
      if (TS_RE.test(value.v)) for (const t of light ? TIMESTAMPS.slice(0, 6) : TIMESTAMPS) emit("timestamp", `${name}=${t}`, replace(index, str(t)));
      if (UUID_RE.test(value.v)) for (const u of light ? UUIDS.slice(0, 4) : UUIDS) emit("uuid", `${name}=${u}`, replace(index, str(u)));
      if (!light) for (const bad of STRINGS) emit("string", `${name}=${bad}`, replace(index, lit(bad)));
    }
  });
  emit("unknown-key", `${prefix}+zz_unknown`, obj([...m, ["zz_unknown", lit("1")]]));
  if (!light) emit("unknown-key", `${prefix}+__proto__`, obj([["__proto__", obj([["polluted", lit("true")]])], ...m]));
  if (!light && m.length > 1) emit("whitespace", `${prefix}reversed`, obj([...m].reverse()));
}

/**
 * The invalid-input corpus from serde's corpus: for each type and variant, mutations of its first `perVariant`
 * cases (hostile corpus cases excluded).
 */
export function invalidCorpus(
  program: IrProgram,
  corpus: readonly { type: string; label: string; expect: string; json: { ok: boolean; json?: string } }[],
  perVariant = 2,
): InvalidInput[] {
  const tags = tagKeys(program);
  const taken = new Map<string, number>();
  const out: InvalidInput[] = [];
  for (const e of corpus) {
    if (!e.json.ok || e.json.json === undefined || e.expect !== "ok" || e.label.includes("!")) continue;
    const key = `${e.type}/${e.label.split("#")[0]}`;
    const n = taken.get(key) ?? 0;
    if (n >= perVariant) continue;
    taken.set(key, n + 1);
    mutate(e.type, e.label, e.json.json, tags, out);
  }
  return out;
}
