import { performance } from "node:perf_hooks";
import type { BenchMemory, BenchScope } from "./bench-memory";

/**
 * Fixed generic questions, none from a LoCoMo question set, that the bench recalls (untimed) before
 * each sample's timed recall phase: a question about a person, a place, a date, a feeling, a plan,
 * so the recall code (topics, expansion, the searches, fusion and packing) has run and been compiled
 * before the first timed call, as in a long-running agent process.
 */
export const WARM_UP_QUERIES: readonly string[] = [
  "What did they talk about recently?",
  "Who are the people in their life?",
  "Where did they travel last year?",
  "When did they start their new job?",
  "What are their favourite hobbies?",
  "How did they feel after the weekend?",
  "What plans do they have for next month?",
  "Which books or films did they mention?",
  "What happened in May 2023?",
  "Why did they change their mind?",
  "What do they like to eat?",
  "Did they adopt a pet?",
  "What did they do with their family last summer?",
  "Which events did they go to two weeks ago?",
  "What advice did they give to a friend?",
  "How long have they been learning to paint?",
  "What gift did they buy for their birthday?",
  "Where do they want to live in the future?",
  "What sports do they play on weekends?",
  "What was the last thing they made?",
];

/**
 * Recalls the first `count` of {@link WARM_UP_QUERIES} once each, at the budgets of a timed recall, with
 * `noteAccess: false`: no access count is noted, so the sample's store, and every context the timed
 * recalls return, stay as they would be without the warm-up. The results are dropped.
 *
 * @returns the wall-clock milliseconds of each warm-up recall, in order (the first is the user's cold first recall after ingest).
 */
export async function warmUpRecalls(memory: BenchMemory, scope: BenchScope, options: { count: number; tokenBudget: number; extraTokenBudgets?: number[]; signal?: AbortSignal }): Promise<number[]> {
  const { count, ...recallOptions } = options;
  const times: number[] = [];
  for (const query of WARM_UP_QUERIES.slice(0, count)) {
    options.signal?.throwIfAborted();
    const start = performance.now();
    await memory.recall(query, scope, { ...recallOptions, noteAccess: false });
    times.push(performance.now() - start);
  }
  return times;
}
