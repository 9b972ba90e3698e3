import { maximum, mean, percentile } from "../src/metrics/percentile";

describe("percentile (nearest rank)", () => {
  // Worked example of https://en.wikipedia.org/wiki/Percentile#The_nearest-rank_method
  const values = [15, 20, 35, 40, 50];
  it.each([
    [5, 15],
    [30, 20],
    [40, 20],
    [50, 35],
    [100, 50],
  ])("p%d is %d", (p, expected) => {
    expect(percentile(values, p)).toBe(expected);
  });

  it("sorts its input and never interpolates", () => {
    expect(percentile([3, 1, 2, 4], 50)).toBe(2);
    expect(percentile([10, 20], 75)).toBe(20);
  });

  it("p95 of 1..20 is the 19th value and of 1..100 the 95th", () => {
    expect(percentile(Array.from({ length: 20 }, (_, i) => i + 1), 95)).toBe(19);
    expect(percentile(Array.from({ length: 100 }, (_, i) => 100 - i), 95)).toBe(95);
  });

  it("p0 is the minimum; no values give null; p outside [0, 100] throws", () => {
    expect(percentile([5, 4], 0)).toBe(4);
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });
});

describe("mean and maximum", () => {
  it("computes them and gives null for none", () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(maximum([1, 7, 3])).toBe(7);
    expect(mean([])).toBeNull();
    expect(maximum([])).toBeNull();
  });
});
