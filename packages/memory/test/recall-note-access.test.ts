import { Engram, HashEmbedder, InMemoryMemoryStore, ValidationError } from "../src/index";

/** `RecallOptions.noteAccess: false`: a recall that is not a use of its items (a warm-up, a preview) notes no access counts, so later recalls rank as before. */
describe("recall with noteAccess: false", () => {
  const open = async () => {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const engram = await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z") });
    await engram.add(
      [
        { id: "m1", content: "I moved to Lisbon last month and I love it.", timestamp: "2024-06-01T10:00:00Z" },
        { id: "m2", content: "My sister Grace is visiting next weekend.", timestamp: "2024-06-02T10:00:00Z" },
        { id: "m3", content: "I work as a nurse at the Santa Maria hospital.", timestamp: "2024-06-03T10:00:00Z" },
      ],
      { user_id: "ada" },
    );
    return { engram, store };
  };
  const accessCounts = async (store: InMemoryMemoryStore) =>
    (await Promise.all((["semantic", "episodic", "core"] as const).map((type) => store.listItems(type, "ada")))).flat().map((item) => item.access_count);

  it("writes no access count and leaves every later context as it was", async () => {
    const { engram, store } = await open();
    const scope = { user_id: "ada" };
    const before = await engram.recall("Where does she work?", scope, { noteAccess: false });
    for (const query of ["Who is visiting?", "Where does she live?", "Where does she work?"]) {
      const warm = await engram.recall(query, scope, { noteAccess: false });
      expect(warm.items.length).toBeGreaterThan(0);
    }
    await engram.flushAccess();
    expect((await accessCounts(store)).every((count) => count === 0)).toBe(true);
    const after = await engram.recall("Where does she work?", scope, { noteAccess: false });
    expect(after.context).toBe(before.context);
    expect(after.items.map((item) => item.id)).toEqual(before.items.map((item) => item.id));

    // A recall without the option notes its items, as before.
    await engram.recall("Where does she work?", scope);
    await engram.flushAccess();
    expect(Math.max(...(await accessCounts(store)))).toBe(1);
    await engram.close();
  });

  it("refuses a noteAccess that is not a boolean", async () => {
    const { engram } = await open();
    await expect(engram.recall("Where does she work?", { user_id: "ada" }, { noteAccess: "no" as unknown as boolean })).rejects.toBeInstanceOf(ValidationError);
    await engram.close();
  });
});
