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
  return bm25CorpusScores(query, bm25Corpus(documents.map(bm25Document)));
}

/**
 * A BM25 corpus indexed for many queries (see {@link bm25Corpus}): per term, the documents
 * holding it (indices into the corpus, ascending) and its count in each; each document's length
 * in terms; their average.
 */
export interface Bm25Corpus {
  /** Number of documents. */
  size: number;
  /** Each document's length in terms, in corpus order. */
  lengths: readonly number[];
  /** Mean document length in terms (1 for a corpus of empty documents). */
  averageLength: number;
  /** Postings by term: document indices, ascending, and the term's count in each (parallel arrays). */
  postings: ReadonlyMap<string, { documents: number[]; counts: number[] }>;
}

/** Indexes `documents` (from {@link bm25Document}) by term, once, for {@link bm25CorpusScores}. */
export function bm25Corpus(documents: readonly Bm25Document[]): Bm25Corpus {
  let totalLength = 0;
  for (const document of documents) totalLength += document.length;
  const postings = new Map<string, { documents: number[]; counts: number[] }>();
  documents.forEach(({ counts }, index) => {
    for (const [term, count] of counts) {
      let posting = postings.get(term);
      if (!posting) {
        posting = { documents: [], counts: [] };
        postings.set(term, posting);
      }
      posting.documents.push(index);
      posting.counts.push(count);
    }
  });
  return { size: documents.length, lengths: documents.map((document) => document.length), averageLength: totalLength / documents.length || 1, postings };
}

/**
 * {@link bm25Scores} over an indexed corpus: the same scores (k1 = 1.2, b = 0.75, idf =
 * ln(1 + (N - n + 0.5) / (n + 0.5)), query terms ORed), bit for bit: each document's score adds
 * its terms' parts in query-term order, as a scan of every document would, but only documents
 * holding a query term are visited.
 *
 * @returns the score of each document, in corpus order; 0 where no query term occurs (higher is better).
 */
export function bm25CorpusScores(query: string, corpus: Bm25Corpus): number[] {
  const scores = new Array<number>(corpus.size).fill(0);
  if (corpus.size === 0) return scores;
  for (const term of new Set(bm25Terms(query))) {
    const posting = corpus.postings.get(term);
    if (!posting) continue;
    const containing = posting.documents.length;
    const idf = Math.log(1 + (corpus.size - containing + 0.5) / (containing + 0.5));
    for (let at = 0; at < containing; at++) {
      const index = posting.documents[at]!;
      const tf = posting.counts[at]!;
      scores[index]! += idf * ((tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * corpus.lengths[index]!) / corpus.averageLength)));
    }
  }
  return scores;
}
