import { benchWords } from "../text/bench-tokenizer";

/**
 * Sentence BLEU-1 (Papineni et al., ACL 2002) of a generated answer against one gold answer, as
 * NLTK's `sentence_bleu(weights=(1, 0, 0, 0))` computes it (Mem0's evaluation): clipped unigram
 * precision times the brevity penalty BP = 1 when the candidate is longer than the reference,
 * else exp(1 − r / c). Tokens from {@link benchWords} (lowercase, punctuation removed, stop words
 * kept). With no matching unigram the score is 0, as in NLTK (smoothing does not apply then).
 *
 * @returns a number in [0, 1], higher is better; 0 for an empty candidate.
 * @example bleu1("she went in may", "may") // precision 1/4, BP 1 → 0.25
 */
export function bleu1(candidate: string, reference: string): number {
  const candidateTokens = benchWords(candidate);
  const referenceTokens = benchWords(reference);
  const c = candidateTokens.length;
  const r = referenceTokens.length;
  if (c === 0 || r === 0) return 0;
  const referenceCounts = new Map<string, number>();
  for (const token of referenceTokens) referenceCounts.set(token, (referenceCounts.get(token) ?? 0) + 1);
  const candidateCounts = new Map<string, number>();
  for (const token of candidateTokens) candidateCounts.set(token, (candidateCounts.get(token) ?? 0) + 1);
  let clipped = 0;
  for (const [token, count] of candidateCounts) clipped += Math.min(count, referenceCounts.get(token) ?? 0);
  if (clipped === 0) return 0;
  const brevityPenalty = c > r ? 1 : Math.exp(1 - r / c);
  return brevityPenalty * (clipped / c);
}
