/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  // Workspace packages resolve to their TypeScript sources (the "@engram/source" export condition), not dist/.
  testEnvironmentOptions: { customExportConditions: ["@engram/source", "node", "node-addons"] },
  transform: { "^.+\\.(t|j)s$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }] },
  testMatch: ["<rootDir>/packages/*/test/**/*.test.ts", "<rootDir>/apps/*/test/**/*.test.ts", "<rootDir>/tests/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "\\.int\\.test\\.ts$"],
  maxWorkers: 2,
  testTimeout: 60000,
};
