import type { AnswerOutcome, QuestionRecord, RetrievalSystem } from "../bench-records";
import { ADVERSARIAL_CATEGORY } from "../categories";
import { bleu1 } from "../metrics/bleu";
import { tokenSetF1 } from "../metrics/f1";
import { mapWithConcurrency } from "../util/map-with-concurrency";
import type { Answerer, Judge } from "./answer-types";

/** Answer mode's settings. */
export interface AnswerModeOptions {
  answerer: Answerer;
  judge: Judge;
  /** Systems whose headline-budget context is answered from. @default ["engram"] */
  systems?: RetrievalSystem[];
  /** Questions answered at once. @default 4 */
  concurrency?: number;
}

/** Progress of answer mode: `done` of `total` (question, system) pairs. */
export type AnswerProgress = (progress: { done: number; total: number }) => void;

function errorMessage(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Answers every scored question (categories 1 to 4; adversarial ones are skipped) from each chosen
 * system's headline-budget context, then judges it and scores F1 and BLEU-1. Writes the outcome
 * into `questions[i].systems[system].answer`. A call that still fails after the model's retries
 * is recorded as an error on that question; the run goes on.
 *
 * @returns the number of (question, system) pairs answered.
 */
export async function answerQuestions(
  questions: QuestionRecord[],
  options: AnswerModeOptions,
  onProgress?: AnswerProgress,
  signal?: AbortSignal,
): Promise<number> {
  const systems = options.systems ?? ["engram"];
  const jobs = questions
    .filter((question) => question.category !== ADVERSARIAL_CATEGORY)
    .flatMap((question) => systems.map((system) => ({ question, system })));
  let done = 0;
  await mapWithConcurrency(jobs, options.concurrency ?? 4, async ({ question, system }) => {
    signal?.throwIfAborted();
    const outcome = question.systems[system];
    const result: AnswerOutcome = { answer: null, label: null, reasoning: null, f1: null, bleu1: null, inputTokens: 0, outputTokens: 0 };
    try {
      const answered = await options.answerer.answer(question.question, outcome.headline.context, { ...(signal ? { signal } : {}) });
      result.answer = answered.answer;
      result.inputTokens += answered.usage.promptTokens;
      result.outputTokens += answered.usage.completionTokens;
      result.f1 = tokenSetF1(answered.answer, question.goldAnswer);
      result.bleu1 = bleu1(answered.answer, question.goldAnswer);
      const verdict = await options.judge.judge(
        { question: question.question, goldAnswer: question.goldAnswer, generatedAnswer: answered.answer },
        { ...(signal ? { signal } : {}) },
      );
      result.label = verdict.label;
      result.reasoning = verdict.reasoning;
      result.inputTokens += verdict.usage.promptTokens;
      result.outputTokens += verdict.usage.completionTokens;
    } catch (error) {
      if (signal?.aborted) throw error;
      result.error = errorMessage(error);
    }
    outcome.answer = result;
    done += 1;
    onProgress?.({ done, total: jobs.length });
  });
  return jobs.length;
}
