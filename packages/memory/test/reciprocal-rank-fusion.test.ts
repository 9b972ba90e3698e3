import { reciprocalRankFusion } from "../src/internal";

describe("reciprocalRankFusion", () => {
  it("sums 1 / (k + rank) over lists", () => {
    const fused = reciprocalRankFusion([{ ids: ["a", "b"] }, { ids: ["b", "c"] }], 60);
    expect(fused.map((entry) => entry.id)).toEqual(["b", "a", "c"]);
    expect(fused[0]!.score).toBeCloseTo(1 / 62 + 1 / 61, 12);
    expect(fused[1]!.score).toBeCloseTo(1 / 61, 12);
    expect(fused[2]!.score).toBeCloseTo(1 / 62, 12);
  });

  it("applies list weights", () => {
    const fused = reciprocalRankFusion([{ ids: ["a"], weight: 1 }, { ids: ["b"], weight: 2 }], 60);
    expect(fused.map((entry) => entry.id)).toEqual(["b", "a"]);
  });
});
