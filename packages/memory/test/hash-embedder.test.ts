import { HashEmbedder, createEmbedder, NotConfiguredError } from "../src/index";

const cosine = (a: number[], b: number[]) => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

describe("HashEmbedder", () => {
  it("is deterministic, normalized and of the configured dimension", async () => {
    const embedder = new HashEmbedder({ dimensions: 64 });
    const [first, second] = await embedder.embedMany(["Caroline went to a support group", "Caroline went to a support group"]);
    expect(first).toHaveLength(64);
    expect(first).toEqual(second);
    expect(Math.hypot(...first!)).toBeCloseTo(1, 6);
  });

  it("puts texts that share words and word parts closer than unrelated texts", async () => {
    const [query, related, unrelated] = await new HashEmbedder().embedMany([
      "When did Melanie paint a sunrise?",
      "Melanie painted a sunrise over the lake last year.",
      "Caroline is researching adoption agencies.",
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.2);
  });

  it("returns a zero vector for text without content words", async () => {
    const [vector] = await new HashEmbedder({ dimensions: 16 }).embedMany(["the and of"]);
    expect(vector!.every((value) => value === 0)).toBe(true);
  });

  it("is what createEmbedder builds by default; transformers lives in its own package, openai needs a known length", () => {
    expect(createEmbedder().modelId).toBe("hash-v1-512");
    expect(() => createEmbedder({ provider: "transformers", modelPath: "/models/minilm" })).toThrow(NotConfiguredError);
    expect(createEmbedder({ provider: "openai", model: "text-embedding-3-small" }).dimensions).toBe(1536);
    expect(() => createEmbedder({ provider: "openai", model: "nomic-embed-text" })).toThrow(NotConfiguredError);
  });
});
