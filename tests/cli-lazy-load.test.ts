import { spawnSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { assertCliBuilt, ENGRAM_BIN, makeTempDir, removeTempDir, REPO_ROOT } from "./helpers/run-cli";

/** Packages that cost most of a second to load; `engram --help` must load none of them (apps/cli/src/lazy.ts). */
const HEAVY_PACKAGES = ["@engram/memory", "@lancedb/lancedb", "apache-arrow", "@langchain/core", "@langchain/langgraph", "@langchain/openai", "@langchain/langgraph-checkpoint-sqlite", "compromise", "chrono-node", "js-tiktoken", "zod"];

/** `@engram/memory/defaults`: constants with no imports, which the CLI's option help may read. */
const MEMORY_DEFAULTS = path.join(REPO_ROOT, "packages/memory/dist/defaults.js");

/** The package a loaded file belongs to (`@engram/memory` for packages/memory/dist/...), or undefined. */
function packageOf(file: string): string | undefined {
  if (file === MEMORY_DEFAULTS) return "@engram/memory/defaults";
  if (file.startsWith(path.join(REPO_ROOT, "packages/memory/"))) return "@engram/memory";
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules)/.exec(file);
  return match?.[1];
}

/** Runs the built `engram` bin and returns the packages whose files it required. */
async function packagesLoadedBy(args: string[]): Promise<{ status: number | null; stdout: string; packages: Set<string> }> {
  assertCliBuilt();
  const dir = await makeTempDir("engram-lazy-");
  try {
    // Preloaded with -r: at exit, writes every file in the CommonJS module cache to a file.
    const report = path.join(dir, "loaded.json");
    const preload = path.join(dir, "report-loaded.js");
    await writeFile(preload, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));\n`);
    const run = spawnSync(process.execPath, ["-r", preload, ENGRAM_BIN, ...args], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, CI: "1" } });
    const files = JSON.parse(await readFile(report, "utf8")) as string[];
    return { status: run.status, stdout: run.stdout, packages: new Set(files.map(packageOf).filter((name): name is string => name !== undefined)) };
  } finally {
    await removeTempDir(dir);
  }
}

describe("engram start-up loads only what the command runs", () => {
  it("--help lists every command without loading the library, LanceDB, LangChain or the NLP libraries", async () => {
    const { status, stdout, packages } = await packagesLoadedBy(["--help"]);
    expect(status).toBe(0);
    for (const command of ["import", "recall", "stats", "ingest", "chat", "graph", "demo", "export", "forget"]) expect(stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expect(packages.has("commander")).toBe(true);
    expect(HEAVY_PACKAGES.filter((name) => packages.has(name))).toEqual([]);
  });

  it("a command's own --help loads nothing heavy either", async () => {
    const { status, stdout, packages } = await packagesLoadedBy(["chat", "--help"]);
    expect(status).toBe(0);
    expect(stdout).toContain("--short-term <strategy>");
    expect(HEAVY_PACKAGES.filter((name) => packages.has(name))).toEqual([]);
  });

  it("stats loads the library and LanceDB but not the OpenAI client, the SQLite checkpointer or the NLP libraries", async () => {
    const dir = await makeTempDir("engram-lazy-db-");
    try {
      const { status, packages } = await packagesLoadedBy(["stats", "--db", dir]);
      expect(status).toBe(0);
      expect(packages.has("@engram/memory")).toBe(true);
      expect(packages.has("@lancedb/lancedb")).toBe(true);
      expect(packages.has("@langchain/openai")).toBe(false);
      expect(packages.has("@langchain/langgraph-checkpoint-sqlite")).toBe(false);
      expect(packages.has("compromise")).toBe(false);
      expect(packages.has("chrono-node")).toBe(false);
    } finally {
      await removeTempDir(dir);
    }
  });
});
