/**
 * The numbers reported for one system over one group of questions (a category, all scored
 * questions, or the adversarial ones). Rates are in [0, 1] (higher is better), tokens are
 * cl100k_base tokens, latencies milliseconds. `null` where no question had the data.
 */
export interface MetricCell {
  questions: number;
  /** Questions with at least one evidence id (the ones `recall@*` averages over). */
  questions_with_evidence: number;
  /** Questions skipped by evidence recall because they list no evidence. */
  questions_without_evidence: number;
  /** Questions skipped by answer coverage because the gold answer has no content tokens. */
  questions_without_answer_tokens: number;
  /** Mean evidence recall at a budget. */
  [recall: `recall@${number}`]: number | null;
  /** Mean evidence recall at a budget over the items' sources alone, leaving relation lines' sources out; only when some context had relation lines. */
  [recallItemsOnly: `recall_items_only@${number}`]: number | null;
  /** Mean answer coverage at a budget. */
  [coverage: `coverage@${number}`]: number | null;
  /** Mean / p95 context tokens at a budget. */
  [tokensMean: `tokens_mean@${number}`]: number | null;
  [tokensP95: `tokens_p95@${number}`]: number | null;
  /** Mean context tokens at the headline budget. */
  tokens_mean: number | null;
  tokens_p95: number | null;
  /** Recall latency over the headline-budget calls, milliseconds. */
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  latency_max_ms: number | null;
  /** Recall latency over the calls at every budget, milliseconds. */
  latency_all_p50_ms: number | null;
  latency_all_p95_ms: number | null;
  latency_all_max_ms: number | null;
  /** Answer mode: share of judged answers the judge labelled CORRECT (J). */
  judge_accuracy?: number | null;
  /** Answer mode: mean token-set F1 and BLEU-1 over answered questions. */
  f1?: number | null;
  bleu1?: number | null;
  /** Answer mode: questions answered, judged, and failed after retries. */
  answered?: number;
  judged?: number;
  answer_errors?: number;
}
