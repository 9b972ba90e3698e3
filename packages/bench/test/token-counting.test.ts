import { countTokens } from "@engram/memory";
import { Bm25TurnsBaseline } from "../src/baselines/bm25-turns-baseline";
import { packTurns } from "../src/baselines/pack-turns";

describe("token counting (cl100k_base through @engram/memory)", () => {
  it("counts known strings", () => {
    expect(countTokens("")).toBe(0);
    expect(countTokens("hello world")).toBe(2); // "hello", " world"
    expect(countTokens("hello world\nhello world")).toBe(5); // + "\n" + "hello" + " world"
  });

  it("packing with the real tokenizer reports the recount of the joined context, within budget", () => {
    const lines = ["Caroline: I went to a LGBTQ support group yesterday.", "Melanie: That's great!", "Caroline: I adopted a dog named Biscuit."];
    const ranked = lines.map((text, index) => ({ id: `D1:${index + 1}`, text, tokens: countTokens(text) }));
    // per line 12 + 7 + 12 tokens plus 2 separators = 33 estimated; the joined text is 31 (".\n" merges)
    expect(ranked.map((turn) => turn.tokens)).toEqual([12, 7, 12]);
    const packed = packTurns(ranked, 33, countTokens);
    expect(packed.ids).toEqual(["D1:1", "D1:2", "D1:3"]);
    expect(packed.tokens).toBe(31);
    expect(packed.tokens).toBe(countTokens(lines.join("\n")));
    // the estimate is conservative: at 32 the last line is skipped although the recount would be 31
    const tight = packTurns(ranked, 32, countTokens);
    expect(tight.ids).toEqual(["D1:1", "D1:2"]);
    expect(tight.tokens).toBe(countTokens(tight.context));
  });

  it("the BM25 baseline returns contexts within budget whose tokens are their recount", () => {
    const turns = Array.from({ length: 40 }, (_, index) => ({
      id: `D1:${index + 1}`,
      speaker: index % 2 === 0 ? "Caroline" : "Melanie",
      content: `I talked about the support group and painting number ${index}, which was lovely.`,
      timestamp: "2023-05-08T13:56:00.000Z",
      session_id: "session_1",
    }));
    const baseline = new Bm25TurnsBaseline(turns, countTokens);
    for (const budget of [1, 20, 100, 250]) {
      const recalled = baseline.recall("support group painting", budget);
      expect(recalled.tokens).toBeLessThanOrEqual(budget);
      expect(recalled.tokens).toBe(countTokens(recalled.context));
      expect(recalled.sources).toHaveLength(recalled.context === "" ? 0 : recalled.context.split("\n").length);
    }
  });
});
