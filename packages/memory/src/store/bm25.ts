import { contentWords } from "../text/words";

/** BM25 term-frequency saturation (Robertson and Zaragoza 2009, "The Probabilistic Relevance Framework: BM25 and Beyond"). */
const K1 = 1.2;
/** BM25 length normalization. */
const B = 0.75;

/** Terms of a text for {@link bm25Scores}: accents folded, lowercased words, stop words removed, Porter2 stems. */
export function bm25Terms(text: string): string[] {
  return contentWords(text.normalize("NFKD").replace(/\p{M}/gu, ""));
}

/** One document of a BM25 corpus: its length in terms and the count of each term. */
export interface Bm25Document {
  length: number;
  counts: ReadonlyMap<string, number>;
}

/** The {@link Bm25Document} of a term list from {@link bm25Terms} (build it once per document and keep it). */
export function bm25Document(terms: readonly string[]): Bm25Document {
  const counts = new Map<string, number>();
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  return { length: terms.length, counts };
}

/**
 * Okapi BM25 scores of `query` against each document (k1 = 1.2, b = 0.75, idf =
 * ln(1 + (N - n + 0.5) / (n + 0.5))), over the corpus `documents` (their term lists from
 * {@link bm25Terms}). Query terms are ORed, as LanceDB's default match query does.
 *
 * @returns the score of each document, in input order; 0 where no query term occurs (higher is better).
 */
export function bm25Scores(query: string, documents: string[][]): number[] {
  return bm25DocumentScores(query, documents.map(bm25Document));
}

/** {@link bm25Scores} over documents already counted with {@link bm25Document} (no per-query counting). */
export function bm25DocumentScores(query: string, documents: readonly Bm25Document[]): number[] {
  const queryTerms = [...new Set(bm25Terms(query))];
  if (queryTerms.length === 0 || documents.length === 0) return documents.map(() => 0);
  let totalLength = 0;
  for (const document of documents) totalLength += document.length;
  const averageLength = totalLength / documents.length || 1;
  const idf = queryTerms.map((term) => {
    let containing = 0;
    for (const document of documents) if (document.counts.has(term)) containing++;
    return Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5));
  });
  return documents.map(({ counts, length }) => {
    let score = 0;
    for (let index = 0; index < queryTerms.length; index++) {
      const tf = counts.get(queryTerms[index]!) ?? 0;
      if (tf > 0) score += idf[index]! * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / averageLength)));
    }
    return score;
  });
}
