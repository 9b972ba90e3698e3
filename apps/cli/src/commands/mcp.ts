import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { loadOpenEngram } from "../lazy";
import { DB_OPTION_HELP, resolveDb } from "../options";

/**
 * Registers `engram mcp --user <id> [--db <dir>]`: the MCP tools of one user over stdio, for
 * desktop clients that spawn the command. stdout carries only MCP messages; logs go to stderr.
 */
export function registerMcpCommand(program: Command, context: CliContext): void {
  program
    .command("mcp")
    .description("serve one user's memory to an MCP client over stdio")
    .requiredOption("--user <id>", "whose memory the tools read and write")
    .option("--db <dir>", DB_OPTION_HELP)
    .action(async (options: { user: string; db?: string }) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { serveMcpStdio } = require("@engram/server") as typeof import("@engram/server");
      const { withEngram } = loadOpenEngram();
      await withEngram(context, resolveDb(context, options.db), (engram) => serveMcpStdio({ engram, userId: options.user }));
    });
}
