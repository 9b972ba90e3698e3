import { spawn, spawnSync } from "node:child_process";
import { ENGRAM_BIN, makeTempDir, removeTempDir, REPO_ROOT, runCli } from "./helpers/run-cli";

// Each test spawns the CLI a few times; a start takes seconds on a busy machine.
jest.setTimeout(240_000);

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir("engram-cli-server-");
});
afterEach(async () => {
  await removeTempDir(dir);
});

test("engram token create --json prints the token once; list shows no secret; revoke removes it", async () => {
  const created = await runCli(["token", "create", "--user", "ada", "--name", "laptop", "--scopes", "read", "--db", dir, "--json"]);
  expect(created.code).toBe(0);
  const { token, id } = JSON.parse(created.stdout) as { token: string; id: string };
  expect(token).toMatch(/^engram_/);
  const listed = await runCli(["token", "list", "--db", dir, "--json"]);
  expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ id, user_id: "ada", name: "laptop", scopes: ["read"] })]);
  expect(listed.stdout).not.toContain(token.slice(7));
  expect(listed.stdout).not.toContain("sha256");
  expect((await runCli(["token", "revoke", id, "--db", dir])).code).toBe(0);
  const again = await runCli(["token", "revoke", id, "--db", dir]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain("no token with id");
});

test("engram serve prints its URLs, answers with a token, and stops on SIGTERM", async () => {
  const { token } = JSON.parse((await runCli(["token", "create", "--user", "ada", "--db", dir, "--json"])).stdout) as { token: string };
  const child = spawn(process.execPath, [ENGRAM_BIN, "serve", "--db", dir, "--port", "0"], { cwd: REPO_ROOT, env: { ...process.env, CI: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        const match = /MCP\s+(http:\/\/127\.0\.0\.1:\d+)\/mcp/.exec(stdout);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    });
    expect((await fetch(`${url}/v1/stats`)).status).toBe(401);
    const stats = await fetch(`${url}/v1/stats`, { headers: { authorization: `Bearer ${token}` } });
    expect(stats.status).toBe(200);
    expect(await stats.json()).toMatchObject({ messages: 0, semantic: 0 });
  } finally {
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }
  // Request logs are JSON lines without the token.
  const lines = stderr.split("\n").filter((line) => line.startsWith("{"));
  expect(lines.map((line) => JSON.parse(line).path)).toContain("/v1/stats");
  expect(stderr).not.toContain(token);
});

test("building the CLI loads no server module: hono, the MCP SDK and pino load only in serve/token/mcp", () => {
  const script = `require("tsx/cjs");
const { createProgram } = require("./apps/cli/src/program.ts");
const { createProcessContext } = require("./apps/cli/src/cli-context.ts");
createProgram(createProcessContext());
process.stdout.write(JSON.stringify(Object.keys(require.cache).filter((file) => /hono|modelcontextprotocol|pino|apps[\\\\/]server/.test(file))));`;
  const run = spawnSync(process.execPath, ["-e", script], { cwd: REPO_ROOT, encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(JSON.parse(run.stdout)).toEqual([]);
});
