import { Bm25Index } from "../src/baselines/bm25";

// Tokens after stop words (the, on, a): d0 [cat, sat, mat] (3), d1 [dog, chased, cat, cat] (4), d2 [bird, sang] (2); N = 3, avgdl = 3.
const corpus = [
  { id: "d0", text: "The cat sat on the mat" },
  { id: "d1", text: "The dog chased the cat, cat!" },
  { id: "d2", text: "A bird sang" },
];

describe("Bm25Index", () => {
  const index = new Bm25Index(corpus);

  it("uses Lucene's idf ln(1 + (N − n + 0.5) / (n + 0.5))", () => {
    expect(index.idf("cat")).toBeCloseTo(Math.log(1.6), 12); // n = 2
    expect(index.idf("bird")).toBeCloseTo(Math.log(1 + 2.5 / 1.5), 12); // n = 1
    expect(index.idf("unseen")).toBeCloseTo(Math.log(1 + 3.5 / 0.5), 12);
    expect(new Bm25Index([{ id: "a", text: "cat" }, { id: "b", text: "cat" }]).idf("cat")).toBeGreaterThan(0);
  });

  it("ranks a one-term query with k1 = 1.2, b = 0.75 (hand-computed scores)", () => {
    const idf = Math.log(1.6);
    // d1: tf 2, |d| 4 → norm 0.25 + 0.75·4/3 = 1.25; weight idf · 2·2.2 / (2 + 1.5)
    // d0: tf 1, |d| 3 → norm 1; weight idf · 2.2 / 2.2
    const hits = index.search("cats? cat");
    expect(hits.map((hit) => hit.id)).toEqual(["d1", "d0"]);
    expect(hits[0]?.score).toBeCloseTo((idf * 4.4) / 3.5, 10);
    expect(hits[1]?.score).toBeCloseTo(idf, 10);
  });

  it("sums over distinct query terms and keeps non-matching documents out", () => {
    // d2: bird, tf 1, |d| 2 → norm 0.75; weight ln(8/3) · 2.2 / 1.9
    const hits = index.search("Which bird? The cat, the cat.");
    expect(hits.map((hit) => hit.id)).toEqual(["d2", "d1", "d0"]);
    expect(hits[0]?.score).toBeCloseTo((Math.log(8 / 3) * 2.2) / 1.9, 10);
    expect(index.search("dog", 10).map((hit) => hit.id)).toEqual(["d1"]);
  });

  it("honours k1, b and the limit, and breaks ties by document order", () => {
    const noLengthNorm = new Bm25Index(corpus, { b: 0 });
    expect(noLengthNorm.search("cat")[0]?.score).toBeCloseTo((Math.log(1.6) * 2 * 2.2) / 3.2, 10);
    const ties = new Bm25Index([
      { id: "x", text: "red apple" },
      { id: "y", text: "red apple" },
      { id: "z", text: "green pear" },
    ]);
    expect(ties.search("apple").map((hit) => hit.id)).toEqual(["x", "y"]);
    expect(ties.search("apple", 1).map((hit) => hit.id)).toEqual(["x"]);
  });

  it("finds nothing for a stop-word-only query or an empty index", () => {
    expect(index.search("the of and")).toEqual([]);
    expect(new Bm25Index([]).search("cat")).toEqual([]);
  });
});
