/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\.(t|j)s$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }] },
  testMatch: ["<rootDir>/packages/*/test/**/*.test.ts", "<rootDir>/apps/*/test/**/*.test.ts", "<rootDir>/tests/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "\\.int\\.test\\.ts$"],
  maxWorkers: 2,
  testTimeout: 60000,
};
