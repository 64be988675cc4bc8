/**
 * YAML syntax mistakes as a person makes them: one message per mistake, at the line and column of the mistake
 * (the key out of line, the quote or brace that is never closed), with a hint for the usual cause.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { formatDiagnostic } from "../../generator/diagnostics";
import { runFrontEnd } from "../../generator/frontend";
import { makeTemp, rmTemp } from "../helpers/tree";

const HEAD = ["family: fam", "types:", "  Event:", "    kind: struct"];

const cases: [string, string[], string][] = [
  [
    "a key one space short of its siblings",
    [...HEAD, "    fields:", "      a: u32", "     b: string"],
    "7:6: invalid YAML: All mapping items must start at the same column\n  hint: YAML nests by indentation: this line starts at column 6, line 6 at column 7; line the keys of one mapping up, and indent a nested one further (with spaces)",
  ],
  [
    "a tab in the indentation",
    [...HEAD, "    fields:", "\ta: u32"],
    "6:1: invalid YAML: Tabs are not allowed as indentation\n  hint: indent with spaces: YAML does not allow tabs in indentation",
  ],
  [
    "a key without its colon",
    ["family: fam", "types:", "  Event:", "    kind struct", "    fields:", "      a: u32"],
    "4:5: invalid YAML: Implicit keys need to be on a single line\n  hint: a key needs a colon and a space after it, e.g. `kind: struct`",
  ],
  [
    "a quote never closed (reported where it opens, not at the end of the file)",
    [...HEAD, '    doc: "unclosed', "    fields:", "      a: u32"],
    '5:10: invalid YAML: Missing closing "quote\n  hint: the string that starts here is never closed: end it with "',
  ],
  [
    "a flow map never closed",
    [...HEAD, "    fields: { a: u32", "  Other: { kind: struct, fields: { x: u32 } }"],
    "5:13: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }\n  hint: the { opened here is never closed: end it with } on this line",
  ],
];

let tmp: string;
beforeAll(() => {
  tmp = makeTemp("yaml-errors-");
});
afterAll(() => rmTemp(tmp));

test.each(cases)("%s", (_name, lines, expected) => {
  const file = path.join(tmp, "spec.yaml");
  fs.writeFileSync(file, lines.join("\n") + "\n");
  const out = runFrontEnd([file], tmp).diagnostics.map(formatDiagnostic);
  expect(out).toEqual([`spec.yaml:${expected}`]);
});
