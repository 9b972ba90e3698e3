import { Engram, HashEmbedder, InMemoryMemoryStore } from "@engram/memory";
import { formatRecallExplain } from "../src/output/recall-explain-output";
import { formatRecallFooter, toRecallJson } from "../src/output/recall-output";

/** `engram recall --explain`: every candidate down to the packing cut, with its ranks and decision. */
describe("formatRecallExplain", () => {
  it("lists each candidate with its method ranks and packing decision, and nothing without explain", async () => {
    const embedder = new HashEmbedder();
    const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, now: () => new Date("2024-03-05T00:00:00Z") });
    try {
      await engram.add(
        [
          { id: "m1", role: "user", speaker: "Ada", content: "I adopted a cat called Pixel.", timestamp: "2024-03-01T10:00:00Z" },
          { id: "m2", role: "user", speaker: "Ada", content: "My sister Lena lives in Berlin and works as a nurse.", timestamp: "2024-03-01T10:01:00Z" },
        ],
        { user_id: "ada" },
      );
      const plain = await engram.recall("What is Ada's cat called?", { user_id: "ada" }, { tokenBudget: 200 });
      expect(formatRecallExplain(plain)).toBe("");
      const explained = await engram.recall("What is Ada's cat called?", { user_id: "ada" }, { tokenBudget: 200, explain: true });
      const lines = formatRecallExplain(explained).split("\n");
      expect(lines[1]).toBe(["rank", ...explained.explain!.methods.map(({ method }) => method), "decision", "type", "id", "sources", "text"].join("\t"));
      const pixel = lines.find((line) => line.includes("Pixel"))!;
      expect(pixel.split("\t")).toContain("packed");
      expect(pixel.split("\t")).toContain("m1");
      expect(lines).toContain("time range: none");
    } finally {
      await engram.close();
    }
  });

  it("shows the relation lines of the context: counted in the footer, listed in --json and --explain", async () => {
    const embedder = new HashEmbedder();
    const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, now: () => new Date("2024-06-10T12:00:00Z") });
    try {
      await engram.add(
        [
          { id: "m1", speaker: "Ada", content: "My sister Grace lives in Porto.", timestamp: "2024-06-01T10:00:00Z" },
          { id: "m2", speaker: "Ada", content: "Grace loves surfing.", timestamp: "2024-06-03T10:00:00Z" },
        ],
        { user_id: "ada" },
      );
      const result = await engram.recall("What does Ada's sister Grace like?", { user_id: "ada" }, { tokenBudget: 60, relationShare: 0.5, explain: true });
      expect(result.relations.length).toBeGreaterThan(0);
      const [first] = result.relations;
      expect(formatRecallFooter(result, 60)).toMatch(new RegExp(`items?, ${result.relations.length} relations?, \\d+ ms$`));
      expect(toRecallJson(result).relations[0]).toEqual({ id: first!.id, text: first!.text, sources: first!.sources, score: first!.score });
      expect(formatRecallExplain(result)).toContain(`relation ${first!.id} (hop ${first!.hop}`);
      const plain = await engram.recall("What does Ada's sister Grace like?", { user_id: "ada" }, { tokenBudget: 60, relationShare: 0 });
      expect(formatRecallFooter(plain, 60)).not.toContain("relation");
      expect(toRecallJson(plain).relations).toEqual([]);
    } finally {
      await engram.close();
    }
  });
});
