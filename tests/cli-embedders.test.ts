import { readFile } from "node:fs/promises";
import path from "node:path";
import { memoryModelReplies, startOpenAiStub, writeTinyOnnxModel } from "@engram/testing";
import { makeTempDir, removeTempDir, runCli, writeLines } from "./helpers/run-cli";

/** `ENGRAM_EMBEDDER=transformers` and `=openai` as a real process: the store remembers the embedder. */
describe("engram CLI with configured embedders", () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    file = await writeLines(dir, "ada.jsonl", [JSON.stringify({ id: "a1", user: "ada", content: "I live in Porto and I work at Finch Labs.", timestamp: "2024-03-04T09:00:00Z" })]);
  });
  afterAll(() => removeTempDir(dir));

  const manifest = async (db: string) => JSON.parse(await readFile(path.join(db, "engram.json"), "utf8")) as { embedderId: string; dimensions: number };

  it("loads a local ONNX folder with ENGRAM_EMBEDDER=transformers", async () => {
    const model = await writeTinyOnnxModel(path.join(dir, "tiny-model"), 8);
    const db = path.join(dir, "db-transformers");
    const env = { ENGRAM_EMBEDDER: "transformers", ENGRAM_EMBED_MODEL_PATH: model.dir };
    const run = await runCli(["import", file, "--db", db], { env });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(await manifest(db)).toMatchObject({ embedderId: "transformers:tiny-model:fp32:mean", dimensions: 8 });
    const recall = await runCli(["recall", "Where does Ada live?", "--user", "ada", "--db", db, "--json"], { env });
    expect((JSON.parse(recall.stdout) as { items: { sources: string[] }[] }).items.some((item) => item.sources.includes("a1"))).toBe(true);
  });

  it("embeds through /v1/embeddings with ENGRAM_EMBEDDER=openai", async () => {
    const stub = await startOpenAiStub({ embeddingDimensions: 16, chat: memoryModelReplies() });
    try {
      const db = path.join(dir, "db-openai");
      const env = { ENGRAM_EMBEDDER: "openai", ENGRAM_EMBED_MODEL: "nomic-embed-text", ENGRAM_EMBED_DIMENSIONS: "16", OPENAI_BASE_URL: stub.baseURL, ENGRAM_CHAT_MODEL: "stub-model" };
      const run = await runCli(["import", file, "--db", db], { env });
      expect(run.stderr).toBe("");
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/llm: +1 calls/);
      expect(await manifest(db)).toMatchObject({ embedderId: "openai:nomic-embed-text:16", dimensions: 16 });
      expect(stub.requests.filter((request) => request.path === "/v1/embeddings").length).toBeGreaterThan(0);
    } finally {
      await stub.close();
    }
  });
});
