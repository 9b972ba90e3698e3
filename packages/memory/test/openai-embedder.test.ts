import { startOpenAiStub, stubEmbedding, type OpenAiStub } from "@engram/testing";
import { createEmbedder, ModelError, OpenAiEmbedder } from "../src/index";

describe("OpenAiEmbedder against the OpenAI-compatible stub", () => {
  let stub: OpenAiStub;
  beforeEach(async () => {
    stub = await startOpenAiStub({ embeddingDimensions: 16 });
  });
  afterEach(() => stub.close());

  it("posts to /v1/embeddings in batches and returns unit vectors in input order", async () => {
    const embedder = createEmbedder({ provider: "openai", model: "nomic-embed-text", baseURL: stub.baseURL, apiKey: "k", dimensions: 16 });
    expect(embedder.modelId).toBe("openai:nomic-embed-text:16");
    const small = new OpenAiEmbedder({ model: "nomic-embed-text", baseURL: stub.baseURL, dimensions: 16, maxBatchSize: 2 });
    const vectors = await small.embedMany(["a", "b", "c"]);
    expect(stub.requests.map((request) => (request.body as { input: string[] }).input)).toEqual([["a", "b"], ["c"]]);
    expect(vectors).toHaveLength(3);
    for (const [index, text] of ["a", "b", "c"].entries()) {
      const expected = stubEmbedding(text, 16);
      for (const [at, value] of vectors[index]!.entries()) expect(value).toBeCloseTo(expected[at]!, 5);
    }
    expect(stub.requests[0]!.body).toMatchObject({ model: "nomic-embed-text", encoding_format: "float" });
    expect(stub.requests[0]!.body).not.toHaveProperty("dimensions");
    expect((await embedder.embedMany(["x"]))[0]).toHaveLength(16);
    expect(stub.requests.at(-1)!.headers.authorization).toBe("Bearer k");
  });

  it("retries 5xx with backoff, then reports a ModelError naming the status", async () => {
    const embedder = new OpenAiEmbedder({ model: "m", baseURL: stub.baseURL, dimensions: 16, maxRetries: 1, retryBaseDelayMs: 1 });
    stub.failNext(1, 503);
    expect(await embedder.embedMany(["ok"])).toHaveLength(1);
    stub.failNext(2, 500);
    const error = await embedder.embedMany(["no"]).catch((caught: unknown) => caught);
    expect(ModelError.isInstance(error)).toBe(true);
    expect((error as ModelError).message).toMatch(/HTTP 500/);
    expect((error as ModelError).isRetryable).toBe(true);
  });

  it("refuses vectors of another length than configured", async () => {
    const embedder = new OpenAiEmbedder({ model: "m", baseURL: stub.baseURL, dimensions: 32, maxRetries: 0 });
    await expect(embedder.embedMany(["x"])).rejects.toThrow(/16 dimensions, not 32/);
  });
});
