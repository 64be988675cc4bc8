/**
 * Jobs that differ only in the digits of their identifiers share one prettier run.
 *
 * A large codec hands prettier about one long statement per field (generator/layout.ts), and most differ from a
 * hundred others only in numbered locals (`v12` / `v873`) and table names (`FIELDS_56`). Prettier's layout depends
 * on an identifier through its width and its first character (its factory/short-name heuristics), never on the
 * value of its digits, so a job whose identifiers' digits are all zeroed — its *shape* — is laid out exactly as the
 * job itself. `formatOutputs` runs prettier once per shape and puts each job's own identifiers back, in order
 * (prettier never reorders, adds or drops identifiers); a result whose identifiers do not line up is not used.
 *
 * Only code of plain tokens is shaped: a job holding a template literal, a regular expression, a comment or a
 * division (anything with `` ` `` or `/`) is its own shape and goes to prettier as it is.
 */

/** A job's shape: the source with identifiers' digits zeroed, and those identifiers as written, in order. */
export interface Shape {
  readonly key: string;
  readonly names: readonly string[];
}

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** `v12` → `v00`: same width, same first character. */
function zeroed(name: string): string {
  return name.replace(/[0-9]/g, "0");
}

/**
 * Walks `text`'s identifiers that hold a digit, outside string literals; `visit` gets each one's start and end.
 * False when the text holds something this scanner does not read (a template, a regex or comment, an unterminated
 * string).
 */
function eachNumberedName(text: string, visit: (start: number, end: number) => void): boolean {
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 96 || c === 47) return false;
    if (c === 34 || c === 39) {
      let j = i + 1;
      while (j < n && text.charCodeAt(j) !== c) {
        const s = text.charCodeAt(j);
        if (s === 10) return false;
        j += s === 92 ? 2 : 1;
      }
      if (j >= n) return false;
      i = j + 1;
    } else if (c >= 48 && c <= 57) {
      // A number literal (with any letters, dots and digits of its form): left as it is.
      let j = i + 1;
      while (j < n && (isIdentPart(text.charCodeAt(j)) || text.charCodeAt(j) === 46)) j++;
      i = j;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      if (hasDigit(text.slice(i, j))) visit(i, j);
      i = j;
    } else i++;
  }
  return true;
}

/** The job's shape; undefined when it is not shaped (it goes to prettier as it is). */
export function shapeOf(source: string): Shape | undefined {
  const names: string[] = [];
  let key = "";
  let from = 0;
  const ok = eachNumberedName(source, (start, end) => {
    const name = source.slice(start, end);
    names.push(name);
    key += source.slice(from, start) + zeroed(name);
    from = end;
  });
  return ok ? { key: key + source.slice(from), names } : undefined;
}

/** Prettier's output for a shape with the job's own identifiers put back; undefined when they do not line up. */
export function unshape(output: string, shape: Shape): string | undefined {
  let text = "";
  let from = 0;
  let k = 0;
  let aligned = true;
  const ok = eachNumberedName(output, (start, end) => {
    const name = shape.names[k++];
    if (name === undefined || zeroed(name) !== output.slice(start, end)) aligned = false;
    else text += output.slice(from, start) + name;
    from = end;
  });
  return ok && aligned && k === shape.names.length ? text + output.slice(from) : undefined;
}
