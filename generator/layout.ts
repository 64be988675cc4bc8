/**
 * The codec emitter's few layout rules (generator/emit/codec/*): string literals in prettier's quotes and long
 * one-line constants and import lists broken one item per line. What is left of the layout pass that re-implemented
 * prettier; it goes once the codec prints its own layout.
 */

export const PRINT_WIDTH = 120;

/**
 * prettier's string literal: the preferred (double) quote unless the content holds more double than single quotes;
 * escapes of the other quote dropped, the enclosing quote escaped, everything else kept (prettier's `makeString`).
 */
export function prettierString(raw: string): string {
  const content = raw.slice(1, -1);
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 34) doubles++;
    else if (c === 39) singles++;
  }
  const q = doubles > singles ? "'" : '"';
  if (raw[0] === q && !content.includes("\\")) return raw;
  const other = q === '"' ? "'" : '"';
  const body = content.replace(/\\(.)|(["'])/gs, (m, escaped: string | undefined, quote: string | undefined) => {
    if (escaped === other) return escaped;
    if (quote === q) return "\\" + quote;
    if (quote) return quote;
    return /^[^\n\r"'0-7\\bfnrt-vx\u2028\u2029]$/.test(escaped!) ? escaped! : "\\" + escaped!;
  });
  return q + body + q;
}

/** Display width as prettier measures it, conservatively: non-ASCII counts double (never under-estimates). */
function width(s: string): number {
  let w = s.length;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) w++;
  return w;
}

const SIMPLE_ITEM = /^(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?[0-9][0-9a-zA-Z_.]*|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|true|false|null)$/;
const KEY = /^(?:[A-Za-z_$][\w$]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[\s*"__proto__"\s*\])$/;

/** The index of the quote closing the string literal that opens at `open` (`s.length` when it is unterminated). */
function closingQuote(s: string, open: number): number {
  const q = s[open];
  let j = open + 1;
  for (; j < s.length; j++) {
    if (s[j] === "\\") j++;
    else if (s[j] === q) break;
  }
  return j;
}

function simpleProperty(x: string): boolean {
  const kv = /^([^:]+): (.+)$/.exec(x);
  if (kv) return KEY.test(kv[1]!) && SIMPLE_ITEM.test(kv[2]!);
  return /^\.\.\.[A-Za-z_$][\w$]*$/.test(x) || /^[A-Za-z_$][\w$]*$/.test(x);
}

/** Splits `s` at top-level commas (outside brackets and strings); undefined when unbalanced. */
function splitTop(s: string): string[] | undefined {
  const items: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = closingQuote(s, i);
      if (i >= s.length) return undefined;
    } else if (c === "(" || c === "[" || c === "{" || c === "<") depth++;
    else if (c === ")" || c === "]" || c === "}" || c === ">") {
      if (c === ">" && s[i - 1] === "=") continue; // `=>`
      depth--;
      if (depth < 0) return undefined;
    } else if (c === "," && depth === 0) {
      items.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  if (depth !== 0) return undefined;
  const last = s.slice(from).trim();
  if (last !== "") items.push(last);
  return items;
}

/** A simple array element: a literal, a name, or a short tuple of those (`["a", b]`); printed flat by prettier. */
function flatItem(item: string): boolean {
  if (SIMPLE_ITEM.test(item)) return true;
  const m = /^\[(.*)\]$/.exec(item);
  if (m) {
    const inner = splitTop(m[1]!);
    return inner !== undefined && inner.length > 0 && inner.every((x) => SIMPLE_ITEM.test(x) || /^[A-Za-z_$][\w$]* as \([^()]*\) => [\w$<>, ]+$/.test(x));
  }
  return /^[A-Za-z_$][\w$]* as \([^()]*\) => [\w$<>, ]+$/.test(item);
}

/** Every element of `items` is an array or object literal with more than one entry (prettier then always breaks). */
function allMultiEntryLiterals(items: readonly string[]): boolean {
  if (items.length < 2) return false;
  const kind = items[0]![0];
  if (kind !== "[" && kind !== "{") return false;
  return items.every((x) => x[0] === kind && (splitTop(x.slice(1, -1))?.length ?? 0) > 1);
}

/**
 * One statement on one line: a named import/export list, or `HEAD [items] TAIL;` / `HEAD { k: v, … } TAIL;`
 * where the literal is the assigned value or the sole argument of the last call (prettier hugs it).
 */
export function printOneLine(line: string, w = PRINT_WIDTH): string | undefined {
  if (line.startsWith(" ")) return undefined;
  const imp = /^((?:import|export)(?: type)? \{ )(.*)( \} from "[^"]*";| \};)$/.exec(line);
  if (imp) {
    const items = splitTop(imp[2]!);
    if (items === undefined || items.length < 2 || !items.every((x) => /^(type )?[A-Za-z_$][\w$]*( as [A-Za-z_$][\w$]*)?$/.test(x))) return undefined;
    if (width(line) <= w) return line;
    const head = imp[1]!.slice(0, -1);
    const tail = imp[3]!.slice(1);
    return [head, ...items.map((x) => `  ${x},`), tail].join("\n");
  }
  // HEAD: `const X = ` / `export const X: T = ` plus an optional `new Map<…>(` / `Object.freeze(` call opener.
  const m = /^((?:export )?const [A-Za-z_$][\w$]*(?:: [^=]+)? = (?:(?:new )?[A-Za-z_$][\w$.]*(?:<.+?>)?\()?)([[{])(.*?)([\]}])((?:\))?(?: as [\w$<>[\]|" ]+)?;)$/.exec(line);
  if (!m) return undefined;
  const [, head, open, body, close, tail] = m as unknown as [string, string, string, string, string, string];
  if ((open === "[") !== (close === "]")) return undefined;
  // The call opener and the closing paren go together.
  if (head.endsWith("(") !== tail.startsWith(")")) return undefined;
  const inner = open === "{" ? body.replace(/^ /, "").replace(/ $/, "") : body;
  if (open === "{" && inner !== "" && !(body.startsWith(" ") && body.endsWith(" "))) return undefined;
  const items = splitTop(inner);
  if (items === undefined || items.length === 0) return undefined;
  if (open === "[") {
    if (!items.every(flatItem)) return undefined;
  } else {
    if (!items.every(simpleProperty)) return undefined;
  }
  const flat = open === "[" ? `${head}[${items.join(", ")}]${tail}` : `${head}{ ${items.join(", ")} }${tail}`;
  const mustBreak = open === "[" && allMultiEntryLiterals(items);
  if (!mustBreak && width(flat) <= w) return flat === line ? line : flat;
  if (width(head + open) > w) return undefined;
  const body2 = items.map((x) => `  ${open === "[" ? x : x},`);
  if (body2.some((x) => width(x) > w)) return undefined;
  if (width(close + tail) > w) return undefined;
  return [head + open, ...body2, close + tail].join("\n");
}
