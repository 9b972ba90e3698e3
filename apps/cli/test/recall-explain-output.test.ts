import { Engram, HashEmbedder, InMemoryMemoryStore } from "@engram/memory";
import { formatRecallExplain } from "../src/output/recall-explain-output";

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
});
