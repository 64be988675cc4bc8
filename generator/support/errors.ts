// Errors of the generated codecs, worded as serde / serde_json word them (serde 1.0.152, serde_json 1.0.87).

/**
 * A decode failure: the input is not what serde would accept for the target type.
 *
 * `message` is serde's own text, without serde_json's ` at line L column C` suffix (the position is in `line` and
 * `column` when the exact reader found a syntax error). `path` locates the failing value (`$.usage.input_tokens`,
 * `$.events[2].kind`); `expected` is serde's "expected" phrase (`u64`, `struct Usage`) and `found` its description of
 * what was there (`string "x"`, `floating point \`3\``), either empty when serde's message has no such part.
 */
export class DecodeError extends Error {
  /**
   * JSON path of the failing value, rooted at `$`. While an error travels up through the generated decoders it
   * holds the part below the current value (`.usage.input_tokens`); the entry point prefixes the `$`.
   */
  path: string;
  /** What serde expected (`u64`, `a string`, `struct Usage`), or `""` when the message names none. */
  readonly expected: string;
  /** What was found (`string "x"`, `null`, `integer \`-1\``), or `""` when the message names nothing. */
  readonly found: string;
  /** 1-based line of a syntax error found by the exact reader; 0 when the error has no position. */
  readonly line: number;
  /** 1-based column (in UTF-8 bytes, as serde_json counts) of a syntax error; 0 when the error has no position. */
  readonly column: number;

  /** Builds an error; prefer the helpers (`invalidType`, `missingField`, …) that word the message as serde does. */
  constructor(message: string, path: string, expected = "", found = "", line = 0, column = 0) {
    super(message);
    this.name = "DecodeError";
    this.path = path;
    this.expected = expected;
    this.found = found;
    this.line = line;
    this.column = column;
  }

  /** serde_json's full text: the message plus ` at line L column C` when the error has a position. */
  serdeText(): string {
    return this.line > 0 ? `${this.message} at line ${this.line} column ${this.column}` : this.message;
  }
}

/** A value that TypeScript can hold but the Rust type cannot (a lone surrogate, an out-of-range integer …). */
export class EncodeError extends Error {
  /** JSON path of the offending value, rooted at `$` (built while the error travels up, as DecodeError's). */
  path: string;

  /** Builds an encode error for the value at `path`. */
  constructor(message: string, path: string) {
    super(message);
    this.name = "EncodeError";
    this.path = path;
  }
}

/** Result of a non-throwing decode. */
export type DecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

/** serde's `invalid type: <found>, expected <expected>`. */
export function invalidType(found: string, expected: string, path: string): DecodeError {
  return new DecodeError(`invalid type: ${found}, expected ${expected}`, path, expected, found);
}

/** serde's `invalid value: <found>, expected <expected>`. */
export function invalidValue(found: string, expected: string, path: string): DecodeError {
  return new DecodeError(`invalid value: ${found}, expected ${expected}`, path, expected, found);
}

/** serde's `invalid length <n>, expected <expected>`. */
export function invalidLength(length: number, expected: string, path: string): DecodeError {
  return new DecodeError(`invalid length ${length}, expected ${expected}`, path, expected, String(length));
}

/** serde's `missing field \`name\``; `path` is the struct's path. */
export function missingField(name: string, path: string): DecodeError {
  return new DecodeError(`missing field \`${name}\``, path, name, "");
}

/** serde's `duplicate field \`name\``; `path` is the struct's path. */
export function duplicateField(name: string, path: string): DecodeError {
  return new DecodeError(`duplicate field \`${name}\``, path, "", name);
}

/** serde's list of alternatives: `` `a` ``, `` `a` or `b` ``, `` one of `a`, `b`, `c` ``. */
export function oneOf(names: readonly string[]): string {
  if (names.length === 1) return `\`${names[0]}\``;
  if (names.length === 2) return `\`${names[0]}\` or \`${names[1]}\``;
  return "one of " + names.map((n) => `\`${n}\``).join(", ");
}

/** serde's `unknown variant \`x\`, expected one of …` (or `there are no variants`). */
export function unknownVariant(variant: string, expected: readonly string[], path: string): DecodeError {
  const exp = expected.length === 0 ? "there are no variants" : `expected ${oneOf(expected)}`;
  return new DecodeError(`unknown variant \`${variant}\`, ${exp}`, path, expected.join(", "), variant);
}

/** serde's `unknown field \`x\`, expected one of …` (or `there are no fields`), raised by `deny_unknown_fields`. */
export function unknownField(field: string, expected: readonly string[], path: string): DecodeError {
  const exp = expected.length === 0 ? "there are no fields" : `expected ${oneOf(expected)}`;
  return new DecodeError(`unknown field \`${field}\`, ${exp}`, path, expected.join(", "), field);
}

/** A free-form serde `custom` error (`data did not match any variant of untagged enum X`, chrono's texts …). */
export function customError(message: string, path: string): DecodeError {
  return new DecodeError(message, path);
}

/** Appends an object key to a JSON path (`$.a` + `b` → `$.a.b`; unusual keys are quoted: `$["a b"]`). */
export function pathKey(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** Appends an array index to a JSON path (`$.a` + 2 → `$.a[2]`). */
export function pathIndex(path: string, index: number): string {
  return `${path}[${index}]`;
}
