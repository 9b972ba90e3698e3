import { bleu1 } from "../src/metrics/bleu";
import { tokenSetF1 } from "../src/metrics/f1";

describe("tokenSetF1", () => {
  it("matches a hand computation", () => {
    // prediction {in, may, 2023}, gold {7, may, 2023}: P = R = 2/3
    expect(tokenSetF1("in May 2023", "7 May 2023")).toBeCloseTo(2 / 3, 10);
    // prediction {she, went, to, the, support, group}, gold {support, group}: P = 2/6, R = 1 → F1 = 0.5
    expect(tokenSetF1("She went to the support group", "support group")).toBeCloseTo(0.5, 10);
  });

  it("uses sets: repeated tokens count once", () => {
    expect(tokenSetF1("dog dog dog", "dog")).toBe(1);
  });

  it("ignores case and punctuation and is 0 when nothing or no side is shared", () => {
    expect(tokenSetF1("Psychology, counseling!", "psychology counseling")).toBe(1);
    expect(tokenSetF1("cat", "dog")).toBe(0);
    expect(tokenSetF1("", "dog")).toBe(0);
    expect(tokenSetF1("dog", "")).toBe(0);
  });
});

describe("bleu1", () => {
  it("clips unigram counts by the reference counts", () => {
    // candidate the cat the cat (4), reference the cat sat (3): clipped 1 + 1 = 2 → 2/4; c > r so BP = 1
    expect(bleu1("the cat the cat", "the cat sat")).toBeCloseTo(0.5, 10);
  });

  it("applies the brevity penalty exp(1 − r/c) to short candidates", () => {
    // precision 1, c = 1, r = 3 → exp(-2) (NLTK sentence_bleu gives 0.1353...)
    expect(bleu1("cat", "the cat sat")).toBeCloseTo(Math.exp(-2), 10);
    // c = r: BP = exp(0) = 1
    expect(bleu1("cat sat", "sat cat")).toBe(1);
  });

  it("is 0 with no matching unigram or an empty side", () => {
    expect(bleu1("dog", "the cat sat")).toBe(0);
    expect(bleu1("", "cat")).toBe(0);
    expect(bleu1("cat", "")).toBe(0);
  });
});
