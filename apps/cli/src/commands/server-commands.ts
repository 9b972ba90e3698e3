import type { Command } from "commander";
import type { CliContext } from "../cli-context";
import { registerMcpCommand } from "./mcp";
import { registerServeCommand } from "./serve";
import { registerTokenCommand } from "./token";

/**
 * Registers `serve`, `token` and `mcp`. Their modules import only types from `@engram/server`;
 * the server, hono and the MCP SDK load inside the commands' actions.
 */
export function registerServerCommands(program: Command, context: CliContext): void {
  registerServeCommand(program, context);
  registerTokenCommand(program, context);
  registerMcpCommand(program, context);
}
