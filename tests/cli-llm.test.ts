import path from "node:path";
import { CONVERSATION_SECRETS, llmConversation, memoryModelReplies, startOpenAiStub, toolOf, type OpenAiStub } from "@engram/testing";
import { makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

/** `engram` as a real process against the OpenAI-compatible stub: a failing model, then a healthy one. */
describe("engram CLI with a chat model", () => {
  let dir: string;
  let db: string;
  let file: string;
  let stub: OpenAiStub;
  let healthy = false;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await makeTempDir();
    db = path.join(dir, "db");
    const lines = llmConversation().map((message) => JSON.stringify({ ...message, user: "ada" }));
    file = await writeLines(dir, "conversation.jsonl", lines);
    const replies = memoryModelReplies();
    stub = await startOpenAiStub({ chat: (request, recorded) => (healthy ? replies(request, recorded) : { error: { status: 500, message: "model overloaded" } }) });
    env = {
      OPENAI_BASE_URL: stub.baseURL,
      OPENAI_API_KEY: "test-key",
      ENGRAM_CHAT_MODEL: "stub-model",
      ENGRAM_LLM_MAX_RETRIES: "1",
      ENGRAM_LLM_RETRY_DELAY_MS: "1",
      ENGRAM_BATCH_SIZE: "10",
    };
  });
  afterAll(async () => {
    await stub.close();
    await removeTempDir(dir);
  });

  it("exits with a clear error when the model answers HTTP 500, keeping every message stored and pending", async () => {
    const run = await runCli(["import", file, "--db", db, "--batch-size", "10"], { env });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^engram: ModelError: stub-model record_memories call failed after 2 attempts: .*500/m);
    expect(run.stderr).toContain("engram ingest --retry-pending");
    expect(stub.chatRequests()).toHaveLength(2);
    for (const request of stub.requests) {
      for (const secret of Object.values(CONVERSATION_SECRETS)) expect(JSON.stringify(request.body)).not.toContain(secret);
    }

    const stats = JSON.parse((await runCli(["stats", "--db", db, "--json"], { env })).stdout) as {
      messages: number;
      pending: { messages: number; failed: number; batches: number };
      llm: { ingest: { failedRuns: number } };
    };
    expect(stats.messages).toBe(40);
    expect(stats.pending).toEqual({ messages: 40, failed: 10, batches: 4 });
    expect(stats.llm.ingest.failedRuns).toBe(1);
  });

  it("finishes the pending batches with ingest --retry-pending against a healthy model", async () => {
    healthy = true;
    stub.reset();
    const run = await runCli(["ingest", "--retry-pending", "--db", db], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Pending: 40 messages (10 failed)");
    expect(run.stdout).toContain("Pending now: 0 messages");
    expect(run.stdout).toMatch(/llm: +4 calls, \d+ prompt \+ \d+ completion tokens/);
    expect(stub.chatRequests().map(toolOf)).toEqual(Array(4).fill("record_memories"));

    const stats = JSON.parse((await runCli(["stats", "--db", db, "--user", "ada", "--json"], { env })).stdout) as {
      messages: number;
      episodic: number;
      knowledge_vault: number;
      pending: { messages: number };
      llm: { ingest: { calls: number; runs: number; promptTokens: number } };
    };
    expect(stats).toMatchObject({ messages: 40, pending: { messages: 0 } });
    expect(stats.episodic).toBeGreaterThan(10);
    expect(stats.knowledge_vault).toBeGreaterThanOrEqual(5);
    expect(stats.llm.ingest).toMatchObject({ calls: 6, runs: 5, failedRuns: 1 });
    expect(stats.llm.ingest.promptTokens).toBeGreaterThan(0);

    const recall = await runCli(["recall", "When did Ada run the half marathon?", "--db", db, "--user", "ada", "--json"], { env });
    expect(recall.code).toBe(0);
    expect(stub.chatRequests().map(toolOf).at(-1)).toBe("search_memory");
    for (const request of stub.requests) {
      const body = JSON.stringify(request.body);
      for (const secret of Object.values(CONVERSATION_SECRETS)) expect(body).not.toContain(secret);
    }
  });
});
