import { answerCoverage } from "../src/metrics/answer-coverage";
import { benchWords, contentTokens } from "../src/text/bench-tokenizer";

describe("bench tokenizer", () => {
  it("lowercases, deletes apostrophes and splits on non-alphanumerics", () => {
    expect(benchWords("Caroline's LGBTQ+ group, 7 May!")).toEqual(["carolines", "lgbtq", "group", "7", "may"]);
    expect(benchWords("don’t-stop")).toEqual(["dont", "stop"]);
  });

  it("drops NLTK English stop words for content tokens", () => {
    expect(contentTokens("She went to the park and didn't stay")).toEqual(["went", "park", "stay"]);
  });
});

describe("answerCoverage", () => {
  it("is the share of the answer's distinct content tokens present in the context", () => {
    // answer tokens {7, may, 2023}; context has 7 and 2023 but June, not May
    expect(answerCoverage("7 May 2023", "Caroline went on 7 June 2023")).toEqual({ found: 2, total: 3, coverage: 2 / 3 });
  });

  it("ignores stop words and punctuation in the answer", () => {
    // "The painting of a sunrise." → {painting, sunrise}
    expect(answerCoverage("The painting of a sunrise.", "Melanie: I painted a SUNRISE")).toEqual({ found: 1, total: 2, coverage: 0.5 });
  });

  it("cannot be raised by listing message ids as sources", () => {
    expect(answerCoverage("3", "Caroline adopted a dog [D3:7]")?.coverage).toBe(0);
    expect(answerCoverage("3", "Caroline adopted 3 dogs [D1:1]")?.coverage).toBe(1);
  });

  it("returns null when the answer has no content tokens", () => {
    expect(answerCoverage("It was the", "anything")).toBeNull();
    expect(answerCoverage("", "anything")).toBeNull();
  });
});
