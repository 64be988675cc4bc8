// What every generated codec module calls around its specialized walkers: entry points (fast, strict, non-throwing),
// path building on the error path only, the exact reader's record of repeated keys, and small encoders.

import { DecodeError, EncodeError, type DecodeResult } from "./errors.js";
import { textHasIntegralFloat } from "./fast.js";
import { JsonFloat, type JsonObject, type JsonValue, NeedsExactPath } from "./json-value.js";
import { formatF32, formatF64, INT_RANGES, type IntKind } from "./numbers.js";
import { BIGINT_HINT } from "./primitives.js";
import { readJson, DUPLICATE_KEYS, SHADOWED_VALUES } from "./reader.js";
import { encodeString } from "./strings.js";

/** A generated walker: a JSON tree (JSON.parse's or readJson's) to a typed value; throws DecodeError. */
export type Walker<T> = (v: unknown) => T;

/**
 * Prefixes a path segment (`.field`, `[3]`, `["a b"]`) to an error travelling up from a nested value, and returns
 * it for rethrowing. Anything else (NeedsExactPath, a bug) passes through unchanged.
 */
export function at(e: unknown, segment: string): unknown {
  if (e instanceof DecodeError || e instanceof EncodeError) e.path = segment + e.path;
  return e;
}

/** The path segment of an object key, as the generated code writes them: `.key` or `["key"]`. */
export function keySegment(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? "." + key : "[" + JSON.stringify(key) + "]";
}

function rooted<E>(e: E): E {
  if (e instanceof DecodeError || e instanceof EncodeError) e.path = "$" + e.path;
  return e;
}

/** Set by toJsonValue when it puts an integer into a json value on the fast path (see decodeText). */
let integerInJson = false;

/** True while a walker reads JSON.parse's output (deep json values may then exceed serde's nesting limit). */
let fastWalk = false;

/**
 * True while a walker reads readJson's tree in decodeText or decodeTextStrict (fastWalk: JSON.parse's tree there),
 * which nothing else sees: json values are then taken over in place (toJsonValue). Both false for a caller's value
 * (fromJson) and while `accepts` checks one.
 */
let ownTree = false;

/** Runs `walk` over `tree` with ownTree set (restored after, so nested or failing walks leave it as it was). */
function walkOwn<T>(walk: Walker<T>, tree: unknown): T {
  const outer = ownTree;
  ownTree = true;
  try {
    return walk(tree);
  } finally {
    ownTree = outer;
  }
}

/** Runs `walk` over a caller's value: ownTree and fastWalk cleared (restored after). */
export function walkForeign<T>(walk: (v: unknown) => T, v: unknown): T {
  const outer = ownTree;
  const outerFast = fastWalk;
  ownTree = false;
  fastWalk = false;
  try {
    return walk(v);
  } finally {
    ownTree = outer;
    fastWalk = outerFast;
  }
}

/**
 * The default decode: JSON.parse and the specialized walk. The exact reader takes over when the value depends on what
 * JSON.parse cannot show: a number beyond ±2^53, `-0` or out of range where the walk met it; an integer inside a json
 * value when the text has an integral float token (`1.0` must stay a JsonFloat). What this path does not see
 * (documented in docs/codecs.md): duplicate keys (the last one wins), an integer field written as an integral float
 * (`3.0`, `1e3`, `-0`), which it accepts, and an escaped lone surrogate (`"\ud800"`), which it keeps in the string
 * (encoding that string is an EncodeError). decodeTextStrict rejects all three, as serde does.
 */
export function decodeText<T>(text: string, walk: Walker<T>): T {
  try {
    let tree: unknown;
    try {
      tree = JSON.parse(text);
    } catch {
      return walkOwn(walk, readJson(text));
    }
    integerInJson = false;
    let value: T;
    fastWalk = true;
    try {
      value = walk(tree);
    } catch (e) {
      fastWalk = false;
      if (e instanceof NeedsExactPath) return walkOwn(walk, readJson(text));
      throw e;
    }
    fastWalk = false;
    if (integerInJson && textHasIntegralFloat(text)) return walkOwn(walk, readJson(text));
    return value;
  } catch (e) {
    throw rooted(e);
  }
}

/** The strict decode: always the exact reader, so it agrees with serde on every input. */
export function decodeTextStrict<T>(text: string, walk: Walker<T>): T {
  try {
    return walkOwn(walk, readJson(text));
  } catch (e) {
    throw rooted(e);
  }
}

/** A decode that reports failure as a value instead of throwing (other exceptions still throw). */
export function tryDecode<T>(decode: (text: string) => T, text: string): DecodeResult<T> {
  try {
    return { ok: true, value: decode(text) };
  } catch (e) {
    if (e instanceof DecodeError) return { ok: false, error: e };
    throw e;
  }
}

/**
 * Value-level decode of an already-parsed JSON value (JSON.parse's output, a JsonValue, or readJson's output).
 * A number beyond ±2^53 in JSON.parse output cannot be trusted and is an error here; decode the text instead.
 */
export function decodeValue<T>(value: unknown, walk: Walker<T>): T {
  try {
    return walkForeign(walk, value);
  } catch (e) {
    if (e instanceof NeedsExactPath) {
      throw new DecodeError(
        "number beyond ±2^53 or out of range in an already-parsed value; decode the JSON text to read it exactly",
        "$",
      );
    }
    throw rooted(e);
  }
}

/** Runs a generated encoder, rooting the path of an EncodeError. */
export function encodeWith<T>(value: T, write: (v: T) => string): string {
  try {
    return write(value);
  } catch (e) {
    // An encoder throws EncodeError only: a value of the wrong shape (null for an event, a missing struct) fails
    // in a property read, which is reported as what it is.
    if (e instanceof EncodeError || e instanceof DecodeError) throw rooted(e);
    throw new EncodeError(
      `the value does not have the declared type: ${e instanceof Error ? e.message : String(e)}`,
      "$",
    );
  }
}

/** The repeated keys readJson recorded on an object, if any (the fast path never has any). */
export function duplicatesOf(o: object): readonly string[] | undefined {
  return (o as { [DUPLICATE_KEYS]?: string[] })[DUPLICATE_KEYS];
}

/**
 * The values repeated keys of an object replaced (`[key, value, index …]`, see readJson's SHADOWED_VALUES), which
 * serde decodes too; undefined on the fast path and for objects without repeated keys.
 */
export function shadowedOf(o: object): readonly unknown[] | undefined {
  return (o as { [SHADOWED_VALUES]?: unknown[] })[SHADOWED_VALUES];
}

/**
 * The keys of `o` in the order serde meets them: its own keys, with each repeated key again where it repeats (the
 * exact reader records where; JSON.parse's objects have no repeats).
 */
export function keysInTextOrder(o: object): string[] {
  const distinct = Object.keys(o);
  const shadowed = shadowedOf(o);
  if (shadowed === undefined) return distinct;
  const out: string[] = [];
  let next = 0;
  for (let i = 0; i < shadowed.length; i += 3) {
    const at = shadowed[i + 2] as number;
    while (out.length < at) out.push(distinct[next++]!);
    out.push(shadowed[i] as string);
  }
  while (next < distinct.length) out.push(distinct[next++]!);
  return out;
}

/** `o[key] = value`, where a `__proto__` key is data (an own property), not the prototype. */
export function putEntry(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key !== "__proto__") o[key] = value;
  else Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** `o[key]` for keys that are also Object.prototype members (`constructor`, `toString` …): own properties only. */
export function own(o: object, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(o, key) ? (o as Record<string, unknown>)[key] : undefined;
}

/** A string as serde_json writes it; a lone surrogate or a non-string is an EncodeError. */
export function quote(s: string): string {
  if (typeof s !== "string") throw new EncodeError(`expected a string, found ${typeof s}`, "");
  return encodeString(s, "");
}

/** An integer of `kind` held as a number; out of range, non-integral or not a number is an EncodeError. */
export function encodeInt(x: number, kind: IntKind): string {
  if (typeof x === "number" && Number.isSafeInteger(x)) {
    const [lo, hi] = INT_RANGES[kind];
    if (BigInt(x) >= lo && BigInt(x) <= hi) return x === 0 ? "0" : "" + x;
  }
  throw new EncodeError(`${String(x)} is not a ${kind} (an integer in its range, within ±2^53 unless bigint)`, "");
}

/** An integer of `kind` held as a bigint (fields that opted into `bigint`). */
export function encodeBigInt(x: bigint | number, kind: IntKind): string {
  const b = typeof x === "bigint" ? x : Number.isSafeInteger(x) ? BigInt(x) : undefined;
  const [lo, hi] = INT_RANGES[kind];
  if (b === undefined || b < lo || b > hi) throw new EncodeError(`${String(x)} is not a ${kind}`, "");
  return b.toString();
}

/** An f64 field (serde's layout; `plus` selects `1e+16`). */
export function encodeF64(x: number, plus: boolean): string {
  if (typeof x !== "number") throw new EncodeError(`expected a number, found ${typeof x}`, "");
  return formatF64(x, plus);
}

/** An f32 field. */
export function encodeF32(x: number, plus: boolean): string {
  if (typeof x !== "number") throw new EncodeError(`expected a number, found ${typeof x}`, "");
  return formatF32(x, plus);
}

/**
 * Converts a JSON tree (JSON.parse's or readJson's) into a JsonValue: null-prototype objects, exact numbers. A tree
 * the decode made itself (see ownTree) is converted in place, which costs a prototype change per object instead of
 * a copy of every member into a new dictionary-mode object; a caller's tree (fromJson) is copied.
 */
export function toJsonValue(v: unknown, depth = 0): JsonValue {
  switch (typeof v) {
    case "string":
    case "boolean":
    case "bigint":
      return v;
    case "number":
      checkJsonNumber(v);
      return v;
    case "object": {
      if (v === null) return v;
      if (fastWalk) {
        adoptParsed(v, depth);
        return v as JsonValue;
      }
      if (v instanceof JsonFloat) return v;
      if (ownTree) return adopt(v, depth);
      if (Array.isArray(v)) {
        const out: JsonValue[] = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = toJsonValue(v[i], depth + 1);
        return out;
      }
      return copyObject(v, depth);
    }
    default:
      throw new DecodeError(`${typeof v} is not a JSON value`, "");
  }
}

function copyObject(v: object, depth: number): JsonObject {
  const out: JsonObject = Object.create(null);
  for (const k in v) out[k] = toJsonValue((v as Record<string, unknown>)[k], depth + 1);
  return out;
}

/**
 * toJsonValue of an array or object of JSON.parse's tree (fastWalk): the checks toJsonValue makes, in one pass
 * that knows what JSON.parse cannot produce (JsonFloat, bigint, readJson's record of repeated keys), so it asks
 * nothing about them and calls itself only for nested arrays and objects.
 */
function adoptParsed(v: object, depth: number): void {
  // JSON.parse reads any depth; serde stops at 127 levels. Only the exact reader counts them precisely.
  if (depth > 64) throw new NeedsExactPath("depth");
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "number") checkJsonNumber(x);
      else if (typeof x === "object" && x !== null) adoptParsed(x, depth + 1);
    }
    return;
  }
  // Object.setPrototypeOf, not `__proto__ =`: an own `__proto__` key is data.
  Object.setPrototypeOf(v, null);
  for (const k in v) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (typeof x === "number") checkJsonNumber(x);
    else if (typeof x === "object" && x !== null) adoptParsed(x, depth + 1);
  }
}

/**
 * A number of a json value: beyond 2^53 the text may hold an exact integer that JSON.parse rounded, -0 and Infinity
 * came from floats (the exact reader takes over); an integer may have been `1.0` (decodeText scans for it).
 */
function checkJsonNumber(x: number): void {
  if (Number.isSafeInteger(x)) {
    if (x === 0 && 1 / x < 0) throw new NeedsExactPath("number");
    integerInJson = true;
  } else if (Number.isInteger(x) || !Number.isFinite(x)) {
    throw new NeedsExactPath("number");
  }
}

/** toJsonValue of an array or object of a tree the decode owns: its members checked, its objects made null-prototype. */
function adopt(v: object, depth: number): JsonValue {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      if (typeof x === "object" || typeof x === "number") toJsonValue(x, depth + 1);
    }
    return v as JsonValue[];
  }
  // readJson's record of repeated keys stays with the tree (another walk of it may still need it), out of the value.
  if (duplicatesOf(v) !== undefined) return copyObject(v, depth);
  // Object.setPrototypeOf, not `__proto__ =`: an own `__proto__` key is data.
  Object.setPrototypeOf(v, null);
  for (const k in v) {
    const x: unknown = (v as Record<string, unknown>)[k];
    if (typeof x === "object" || typeof x === "number") toJsonValue(x, depth + 1);
  }
  return v as JsonObject;
}

/** Everything of an object but one key, as a JsonObject (the payload of a lossless catch-all arm). */
export function jsonWithout(o: object, key: string): JsonObject {
  const out: JsonObject = Object.create(null);
  for (const k in o) if (k !== key) out[k] = toJsonValue((o as Record<string, unknown>)[k], 1);
  return out;
}

/**
 * A copy of object `o` without `keys` (what a flattened union with a lossless arm sees: the entries the outer struct
 * did not take).
 */
export function withoutKeys(o: Record<string, unknown>, keys: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) {
    if (keys.has(k)) continue;
    if (k === "__proto__")
      Object.defineProperty(out, k, { value: o[k], enumerable: true, writable: true, configurable: true });
    else out[k] = o[k];
  }
  const repeated = duplicatesOf(o)?.filter((k) => !keys.has(k));
  if (repeated !== undefined && repeated.length > 0) {
    const shadowed = shadowedOf(o)!.filter((_, i, all) => !keys.has(all[i - (i % 3)] as string));
    Object.defineProperty(out, DUPLICATE_KEYS, { value: repeated, enumerable: false });
    Object.defineProperty(out, SHADOWED_VALUES, { value: shadowed, enumerable: false });
  }
  return out;
}

/**
 * A flattened Option whose payload does not read is None in serde, never an error: a DecodeError becomes null. Two
 * things still propagate: the refusal of a 64-bit integer without the bigint opt-in (serde reads that payload; None
 * would drop it silently) and anything that is not a DecodeError (the fast path's NeedsExactPath, a bug).
 */
export function noneUnlessRefused(e: unknown): null {
  if (e instanceof DecodeError && !e.message.endsWith(BIGINT_HINT)) return null;
  throw e;
}
