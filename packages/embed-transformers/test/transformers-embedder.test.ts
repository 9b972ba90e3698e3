/** @jest-environment ./packages/embed-transformers/test/typed-array-environment.js */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Engram, NotConfiguredError } from "@engram/memory";
import { TransformersEmbedder } from "../src/index";
import { writeTinyOnnxModel } from "@engram/testing";

describe("TransformersEmbedder on a tiny ONNX model of our own making", () => {
  let dir: string;
  let modelPath: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-onnx-"));
    modelPath = (await writeTinyOnnxModel(path.join(dir, "tiny-embedder"), 8)).dir;
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("loads the local folder and returns deterministic, normalized vectors in input order", async () => {
    const embedder = await TransformersEmbedder.load({ modelPath });
    expect(embedder.dimensions).toBe(8);
    expect(embedder.modelId).toBe("transformers:tiny-embedder:fp32:mean");
    const texts = ["Ada lives in Porto", "Grace works as a nurse", "Ada lives in Porto"];
    const vectors = await embedder.embedMany(texts);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(8);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    expect(vectors[2]).toEqual(vectors[0]);
    expect(vectors[1]).not.toEqual(vectors[0]);
    const again = await (await TransformersEmbedder.load({ modelPath })).embedMany(["Ada lives in Porto"]);
    expect(again[0]).toEqual(vectors[0]);
    expect(await embedder.embedMany([])).toEqual([]);
  });

  it("splits large inputs into batches of maxBatchSize", async () => {
    const embedder = await TransformersEmbedder.load({ modelPath, maxBatchSize: 2 });
    const vectors = await embedder.embedMany(["a cat", "a dog", "the tea", "the coffee", "a book"]);
    expect(vectors).toHaveLength(5);
    expect(vectors[4]).toEqual((await embedder.embedMany(["a book"]))[0]);
  });

  it("never reaches for the network: a missing folder is NotConfiguredError", async () => {
    await expect(TransformersEmbedder.load({ modelPath: path.join(dir, "missing") })).rejects.toBeInstanceOf(NotConfiguredError);
    fs.mkdirSync(path.join(dir, "empty"));
    const error = await TransformersEmbedder.load({ modelPath: path.join(dir, "empty") }).catch((caught: unknown) => caught);
    expect(NotConfiguredError.isInstance(error)).toBe(true);
  });

  it("backs an Engram store end to end", async () => {
    const embedder = await TransformersEmbedder.load({ modelPath });
    const engram = await Engram.open({ path: path.join(dir, "store"), embedder });
    try {
      await engram.add([{ id: "m1", speaker: "Ada", content: "I live in Porto and I work as an engineer.", timestamp: "2024-03-04T09:00:00Z" }], { user_id: "ada" });
      const { items } = await engram.recall("Where does Ada live?", { user_id: "ada" });
      expect(items.some((item) => item.sources.includes("m1"))).toBe(true);
    } finally {
      await engram.close();
    }
  });
});
