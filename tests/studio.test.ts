import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { makeTempDir, removeTempDir, REPO_ROOT, runCli, writeLines } from "./helpers/run-cli";

/** A port that was free a moment ago (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves true when `child` exits within `ms`, false otherwise; leaves no timer behind. */
function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(true);
    const timer = setTimeout(() => resolve(false), ms);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Sends `signal` to every process of the group `pid` leads; false when there is none. */
function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

const BOB_TOKEN = "ghp_Q7rT9vXk2LmN4pW8sY6uZ1aB3cD5eF0gH2jK";

/** `pnpm studio` (langgraphjs dev on the graphs of langgraph.json) as a real server on a free port. */
describe("pnpm studio", () => {
  let dir: string;
  let server: ChildProcess | undefined;
  let output = "";
  let baseUrl: string;
  let dbPath: string;

  const post = async (route: string, body: unknown): Promise<unknown> => {
    const response = await fetch(`${baseUrl}${route}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    expect(response.status).toBe(200);
    return response.json();
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    const db = path.join(dir, "db");
    const file = await writeLines(dir, "ada.jsonl", [
      JSON.stringify({ id: "a1", user: "ada", speaker: "Ada", content: "I moved to Lisbon last month.", timestamp: "2024-05-02T10:00:00Z" }),
      JSON.stringify({ id: "a2", user: "ada", speaker: "Ada", content: "I work as a nurse at Santa Maria hospital.", timestamp: "2024-05-03T10:00:00Z" }),
      JSON.stringify({ id: "a3", user: "ada", speaker: "Ada", content: "Yesterday I ran the Porto half marathon.", timestamp: "2024-05-06T10:00:00Z" }),
    ]);
    const imported = await runCli(["import", file, "--db", db]);
    expect(imported.code).toBe(0);
    // A second user whose data no request about anyone else may reach.
    const bobFile = await writeLines(dir, "bob.jsonl", [
      JSON.stringify({ id: "b1", user: "bob", speaker: "Bob", content: `My GitHub token is ${BOB_TOKEN}`, timestamp: "2024-05-02T10:00:00Z" }),
      JSON.stringify({ id: "b2", user: "bob", speaker: "Bob", content: "My name is Bob and I live in Porto.", timestamp: "2024-05-03T10:00:00Z" }),
    ]);
    expect((await runCli(["import", bobFile, "--db", db])).code).toBe(0);
    dbPath = db;

    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    const env: NodeJS.ProcessEnv = { ...process.env, ENGRAM_DB: db, CI: "1", LANGGRAPH_CLI_NO_ANALYTICS: "1", BROWSER: "none" };
    server = spawn("pnpm", ["studio", "--port", String(port)], { cwd: REPO_ROOT, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    server.stdout?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    server.stderr?.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`pnpm studio exited with ${server.exitCode}:\n${output}`);
      const ok = await fetch(`${baseUrl}/ok`, { signal: AbortSignal.timeout(2_000) }).then((response) => response.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`pnpm studio did not answer /ok within 120 s:\n${output}`);
      await sleep(500);
    }
  }, 180_000);

  afterAll(async () => {
    // The server runs as pnpm → start-studio → langgraphjs → tsx watch → API server: stop the whole group.
    if (server?.pid !== undefined) {
      killGroup(server.pid, "SIGTERM");
      await waitForExit(server, 10_000);
      killGroup(server.pid, "SIGKILL");
    }
    await removeTempDir(dir);
  }, 30_000);

  it("prints the Studio URL for its port", () => {
    expect(output).toContain(`LangGraph Studio: https://smith.langchain.com/studio/?baseUrl=${baseUrl}`);
  });

  it("serves the ingest, recall, consolidate and chat graphs", async () => {
    const assistants = (await post("/assistants/search", { limit: 10 })) as { graph_id: string }[];
    expect(assistants.map((assistant) => assistant.graph_id).sort()).toEqual(["chat", "consolidate", "ingest", "recall"]);
  });

  it("runs recall on the store through POST /runs/wait", async () => {
    const output = (await post("/runs/wait", {
      assistant_id: "recall",
      input: { query: "Where does Ada live?", scope: { user_id: "ada" }, tokenBudget: 500 },
    })) as { packed?: { context: string; tokens: number; items: { sources: string[]; text: string }[] } };
    expect(output.packed?.context).toMatch(/Lisbon/);
    expect(output.packed?.tokens).toBeLessThanOrEqual(500);
    expect(output.packed?.items.some((item) => item.text.includes("Lisbon") && item.sources.includes("a1"))).toBe(true);
  });

  it("runs the chat agent on a server thread: the thread keeps the turns, the answer comes from memory", async () => {
    const thread = (await post("/threads", {})) as { thread_id: string };
    const ask = (content: string) =>
      post(`/threads/${thread.thread_id}/runs/wait`, {
        assistant_id: "chat",
        input: { messages: [{ role: "user", content }] },
        config: { configurable: { user_id: "ada" } },
      }) as Promise<{ messages: { type: string; content: string }[] }>;
    await ask("I adopted a cat called Miso.");
    const state = await ask("Where do I live?");
    expect(state.messages.map((message) => message.type)).toEqual(["human", "ai", "human", "ai"]);
    expect(state.messages[3]?.content).toMatch(/^From memory: .*Lisbon.*\(a1\)/);
  });

  describe("serves local inspection only: hostile requests get errors and no other user's data", () => {
    const raw = (body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) =>
      fetch(`${baseUrl}/runs/wait`, { method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(60_000) });
    // Bob's recalled context, without the run's timing line.
    const bobsMemory = async () => (await runCli(["recall", "Where does Bob live? What is his name?", "--user", "bob", "--db", dbPath])).stdout.replace(/, \d+ ms/, "");

    it("refuses a web page's cross-origin text/plain request (no preflight) and never answers Access-Control-Allow-Origin: *", async () => {
      const response = await raw(
        { assistant_id: "recall", input: { query: "token", scope: { user_id: "bob" } } },
        { origin: "https://evil.example", "content-type": "text/plain;charset=UTF-8" },
      );
      expect(response.status).toBe(403);
      expect(response.headers.get("access-control-allow-origin")).toBeNull();
      expect(await response.text()).not.toContain("ghp_");
      const plain = await raw({ assistant_id: "recall", input: { query: "token", scope: { user_id: "bob" } } }, { "content-type": "text/plain" });
      expect(plain.status).toBe(415);
    });

    it("a recall run that jumps past activeRetrieval with an operator user_id and revealSecrets returns an error, no user's items", async () => {
      const response = await raw({
        assistant_id: "recall",
        input: { query: "token Porto Lisbon", scope: { user_id: "ada" } },
        command: { goto: "search", update: { query: "token Porto Lisbon", scope: { user_id: { $ne: "" } }, revealSecrets: true, topics: { keywords: ["token", "porto", "lisbon"], entities: ["Porto", "Lisbon"], timeRange: null, searchText: "token Porto Lisbon" } } },
      });
      const text = await response.text();
      expect(text).not.toContain(BOB_TOKEN);
      expect(text).not.toMatch(/Porto|Lisbon|\[withheld\]/);
      expect(text).toMatch(/ValidationError|invalid scope|error/i);
    });

    it("an ingest run with prepared messages and an operator user_id returns an error and leaves another user's memory unchanged", async () => {
      const before = await bobsMemory();
      expect(before).toMatch(/Porto/);
      const response = await raw({
        assistant_id: "ingest",
        input: {
          input: [],
          scope: { user_id: { $ne: "" } },
          messages: [
            {
              id: "x1", user_id: { $ne: "" }, agent_id: "engram", session_id: "", seq: 0, role: "user", speaker: "Bob", content: "My name is Bob and I live in Berlin.",
              timestamp: "2024-06-01T10:00:00.000Z", image_caption: "", image_url: "", ingested_at: "2024-06-01T10:00:00.000Z", processed_at: null, error: null,
            },
          ],
        },
      });
      const reply = await response.text();
      expect(reply).toMatch(/ValidationError|invalid scope|error/i);
      expect(reply).not.toMatch(/Porto|Lisbon/);
      const after = await bobsMemory();
      expect(after).toBe(before);
      expect(after).not.toMatch(/Berlin/);
    }, 180_000);
  });
});
