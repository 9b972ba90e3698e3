import { Engram, HashEmbedder, InMemoryMemoryStore, MEMORY_TYPES, type HistoryRow } from "../src/index";

/** A store whose history commits fail, as a crash or a drifted `history` table would make them. */
class FailingHistoryStore extends InMemoryMemoryStore {
  failHistory = false;
  override async appendHistory(rows: HistoryRow[]): Promise<void> {
    if (this.failHistory) throw new Error("history table unavailable");
    await super.appendHistory(rows);
  }
}

const open = async () => {
  const embedder = new HashEmbedder();
  const store = new FailingHistoryStore({ dimensions: embedder.dimensions });
  return { store, engram: await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z") }) };
};

const itemCount = async (store: InMemoryMemoryStore) => (await Promise.all(MEMORY_TYPES.map((type) => store.count(type, "ada")))).reduce((a, b) => a + b, 0);

/** Issue 9, finding 11: a memory change and its audit row are written together or the change is not written. */
describe("no memory change without its history row", () => {
  it("ingest changes no memory item when its history rows cannot be written, and the messages stay pending", async () => {
    const { engram, store } = await open();
    store.failHistory = true;
    await expect(engram.add([{ id: "m1", content: "I moved to Lisbon last month and I work as a nurse." }], { user_id: "ada" })).rejects.toThrow();
    expect(await itemCount(store)).toBe(0);
    expect((await store.listPendingMessages("ada")).map((message) => message.id)).toEqual(["m1"]);

    store.failHistory = false;
    await engram.retryPending();
    expect(await itemCount(store)).toBeGreaterThan(0);
    const items = (await Promise.all(MEMORY_TYPES.map((type) => store.listItems(type, "ada")))).flat();
    for (const item of items) expect((await engram.history(item.id, { user_id: "ada" })).map((row) => row.event)).toContain("ADD");
    await engram.close();
  });

  it("update and delete leave the item as it was when their history row cannot be written", async () => {
    const { engram, store } = await open();
    await engram.add([{ id: "m1", content: "I play the cello in a quartet." }], { user_id: "ada" });
    const [item] = await engram.list({ user_id: "ada" });
    store.failHistory = true;
    await expect(engram.update(item!.id, { text: "I play the viola in a quartet." }, { user_id: "ada" })).rejects.toThrow();
    await expect(engram.delete(item!.id, { user_id: "ada" })).rejects.toThrow();
    expect(await engram.get(item!.id, { user_id: "ada" })).toMatchObject({ id: item!.id, text: item!.text });
    await engram.close();
  });
});
