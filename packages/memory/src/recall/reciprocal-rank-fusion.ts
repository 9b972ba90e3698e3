/**
 * The constant k of reciprocal rank fusion: a document at rank r (1-based) in a list scores
 * 1 / (k + r). 60 is the value of Cormack, Clarke and Büttcher, "Reciprocal Rank Fusion
 * outperforms Condorcet and individual Rank Learning Methods", SIGIR 2009.
 */
export const RRF_K = 60;

/**
 * Reciprocal rank fusion of ranked lists of ids: each id scores the sum over lists of
 * `weight / (k + rank)`, rank 1-based. Returns ids with fused scores, best first (ties keep the
 * order of first appearance).
 *
 * @param lists ranked ids, best first, each with an optional weight (default 1) and optional
 *   0-based `ranks` (one per id, non-decreasing) for lists with ties (default: each id's index).
 */
export function reciprocalRankFusion(lists: { ids: string[]; weight?: number; ranks?: number[] }[], k: number = RRF_K): { id: string; score: number }[] {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1, ranks } of lists) {
    for (const [index, id] of ids.entries()) scores.set(id, (scores.get(id) ?? 0) + weight / (k + (ranks?.[index] ?? index) + 1));
  }
  return [...scores.entries()].map(([id, score]) => ({ id, score })).sort((a, b) => b.score - a.score);
}
