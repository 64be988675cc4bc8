// The codec module under construction: its imports, constants and functions, and the helpers every layer uses to
// add to them. The walkers (decode.ts), writers (encode.ts) and entry points (module.ts) extend it in that order.
import type { DeclIndex } from "../../ir/lookup";
import type { Family, TypeRef } from "../../ir/types";
import { ImportSet, tsType, type TypeContext } from "../ts-common";
import { breakList, SUPPORT, WIDTH } from "./shared";

export abstract class CodecBase {
  protected readonly imports = new ImportSet();
  protected readonly fns: string[] = [];
  protected readonly made = new Map<string, string>();
  protected readonly consts: string[] = [];
  /** Constant names by their expression (equal constants are emitted once), and expressions by name. */
  private readonly constByExpr = new Map<string, string>();
  private readonly constExpr = new Map<string, string>();
  private readonly hot = new Set<string>();
  protected readonly plus: boolean;
  protected readonly typeCtx: TypeContext;
  /** Function-name suffixes of non-plain views, by the view they stand for (distinct views never share one). */
  protected readonly suffixes = new Map<string, string>();
  protected tmp = 0;

  constructor(
    protected readonly family: Family,
    protected readonly index: DeclIndex,
  ) {
    this.plus = family.settings.floatExponent === "plus";
    this.typeCtx = { family, index, imports: this.imports, module: "codec" as never };
  }

  protected rt(name: string): string {
    this.imports.addValue(name, SUPPORT + "runtime");
    return name;
  }

  /**
   * A runtime function that every decode calls, bound once to a module constant (`name_`) and called through it:
   * where a transpiler's CommonJS interop makes imports getters (tsx, esbuild's per-file output), each read of an
   * import is two getter calls, ~15 ns, which was ~10 % of a short event's decode; native ESM and tsc's output
   * read the import as fast as the constant.
   */
  protected hotRt(name: string): string {
    const local = `${name}_`;
    if (!this.hot.has(name)) {
      this.hot.add(name);
      this.constant(local, this.rt(name));
    }
    return local;
  }

  protected sup(name: string, module: string): string {
    this.imports.addValue(name, SUPPORT + module);
    return name;
  }

  protected fresh(prefix: string): string {
    return `${prefix}${this.tmp++}`;
  }

  protected tsOf(t: TypeRef): string {
    return tsType(t, this.typeCtx);
  }

  /**
   * A module constant `name = expr`; the name of an equal constant made before if there is one. A name already
   * bound to another expression gets `_2`, `_3` …
   */
  protected constant(name: string, expr: string): string {
    const same = this.constByExpr.get(expr);
    if (same !== undefined) return same;
    let unique = name;
    for (let n = 2; this.constExpr.has(unique); n++) unique = `${name}_${n}`;
    this.constByExpr.set(expr, unique);
    this.constExpr.set(unique, expr);
    const line = `const ${unique} = ${expr};`;
    this.consts.push(line.length > WIDTH ? breakList(line) : line);
    return unique;
  }
}
