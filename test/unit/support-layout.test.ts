/**
 * The support library is copied into generated/_support/ as it is, without formatting (generator/generate.ts marks
 * the copies preformatted), so its sources must already be exactly what prettier prints with the generator's
 * options. Fix a failure by running prettier (printWidth 120, the options in generator/format.ts) on the file.
 */
import { supportFiles } from "../../generator/emit/codec";
import { formatWithPrettier } from "../../generator/format";

test.each(supportFiles().map((f) => [f.path, f] as const))("%s is in prettier's layout", async (_path, file) => {
  expect((await formatWithPrettier(file)).content).toBe(file.content);
});
