import { Engram, HashEmbedder, InMemoryMemoryStore, MEMORY_TYPES, type MemoryItem, type StoredMemoryItem } from "../src/index";

const NOW = new Date("2024-06-01T00:00:00.000Z");
const embedder = new HashEmbedder();

/** An episodic event of Ada or Bo drawn from message `m<seq>` of session `session`. */
function event(seq: number, actor: string, text: string, session = "s1"): MemoryItem {
  const at = new Date(Date.UTC(2024, 4, 1, 0, seq)).toISOString();
  return { type: "episodic", id: `e${seq}`, user_id: "ada", agent_id: "agent", session_id: session, text, created_at: at, updated_at: at, valid_from: at, valid_to: null, sources: [`m${seq}`], importance: seq / 10, access_count: seq === 3 ? 2 : 0, last_accessed_at: null, key: "", occurred_at: at, occurred_precision: "day", occurred_end: null, event_type: "event", actor, summary: text, details: "" } as MemoryItem;
}

async function setup(items: MemoryItem[], smallTalkMaxWords?: number) {
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  const vectors = await embedder.embedMany(items.map((item) => item.text));
  for (const [index, item] of items.entries()) await store.upsertItems(item.type, [{ ...item, vector: vectors[index]! }]);
  await store.putMessages(items.map((item) => ({ id: item.sources[0]!, user_id: "ada", agent_id: "agent", session_id: item.session_id, role: "user" as const, speaker: (item as { actor: string }).actor, content: item.text, timestamp: item.created_at, image_caption: "", image_url: "", ingested_at: NOW.toISOString(), seq: Number(item.id.slice(1)), processed_at: NOW.toISOString(), error: null })));
  const engram = await Engram.open({ store, embedder, now: () => NOW, retention: { archiveBelow: 0 }, consolidation: smallTalkMaxWords === undefined ? {} : { smallTalkMaxWords } });
  return { store, engram };
}

async function snapshot(store: InMemoryMemoryStore): Promise<StoredMemoryItem[]> {
  const rows = (await Promise.all(MEMORY_TYPES.map((type) => store.listStoredItems(type, "ada")))).flat();
  return rows.sort((a, b) => `${a.type}${a.id}`.localeCompare(`${b.type}${b.id}`));
}

describe("small talk", () => {
  const conversation = [
    event(1, "Bo", "Bo: Hi Ada!"),
    event(2, "Ada", "Ada: Who is your favourite actor from the new adventure film?"),
    event(3, "Bo", "Bo: It's Shia Labeouf!"),
    event(4, "Ada", "Ada: Cool, enjoy!"),
    event(5, "Ada", "Ada: Ada started pottery classes at the community centre downtown."),
    event(6, "Bo", "Bo: Have fun!", "s2"),
  ];

  it("folds events of at most three content words into the nearest earlier event of the session, text appended and re-embedded", async () => {
    const { store, engram } = await setup(conversation);
    const before = await snapshot(store);
    const result = await engram.consolidate({ user: "ada" });
    expect(result.rows).toEqual({ before: 6, after: 3 });
    // The greeting has no earlier event: it goes to the next one.
    const kept = (await store.listStoredItems("episodic", "ada")).find((item) => item.id === "e2")!;
    expect(kept).toMatchObject({ text: "Bo: Hi Ada! Ada: Who is your favourite actor from the new adventure film? Bo: It's Shia Labeouf! Ada: Cool, enjoy!", sources: ["m1", "m2", "m3", "m4"], importance: 0.4, access_count: 2 });
    expect(kept.vector).toEqual((await embedder.embedMany([kept.text]))[0]);
    expect((await store.listItems("episodic", "ada")).map((item) => item.id).sort()).toEqual(["e2", "e5", "e6"]);
    expect(result.changes.filter((change) => change.into === "e2").map((change) => change.memoryId).sort()).toEqual(["e1", "e3", "e4"]);

    expect((await engram.consolidate({ user: "ada" })).changes).toEqual([]);
    await engram.undoConsolidation(result.passId);
    expect(await snapshot(store)).toEqual(before);
  });

  it("folds nothing with smallTalkMaxWords 0", async () => {
    const { engram } = await setup(conversation, 0);
    expect((await engram.consolidate({ user: "ada" })).changes).toEqual([]);
  });
});
