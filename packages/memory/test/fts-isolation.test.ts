import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engram, HashEmbedder, LanceDbMemoryStore } from "../src/index";

const WORD = "Perihelionmarmalade";

/**
 * Full-text (BM25) statistics are computed over every user's rows of a table, so another user's
 * rows change scores; they must never change whose rows come back.
 */
describe("full-text search across users", () => {
  let dir: string;
  let engram: Engram;
  let store: LanceDbMemoryStore;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-fts-"));
    const embedder = new HashEmbedder();
    store = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    engram = await Engram.open({ store, embedder });
    const says = (user: string, count: number) =>
      Array.from({ length: count }, (_, index) => ({ id: `${user}-${index}`, content: `I bought ${WORD} jam number ${index} at the market in Porto.`, timestamp: `2024-03-${String(index + 1).padStart(2, "0")}T10:00:00Z` }));
    await engram.add(says("bob", 25), { user_id: "bob" });
    await engram.add(says("ada", 2), { user_id: "ada" });
    await engram.optimize();
  });
  afterAll(async () => {
    await engram.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("never returns another user's rows, from the store's text search, search or recall", async () => {
    for (const type of ["episodic", "semantic", "resource"] as const) {
      const hits = await store.textSearch(type, "ada", WORD, { limit: 100 });
      expect(hits.every((hit) => hit.item.user_id === "ada")).toBe(true);
    }
    const found = await engram.search(`${WORD} jam`, { user_id: "ada" }, { limit: 100 });
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((entry) => entry.item.user_id === "ada")).toBe(true);
    const recalled = await engram.recall(`Where did I buy ${WORD} jam?`, { user_id: "ada" });
    expect(recalled.items.every((entry) => entry.item.user_id === "ada")).toBe(true);
    expect(recalled.items.flatMap((entry) => entry.item.sources).every((source) => source.startsWith("ada-"))).toBe(true);
  });
});
