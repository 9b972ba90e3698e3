import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import type { Engram } from "@engram/memory";
import type { Readable, Writable } from "node:stream";
import { createMcpServer } from "./create-mcp-server";

/** Options of {@link serveMcpStdio}. */
export interface ServeMcpStdioOptions {
  engram: Engram;
  userId: string;
  /** @default process.stdin */
  stdin?: Readable;
  /** @default process.stdout (nothing else may write to it) */
  stdout?: Writable;
}

/**
 * Serves the MCP tools of one user over stdio (JSON-RPC lines on stdin/stdout), for desktop
 * clients that spawn `engram mcp --user <id>`. Resolves when the client closes stdin.
 */
export async function serveMcpStdio(options: ServeMcpStdioOptions): Promise<void> {
  const stdin = options.stdin ?? process.stdin;
  const server = createMcpServer({ engram: options.engram, userId: options.userId });
  const transport = new StdioServerTransport(stdin, options.stdout ?? process.stdout);
  const closed = new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    stdin.once("end", () => resolve());
    stdin.once("close", () => resolve());
  });
  await server.connect(transport);
  await closed;
  await server.close();
}
