import { Engram, HashEmbedder, InMemoryMemoryStore, MEMORY_TYPES, type MemoryItem, type StoredMemoryItem } from "../src/index";

const NOW = new Date("2024-06-01T00:00:00.000Z");
const embedder = new HashEmbedder();

function episode(id: string, text: string, fields: Partial<MemoryItem> = {}): MemoryItem {
  return {
    type: "episodic",
    id,
    user_id: "ada",
    agent_id: "agent",
    session_id: "s1",
    text,
    created_at: "2024-05-01T00:00:00.000Z",
    updated_at: "2024-05-01T00:00:00.000Z",
    valid_from: "2024-01-01T00:00:00.000Z",
    valid_to: null,
    sources: [`m-${id}`],
    importance: 0.5,
    access_count: 0,
    last_accessed_at: null,
    key: "",
    occurred_at: "2024-01-01T00:00:00.000Z",
    occurred_precision: "day",
    occurred_end: null,
    event_type: "event",
    actor: "Ada",
    summary: text,
    details: "",
    ...fields,
  } as MemoryItem;
}

async function setup(items: MemoryItem[], options: { archiveBelow?: number; consolidation?: Record<string, unknown> } = {}) {
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  const vectors = await embedder.embedMany(items.map((item) => item.text));
  for (const [index, item] of items.entries()) await store.upsertItems(item.type, [{ ...item, vector: vectors[index]! }]);
  await store.putMessages([{ id: "m0", user_id: "ada", agent_id: "agent", session_id: "s1", role: "user", speaker: "Ada", content: "hi", timestamp: NOW.toISOString(), image_caption: "", image_url: "", ingested_at: NOW.toISOString(), seq: 0, processed_at: null, error: null }]);
  const engram = await Engram.open({ store, embedder, now: () => NOW, retention: { archiveBelow: options.archiveBelow ?? 0 }, consolidation: { summarize: "always", ...options.consolidation } });
  return { store, engram };
}

async function snapshot(store: InMemoryMemoryStore): Promise<StoredMemoryItem[]> {
  const rows = (await Promise.all(MEMORY_TYPES.map((type) => store.listStoredItems(type, "ada")))).flat();
  return rows.sort((a, b) => `${a.type}${a.id}`.localeCompare(`${b.type}${b.id}`));
}

describe("Engram.consolidate", () => {
  it("merges near-duplicates into the oldest item with every source, and undo restores the rows exactly", async () => {
    const { store, engram } = await setup([
      episode("newer", "Ada adopted a grey cat named Bailey.", { created_at: "2024-05-03T00:00:00.000Z", access_count: 2, importance: 0.7 }),
      episode("oldest", "Ada adopted a grey cat named Bailey!", { created_at: "2024-05-02T00:00:00.000Z" }),
      episode("other", "Ada ran a marathon in Lisbon."),
    ]);
    const before = await snapshot(store);
    const result = await engram.consolidate({ user: "ada" });
    expect(result.counts.merge).toBe(2);
    expect(result.rows).toEqual({ before: 3, after: 2 });
    const kept = await store.getItem("ada", "oldest");
    expect(kept).toMatchObject({ sources: ["m-oldest", "m-newer"], importance: 0.7, access_count: 2 });
    expect(await store.getItem("ada", "newer")).toBeNull();
    const history = await store.listHistory("ada");
    expect(history.map((row) => [row.id, row.memory_id, row.event, row.cause]).sort()).toEqual([
      [`${result.passId}:00000000`, "oldest", "MERGE", `consolidate:${result.passId}`],
      [`${result.passId}:00000001`, "newer", "MERGE", `consolidate:${result.passId}`],
    ]);

    const again = await engram.consolidate({ user: "ada" });
    expect(again.changes).toEqual([]);

    await engram.undoConsolidation(result.passId);
    expect(await snapshot(store)).toEqual(before);
    await expect(engram.undoConsolidation(result.passId)).rejects.toMatchObject({ name: "ValidationError" });
  });

  it("promotes a fact repeated in three sessions to one semantic item with all sources", async () => {
    const { store, engram } = await setup([
      episode("e1", "Ada paints landscapes every weekend.", { session_id: "s1" }),
      episode("e2", "Ada paints landscapes every weekend!", { session_id: "s2", created_at: "2024-05-02T00:00:00.000Z" }),
      episode("e3", "Ada paints landscapes, every weekend.", { session_id: "s3", created_at: "2024-05-03T00:00:00.000Z" }),
      episode("e4", "Ada visited her sister in Porto.", { session_id: "s2" }),
    ]);
    const before = await snapshot(store);
    const result = await engram.consolidate();
    expect(result.users).toEqual(["ada"]);
    expect(result.counts.promote).toBe(4);
    const promoted = await store.listItems("semantic", "ada");
    expect(promoted).toEqual([expect.objectContaining({ id: "e1", text: "Ada paints landscapes every weekend.", sources: ["m-e1", "m-e2", "m-e3"] })]);
    expect((await store.listItems("episodic", "ada")).map((item) => item.id)).toEqual(["e4"]);
    expect((await engram.consolidate()).changes).toEqual([]);
    await engram.undoConsolidation(result.passId);
    expect(await snapshot(store)).toEqual(before);
  });

  it("plans without writing on a dry run", async () => {
    const { store, engram } = await setup([episode("a", "Ada adopted a cat."), episode("b", "Ada adopted a cat!")]);
    const before = await snapshot(store);
    const planned = await engram.consolidate({ dryRun: true });
    expect(planned.counts.merge).toBe(2);
    expect(await snapshot(store)).toEqual(before);
    expect(await store.listHistory("ada")).toEqual([]);
  });

  it("summarizes an old session and archives forgotten items, never core or vault items", async () => {
    const session = Array.from({ length: 6 }, (_, index) => episode(`s${index}`, `Ada did thing number ${["one", "two", "three", "four", "five", "six"][index]} at the fair.`, { importance: index / 10 }));
    const core = { ...episode("core1", "human:Ada: Ada is a nurse"), type: "core", label: "human:Ada", value: "Ada is a nurse", limit: 1000 } as unknown as MemoryItem;
    const vault = { ...episode("vault1", "Ada's email"), type: "knowledge_vault", entry_type: "email", caption: "Ada's email", sensitivity: "low", secret: "ada@example.com" } as unknown as MemoryItem;
    // Stored 31 days before NOW, never recalled: retention e^(-31/(30 × (1 + importance))) is 0.356 (importance 0), 0.391 (0.1), 0.423 (0.2), ...
    const { store, engram } = await setup([...session, core, vault], { archiveBelow: 0.4 });
    const before = await snapshot(store);
    const result = await engram.consolidate({ user: "ada" });
    expect(result.counts.summarize).toBe(1);
    const summary = result.changes.find((change) => change.step === "summarize")!;
    expect(summary.text).toBe("Summary of a session: Ada did thing number four at the fair. Ada did thing number five at the fair. Ada did thing number six at the fair.");
    expect(summary.sources).toEqual(["m-s3", "m-s4", "m-s5"]);
    const archived = result.changes.filter((change) => change.step === "archive").map((change) => change.memoryId).sort();
    expect(archived).toEqual(["s0", "s1"]);
    expect((await store.getItem("ada", "core1"))?.archived_at).toBeNull();
    expect((await store.getItem("ada", "vault1"))?.archived_at).toBeNull();
    await engram.undoConsolidation(result.passId);
    expect(await snapshot(store)).toEqual(before);
  });

  it("can let a session summary take the place of the events it quotes, and undo puts them back", async () => {
    const session = Array.from({ length: 6 }, (_, index) => episode(`s${index}`, `Ada did thing number ${["one", "two", "three", "four", "five", "six"][index]} at the fair.`, { importance: index / 10 }));
    const { store, engram } = await setup(session, { consolidation: { summaryAbsorbsEvents: true } });
    const before = await snapshot(store);
    const result = await engram.consolidate({ user: "ada" });
    const summary = result.changes.find((change) => change.step === "summarize" && change.event === "ADD")!;
    expect(result.changes.filter((change) => change.removed).map((change) => [change.memoryId, change.into])).toEqual([["s3", summary.memoryId], ["s4", summary.memoryId], ["s5", summary.memoryId]]);
    expect((await store.listItems("episodic", "ada")).map((item) => item.id).sort()).toEqual(["s0", "s1", "s2", summary.memoryId].sort());
    await engram.undoConsolidation(result.passId);
    expect(await snapshot(store)).toEqual(before);
  });
});
