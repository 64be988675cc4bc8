/**
 * The Rust emitter's output compiles as a consumer compiles it, against Debian's serde 1.0.152 / serde_json 1.0.87 /
 * chrono 0.4.23 / uuid 1.2.1 (offline, like the oracle): every family of `schema/` plus the kitchen-sink fixture
 * (every spec construct), with `#![deny(warnings)]`, clippy clean when clippy is installed, and the Rust-side tests
 * in `crate/tests/generated.rs` (accessors, tables, type_name, ported seed tests, the lossless arm) pass.
 */
import * as path from "node:path";
import { emitRust } from "../../generator/emit/rust";
import { clippyAvailable, describeWithOracle, runCargo, syncFiles } from "../conformance/oracle";
import { conformanceProgram } from "../conformance/program";

const CRATE = path.join(__dirname, "crate");

describeWithOracle("generated Rust compiles and its methods behave", () => {
  beforeAll(() => {
    const files = emitRust(conformanceProgram()).map((f) => ({ path: f.path.replace(/^rust\//, ""), content: f.content }));
    syncFiles(path.join(CRATE, "src", "events"), files);
  });

  test("cargo test (deny(warnings); ported seed tests, methods, lossless arm)", () => {
    const { ms, output } = runCargo(CRATE, ["test", "--offline", "--quiet"]);
    // eslint-disable-next-line no-console
    console.log(`cargo test: ${ms} ms`);
    expect(output).toMatch(/test result: ok\. [1-9]\d* passed; 0 failed/);
    expect(output).not.toMatch(/FAILED|panicked/);
  }, 15 * 60 * 1000);

  const clippy = clippyAvailable() ? test : test.skip;
  clippy("cargo clippy --all-targets -D warnings", () => {
    runCargo(CRATE, ["clippy", "--offline", "--quiet", "--all-targets", "--", "-D", "warnings"]);
  }, 15 * 60 * 1000);
});
