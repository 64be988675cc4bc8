/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // ts-jest in transpile-only mode (isolatedModules): type checking is done by the tsc-based tests
  // (test/generated.test.ts, test/typelevel/, test/goldens.test.ts), not by the test runner.
  transform: { "^.+\\.tsx?$": ["ts-jest", { diagnostics: false }] },
  // Generated code and the support library import `./x.js` (what Node's ESM needs); the sources are `./x.ts`.
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  testTimeout: 60000,
  modulePathIgnorePatterns: ["<rootDir>/test/conformance/rust/target"],
};
