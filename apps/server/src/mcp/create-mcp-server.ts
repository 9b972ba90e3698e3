import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { MAX_MESSAGE_CHARS, MEMORY_TYPES, type Engram } from "@engram/memory";
import { z } from "zod";
import type { TokenScope } from "../auth/token-store";
import { toHistoryView, toItemView, toRecallJson } from "../http/memory-views";
import { problemFromError } from "../http/problem";

/** Options of {@link createMcpServer}. */
export interface CreateMcpServerOptions {
  engram: Engram;
  /** Whose memory every tool reads and writes (from the token, or `engram mcp --user`). */
  userId: string;
  /** What the caller may do: read tools need `read`, write tools `write`. @default every scope */
  scopes?: readonly TokenScope[];
  /** Server version reported to clients. @default "0.1.0" */
  version?: string;
}

/** URI of the core-memory resource. */
export const CORE_MEMORY_URI = "engram://memory/core";

const Id = z.string().min(1).max(512);
const MemoryType = z.enum(MEMORY_TYPES);

function jsonResult(value: unknown): CallToolResult {
  return { content: [{ type: "text", text: JSON.stringify(value) }] };
}

/**
 * An MCP server (Model Context Protocol, @modelcontextprotocol/sdk) over one user's memory: the
 * tools `add_memory`, `recall`, `search_memories`, `list_memories`, `update_memory`,
 * `delete_memory`, `memory_history`, and the resource `engram://memory/core` (the user's core
 * memory). Connect it to a transport: stdio (`engram mcp`) or Streamable HTTP (`/mcp`).
 * Tool failures are returned as `isError` results whose text is an RFC 9457 problem.
 */
export function createMcpServer(options: CreateMcpServerOptions): McpServer {
  const { engram, userId } = options;
  const scopes = options.scopes ?? ["read", "write", "admin"];
  const scope = { user_id: userId };
  const server = new McpServer({ name: "engram", version: options.version ?? "0.1.0" });

  const tool = <Shape extends z.ZodRawShape>(name: string, needs: TokenScope, description: string, inputSchema: Shape, run: (args: z.infer<z.ZodObject<Shape>>) => Promise<unknown>) => {
    server.registerTool(name, { description, inputSchema, annotations: { readOnlyHint: needs === "read" } }, (async (args: z.infer<z.ZodObject<Shape>>) => {
      if (!scopes.includes(needs) && !scopes.includes("admin")) return { isError: true, content: [{ type: "text", text: `this token lacks the ${needs} scope` }] };
      try {
        return jsonResult(await run(args));
      } catch (error) {
        return { isError: true, content: [{ type: "text", text: JSON.stringify(problemFromError(error)) }] };
      }
    }) as never);
  };

  tool(
    "add_memory",
    "write",
    "Store a conversation message in long-term memory; Engram extracts and files what is worth keeping. Returns counts of stored messages and memory actions.",
    {
      content: z.string().min(1).max(MAX_MESSAGE_CHARS).describe("what was said"),
      role: z.enum(["user", "assistant", "system", "tool"]).default("user"),
      speaker: z.string().max(200).optional().describe("display name of who spoke"),
      timestamp: z.iso.datetime({ offset: true }).optional().describe("ISO 8601 time it was said; relative dates resolve against it"),
      id: Id.optional().describe("stable message id; re-adding it adds nothing"),
    },
    async (args) => {
      const result = await engram.add([args], scope, { flush: true });
      return { messages: result.messages, actions: result.actions };
    },
  );
  tool(
    "recall",
    "read",
    "Recall what is relevant to a query: a packed context with dates and source message ids, and its items.",
    { query: z.string().min(1).max(10_000), budget: z.number().int().min(50).max(100_000).default(1500).describe("most tokens (cl100k_base)") },
    async ({ query, budget }) => toRecallJson(await engram.recall(query, scope, { tokenBudget: budget })),
  );
  tool(
    "search_memories",
    "read",
    "Hybrid search of memory items (no packing), best first.",
    { query: z.string().min(1).max(10_000), type: MemoryType.optional(), limit: z.number().int().min(1).max(100).default(10) },
    async ({ query, type, limit }) => ({ items: (await engram.search(query, scope, { types: type ? [type] : undefined, limit })).map((fused) => ({ score: fused.score, ...toItemView(fused.item) })) }),
  );
  tool(
    "list_memories",
    "read",
    "List memory items, newest first, optionally of one type.",
    { type: MemoryType.optional(), limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) },
    async ({ type, limit, offset }) => {
      const items = await engram.list(scope, { type });
      return { items: items.slice(offset, offset + limit).map(toItemView), total: items.length };
    },
  );
  tool(
    "update_memory",
    "write",
    "Edit a memory item's text or importance, or invalidate it by setting valid_to.",
    { id: Id, text: z.string().min(1).optional(), importance: z.number().min(0).max(1).optional(), valid_to: z.iso.datetime({ offset: true }).nullable().optional() },
    async ({ id, ...patch }) => toItemView(await engram.update(id, patch, scope)),
  );
  tool("delete_memory", "write", "Delete a memory item (recorded in its history).", { id: Id }, async ({ id }) => {
    await engram.delete(id, scope);
    return { deleted: id };
  });
  tool("memory_history", "read", "Every change to a memory item, oldest first.", { id: Id }, async ({ id }) => {
    const rows = await engram.history(id, scope);
    if (rows.length === 0) await engram.get(id, scope);
    return { items: rows.map(toHistoryView) };
  });

  server.registerResource("core-memory", CORE_MEMORY_URI, { title: "Core memory", description: "Who the user is and how the assistant should behave: always in context.", mimeType: "text/plain" }, async (uri) => {
    if (!scopes.includes("read") && !scopes.includes("admin")) return { contents: [] };
    const items = await engram.list(scope, { type: "core" });
    return { contents: [{ uri: uri.href, mimeType: "text/plain", text: items.map((item) => `- ${item.text}`).join("\n") }] };
  });
  return server;
}
