import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { REPO_ROOT } from "./helpers/run-cli";

const run = promisify(execFile);

/** The published packages, packed as a user would get them. */
const PACKAGES = [
  { name: "@engram/memory", dir: path.join(REPO_ROOT, "packages/memory") },
  { name: "@engram/server", dir: path.join(REPO_ROOT, "apps/server") },
  { name: "@engram/cli", dir: path.join(REPO_ROOT, "apps/cli") },
];

/** Adds and recalls through the installed library, from CommonJS; prints the recall result as JSON. */
const LIBRARY_SCRIPT_CJS = `
const { Engram } = require("@engram/memory");
(async () => {
  const engram = await Engram.open({ path: process.argv[2] });
  const added = await engram.add(
    [{ id: "m1", role: "user", content: "I moved to Lisbon in April 2024.", timestamp: "2024-05-02T10:00:00Z" }],
    { user_id: "ada" },
  );
  const recalled = await engram.recall("Where does Ada live?", { user_id: "ada" }, { tokenBudget: 300 });
  await engram.close();
  process.stdout.write(JSON.stringify({ stored: added.messages.stored, context: recalled.context, sources: recalled.items.flatMap((item) => item.sources) }));
})();
`;

/** The same library from an ES module: named exports of the CommonJS build must be importable. */
const LIBRARY_SCRIPT_ESM = `
import { Engram, MEMORY_TYPES, ValidationError } from "@engram/memory";
process.stdout.write(JSON.stringify({ engram: typeof Engram.open, types: MEMORY_TYPES.length, error: typeof ValidationError }));
`;

/**
 * Packs @engram/memory, @engram/server and @engram/cli with `pnpm pack` (which rewrites `workspace:*`), installs the
 * two tarballs with npm into a new folder outside the workspace, and uses them as a user would.
 * Needs the built dist/ folders (`pnpm test` runs `turbo run build` first) and the npm registry
 * (or npm's cache) for the third-party dependencies. Install scripts are skipped: the only one in
 * this tree builds better-sqlite3 (the chat checkpointer) with node-gyp, which `--help`, `stats`
 * and the library do not load.
 */
describe("the packed packages, installed with npm outside the workspace", () => {
  let dir: string;
  const installed = (name: string) => path.join(dir, "node_modules", name);

  beforeAll(async () => {
    for (const { name, dir: packageDir } of PACKAGES) {
      if (!existsSync(path.join(packageDir, "dist"))) throw new Error(`${name} has no dist/: run \`pnpm build\` first (pnpm test does)`);
    }
    dir = await mkdtemp(path.join(os.tmpdir(), "engram-pack-"));
    const tarballs: string[] = [];
    for (const { dir: packageDir } of PACKAGES) {
      const { stdout } = await run("pnpm", ["pack", "--pack-destination", dir], { cwd: packageDir });
      tarballs.push(path.resolve(dir, stdout.trim().split("\n").pop()!.trim()));
    }
    await writeFile(path.join(dir, "package.json"), JSON.stringify({ name: "engram-pack-install-test", private: true }));
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...tarballs], {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    });
  }, 900_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("rewrites workspace dependencies to the packed versions and ships only dist/, src/ and docs", async () => {
    const cli = JSON.parse(await readFile(path.join(installed("@engram/cli"), "package.json"), "utf8"));
    const memory = JSON.parse(await readFile(path.join(installed("@engram/memory"), "package.json"), "utf8"));
    expect(cli.dependencies["@engram/memory"]).toBe(memory.version);
    expect(cli.dependencies["@engram/server"]).toBe(memory.version);
    expect(JSON.stringify([cli, memory])).not.toContain("workspace:");
    expect((await readdir(installed("@engram/memory"))).sort()).toEqual(["README.md", "dist", "package.json", "src"]);
    expect(existsSync(path.join(installed("@engram/memory"), "dist/index.d.ts"))).toBe(true);
    expect(existsSync(path.join(installed("@engram/memory"), "test"))).toBe(false);
  });

  it("imports Engram, adds a message and recalls it (CommonJS)", async () => {
    await writeFile(path.join(dir, "library.cjs"), LIBRARY_SCRIPT_CJS);
    const { stdout } = await run(process.execPath, ["library.cjs", path.join(dir, "db")], { cwd: dir });
    const result = JSON.parse(stdout) as { stored: number; context: string; sources: string[] };
    expect(result.stored).toBe(1);
    expect(result.context).toContain("Lisbon");
    expect(result.sources).toContain("m1");
  });

  it("imports the library's named exports from an ES module", async () => {
    await writeFile(path.join(dir, "library.mjs"), LIBRARY_SCRIPT_ESM);
    const { stdout } = await run(process.execPath, ["library.mjs"], { cwd: dir });
    expect(JSON.parse(stdout)).toEqual({ engram: "function", types: 6, error: "function" });
  });

  it("runs the installed engram bin: --help and stats", async () => {
    const bin = path.join(dir, "node_modules/.bin/engram");
    const help = await run(bin, ["--help"], { cwd: dir });
    expect(help.stdout).toMatch(/^Usage: engram /);
    expect(help.stdout).toMatch(/^ {2}recall \[options\] <query>/m);
    const stats = await run(bin, ["stats", "--db", path.join(dir, "db"), "--user", "ada", "--json"], { cwd: dir });
    expect(JSON.parse(stats.stdout)).toMatchObject({ messages: 1 });
    const token = await run(bin, ["token", "create", "--user", "ada", "--db", path.join(dir, "db"), "--json"], { cwd: dir });
    expect(JSON.parse(token.stdout)).toMatchObject({ token: expect.stringMatching(/^engram_/) });
  });
});
