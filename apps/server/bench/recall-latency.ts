// Recall latency of engram serve: the same recalls in-process (Engram.recall), through REST
// (POST /v1/recall) and through MCP over Streamable HTTP (tool `recall`), in one run against one
// store. Run: pnpm --filter @engram/server bench [-- --requests 200]
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Engram, parseJsonlMessages } from "@engram/memory";
import { startServer, TokenStore } from "../src";

const QUESTIONS = [
  "Where does Ada live?",
  "What is the name of Ada's cat?",
  "How do I deploy the ingest pipeline?",
  "When did Ada run the half marathon?",
  "What does Finch Labs build?",
  "Which design doc did Ada share?",
  "What is Ada's work email?",
  "Who is Tomás?",
];
const BUDGET = 1500;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return { n: samples.length, p50: round(percentile(sorted, 50)), p95: round(percentile(sorted, 95)), mean: round(samples.reduce((a, b) => a + b, 0) / samples.length) };
}

/**
 * Runs every mode once per round, in a rotating order, so a busy machine's drift hits all modes
 * alike; 10 warm-up rounds are not measured.
 */
async function timeInterleaved(requests: number, modes: Record<string, (question: string) => Promise<void>>): Promise<Record<string, number[]>> {
  const names = Object.keys(modes);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = -10; round < requests; round += 1) {
    const question = QUESTIONS[(round + 10) % QUESTIONS.length]!;
    for (let k = 0; k < names.length; k += 1) {
      const name = names[(round + 10 + k) % names.length]!;
      const started = performance.now();
      await modes[name]!(question);
      if (round >= 0) samples[name]!.push(performance.now() - started);
    }
  }
  return samples;
}

async function main(): Promise<void> {
  const requestsFlag = process.argv.indexOf("--requests");
  const requests = requestsFlag > 0 ? Number(process.argv[requestsFlag + 1]) : 200;
  const dir = await mkdtemp(path.join(os.tmpdir(), "engram-server-bench-"));
  const engram = await Engram.open({ path: dir });
  try {
    const text = await readFile(path.resolve(__dirname, "../../../examples/demo-conversation.jsonl"), "utf8");
    const { messages } = parseJsonlMessages(text);
    await engram.add(messages.map((entry) => entry.message), { user_id: "ada" }, { flush: true });
    const stats = await engram.stats({ user_id: "ada" });
    const tokens = new TokenStore(dir);
    const { token } = await tokens.create({ userId: "ada" });
    const server = await startServer({ engram, tokens, port: 0 });
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const client = new Client({ name: "engram-bench", version: "0.1.0" });
    await client.connect(new StreamableHTTPClientTransport(new URL(`${server.url}/mcp`), { requestInit: { headers: { authorization: `Bearer ${token}` } } }));
    try {
      const { inProcess, rest, mcp } = await timeInterleaved(requests, {
        inProcess: async (query) => {
          await engram.recall(query, { user_id: "ada" }, { tokenBudget: BUDGET });
        },
        rest: async (query) => {
          const response = await fetch(`${server.url}/v1/recall`, { method: "POST", headers, body: JSON.stringify({ query, budget: BUDGET }) });
          if (response.status !== 200) throw new Error(`REST recall answered ${response.status}`);
          await response.json();
        },
        mcp: async (query) => {
          const result = await client.callTool({ name: "recall", arguments: { query, budget: BUDGET } });
          if (result.isError) throw new Error("MCP recall failed");
        },
      });
      const report = {
        store: { messages: stats.messages, items: Object.entries(stats).filter(([table]) => !["messages", "history"].includes(table)).reduce((sum, [, count]) => sum + count, 0) },
        budgetTokens: BUDGET,
        ms: { inProcess: summarize(inProcess!), rest: summarize(rest!), mcpHttp: summarize(mcp!) },
      };
      console.log(JSON.stringify(report, null, 2));
    } finally {
      await client.close();
      await server.close();
    }
  } finally {
    await engram.close();
    await rm(dir, { recursive: true, force: true });
  }
}

void main();
