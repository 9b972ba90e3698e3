import { contentTokens } from "../text/bench-tokenizer";

/** One document to index. */
export interface Bm25Document {
  /** Returned in hits, e.g. a LoCoMo `dia_id`. */
  id: string;
  text: string;
}

/** One ranked document. */
export interface Bm25Hit {
  id: string;
  /** Position of the document in the indexed list (0-based). */
  index: number;
  /** BM25 score: a sum of non-negative term weights, higher is better, 0 = no query term present. */
  score: number;
}

/** Options of {@link Bm25Index}. */
export interface Bm25Options {
  /** Term-frequency saturation. @default 1.2 */
  k1?: number;
  /** Length normalization, in [0, 1]. @default 0.75 */
  b?: number;
  /** Text to terms, used for documents and queries alike. @default contentTokens (lowercase, split on non-alphanumerics, NLTK stop words removed, no stemming) */
  tokenize?: (text: string) => string[];
}

/** Scoring of {@link Bm25Index}, for reports. */
export const BM25_FORMULA =
  "score(q, d) = Σ over distinct query terms t in d of idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·|d|/avgdl)); " +
  "idf(t) = ln(1 + (N − n(t) + 0.5) / (n(t) + 0.5)) (Robertson/Spärck Jones idf with +1 inside the log, as in Lucene's BM25Similarity); " +
  "ties broken by document order";

/**
 * Okapi BM25 (Robertson and Zaragoza, "The Probabilistic Relevance Framework: BM25 and Beyond",
 * 2009) over an in-memory list of documents. idf is Robertson/Spärck Jones with the +1 inside the
 * log, as Lucene's `BM25Similarity` does, so it is never negative:
 * `idf(t) = ln(1 + (N − n + 0.5) / (n + 0.5))`. A term's weight in a document is
 * `idf · tf · (k1 + 1) / (tf + k1 · (1 − b + b · |d| / avgdl))` (Lucene ≥ 8 drops the constant
 * `(k1 + 1)`, which does not change the ranking). Each distinct query term counts once.
 *
 * @example
 * const index = new Bm25Index([{ id: "D1:1", text: "I went to a support group" }]);
 * index.search("support group")[0]?.id // "D1:1"
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  /** Number of documents. */
  readonly size: number;
  /** Mean document length in terms. */
  readonly averageLength: number;
  private readonly ids: string[];
  private readonly lengths: number[];
  private readonly tokenize: (text: string) => string[];
  /** term → postings (document index, term frequency). */
  private readonly postings = new Map<string, { index: number; tf: number }[]>();

  constructor(documents: readonly Bm25Document[], options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
    this.tokenize = options.tokenize ?? contentTokens;
    this.ids = documents.map((document) => document.id);
    this.lengths = [];
    documents.forEach((document, index) => {
      const terms = this.tokenize(document.text);
      this.lengths.push(terms.length);
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, tf] of counts) {
        const list = this.postings.get(term);
        if (list) list.push({ index, tf });
        else this.postings.set(term, [{ index, tf }]);
      }
    });
    this.size = documents.length;
    this.averageLength = this.size === 0 ? 0 : this.lengths.reduce((sum, length) => sum + length, 0) / this.size;
  }

  /** Number of documents holding `term` (already tokenized). */
  documentFrequency(term: string): number {
    return this.postings.get(term)?.length ?? 0;
  }

  /** `ln(1 + (N − n + 0.5) / (n + 0.5))` for a tokenized term; always > 0. */
  idf(term: string): number {
    const n = this.documentFrequency(term);
    return Math.log(1 + (this.size - n + 0.5) / (n + 0.5));
  }

  /**
   * Documents holding at least one query term, best first (ties: earlier document first).
   *
   * @param limit most hits returned. @default all matching documents
   */
  search(query: string, limit = Infinity): Bm25Hit[] {
    const scores = new Map<number, number>();
    for (const term of new Set(this.tokenize(query))) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = this.idf(term);
      for (const { index, tf } of list) {
        const length = this.lengths[index] ?? 0;
        const norm = this.averageLength === 0 ? 1 : 1 - this.b + (this.b * length) / this.averageLength;
        const weight = (idf * tf * (this.k1 + 1)) / (tf + this.k1 * norm);
        scores.set(index, (scores.get(index) ?? 0) + weight);
      }
    }
    return [...scores.entries()]
      .map(([index, score]) => ({ id: this.ids[index] ?? "", index, score }))
      .sort((left, right) => right.score - left.score || left.index - right.index)
      .slice(0, limit);
  }
}
