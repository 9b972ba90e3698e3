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

  it("gives, value for value, the vectors hash-v1 gave when stores were written with it (repeated features, both signs, 64 dimensions)", async () => {
    // Stored vectors and new ones are compared (merges, recall): a change of the function is a new model id, never the same one.
    const [vector] = await new HashEmbedder({ dimensions: 64 }).embedMany(["Caroline went to the LGBTQ support group, and the group helped."]);
    const nonZero = vector!.flatMap((value, index) => (value === 0 ? [] : [[index, value]]));
    expect(nonZero).toEqual([[0,-0.06118235698992828],[2,-0.10359073523750913],[3,0.06118235698992828],[5,-0.18354707096978484],[6,-0.06118235698992828],[11,0.12236471397985656],[12,-0.06118235698992828],[14,-0.24472942795971311],[15,-0.12236471397985656],[16,0.10359073523750913],[18,-0.06118235698992828],[20,0.06118235698992828],[22,-0.06118235698992828],[23,0.06118235698992828],[26,-0.24472942795971311],[30,-0.12236471397985656],[33,0.10359073523750913],[34,-0.10359073523750913],[38,0.10359073523750913],[39,0.18354707096978484],[40,0.06118235698992828],[41,-0.10359073523750913],[42,-0.10359073523750913],[43,-0.3670941419395697],[44,-0.12236471397985656],[46,-0.12236471397985656],[47,-0.06118235698992828],[50,-0.12236471397985656],[53,-0.18354707096978484],[54,0.1647730922274374],[55,-0.536727654929893],[57,-0.10359073523750913],[59,0.06118235698992828],[60,0.06118235698992828],[61,-0.18354707096978484],[62,-0.24472942795971311],[63,-0.12236471397985656]]);
  });

  it("gives the same vectors after its feature numbering outgrew its bound and started afresh", async () => {
    const texts = ["Caroline went to the LGBTQ support group, and the group helped.", "Melanie painted a sunrise over the lake"];
    const fresh = await new HashEmbedder({ dimensions: 64 }).embedMany(texts);
    const embedder = new HashEmbedder({ dimensions: 64 });
    expect(await embedder.embedMany(texts)).toEqual(fresh);
    // 20,000 made-up words of 12 letters, their bigrams and character n-grams: the numbering passes the 200,000 features it keeps after about 17,000 words.
    let seed = 7;
    const letter = () => {
      seed = (seed * 48271) % 2147483647;
      return String.fromCharCode(97 + (seed % 26));
    };
    const word = () => Array.from({ length: 12 }, letter).join("");
    await embedder.embedMany(Array.from({ length: 2000 }, () => Array.from({ length: 10 }, word).join(" ")));
    expect(await embedder.embedMany(texts)).toEqual(fresh);
    expect(await embedder.embedMany([...texts].reverse())).toEqual([...fresh].reverse());
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
