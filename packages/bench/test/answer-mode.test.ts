import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { startOpenAiStub, type OpenAiStub, type StubChatRequest, type StubChatReply } from "@engram/testing";
import { runBenchCommand } from "../src/cli/bench-command";
import { ANSWER_PROMPT_VERSION } from "../src/answer/answerer";
import { JUDGE_PROMPT_VERSION } from "../src/answer/judge";

const fixture = join(__dirname, "__fixtures__", "locomo-tiny.json");

/** The stub's answers, by question: hand-scored below. */
const ANSWERS: Record<string, string> = {
  "When did Caroline go to the LGBTQ support group?": "7 May 2023", // gold 7 May 2023: F1 1, BLEU 1, CORRECT
  "What did Melanie paint?": "a sunrise", // gold "A sunrise over a lake": F1 2/3, BLEU exp(-1.5), CORRECT
  "What fields would Caroline pursue in her education?": "Not mentioned", // F1 0, BLEU 0, WRONG
  "What activities does Melanie do with her family?": "pottery and painting", // gold "pottery, painting": F1 0.8, BLEU 2/3, CORRECT
};
const FAILING_QUESTION = "What is the name of Caroline's dog?";

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part === "object" && part !== null && "text" in part ? String((part as { text: unknown }).text) : "")).join("");
  return "";
}

function reply(request: StubChatRequest): StubChatReply {
  const user = textOf(request.messages.find((message) => message.role === "user")?.content);
  if (request.tools) {
    const generated = /Generated answer: (.*)$/m.exec(user)?.[1] ?? "";
    return { toolCall: { arguments: { reasoning: "compared with the gold answer", label: generated === "Not mentioned" ? "WRONG" : "correct" } } };
  }
  const question = /Question: (.*)$/m.exec(user)?.[1] ?? "";
  if (question === FAILING_QUESTION) return { error: { status: 400, message: "context too long" } };
  return { content: ANSWERS[question] ?? "Not mentioned" };
}

function streams() {
  const out = new PassThrough();
  const err = new PassThrough();
  const text = { out: "", err: "" };
  out.on("data", (chunk: Buffer) => (text.out += chunk.toString()));
  err.on("data", (chunk: Buffer) => (text.err += chunk.toString()));
  return { out, err, text };
}

describe("answer mode (pnpm bench --answer) against an OpenAI-compatible stub", () => {
  let stub: OpenAiStub;
  let outDir: string;
  beforeEach(async () => {
    stub = await startOpenAiStub({ chat: reply });
    outDir = mkdtempSync(join(tmpdir(), "bench-answer-"));
  });
  afterEach(async () => {
    await stub.close();
    rmSync(outDir, { recursive: true, force: true });
  });

  it("answers, judges and scores every scored question, retrying a failed request", async () => {
    stub.failNext(1, 500);
    const io = streams();
    const env = { CI: "1", OPENAI_BASE_URL: stub.baseURL, OPENAI_API_KEY: "test-key", ENGRAM_CHAT_MODEL: "stub-answerer", ENGRAM_JUDGE_MODEL: "stub-judge" };
    const code = await runBenchCommand(["--data", fixture, "--out", outDir, "--budgets", "300,1500", "--answer", "--concurrency", "2"], { out: io.out, err: io.err, env });
    expect(io.text.err).toBe("");
    expect(code).toBe(0);

    const report = JSON.parse(readFileSync(join(outDir, "report.json"), "utf8")) as {
      engram: { overall: Record<string, number | null>; by_category: Record<string, Record<string, number | null>> };
      meta: { answer: Record<string, unknown> };
    };
    const overall = report.engram.overall;
    expect(overall.answered).toBe(4);
    expect(overall.judged).toBe(4);
    expect(overall.answer_errors).toBe(1);
    expect(overall.judge_accuracy).toBe(0.75);
    expect(overall.f1).toBeCloseTo((1 + 2 / 3 + 0 + 0.8) / 4, 4);
    expect(overall.bleu1).toBeCloseTo((1 + Math.exp(-1.5) + 0 + 2 / 3) / 4, 4);
    expect(report.engram.by_category.temporal?.judge_accuracy).toBe(1);
    expect(report.meta.answer).toMatchObject({
      answer_model: "stub-answerer",
      judge_model: "stub-judge",
      answer_prompt_version: ANSWER_PROMPT_VERSION,
      judge_prompt_version: JUDGE_PROMPT_VERSION,
      systems: ["engram"],
    });
    expect(report.meta.answer.input_tokens).toBeGreaterThan(0);

    const chats = stub.chatRequests();
    const judgeCalls = chats.filter((request) => request.tools);
    const answerCalls = chats.filter((request) => !request.tools);
    expect(judgeCalls).toHaveLength(4);
    expect(answerCalls.length).toBe(5 + 1); // 5 scored questions, adversarial skipped, plus the retried 500
    expect(judgeCalls.every((request) => request.model === "stub-judge" && request.response_format === undefined)).toBe(true);
    expect(judgeCalls[0]?.tools?.[0]?.function?.name).toBe("record_verdict");
    expect(answerCalls.every((request) => request.model === "stub-answerer" && request.temperature === 0)).toBe(true);
    expect(textOf(answerCalls[1]?.messages.find((message) => message.role === "user")?.content)).toContain("Memories:");

    const lines = readFileSync(join(outDir, "questions.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as { question: string; engram: Record<string, unknown> });
    const paint = lines.find((line) => line.question === "What did Melanie paint?");
    expect(paint?.engram).toMatchObject({ generated_answer: "a sunrise", verdict: "CORRECT", budget: 1500 });
    expect(lines.find((line) => line.question === FAILING_QUESTION)?.engram.error).toMatch(/400|context too long/);
    expect(readFileSync(join(outDir, "report.md"), "utf8")).toContain("## Answer mode");
    expect(io.text.out).toContain("judge accuracy (J): engram 0.750");
    // The offline ingest ran twice: the run's own, then the same messages again, warm.
    expect(io.text.out).toMatch(/ingest throughput: [\d.]+ messages\/s \([\d.]+ s, the process's first ingest\), [\d.]+ messages\/s warm/);
  });

  it("refuses --answer without a chat model configured", async () => {
    const io = streams();
    const code = await runBenchCommand(["--data", fixture, "--out", outDir, "--answer"], { out: io.out, err: io.err, env: { CI: "1" } });
    expect(code).toBe(1);
    expect(io.text.err).toContain("OPENAI_API_KEY");
  });
});

describe("bench command arguments", () => {
  it("exits 2 on bad budgets, unknown samples and missing options", async () => {
    const io = streams();
    expect(await runBenchCommand(["--data", fixture, "--out", "/tmp/x", "--budgets", "500,abc"], { out: io.out, err: io.err, env: { CI: "1" } })).toBe(2);
    expect(await runBenchCommand(["--data", fixture, "--out", "/tmp/x", "--samples", "conv-99"], { out: io.out, err: io.err, env: { CI: "1" } })).toBe(2);
    expect(io.text.err).toContain("conv-99");
    expect(await runBenchCommand(["--out", "/tmp/x"], { out: io.out, err: io.err, env: { CI: "1" } })).toBe(2);
  });
});
