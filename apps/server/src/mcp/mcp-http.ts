import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import type { Engram } from "@engram/memory";
import type { Context } from "hono";
import type { AuthEnv } from "../auth/bearer-auth";
import { createMcpServer } from "./create-mcp-server";

/**
 * Handles one request to `/mcp` (MCP Streamable HTTP, stateless: no session id), for the user of
 * the request's bearer token. A fresh MCP server and transport serve each request, so no state
 * can pass between users.
 */
export async function handleMcpRequest(c: Context<AuthEnv>, engram: Engram): Promise<Response> {
  const { userId, scopes } = c.var.principal;
  const server = createMcpServer({ engram, userId, scopes });
  const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
  await server.connect(transport);
  try {
    return await transport.handleRequest(c.req.raw);
  } finally {
    void server.close();
  }
}
