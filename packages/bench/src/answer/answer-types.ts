import type { TokenUsage } from "@engram/memory";

/** Options of every answer-mode call. */
export interface AnswerCallOptions {
  signal?: AbortSignal;
}

/** Answers a LoCoMo question from a recalled context. */
export interface Answerer {
  /** Model name recorded in the report. */
  readonly modelName: string;
  /** Version of the prompt, recorded in the report (change it whenever the prompt text changes). */
  readonly promptVersion: string;
  answer(question: string, context: string, options?: AnswerCallOptions): Promise<{ answer: string; usage: TokenUsage }>;
}

/** The judge's label: generous CORRECT/WRONG, as in the Mem0 and MIRIX evaluations. */
export type JudgeLabel = "CORRECT" | "WRONG";

/** Labels a generated answer against the gold answer. */
export interface Judge {
  readonly modelName: string;
  readonly promptVersion: string;
  judge(
    input: { question: string; goldAnswer: string; generatedAnswer: string },
    options?: AnswerCallOptions,
  ): Promise<{ label: JudgeLabel; reasoning: string; usage: TokenUsage }>;
}
