import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conformanceItem } from "@engram/testing";
import { HashEmbedder } from "../src/embed/hash-embedder";
import { searchMemories } from "../src/recall/search-memories";
import { UserItemsCache } from "../src/recall/user-items-cache";
import type { StoredMemoryItem } from "../src/store/memory-store";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";

const embedder = new HashEmbedder();

/** An episodic event of `ada` with the span `[at, end)` (or the instant `at` when `end` is null). */
async function event(id: string, at: string | null, end: string | null): Promise<StoredMemoryItem> {
  const [vector] = await embedder.embedMany([`Ada event ${id}`]);
  return conformanceItem({ id, user_id: "ada", type: "episodic", text: `Ada event ${id}`, occurred_at: at, occurred_end: end, occurred_precision: end ? "month" : "day", vector: vector! } as never) as StoredMemoryItem;
}

describe("the in-process time filter matches event spans as the store's filter does", () => {
  let folder: string;
  let store: LanceDbMemoryStore;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-cached-time-"));
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    await store.upsertItems("episodic", [
      await event("month", "2022-12-01T00:00:00.000Z", "2023-01-01T00:00:00.000Z"),
      await event("instant", "2022-12-24T10:00:00.000Z", null),
      await event("undated", null, null),
      { ...(await event("expired", "2022-12-01T00:00:00.000Z", "2023-01-01T00:00:00.000Z")), valid_to: "2023-06-01T00:00:00.000Z" },
    ]);
  });

  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    ["inside the month and at the instant", "2022-12-24T00:00:00.000Z", "2022-12-25T00:00:00.000Z", ["instant", "month"]],
    ["inside the month only", "2022-12-02T00:00:00.000Z", "2022-12-03T00:00:00.000Z", ["month"]],
    ["the month's exclusive end", "2023-01-01T00:00:00.000Z", "2023-01-02T00:00:00.000Z", []],
    ["before everything", "2022-11-01T00:00:00.000Z", "2022-12-01T00:00:00.000Z", []],
  ])("%s", async (_name, start, end, expected) => {
    const topics = { keywords: [], entities: [], searchText: "Ada", timeRange: { start, end } };
    const options = { userId: "ada", types: ["episodic" as const], asOf: "2024-01-01T00:00:00.000Z" };
    const timeIds = async (cache?: UserItemsCache) => {
      const lists = await searchMemories(topics, options, { store, embedder, ...(cache ? { cache } : {}) });
      return lists.find((list) => list.method === "time")!.hits.map((hit) => hit.item.id).sort();
    };
    const cache = new UserItemsCache(store);
    expect(await cache.items("episodic", "ada")).toHaveLength(4);
    expect(await timeIds()).toEqual(expected);
    expect(await timeIds(cache)).toEqual(expected);
  });
});
