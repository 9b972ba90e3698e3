import { mkdir } from "node:fs/promises";
import type { Command } from "commander";
import { loadOpenEngram } from "../lazy";
import { eprintln, println, type CliContext } from "../cli-context";
import { DB_OPTION_HELP, parseWholeNumber, resolveDb } from "../options";

/** Options of `engram serve`. */
export interface ServeCommandOptions {
  db?: string;
  host: string;
  port: string;
  maxBodyBytes?: string;
}

/**
 * Registers `engram serve [--db <dir>] [--host 127.0.0.1] [--port 8765]`: the REST API, MCP over
 * Streamable HTTP and the memory browser on one store (`@engram/server`, loaded only here), until
 * SIGINT or SIGTERM. Request logs (pino JSON lines) go to stderr.
 */
export function registerServeCommand(program: Command, context: CliContext): void {
  program
    .command("serve")
    .description("serve the REST API, MCP (Streamable HTTP at /mcp) and the memory browser page")
    .option("--db <dir>", DB_OPTION_HELP)
    .option("--host <host>", "address to bind; anything but loopback exposes the server to the network", "127.0.0.1")
    .option("--port <port>", "port (0 picks a free one)", "8765")
    .option("--max-body-bytes <n>", "largest request body in bytes [default: 1048576]")
    .action(async (options: ServeCommandOptions) => {
      const port = parseWholeNumber(options.port, "--port", { min: 0, max: 65_535 });
      const maxBodyBytes = options.maxBodyBytes === undefined ? undefined : parseWholeNumber(options.maxBodyBytes, "--max-body-bytes", { min: 1024, max: 1024 ** 3, unit: "bytes" });
      // Loaded here so that other commands never load hono, the MCP SDK or pino.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const server = require("@engram/server") as typeof import("@engram/server");
      const db = resolveDb(context, options.db);
      await mkdir(db, { recursive: true });
      const tokens = new server.TokenStore(db);
      const { openEngram } = loadOpenEngram();
      const engram = await openEngram(context, db);
      const logger = server.createStderrLogger(context.verbose ? "debug" : "info");
      const running = await server.startServer({ engram, tokens, host: options.host, port, logger, maxBodyBytes }).catch(async (error: unknown) => {
        await engram.close();
        throw error;
      });
      println(context, `Engram server on ${running.url} (store ${db})`);
      println(context, `  memory browser  ${running.url}/`);
      println(context, `  REST API        ${running.url}/v1  (OpenAPI 3.1: ${running.url}/openapi.json)`);
      println(context, `  MCP             ${running.url}/mcp  (Streamable HTTP)`);
      if ((await tokens.list()).length === 0) eprintln(context, `warning: no tokens yet; create one with: engram token create --user <id> --db ${db}`);
      if (!["127.0.0.1", "localhost", "::1"].includes(options.host)) eprintln(context, "warning: bound beyond loopback; tokens travel in clear text unless a TLS proxy fronts the server");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", resolve);
        process.once("SIGTERM", resolve);
      });
      await running.close();
      await engram.close();
    });
}
