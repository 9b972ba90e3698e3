import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { z } from "zod";
import type { AnswerCallOptions, Judge, JudgeLabel } from "./answer-types";
import type { TokenUsage } from "@engram/memory";
import { readTokenUsage } from "@engram/memory/internal";

/** Version of {@link JUDGE_SYSTEM_PROMPT}; recorded in every report. Bump it when the text changes. */
export const JUDGE_PROMPT_VERSION = "judge-v1";

/**
 * System prompt of the LLM judge: generous CORRECT/WRONG grading as in the LLM-as-a-judge ("J")
 * metric of Mem0 (arXiv 2504.19413, section 4.1; mem0ai/mem0 `evaluation/metrics/llm_judge.py`)
 * and MIRIX (arXiv 2507.07957), reworded for this bench.
 */
export const JUDGE_SYSTEM_PROMPT = [
  "You grade answers to questions about a long conversation between two people.",
  "You get a question, the gold (ground-truth) answer, and a generated answer; label the generated answer CORRECT or WRONG.",
  "Be generous: the gold answer is usually a short phrase; a generated answer that is longer, or phrased differently, is CORRECT as long as it refers to the same thing as the gold answer.",
  "For time questions, the generated answer is CORRECT if it names the same date or period as the gold answer, whatever the format (\"May 7th\" and \"7 May\" are the same), or a relative time that resolves to it.",
  "An answer that misses the gold answer's point, names something else, or says the information is not available is WRONG.",
  "Give one sentence of reasoning, then the label.",
].join("\n");

/**
 * The judge's structured output. Lenient on purpose (outside data): `label` is a free string
 * normalized by {@link normalizeJudgeLabel}.
 */
export const JudgeVerdictSchema = z.object({
  reasoning: z.string().describe("One sentence on why the generated answer is or is not correct."),
  label: z.string().describe('Exactly "CORRECT" or "WRONG".'),
});

/** `CORRECT` when the label says correct (any case, surrounding text allowed) and not wrong; else `WRONG`. */
export function normalizeJudgeLabel(label: string): JudgeLabel {
  const upper = label.toUpperCase();
  return upper.includes("CORRECT") && !upper.includes("INCORRECT") && !upper.includes("WRONG") ? "CORRECT" : "WRONG";
}

/** The user message of the judge. */
export function buildJudgePrompt(input: { question: string; goldAnswer: string; generatedAnswer: string }): string {
  return `Question: ${input.question}\nGold answer: ${input.goldAnswer}\nGenerated answer: ${input.generatedAnswer}`;
}

/**
 * {@link Judge} on any LangChain chat model, through tool calling
 * (`withStructuredOutput(..., { method: "functionCalling" })`: many OpenAI-compatible servers
 * reject strict `json_schema`).
 */
export class ChatJudge implements Judge {
  readonly promptVersion = JUDGE_PROMPT_VERSION;

  constructor(
    private readonly model: BaseChatModel,
    readonly modelName: string,
  ) {}

  async judge(
    input: { question: string; goldAnswer: string; generatedAnswer: string },
    options: AnswerCallOptions = {},
  ): Promise<{ label: JudgeLabel; reasoning: string; usage: TokenUsage }> {
    const structured = this.model.withStructuredOutput(JudgeVerdictSchema, { method: "functionCalling", name: "record_verdict", includeRaw: true });
    const result = await structured.invoke([new SystemMessage(JUDGE_SYSTEM_PROMPT), new HumanMessage(buildJudgePrompt(input))], {
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const parsed = JudgeVerdictSchema.parse(result.parsed);
    return { label: normalizeJudgeLabel(parsed.label), reasoning: parsed.reasoning, usage: readTokenUsage(result.raw) };
  }
}
