import { contentWords } from "../text/words";

/** BM25 term-frequency saturation (Robertson and Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond"). */
const K1 = 1.2;
/** BM25 length normalization. */
const B = 0.75;

/** Terms of a text for {@link bm25Scores}: accents folded, lowercased words, stop words removed, Porter2 stems. */
export function bm25Terms(text: string): string[] {
  return contentWords(text.normalize("NFKD").replace(/\p{M}/gu, ""));
}

/**
 * Okapi BM25 scores of `query` against each document (k1 = 1.2, b = 0.75, idf =
 * ln(1 + (N - n + 0.5) / (n + 0.5))), over the corpus `documents` (their term lists from
 * {@link bm25Terms}). Query terms are ORed, as LanceDB's default match query does.
 *
 * @returns the score of each document, in input order; 0 where no query term occurs (higher is better).
 */
export function bm25Scores(query: string, documents: string[][]): number[] {
  const queryTerms = [...new Set(bm25Terms(query))];
  if (queryTerms.length === 0 || documents.length === 0) return documents.map(() => 0);
  const averageLength = documents.reduce((sum, terms) => sum + terms.length, 0) / documents.length || 1;
  const frequencies = documents.map((terms) => {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    return counts;
  });
  const idf = new Map(
    queryTerms.map((term) => {
      const containing = frequencies.filter((counts) => counts.has(term)).length;
      return [term, Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5))];
    }),
  );
  return frequencies.map((counts, index) => {
    const length = documents[index]!.length;
    let score = 0;
    for (const term of queryTerms) {
      const tf = counts.get(term) ?? 0;
      if (tf > 0) score += idf.get(term)! * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength)));
    }
    return score;
  });
}
