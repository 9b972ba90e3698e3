// Lazy loading keeps `engram --help` and the light commands fast. `@engram/memory` loads LanceDB,
// LangGraph, LangChain and the NLP libraries (about a second of CPU on a 2-core machine), and
// `./open-engram` adds the OpenAI client. The pattern, for every command in `commands/`:
// - at the top of the file, import only `commander` types, `node:` modules, light local modules
//   (cli-context, options, output/stats-table, ...) and `import type` from the heavy ones;
// - inside the action, load what it runs: `const { withEngram } = loadOpenEngram();`,
//   `const { MEMORY_TYPES } = loadMemory();`, or `require("../x") as typeof import("../x")`.
// tests/cli-lazy-load.test.ts fails when `engram --help` loads one of the heavy modules.

/** `@engram/memory`, loaded on first call (Node caches it: later calls are free). */
export function loadMemory(): typeof import("@engram/memory") {
  return require("@engram/memory");
}

/** `./open-engram` (`openEngram`, `withEngram`), loaded on first call. */
export function loadOpenEngram(): typeof import("./open-engram") {
  return require("./open-engram");
}
