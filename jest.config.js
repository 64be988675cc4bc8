/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // ts-jest in transpile-only mode (isolatedModules): type checking is done by the tsc-based tests
  // (test/generated.test.ts, test/typelevel/, test/goldens.test.ts), not by the test runner.
  transform: { "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }] },
  testTimeout: 60000,
  modulePathIgnorePatterns: ["<rootDir>/test/conformance/rust/target"],
};
