import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { memoryModelReplies, startOpenAiStub, toolOf, type OpenAiStub } from "@engram/testing";
import { runBenchCommand } from "../src/cli/bench-command";

const fixture = join(__dirname, "__fixtures__", "locomo-tiny.json");

describe("pnpm bench --llm against an OpenAI-compatible stub", () => {
  let stub: OpenAiStub;
  let outDir: string;
  beforeEach(async () => {
    stub = await startOpenAiStub({ chat: memoryModelReplies() });
    outDir = mkdtempSync(join(tmpdir(), "bench-llm-"));
  });
  afterEach(async () => {
    await stub.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("ingests with the LLM policy and reports calls and tokens per message and per recall", async () => {
    const out = new PassThrough();
    const err = new PassThrough();
    let errText = "";
    err.on("data", (chunk: Buffer) => (errText += chunk.toString()));
    const env = { CI: "1", OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: "test-key", ENGRAM_CHAT_MODEL: "stub-model" };
    const code = await runBenchCommand(["--data", fixture, "--out", outDir, "--budgets", "1500", "--llm", "--batch-size", "4"], { out, err, env });
    expect(errText).toBe("");
    expect(code).toBe(0);

    const tools = stub.chatRequests().map(toolOf);
    const report = JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")) as {
      engram: { ingest: { messages: number; llm: Record<string, number | null> } };
      meta: { memory: Record<string, unknown>; ingest_warm_elapsed_seconds?: number };
    };
    const llm = report.engram.ingest.llm;
    expect(report.meta.memory).toMatchObject({ policy: "llm:stub-model", batch_size: 4 });
    expect(llm.ingest_calls).toBe(tools.filter((tool) => tool === "record_memories" || tool === "reconcile_memories").length);
    expect(llm.recall_calls).toBe(tools.filter((tool) => tool === "search_memory").length);
    // No second, warm ingest: it would pay for the model's calls again.
    expect(report.meta.ingest_warm_elapsed_seconds).toBeUndefined();
    expect(llm.calls_per_recall).toBe(1);
    expect(llm.calls_per_message).toBeCloseTo(llm.ingest_calls! / report.engram.ingest.messages, 3);
    expect(llm.ingest_prompt_tokens).toBeGreaterThan(0);
    expect(readFileSync(join(outDir, "report.md"), "utf8")).toMatch(/LLM use \(from the API's usage fields\): ingest \d+ calls/);
  });
});
