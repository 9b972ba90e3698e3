import { countTokens } from "@engram/memory";
import { Bm25TurnsBaseline } from "../src/baselines/bm25-turns-baseline";
import { baselineContextLines, engramContextLines, engramItemLines, speakerAttributed } from "../src/metrics/speaker-attribution";

const turns = [
  { id: "D1:1", speaker: "Caroline", content: "I went to the LGBTQ support group yesterday.", timestamp: "2023-05-08T13:56:00.000Z", session_id: "session_1" },
  { id: "D1:2", speaker: "Melanie", content: "I painted a sunrise over the lake.", timestamp: "2023-05-08T13:56:00.000Z", session_id: "session_1" },
  { id: "D2:1", speaker: "Melanie", content: "We went camping with the kids near the lake.", timestamp: "2023-05-25T09:00:00.000Z", session_id: "session_2" },
];

describe("BM25 with session dates", () => {
  it("leads each line with its session day, ranks as the undated baseline, and counts the dates in the budget", () => {
    const undated = new Bm25TurnsBaseline(turns, countTokens).recall("lake painting camping", 1000);
    const dated = new Bm25TurnsBaseline(turns, countTokens, { dated: true }).recall("lake painting camping", 1000);
    expect(dated.sources).toEqual(undated.sources);
    expect(dated.context.split("\n")).toContain("[25 May 2023] Melanie: We went camping with the kids near the lake.");
    expect(dated.tokens).toBeGreaterThan(undated.tokens);
    const tight = new Bm25TurnsBaseline(turns, countTokens, { dated: true }).recall("lake painting camping", undated.tokens);
    expect(tight.tokens).toBeLessThanOrEqual(undated.tokens);
    expect(tight.sources.length).toBeLessThan(undated.sources.length);
  });
});

describe("speaker attribution of adversarial evidence", () => {
  const speakerOf = (id: string) => turns.find((turn) => turn.id === id)?.speaker;
  it("counts an Engram line that cites the evidence and names its speaker", () => {
    const context = "## Episodic memory (events)\n### 8 May 2023\n- Melanie painted a sunrise over the lake. [D1:2]";
    expect(engramContextLines(context)).toEqual([{ text: "- Melanie painted a sunrise over the lake. [D1:2]", sources: ["D1:2"] }]);
    expect(speakerAttributed(["D1:2"], engramContextLines(context), speakerOf)).toBe(true);
  });

  it("does not count a line that cites the evidence under another name, or a context without the evidence", () => {
    const misattributed = "- Caroline painted a sunrise over the lake. [D1:1, D1:2]";
    expect(speakerAttributed(["D1:2"], engramContextLines(misattributed), speakerOf)).toBe(false);
    expect(speakerAttributed(["D2:1"], engramContextLines("- Melanie painted a sunrise. [D1:2]"), speakerOf)).toBe(false);
  });

  it("reads an Engram context whose lines cite no ids through its recalled items", () => {
    const context = "## Episodic memory (events)\n### 8 May 2023\n- Melanie painted a sunrise over the lake.";
    const items = [
      { type: "episodic", text: "Melanie painted a sunrise over the lake.", sources: ["D1:2"] },
      { type: "episodic", text: "not in the context", sources: ["D2:1"] },
    ];
    expect(engramContextLines(context)).toEqual([]);
    expect(engramItemLines(items, context)).toEqual([{ text: "Melanie painted a sunrise over the lake.", sources: ["D1:2"] }]);
    expect(speakerAttributed(["D1:2"], engramItemLines(items, context), speakerOf)).toBe(true);
    expect(speakerAttributed(["D2:1"], engramItemLines(items, context), speakerOf)).toBe(false);
  });

  it("reads a baseline context line by line against its packed ids", () => {
    const context = "Caroline: I went to the LGBTQ support group yesterday.\nMelanie: I painted a sunrise over the lake.";
    expect(speakerAttributed(["D1:2"], baselineContextLines(context, ["D1:1", "D1:2"]), speakerOf)).toBe(true);
  });
});
