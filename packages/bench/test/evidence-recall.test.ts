import { evidenceRecall, normalizeMessageId } from "../src/metrics/evidence-recall";

describe("evidenceRecall", () => {
  it("counts the share of evidence ids found among the sources (partial evidence)", () => {
    expect(evidenceRecall(["D1:3", "D2:8", "D4:1"], ["D2:8", "D9:9", "D1:3"])).toEqual({ found: 2, total: 3, recall: 2 / 3 });
  });

  it("strips stray spaces from ids on both sides", () => {
    expect(evidenceRecall(["D 3:7", "D3: 8"], [" D3:7", "D3:9"])).toEqual({ found: 1, total: 2, recall: 0.5 });
    expect(normalizeMessageId(" D 12 : 3 ")).toBe("D12:3");
  });

  it("counts each evidence id once, however often it is listed or recalled", () => {
    expect(evidenceRecall(["D1:1", "D1:1", "D1:2"], ["D1:1", "D1:1", "D1:1"])).toEqual({ found: 1, total: 2, recall: 0.5 });
  });

  it("is 0 with no sources and 1 with every id", () => {
    expect(evidenceRecall(["D1:1"], [])?.recall).toBe(0);
    expect(evidenceRecall(["D1:1", "D2:2"], new Set(["D2:2", "D1:1"]))?.recall).toBe(1);
  });

  it("returns null for a question without evidence (to be skipped and counted)", () => {
    expect(evidenceRecall([], ["D1:1"])).toBeNull();
    expect(evidenceRecall(["", " "], ["D1:1"])).toBeNull();
  });
});
