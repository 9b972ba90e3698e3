import { benchWords } from "../text/bench-tokenizer";

/**
 * Token-set F1 between a generated answer and the gold answer, as in Mem0's evaluation
 * (arXiv 2504.19413; mem0ai/mem0 `evaluation/metrics/utils.py`): both texts tokenized with
 * {@link benchWords} (lowercase, punctuation removed, stop words kept, no stemming), each turned
 * into a set; precision = |common| / |prediction set|, recall = |common| / |gold set|,
 * F1 = 2PR / (P + R).
 *
 * @returns a number in [0, 1], higher is better; 0 when either side has no tokens.
 * @example tokenSetF1("in May 2023", "7 May 2023") // P 2/3, R 2/3 → 0.667
 */
export function tokenSetF1(prediction: string, gold: string): number {
  const predicted = new Set(benchWords(prediction));
  const reference = new Set(benchWords(gold));
  if (predicted.size === 0 || reference.size === 0) return 0;
  let common = 0;
  for (const token of predicted) if (reference.has(token)) common += 1;
  if (common === 0) return 0;
  const precision = common / predicted.size;
  const recall = common / reference.size;
  return (2 * precision * recall) / (precision + recall);
}
