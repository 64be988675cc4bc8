/**
 * Prettier's layout for generated TypeScript without running prettier over every byte.
 *
 * Emitters print code that is already in prettier's layout almost everywhere; what they leave to the formatter is
 * a known, small set of things: lines longer than the print width, string literals in the other quote, ts-morph's
 * union-type layout, and a few idioms (`case x:` + `{`). Running prettier over a whole 5 MB codec to change those
 * costs seconds, so `planLayout` splits a file into top-level statements (with their leading comments) and:
 *
 * - keeps a statement whose every line is already in prettier's layout by the checks below (the common case);
 * - rewrites string literals to prettier's preferred quotes (a token-local rule, applied while scanning);
 * - prints a few long shapes directly, exactly as prettier breaks them (named import/export lists, one-line
 *   array/object/`new Map([...])` literals, union type aliases) — each shape is matched strictly, anything else
 *   falls through;
 * - inside a function, hands prettier only the single-line statements that are too long (at the width left by
 *   their indentation, re-indented afterwards);
 * - hands prettier every other statement that fails a check, alone (at top level the layout of one statement does
 *   not depend on its neighbours; blank lines between statements are normalized here as prettier does).
 *
 * The caller runs the prettier jobs (batched) and calls `assembleLayout`. The output equals prettier's on every
 * generated file of the seeds, the goldens and the synthetic bench specs (test/unit/layout.test.ts); a check
 * this module does not know about makes a statement go to prettier, never be printed wrong.
 */

export const PRINT_WIDTH = 120;

/**
 * A piece of code prettier must lay out. `nest` > 0: a statement that sits `nest` blocks deep — `source` wraps it
 * in that many `{ … }` so prettier sees the width it really has (and many such jobs share one prettier call);
 * `nest` = 0: a whole top-level statement.
 */
export interface LayoutJob {
  readonly source: string;
  readonly nest: number;
  /** `source` is a block header with a placeholder body (`if (…) {` + `x;` + `}`): keep only the header. */
  readonly header?: boolean;
}

/** Adds a job for `source` (a statement at `indent`, or a whole top-level statement); returns its index. */
type JobMaker = (source: string, indent: number, header: boolean) => number;

export interface LayoutPlan {
  /** Literal text, or the index of a job whose result goes there. */
  readonly parts: readonly (string | number)[];
  readonly jobs: readonly LayoutJob[];
}

// ---------------------------------------------------------------------------------------------------- scanning

const enum Mode {
  Code = 0,
  BlockComment = 1,
  Template = 2,
}

interface Line {
  /** Text after quote rewriting. */
  readonly text: string;
  /** Brackets open at the start of the line (all kinds). */
  readonly depth: number;
  /** Of those, `(` and `[` (and non-block `{`). */
  readonly nonBlock: number;
  /** Lexical mode at the start of the line. */
  readonly mode: Mode;
  /** Lowest bracket depth reached on the line, and the depth at its end. */
  readonly minDepth: number;
  readonly endDepth: number;
  /** Last significant code character ("" when the line holds no code). */
  readonly lastCode: string;
  /** The line has code (not only whitespace and comments). */
  readonly hasCode: boolean;
  /** Something on the line prettier would print differently whatever the width (see `scan`). */
  readonly odd: boolean;
  /** The line holds a template literal or a regular expression (never re-indented or printed here). */
  readonly special: boolean;
  /** The indentation prettier gives the line in the block model (-1: none known). */
  readonly want: number;
}

const KEYWORDS_BEFORE_BLOCK = new Set(["else", "try", "finally", "do"]);
const GROUPING_KEYWORDS = new Set(["return", "typeof", "case", "in", "of", "delete", "void", "throw", "instanceof", "await", "else"]);
const KEYWORDS_BEFORE_EXPR = new Set(["return", "typeof", "case", "in", "of", "new", "delete", "void", "throw", "instanceof", "yield", "await", "else", "do"]);

function isIdentChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c > 127;
}

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

/**
 * Splits `text` into lines with their lexical context, rewriting string literals to prettier's quotes on the way.
 * Returns undefined when the text is beyond this scanner (unbalanced brackets, an unterminated literal).
 */
function scan(text: string): Line[] | undefined {
  const lines: Line[] = [];
  const n = text.length;
  // Bracket stack: "(" "[" "{" (object/type literal) "B" (block).
  const stack: string[] = [];
  let nonBlock = 0;
  const templateBraces: number[] = []; // stack depth at which each `${` opened
  let mode: Mode = Mode.Code;
  let lineStart = 0;
  let out = "";
  let lineDepth = 0;
  let lineNonBlock = 0;
  let lineMode: Mode = Mode.Code;
  let minDepth = 0;
  let lastCode = "";
  let hasCode = false;
  let odd = false;
  let special = false;
  // The previous significant token, for regex-vs-division and block-vs-object decisions.
  let prevTok = "";
  let prevPrevTok = "";
  let lineFirstWord = "";
  let lineSecondWord = "";
  let lineWords = 0;
  let matrix = false;
  let i = 0;
  // Indentation: the indent of the line that opened each bracket, and of the case label a level is under.
  const openerIndent: number[] = [];
  const grouping: number[] = [];
  const caseIndent: number[] = [-1];
  let curIndent = 0;
  let prevWasCaseLabel = false;
  let prevLastCode = "";
  const spacesAt = (from: number) => {
    let k = from;
    while (k < n && text.charCodeAt(k) === 32) k++;
    return k - from;
  };
  curIndent = spacesAt(0);
  const lineStartOpener: { depth: number; opener: number; caseAt: number } = { depth: 0, opener: -2, caseAt: -1 };
  /** prettier's indentation for this line, in the block model (undefined: not one prettier would print). */
  const expectedIndent = (t: string): number | undefined => {
    const first = t.charCodeAt(curIndent);
    const content = lineStartOpener.depth === 0 ? 0 : lineStartOpener.opener + 2;
    if (lineMode === Mode.BlockComment) return first === 42 ? content + 1 : undefined;
    if (first === 125 || first === 93 || first === 41) return lineStartOpener.depth === 0 ? undefined : lineStartOpener.opener;
    if (startsWithLabel(t, curIndent)) return content;
    if (first === 123 && t.length === curIndent + 1 && prevWasCaseLabel) return lineStartOpener.caseAt;
    return lineStartOpener.caseAt >= 0 ? lineStartOpener.caseAt + 2 : content;
  };
  const endLine = (end: number) => {
    const t = out + text.slice(lineStart, end);
    let bad = odd || (t.length > 0 && (t.charCodeAt(t.length - 1) === 32 || t.charCodeAt(t.length - 1) === 9));
    const blank = curIndent === t.length;
    const want = lineMode === Mode.Template || blank ? -1 : (expectedIndent(t) ?? -1);
    if (!bad && lineMode !== Mode.Template && !blank && want !== curIndent) bad = true;
    // `{` then `}` on the next line: prettier prints `{}`.
    if (!bad && lineMode === Mode.Code && prevLastCode === "{" && t.charCodeAt(curIndent) === 125) bad = true;
    // `{` alone on its line (a case block's, joined later), a list prettier always breaks.
    if (!bad && hasCode && t.length === curIndent + 1 && t.charCodeAt(curIndent) === 123) bad = true;
    if (!bad && matrix && ALWAYS_BROKEN.test(t)) bad = true;
    const isCaseLabel = hasCode && lastCode === ":" && stack.length === lineDepth && startsWithLabel(t, curIndent);
    if (isCaseLabel) caseIndent[stack.length] = curIndent;
    if (!blank) prevWasCaseLabel = isCaseLabel;
    if (!blank && lineMode === Mode.Code) prevLastCode = hasCode ? lastCode : prevLastCode;
    lines.push({
      text: t,
      depth: lineDepth,
      nonBlock: lineNonBlock,
      mode: lineMode,
      minDepth,
      endDepth: stack.length,
      lastCode,
      hasCode,
      odd: bad,
      special,
      want,
    });
    out = "";
    lineStart = end + 1;
    lineDepth = stack.length;
    lineNonBlock = nonBlock;
    lineMode = mode;
    minDepth = stack.length;
    lastCode = "";
    hasCode = false;
    odd = false;
    special = mode === Mode.Template;
    lineFirstWord = "";
    lineSecondWord = "";
    lineWords = 0;
    matrix = false;
    curIndent = spacesAt(lineStart);
    lineStartOpener.depth = stack.length;
    lineStartOpener.opener = stack.length === 0 ? -2 : openerIndent[stack.length - 1]!;
    lineStartOpener.caseAt = caseIndent[stack.length] ?? -1;
  };
  const push = (b: string) => {
    stack.push(b);
    openerIndent[stack.length - 1] = curIndent;
    caseIndent[stack.length] = -1;
    if (b !== "B") nonBlock++;
  };
  const pop = (): string | undefined => {
    const b = stack.pop();
    if (b !== undefined && b !== "B") nonBlock--;
    if (stack.length < minDepth) minDepth = stack.length;
    return b;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      endLine(i);
      i++;
      continue;
    }
    if (mode === Mode.BlockComment) {
      if (c === 42 && text.charCodeAt(i + 1) === 47) {
        mode = Mode.Code;
        i += 2;
      } else i++;
      continue;
    }
    if (mode === Mode.Template) {
      if (c === 92) i += 2;
      else if (c === 96) {
        mode = Mode.Code;
        prevTok = "`";
        lastCode = "`";
        i++;
      } else if (c === 36 && text.charCodeAt(i + 1) === 123) {
        templateBraces.push(stack.length);
        push("{");
        mode = Mode.Code;
        prevTok = "{";
        i += 2;
      } else i++;
      continue;
    }
    // Code.
    if (c === 32) {
      // Two spaces in a row inside code (not indentation) is never prettier's.
      if (hasCode && text.charCodeAt(i + 1) === 32 && text.charCodeAt(i + 2) !== 10) odd = true;
      i++;
      continue;
    }
    if (c === 9 || c === 13) {
      odd = true;
      i++;
      continue;
    }
    if (c === 47) {
      const d = text.charCodeAt(i + 1);
      if (d === 47) {
        // Line comment: to the end of the line.
        const e = text.indexOf("\n", i);
        i = e < 0 ? n : e;
        continue;
      }
      if (d === 42) {
        mode = Mode.BlockComment;
        i += 2;
        continue;
      }
      const regexAllowed = prevTok === "" || /^[(,=:[!&|?{};+\-*%<>~^]$/.test(prevTok) || KEYWORDS_BEFORE_EXPR.has(prevTok);
      if (regexAllowed) {
        // A regular expression literal: skip it (classes may hold `/`).
        let j = i + 1;
        let inClass = false;
        for (; j < n; j++) {
          const r = text.charCodeAt(j);
          if (r === 10) return undefined;
          if (r === 92) j++;
          else if (r === 91) inClass = true;
          else if (r === 93) inClass = false;
          else if (r === 47 && !inClass) break;
        }
        j++;
        while (j < n && isIdentChar(text.charCodeAt(j))) j++;
        special = true;
        hasCode = true;
        lastCode = "/";
        prevTok = "regex";
        i = j;
        continue;
      }
    }
    hasCode = true;
    if (c === 34 || c === 39) {
      // String literal: find its end, rewrite to prettier's quotes.
      let j = i + 1;
      let escapes = false;
      let doubles = 0;
      let singles = 0;
      for (; j < n; j++) {
        const s = text.charCodeAt(j);
        if (s === 92) {
          escapes = true;
          const e = text.charCodeAt(++j);
          if (e === 34) doubles++;
          else if (e === 39) singles++;
        } else if (s === c) break;
        else if (s === 34) doubles++;
        else if (s === 39) singles++;
        else if (s === 10) return undefined;
      }
      if (j >= n) return undefined;
      // A quoted key that is a plain name: prettier drops the quotes (quoteProps "as-needed").
      if (text.charCodeAt(j + 1) === 58 && lineFirstWord !== "case" && /^["'][A-Za-z_$][\w$]*["']$/.test(text.slice(i, j + 1))) odd = true;
      // Already prettier's: the preferred quote and nothing escaped (the common case, no string built).
      if (escapes || c !== (doubles > singles ? 39 : 34)) {
        const raw = text.slice(i, j + 1);
        const pretty = prettierString(raw);
        if (pretty !== raw) {
          out += text.slice(lineStart, i) + pretty;
          lineStart = j + 1;
        }
      }
      lastCode = '"';
      prevPrevTok = prevTok;
      prevTok = '"';
      if (lineWords++ === 0) lineFirstWord = '"';
      i = j + 1;
      continue;
    }
    if (c === 96) {
      mode = Mode.Template;
      special = true;
      i++;
      continue;
    }
    if (isIdentChar(c)) {
      let j = i + 1;
      let lower = c >= 97 && c <= 122;
      for (let d = text.charCodeAt(j); j < n && isIdentChar(d); d = text.charCodeAt(++j)) if (d < 97 || d > 122) lower = false;
      // Only short lowercase words can be keywords; other names need no string of their own.
      const word = lower && j - i <= 10 ? text.slice(i, j) : "ident";
      if (lineWords === 0) lineFirstWord = word;
      else if (lineWords === 1) lineSecondWord = word;
      lineWords++;
      prevPrevTok = prevTok;
      prevTok = word;
      lastCode = "a";
      i = j;
      continue;
    }
    const ch = text[i]!;
    if (lineWords === 0) lineFirstWord = ch;
    lineWords++;
    if (c === 40 || c === 91) {
      // A grouping paren (not a call's, not a control statement's) around a bare name or call is dropped by prettier.
      grouping[stack.length] = c === 40 && (/^[^\w$)\]>"`]$/.test(prevTok) || prevTok === "" || GROUPING_KEYWORDS.has(prevTok)) ? i : -1;
      push(ch);
      const after = nextNonSpace(text, i + 1);
      // `( )` / `[ ]`: prettier prints `()` / `[]`; `[[` / `[{`: maybe a list prettier always breaks (checked below).
      if (after > i + 1 && text.charCodeAt(after) === (c === 40 ? 41 : 93)) odd = true;
      if (c === 91 && (text.charCodeAt(after) === 91 || text.charCodeAt(after) === 123)) matrix = true;
    } else if (c === 123) {
      // A block: after `)` (if/for/while/catch/function), `=>`, else/try/finally/do, a case label, a function
      // signature's return type, or first on its line. Otherwise an object or type literal.
      const block =
        prevTok === ")" ||
        (prevTok === ">" && prevPrevTok === "=") ||
        KEYWORDS_BEFORE_BLOCK.has(prevTok) ||
        lineWords === 1 ||
        (prevTok === ":" && (lineFirstWord === "case" || lineFirstWord === "default")) ||
        lineFirstWord === "function" ||
        (lineFirstWord === "export" && (lineSecondWord === "function" || lineSecondWord === "async")) ||
        (lineFirstWord === "async" && lineSecondWord === "function");
      push(block ? "B" : "{");
      const after = nextNonSpace(text, i + 1);
      if (after > i + 1 && text.charCodeAt(after) === 125) odd = true; // `{ }`: prettier prints `{}`
    } else if (c === 41 || c === 93 || c === 125) {
      if (c === 125 && templateBraces.length > 0 && templateBraces[templateBraces.length - 1] === stack.length - 1) {
        templateBraces.pop();
        pop();
        mode = Mode.Template;
        i++;
        continue;
      }
      const at = grouping[stack.length - 1] ?? -1;
      if (pop() === undefined) return undefined;
      if (c === 41 && at >= 0 && /^[\w$.]+(\([^()]*\))?$/.test(text.slice(at + 1, i)) && !/^\s*=>/.test(text.slice(i + 1, i + 5))) odd = true;
    }
    else if (c === 44) {
      // prettier puts one space after a comma (or a line break), and no comma before a closer on the same line.
      const d = text.charCodeAt(i + 1);
      if (d !== 32 && d !== 10) odd = true;
      const e = text.charCodeAt(nextNonSpace(text, i + 1));
      if (e === 93 || e === 41 || e === 125) odd = true;
    } else if (c === 33) {
      // `!(!x)`: prettier prints `!!x`.
      if (text.charCodeAt(i + 1) === 40 && text.charCodeAt(i + 2) === 33) odd = true;
    } else if (c === 63) {
      // `a ?? b` next to other operators gets parentheses from prettier; leave such lines to it.
      if (text.charCodeAt(i + 1) === 63 && text.charCodeAt(i - 1) === 32 && text.charCodeAt(i + 2) === 32) odd = true;
    }
    lastCode = ch;
    prevPrevTok = prevTok;
    prevTok = ch;
    i++;
  }
  if (mode !== Mode.Code || stack.length !== 0) return undefined;
  if (lineStart < n || out !== "") endLine(n);
  return lines;
}

/**
 * `case x:` and a `{` alone on the next line: prettier prints a block that is a case's only statement on the label's
 * line. Joins the two lines in place when the block's `}` is followed by the next label or the switch's end.
 */
function joinCaseBlocks(lines: readonly Line[]): Line[] {
  const out: Line[] = [];
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k]!;
    const prev = out[out.length - 1];
    if (
      prev !== undefined &&
      l.mode === Mode.Code &&
      prev.mode === Mode.Code &&
      prev.lastCode === ":" &&
      l.text.trim() === "{" &&
      /^\s*(case\b|default\b)/.test(prev.text) &&
      indentOf(prev.text) === indentOf(l.text)
    ) {
      // The matching `}`: the first line back at this depth, then the next label or the switch's end.
      let e = k + 1;
      while (e < lines.length && !(lines[e]!.endDepth === l.depth && lines[e]!.depth === l.depth + 1)) e++;
      const next = lines[e + 1];
      if (e < lines.length && lines[e]!.text.trim() === "}" && next !== undefined && /^\s*(case\b|default\b|\})/.test(next.text)) {
        const exact = l.text.length === indentOf(prev.text) + 1;
        out[out.length - 1] = { ...prev, text: `${prev.text} {`, endDepth: l.endDepth, lastCode: "{", odd: prev.odd || !exact };
        continue;
      }
    }
    out.push(l);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------- units

/** Display width as prettier measures it, conservatively: non-ASCII counts double (never under-estimates). */
function width(s: string): number {
  let w = s.length;
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) w++;
  return w;
}

function indentOf(s: string): number {
  let k = 0;
  while (k < s.length && s.charCodeAt(k) === 32) k++;
  return k;
}

const CONTINUATION = /^\s*([.,)\];?:|&=]|as\b|satisfies\b|else\b|catch\b|finally\b|extends\b|implements\b)/;

interface Unit {
  /** Line indexes, inclusive. */
  readonly first: number;
  readonly last: number;
  /** A blank line preceded the unit in the input. */
  readonly blankBefore: boolean;
}

function splitUnits(lines: readonly Line[]): Unit[] {
  const units: Unit[] = [];
  let i = 0;
  let blank = false;
  while (i < lines.length) {
    const l = lines[i]!;
    if (l.mode === Mode.Code && l.text.trim() === "") {
      blank = true;
      i++;
      continue;
    }
    const first = i;
    let j = i;
    for (; j < lines.length; j++) {
      const x = lines[j]!;
      if (!x.hasCode || x.endDepth !== 0) continue;
      if (x.lastCode !== ";" && x.lastCode !== "}") continue;
      // The next line with code must not continue this statement.
      let k = j + 1;
      while (k < lines.length && lines[k]!.mode === Mode.Code && lines[k]!.text.trim() === "") k++;
      if (k < lines.length && CONTINUATION.test(lines[k]!.text)) continue;
      break;
    }
    if (j >= lines.length) j = lines.length - 1;
    // Trailing blank lines are not part of the unit.
    let last = j;
    while (last > first && lines[last]!.text.trim() === "" && lines[last]!.mode === Mode.Code) last--;
    units.push({ first, last, blankBefore: blank && units.length > 0 });
    blank = false;
    i = j + 1;
  }
  return units;
}

/** A line prettier keeps as it is: fits the width, nothing odd on it. Comment-only lines are never re-flowed. */
function lineOk(l: Line, limit = PRINT_WIDTH): boolean {
  if (l.odd) return false;
  if (!l.hasCode) return true;
  // Every character counts one or two: the length alone decides most lines without looking at their characters.
  const n = l.text.length;
  return n <= limit && (2 * n <= limit || width(l.text) <= limit);
}

// Forms prettier always prints otherwise, whatever the width.
const ALWAYS_BROKEN = /\[\s*\[[^\]]*,[^\]]*\]\s*,\s*\[|\[\s*\{[^}]*,[^}]*\}\s*,\s*\{/; // [[a, b], [...]] / [{a, b}, {...}]
/** The first index at or after `from` that is not a space (tabs and newlines stop it). */
function nextNonSpace(text: string, from: number): number {
  let k = from;
  while (text.charCodeAt(k) === 32) k++;
  return k;
}

function startsWithLabel(t: string, at: number): boolean {
  return (t.startsWith("case", at) && !isIdentChar(t.charCodeAt(at + 4))) || (t.startsWith("default", at) && !isIdentChar(t.charCodeAt(at + 7)));
}

// ---------------------------------------------------------------------------------------------------- planning

/** Plans the layout of one TypeScript file (LF line endings). */
export function planLayout(text: string): LayoutPlan {
  const scanned = scan(text);
  if (scanned === undefined) return { parts: [0], jobs: [{ source: text, nest: 0 }] };
  const lines = joinCaseBlocks(scanned);
  const units = splitUnits(lines);
  const parts: (string | number)[] = [];
  const jobs: LayoutJob[] = [];
  const job: JobMaker = (source, indent, header) => {
    const nest = indent / 2;
    const body = header ? `${source}\nx;\n}` : source;
    jobs.push({ source: "{\n".repeat(nest) + body + "\n}".repeat(nest), nest, ...(header ? { header } : {}) });
    return jobs.length - 1;
  };
  // Text kept as it is accumulates here (consecutive clean units become one part).
  let kept = "";
  const flush = () => {
    if (kept !== "") parts.push(kept);
    kept = "";
  };
  for (let u = 0; u < units.length; u++) {
    const unit = units[u]!;
    if (u > 0) kept += unit.blankBefore ? "\n\n" : "\n";
    let clean = true;
    for (let k = unit.first; k <= unit.last && clean; k++) clean = lineOk(lines[k]!);
    if (clean) {
      for (let k = unit.first; k <= unit.last; k++) kept += k === unit.first ? lines[k]!.text : "\n" + lines[k]!.text;
      continue;
    }
    flush();
    const ls = lines.slice(unit.first, unit.last + 1);
    const direct = printShape(ls);
    if (direct !== undefined) {
      parts.push(direct);
      continue;
    }
    const inner = planFunction(ls, job);
    if (inner !== undefined) {
      parts.push(...inner);
      continue;
    }
    parts.push(job(ls.map((l) => l.text).join("\n"), 0, false));
  }
  kept += "\n";
  flush();
  return { parts, jobs };
}

/**
 * A function declaration whose only problems are single-line statements: those go to prettier alone (at the width
 * their indentation leaves), the rest stays. Undefined when some other line is a problem.
 */
function planFunction(ls: readonly Line[], job: JobMaker): (string | number)[] | undefined {
  let start = 0;
  while (start < ls.length && !ls[start]!.hasCode) start++;
  if (start >= ls.length || !/^(export\s+)?(async\s+)?function\b/.test(ls[start]!.text)) return undefined;
  for (let k = 0; k <= start; k++) if (!lineOk(ls[k]!)) return undefined;
  const parts: (string | number)[] = [];
  let buf: string[] = [];
  const flush = () => {
    if (buf.length > 0) parts.push(buf.join("\n") + "\n");
    buf = [];
  };
  for (let k = start + 1; k < ls.length; k++) {
    const l = ls[k]!;
    if (lineOk(l)) {
      buf.push(l.text);
      continue;
    }
    // A statement on one line, or the `if (…) {` header of a block, where a statement can start (after a statement
    // or a block opener, in a block, not in parentheses).
    const prev = ls[k - 1]!;
    const indent = l.want;
    const body = l.text.trimStart();
    const placed =
      indent >= 0 &&
      indent % 2 === 0 &&
      l.mode === Mode.Code &&
      l.hasCode &&
      !l.special &&
      l.nonBlock === 0 &&
      l.minDepth === l.depth &&
      prev.mode === Mode.Code &&
      (prev.lastCode === ";" || prev.lastCode === "{" || prev.lastCode === "}" || (prev.lastCode === ":" && /^\s*(case\b|default\b)/.test(prev.text))) &&
      !/^(case\b|default\b|\}|else\b|\.)/.test(body);
    if (!placed) return undefined;
    const w = PRINT_WIDTH - indent;
    if (l.endDepth === l.depth && l.lastCode === ";") {
      flush();
      const direct = printStatement(body, w);
      if (direct !== undefined) parts.push(reindent(direct, indent));
      else parts.push(job(body, indent, false));
    } else if (l.endDepth === l.depth + 1 && l.lastCode === "{" && /^(if|for|while|switch) \(/.test(body)) {
      flush();
      parts.push(job(body, indent, true));
    } else return undefined;
    if (k < ls.length - 1) parts.push("\n");
  }
  if (buf.length > 0) parts.push(buf.join("\n"));
  return [ls.slice(0, start + 1).map((l) => l.text).join("\n") + "\n", ...parts];
}

function reindent(text: string, indent: number): string {
  if (indent === 0) return text;
  const pad = " ".repeat(indent);
  return text
    .split("\n")
    .map((x) => (x === "" ? x : pad + x))
    .join("\n");
}

/** A single-line statement inside a function printed directly (`return { … };`, the `printOneLine` shapes). */
function printStatement(body: string, w: number): string | undefined {
  const m = /^return \{ (.*) \};$/.exec(body);
  if (m) {
    const items = splitTop(m[1]!);
    if (items === undefined || items.length === 0 || !items.every(simpleProperty)) return undefined;
    const flat = `return { ${items.join(", ")} };`;
    if (width(flat) <= w) return flat;
    const lines = items.map((x) => `  ${x},`);
    if (lines.some((x) => width(x) > w)) return undefined;
    return ["return {", ...lines, "};"].join("\n");
  }
  return printOneLine(body, w);
}

function simpleProperty(x: string): boolean {
  const kv = /^([^:]+): (.+)$/.exec(x);
  if (kv) return KEY.test(kv[1]!) && SIMPLE_ITEM.test(kv[2]!);
  return /^\.\.\.[A-Za-z_$][\w$]*$/.test(x) || /^[A-Za-z_$][\w$]*$/.test(x);
}

// ---------------------------------------------------------------------------------------------------- direct shapes

/** Statements printed directly; undefined when the unit is not one of the shapes. */
function printShape(ls: readonly Line[]): string | undefined {
  // Leading comment lines must be fine as they are.
  let start = 0;
  while (start < ls.length && !ls[start]!.hasCode) {
    if (!lineOk(ls[start]!)) return undefined;
    start++;
  }
  if (start >= ls.length) return undefined;
  const comments = ls.slice(0, start).map((l) => l.text);
  const code = ls.slice(start);
  if (code.some((l) => l.special || l.mode !== Mode.Code || (l.odd && /\t|\r/.test(l.text)))) return undefined;
  const printed = (code.length === 1 ? printOneLine(code[0]!.text) : undefined) ?? printUnionAlias(code.map((l) => l.text));
  if (printed === undefined) return undefined;
  return [...comments, printed].join("\n");
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

/**
 * `export type X = A | B | …;` on one line, or ts-morph's `export type X = ` + `    | A` lines: prettier prints it
 * on one line if it fits, else the union on the next line if that fits, else one member per line.
 */
function printUnionAlias(code: readonly string[]): string | undefined {
  let head: string;
  let members: string[];
  if (code.length === 1) {
    const m = /^((?:export )?type [A-Za-z_$][\w$]* =) (.*);$/.exec(code[0]!);
    if (!m) return undefined;
    head = m[1]!;
    const parts = splitUnion(m[2]!);
    if (parts === undefined) return undefined;
    members = parts;
  } else {
    const m = /^((?:export )?type [A-Za-z_$][\w$]* =) ?$/.exec(code[0]!);
    if (!m) return undefined;
    head = m[1]!;
    members = [];
    for (let k = 1; k < code.length; k++) {
      const mm = /^\s+\| (.*?)(;?)$/.exec(code[k]!);
      if (!mm || (mm[2] === ";") !== (k === code.length - 1)) return undefined;
      members.push(mm[1]!);
    }
  }
  if (members.length < 2 || !members.every((x) => SIMPLE_ITEM.test(x))) return undefined;
  const oneLine = `${head} ${members.join(" | ")};`;
  if (width(oneLine) <= PRINT_WIDTH) return oneLine;
  const second = `  ${members.join(" | ")};`;
  if (width(head) <= PRINT_WIDTH && width(second) <= PRINT_WIDTH) return `${head}\n${second}`;
  const broken = members.map((x, k) => `  | ${x}${k === members.length - 1 ? ";" : ""}`);
  if (broken.some((x) => width(x) > PRINT_WIDTH)) return undefined;
  return [head, ...broken].join("\n");
}

function splitUnion(s: string): string[] | undefined {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") {
      i = closingQuote(s, i);
    } else if (c === "|") {
      if (s[i - 1] !== " " || s[i + 1] !== " ") return undefined;
      out.push(s.slice(from, i - 1));
      from = i + 2;
    }
  }
  out.push(s.slice(from));
  return out;
}

// ---------------------------------------------------------------------------------------------------- assembling

/** Separates jobs in one prettier call; prettier keeps an own-line comment between statements on its own line. */
export const JOB_SEPARATOR = "// @@eventspec-layout-job@@";

/**
 * The file text, given prettier's output for each job (in `plan.jobs` order); undefined when a result is not what
 * its job expects (the caller then formats the file whole).
 */
export function assembleLayout(plan: LayoutPlan, results: readonly string[]): string | undefined {
  let s = "";
  for (const p of plan.parts) {
    if (typeof p === "string") {
      s += p;
      continue;
    }
    const job = plan.jobs[p]!;
    let lines = results[p]!.replace(/\n+$/, "").split("\n");
    // Drop the wrapping blocks (their lines are exactly `{` / `}` at the outer indentations) and the placeholder.
    for (let k = 0; k < job.nest; k++) {
      const pad = "  ".repeat(k);
      if (lines[0] !== `${pad}{` || lines[lines.length - 1] !== `${pad}}`) return undefined;
      lines = lines.slice(1, -1);
    }
    if (job.header) {
      const pad = "  ".repeat(job.nest);
      if (lines.length < 3 || lines[lines.length - 2] !== `${pad}  x;` || lines[lines.length - 1] !== `${pad}}`) return undefined;
      lines = lines.slice(0, -2);
    }
    s += lines.join("\n");
  }
  return oneTrailingNewline(s);
}

/** `s` ending in exactly one newline (a regex such as `\n*$` would try every position of a 5 MB file). */
export function oneTrailingNewline(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 10) end--;
  return end === s.length - 1 ? s : `${s.slice(0, end)}\n`;
}

/**
 * Splits prettier's output for nested jobs joined by newlines back into the jobs: each is one top-level block (a
 * `{` line to the next `}` line at column 0; everything inside is indented). Undefined when the count is off.
 */
export function splitNestedOutput(text: string, count: number): string[] | undefined {
  const out: string[] = [];
  const lines = text.replace(/\n+$/, "").split("\n");
  let start = -1;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (start < 0) {
      if (l !== "{") return undefined;
      start = i;
    } else if (l === "}") {
      out.push(lines.slice(start, i + 1).join("\n"));
      start = -1;
    } else if (l !== "" && l[0] !== " ") return undefined;
  }
  return start < 0 && out.length === count ? out : undefined;
}
