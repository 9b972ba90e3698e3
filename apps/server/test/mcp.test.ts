import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import { startTestServer, type TestServer } from "./helpers/test-server";

// Spawning the CLI or a browser takes seconds on a busy machine.
jest.setTimeout(180_000);

const ENGRAM_BIN = path.resolve(__dirname, "../../cli/bin/engram.js");
const TOOLS = ["add_memory", "delete_memory", "list_memories", "memory_history", "recall", "search_memories", "update_memory"];

type ToolText = { content: { type: string; text: string }[]; isError?: boolean };

async function callJson(client: Client, name: string, args: Record<string, unknown>) {
  const result = (await client.callTool({ name, arguments: args })) as ToolText;
  expect(result.isError).toBeFalsy();
  return JSON.parse(result.content[0]!.text);
}

/** Lists the tools, adds a memory, recalls it, reads core memory; returns the recalled items. */
async function exerciseClient(transport: Transport) {
  const client = new Client({ name: "engram-test", version: "1.0.0" });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(TOOLS);
    expect(tools.find((tool) => tool.name === "recall")?.inputSchema.properties).toHaveProperty("query");

    const added = await callJson(client, "add_memory", { content: "My sister Inês lives in Coimbra.", timestamp: "2024-04-02T10:00:00Z", id: "m1" });
    expect(added.messages.stored).toBe(1);
    await callJson(client, "add_memory", { content: "I work as a nurse at Santa Maria hospital.", timestamp: "2024-04-02T10:01:00Z", id: "m2" });
    const recalled = await callJson(client, "recall", { query: "Where does my sister live?" });
    expect(recalled.context).toContain("Coimbra");
    const hit = recalled.items.find((item: { text: string }) => item.text.includes("Coimbra"));
    expect(hit.sources).toContain("m1");

    const history = await callJson(client, "memory_history", { id: hit.id });
    expect(history.items[0].event).toBe("ADD");
    const missing = (await client.callTool({ name: "delete_memory", arguments: { id: "no-such-id" } })) as ToolText;
    expect(missing.isError).toBe(true);
    expect(JSON.parse(missing.content[0]!.text).title).toBe("NotFoundError");

    const resources = await client.listResources();
    expect(resources.resources.map((resource) => resource.uri)).toContain("engram://memory/core");
    const core = await client.readResource({ uri: "engram://memory/core" });
    expect(JSON.stringify(core.contents)).toMatch(/works as a nurse/);
    return { client, hit };
  } catch (error) {
    await client.close();
    throw error;
  }
}

describe("MCP", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  test("Streamable HTTP at /mcp with a bearer token: tools, add, recall, core resource; bob sees none of it", async () => {
    const forAlice = new StreamableHTTPClientTransport(new URL(`${t.server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${t.tokens.alice}` } } });
    const { client, hit } = await exerciseClient(forAlice);
    await client.close();

    const bob = new Client({ name: "engram-test", version: "1.0.0" });
    await bob.connect(new StreamableHTTPClientTransport(new URL(`${t.server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${t.tokens.bob}` } } }));
    const recalled = (await bob.callTool({ name: "recall", arguments: { query: "Where does my sister live? Coimbra" } })) as ToolText;
    expect(recalled.content[0]!.text).not.toContain("Coimbra");
    const listed = (await bob.callTool({ name: "list_memories", arguments: {} })) as ToolText;
    expect(listed.content[0]!.text).not.toContain("Coimbra");
    const update = (await bob.callTool({ name: "update_memory", arguments: { id: hit.id, text: "hijacked" } })) as ToolText;
    expect(update.isError).toBe(true);
    expect(JSON.parse(update.content[0]!.text).status).toBe(404);
    await bob.close();
    expect((await t.engram.get(hit.id, { user_id: "alice" })).text).not.toBe("hijacked");
  });

  test("stdio: the client spawns engram mcp --user alice", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "engram-mcp-stdio-"));
    try {
      const transport = new StdioClientTransport({ command: process.execPath, args: [ENGRAM_BIN, "mcp", "--user", "alice", "--db", dir], env: { ...(process.env as Record<string, string>), CI: "1" }, stderr: "pipe" });
      const { client } = await exerciseClient(transport);
      await client.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
