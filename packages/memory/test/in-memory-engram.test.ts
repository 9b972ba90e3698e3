import { Engram, HashEmbedder, InMemoryMemoryStore, ValidationError, type EngramOptions } from "../src/index";

/** The whole facade on the in-memory store: no folder, same graphs. */
describe("Engram on an InMemoryMemoryStore", () => {
  const open = async (options: Partial<EngramOptions> = {}) => {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    return { store, engram: await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z"), ...options }) };
  };

  it("ingests and recalls end to end, scoped by user", async () => {
    const { engram, store } = await open();
    const added = await engram.add(
      [
        { id: "m1", content: "I moved to Lisbon last month and I love it.", timestamp: "2024-06-01T10:00:00Z" },
        { id: "m2", content: "My sister Grace is visiting next weekend.", timestamp: "2024-06-02T10:00:00Z" },
        { id: "m3", content: "I work as a nurse at the Santa Maria hospital.", timestamp: "2024-06-03T10:00:00Z" },
      ],
      { user_id: "ada" },
    );
    expect(added.messages).toMatchObject({ received: 3, stored: 3, skipped: 0 });
    expect(added.actions.ADD).toBeGreaterThan(0);
    expect(await store.countMessages("ada")).toBe(3);

    const recalled = await engram.recall("Where does she work as a nurse?", { user_id: "ada" }, { tokenBudget: 300 });
    expect(recalled.context).toMatch(/nurse/);
    expect(recalled.items.flatMap((item) => item.sources)).toContain("m3");
    expect(recalled.tokens).toBeLessThanOrEqual(300);

    const other = await engram.recall("Where does she work as a nurse?", { user_id: "bob" });
    expect(other.items).toEqual([]);
    expect(await engram.stats({ user_id: "bob" })).toMatchObject({ messages: 0, semantic: 0 });

    await engram.close();
    expect((await store.listItems("semantic", "ada")).some((item) => item.access_count > 0) || (await store.listItems("episodic", "ada")).some((item) => item.access_count > 0)).toBe(true);
  });

  it("writes recall's access counts on flushAccess, not before (fewer than the batch threshold)", async () => {
    const { engram, store } = await open();
    await engram.add([{ id: "m1", content: "I work as a nurse at the Santa Maria hospital.", timestamp: "2024-06-03T10:00:00Z" }], { user_id: "ada" });
    const recalled = await engram.recall("Where does she work as a nurse?", { user_id: "ada" });
    const counted = async () => (await Promise.all(["semantic", "episodic"].map((type) => store.listItems(type as "semantic", "ada")))).flat().filter((item) => item.access_count > 0).length;
    expect(recalled.items.length).toBeGreaterThan(0);
    expect(await counted()).toBe(0);
    await engram.flushAccess();
    expect(await counted()).toBeGreaterThan(0);
    await engram.close();
  });

  it("leaves source ids off the context lines with citeSources false, per engram or per recall, and keeps them on the items", async () => {
    const { engram } = await open({ citeSources: false });
    await engram.add([{ id: "m3", content: "I work as a nurse at the Santa Maria hospital.", timestamp: "2024-06-03T10:00:00Z" }], { user_id: "ada" });
    const bare = await engram.recall("Where does she work as a nurse?", { user_id: "ada" });
    expect(bare.context).toMatch(/nurse/);
    expect(bare.context).not.toContain("[m3]");
    expect(bare.items.flatMap((item) => item.sources)).toContain("m3");
    const cited = await engram.recall("Where does she work as a nurse?", { user_id: "ada" }, { citeSources: true });
    expect(cited.context).toContain("[m3]");
    await expect(engram.recall("nurse", { user_id: "ada" }, { citeSources: "no" as never })).rejects.toThrow(ValidationError);
    await engram.close();
  });

  it("adds the same messages once", async () => {
    const { engram } = await open();
    const messages = [{ id: "m1", content: "I play the cello in a quartet." }];
    await engram.add(messages, { user_id: "ada" });
    expect((await engram.add(messages, { user_id: "ada" })).messages).toMatchObject({ stored: 0, skipped: 1 });
  });

  it("refuses options without a path or store, and a store of other dimensions", async () => {
    await expect(Engram.open({})).rejects.toBeInstanceOf(ValidationError);
    await expect(Engram.open({ path: "   " })).rejects.toBeInstanceOf(ValidationError);
    await expect(Engram.open({ store: new InMemoryMemoryStore({ dimensions: 8 }) })).rejects.toThrow(/8-dimension/);
    await expect(open({ batching: { size: 0 } })).rejects.toMatchObject({ name: "ValidationError", issues: [expect.stringMatching(/^batching\.size: /)] });
    await expect(Engram.open({ store: new InMemoryMemoryStore({ dimensions: 512 }), unknown: 1 } as EngramOptions)).rejects.toBeInstanceOf(ValidationError);
  });
});
