import fc from "fast-check";
import { bm25Corpus, bm25CorpusScores, bm25Document, bm25Terms } from "../src/store/bm25";

/** The textbook scan: every document, every query term, in query-term order (k1 = 1.2, b = 0.75). */
function scanScores(query: string, texts: string[]): number[] {
  const documents = texts.map((text) => bm25Document(bm25Terms(text)));
  const terms = [...new Set(bm25Terms(query))];
  const averageLength = documents.reduce((sum, document) => sum + document.length, 0) / documents.length || 1;
  const idf = terms.map((term) => {
    const containing = documents.filter((document) => document.counts.has(term)).length;
    return Math.log(1 + (documents.length - containing + 0.5) / (containing + 0.5));
  });
  return documents.map(({ counts, length }) => {
    let score = 0;
    terms.forEach((term, index) => {
      const tf = counts.get(term) ?? 0;
      if (tf > 0) score += idf[index]! * ((tf * 2.2) / (tf + 1.2 * (1 - 0.75 + (0.75 * length) / averageLength)));
    });
    return score;
  });
}

const word = fc.constantFrom("parrot", "parrots", "chess", "Ada", "sails", "boat", "the", "café", "cafe", "running", "ran", "blue");
const text = fc.array(word, { maxLength: 12 }).map((words) => words.join(" "));

describe("bm25Corpus", () => {
  it("scores every document as a scan of the whole corpus does, bit for bit", () => {
    fc.assert(
      fc.property(fc.array(text, { maxLength: 30 }), text, (texts, query) => {
        const scores = bm25CorpusScores(query, bm25Corpus(texts.map((entry) => bm25Document(bm25Terms(entry)))));
        const scanned = scanScores(query, texts);
        expect(scores).toHaveLength(scanned.length);
        for (const [index, score] of scores.entries()) expect(Object.is(score, scanned[index])).toBe(true);
      }),
    );
  });

  it("answers many queries from one index, 0 for documents without a query term", () => {
    const corpus = bm25Corpus(["Ada adopted a parrot", "Ada likes chess and parrots", "Bob sails"].map((entry) => bm25Document(bm25Terms(entry))));
    const [adopted, chess, sails] = bm25CorpusScores("parrot chess", corpus);
    expect(chess).toBeGreaterThan(adopted!);
    expect(sails).toBe(0);
    expect(bm25CorpusScores("Bob", corpus).map((score) => score > 0)).toEqual([false, false, true]);
    expect(bm25CorpusScores("", corpus)).toEqual([0, 0, 0]);
    expect(bm25CorpusScores("parrot", bm25Corpus([]))).toEqual([]);
  });
});
