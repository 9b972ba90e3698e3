// `pnpm studio [--port <n>] [--host <address>]`: starts `langgraphjs dev` (the LangGraph API server,
// in memory, offline) on the graphs of `langgraph.json` and prints where to open LangGraph Studio.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";

/** Default port: not LangGraph's 2024, which another dev server often holds. */
export const DEFAULT_STUDIO_PORT = 2025;

const REPO_ROOT = path.resolve(__dirname, "../../..");
const LANGGRAPH_BIN = path.join(__dirname, "../node_modules/.bin/langgraphjs");

function main(): void {
  const { values } = parseArgs({
    options: { port: { type: "string", default: String(DEFAULT_STUDIO_PORT) }, host: { type: "string", default: "127.0.0.1" } },
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    process.stderr.write(`studio: --port must be a whole number from 1 to 65535, got ${JSON.stringify(values.port)}\n`);
    process.exit(2);
  }
  // `pnpm studio` runs in apps/studio; resolve ENGRAM_DB where the user ran it, as `pnpm engram` does.
  const userCwd = process.env.INIT_CWD ?? process.cwd();
  const db = path.resolve(userCwd, process.env.ENGRAM_DB || ".engram");
  const apiUrl = `http://${values.host}:${port}`;
  process.stdout.write(
    [
      `Engram graphs (ingest, recall, consolidate, chat) on the LangGraph dev server: ${apiUrl}`,
      `Store: ${db}`,
      `LangGraph Studio: https://smith.langchain.com/studio/?baseUrl=${apiUrl}`,
      "Offline drawings: pnpm engram graph ingest|recall|consolidate|chat [--format mermaid|svg|png]",
      "",
    ].join("\n"),
  );
  const child = spawn(
    LANGGRAPH_BIN,
    ["dev", "--port", String(port), "--host", values.host, "--no-browser", "--config", path.join(REPO_ROOT, "langgraph.json")],
    {
      cwd: REPO_ROOT,
      stdio: "inherit",
      // The "@engram/source" export condition loads the workspace packages from their sources, so Studio needs no build.
      env: { ...process.env, ENGRAM_DB: db, LANGGRAPH_CLI_NO_ANALYTICS: "1", BROWSER: "none", NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --conditions=@engram/source`.trim() },
    },
  );
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main();
