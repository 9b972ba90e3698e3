import type { QuestionRecord, RetrievalSystem } from "../bench-records";
import { maximum, mean, percentile } from "../metrics/percentile";
import type { MetricCell } from "./metric-cell";

/** Rounds to `digits` decimals, keeping `null`. */
export function roundOrNull(value: number | null, digits: number): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function present(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((value): value is number => typeof value === "number" && Number.isFinite(value));
}

/**
 * Summarizes one system over a group of questions: every rate is a micro-average over the
 * questions (each question weighs 1, whatever its category or sample), skipping questions the
 * metric does not apply to (no evidence; no content tokens in the answer; no answer).
 *
 * @param budgets ascending token budgets measured.
 * @param headlineBudget the budget `tokens_mean` and `latency_*` refer to.
 * @param answerMode adds `judge_accuracy`, `f1`, `bleu1` and counts.
 */
export function summarizeSystem(
  questions: readonly QuestionRecord[],
  system: RetrievalSystem,
  budgets: readonly number[],
  headlineBudget: number,
  answerMode: boolean,
): MetricCell {
  const outcomes = questions.map((question) => question.systems[system]);
  const withEvidence = questions.filter((question) => question.evidence.length > 0).length;
  const withoutAnswerTokens = outcomes.filter((outcome) => outcome.budgets[0]?.coverage === null).length;
  const cell: MetricCell = {
    questions: questions.length,
    questions_with_evidence: withEvidence,
    questions_without_evidence: questions.length - withEvidence,
    questions_without_answer_tokens: withoutAnswerTokens,
    tokens_mean: null,
    tokens_p95: null,
    latency_p50_ms: null,
    latency_p95_ms: null,
    latency_max_ms: null,
    latency_all_p50_ms: null,
    latency_all_p95_ms: null,
    latency_all_max_ms: null,
  };
  const allLatencies: number[] = [];
  budgets.forEach((budget, position) => {
    const atBudget = outcomes.map((outcome) => outcome.budgets[position]).filter((entry) => entry?.budget === budget);
    const tokens = present(atBudget.map((entry) => entry?.tokens));
    const latencies = present(atBudget.map((entry) => entry?.latencyMs));
    allLatencies.push(...latencies);
    cell[`recall@${budget}`] = roundOrNull(mean(present(atBudget.map((entry) => entry?.recall))), 4);
    // With relation lines in some contexts: the recall their sources left out, for comparison.
    if (atBudget.some((entry) => entry?.recallItemsOnly !== undefined)) {
      cell[`recall_items_only@${budget}`] = roundOrNull(mean(present(atBudget.map((entry) => (entry?.recallItemsOnly === undefined ? entry?.recall : entry.recallItemsOnly)))), 4);
    }
    cell[`coverage@${budget}`] = roundOrNull(mean(present(atBudget.map((entry) => entry?.coverage))), 4);
    cell[`tokens_mean@${budget}`] = roundOrNull(mean(tokens), 1);
    cell[`tokens_p95@${budget}`] = percentile(tokens, 95);
    if (budget === headlineBudget) {
      cell.tokens_mean = cell[`tokens_mean@${budget}`] ?? null;
      cell.tokens_p95 = cell[`tokens_p95@${budget}`] ?? null;
      cell.latency_p50_ms = roundOrNull(percentile(latencies, 50), 2);
      cell.latency_p95_ms = roundOrNull(percentile(latencies, 95), 2);
      cell.latency_max_ms = roundOrNull(maximum(latencies), 2);
    }
  });
  cell.latency_all_p50_ms = roundOrNull(percentile(allLatencies, 50), 2);
  cell.latency_all_p95_ms = roundOrNull(percentile(allLatencies, 95), 2);
  cell.latency_all_max_ms = roundOrNull(maximum(allLatencies), 2);
  if (answerMode) {
    const answers = outcomes.map((outcome) => outcome.answer).filter((answer) => answer !== undefined);
    const answered = answers.filter((answer) => answer.answer !== null);
    const judged = answers.filter((answer) => answer.label !== null);
    cell.judge_accuracy = roundOrNull(judged.length === 0 ? null : judged.filter((answer) => answer.label === "CORRECT").length / judged.length, 4);
    cell.f1 = roundOrNull(mean(present(answered.map((answer) => answer.f1))), 4);
    cell.bleu1 = roundOrNull(mean(present(answered.map((answer) => answer.bleu1))), 4);
    cell.answered = answered.length;
    cell.judged = judged.length;
    cell.answer_errors = answers.filter((answer) => answer.error !== undefined).length;
  }
  return cell;
}

/** Keys of a {@link MetricCell} that are measurements (not question counts), for differences. */
export function isMeasurementKey(key: string): boolean {
  return /^(recall|coverage|tokens|latency|judge_accuracy|f1|bleu1)/.test(key);
}

/** `left − right` for every measurement both cells hold as numbers (rounded to 4 decimals). */
export function differenceOfCells(left: MetricCell, right: MetricCell): Record<string, number | null> {
  const difference: Record<string, number | null> = {};
  for (const [key, value] of Object.entries(left)) {
    if (!isMeasurementKey(key)) continue;
    const other = (right as unknown as Record<string, unknown>)[key];
    difference[key] = typeof value === "number" && typeof other === "number" ? roundOrNull(value - other, 4) : null;
  }
  return difference;
}
