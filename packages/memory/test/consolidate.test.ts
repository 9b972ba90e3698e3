import { promoteRepeatedTopics } from "../src/consolidate/promote-topics";
import { packContext } from "../src/recall/pack-context";
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

  it("promotes a topic a speaker mentions in three sessions to a semantic fact (promoteInto semanticUnlessProfile) sourced by each session's first mention, keeping the episodes", async () => {
    const episodes = [
      episode("e1", "Ada spent the whole weekend at the pottery studio downtown.", { session_id: "s1", valid_from: "2024-01-05T00:00:00.000Z" }),
      episode("e2", "Ada glazed three bowls in her pottery class on Tuesday.", { session_id: "s2", valid_from: "2024-02-10T00:00:00.000Z" }),
      episode("e3", "Ada sold some pottery at the spring craft fair.", { session_id: "s3", valid_from: "2024-03-20T00:00:00.000Z" }),
      episode("e4", "Ada visited her sister in Porto.", { session_id: "s2" }),
      episode("e1b", "Ada bought a second pottery wheel for the studio that week.", { session_id: "s1", valid_from: "2024-01-06T00:00:00.000Z" }),
      episode("e5", "Bo mentioned pottery once in the first session.", { session_id: "s1", actor: "Bo" }),
    ];
    const { store, engram } = await setup(episodes, { consolidation: { promoteInto: "semanticUnlessProfile" } });
    const before = await snapshot(store);
    const result = await engram.consolidate();
    expect(result.counts.promote).toBe(1);
    const promoted = await store.listItems("semantic", "ada");
    expect(promoted).toEqual([
      expect.objectContaining({ text: "Ada often mentions pottery (in 3 sessions).", sources: ["m-e1", "m-e2", "m-e3"], key: "promoted|ada|potteri", name: "Ada" }),
    ]);
    expect((await store.listItems("episodic", "ada")).map((item) => item.id).sort()).toEqual(["e1", "e1b", "e2", "e3", "e4", "e5"]);
    const history = await store.listHistory("ada");
    expect(history.map((row) => [row.memory_id, row.event, row.cause])).toEqual([[promoted[0]!.id, "ADD", `consolidate:${result.passId}`]]);

    expect((await engram.consolidate()).changes).toEqual([]);
    await engram.undoConsolidation(result.passId);
    expect(await snapshot(store)).toEqual(before);
  });

  it("promotes nothing new on a second run of the rule, and at most promoteMaxPerSpeaker facts per speaker", async () => {
    const topics = ["pottery", "chess", "gardening"];
    const episodes = topics.flatMap((topic, t) => ["s1", "s2", "s3"].map((session, index) => episode(`${topic}${index}`, `Ada talked about ${topic} with number ${t * 3 + index} friends.`, { session_id: session })));
    const toWorking = () => new Map(episodes.map((item) => [item.id, { ...item, vector: [] } as StoredMemoryItem]));
    const working = toWorking();
    const context = { minSessions: 3, maxPerSpeaker: 2, into: "semanticUnlessProfile" as const, sessionOfMessage: new Map<string, string>(), orderOfMessage: new Map<string, number>(), newId: (() => { let next = 0; return () => `p${next++}`; })(), now: NOW.toISOString() };
    const first = promoteRepeatedTopics(working, context);
    expect(first.map((change) => [change.event, change.after?.type])).toEqual([["ADD", "semantic"], ["ADD", "semantic"]]);
    expect(promoteRepeatedTopics(working, context)).toEqual([]);
    expect(promoteRepeatedTopics(working, { ...context, maxPerSpeaker: 3 }).map((change) => change.after?.text)).toEqual([expect.stringMatching(/^Ada often mentions (pottery|chess|gardening) \(in 3 sessions/)]);
    // The default `core`: the same facts as lines of Ada's core block.
    expect(promoteRepeatedTopics(toWorking(), { ...context, into: "core" }).map((change) => change.after)).toEqual([
      expect.objectContaining({ type: "core", label: "human:Ada", value: expect.stringMatching(/^Ada often mentions/) }),
      expect.objectContaining({ type: "core", label: "human:Ada" }),
    ]);
  });

  it("counts one speaker however the actor is cased: one promoted fact, one key", () => {
    const mentions = [["s1", "Ada"], ["s2", "ada"], ["s3", "ADA"]].map(([session, actor], index) => episode(`c${index}`, `${actor} played chess with number ${index} friends.`, { session_id: session, actor }));
    const working = new Map(mentions.map((item) => [item.id, { ...item, vector: [] } as StoredMemoryItem]));
    const context = { minSessions: 3, maxPerSpeaker: 3, into: "semanticUnlessProfile" as const, sessionOfMessage: new Map<string, string>(), orderOfMessage: new Map<string, number>(), newId: () => "p0", now: NOW.toISOString() };
    expect(promoteRepeatedTopics(working, context).map((change) => change.after?.key)).toEqual(["promoted|ada|chess"]);
  });

  it("writes a promoted profile topic as a core line of the speaker's block within its size limit, updates it in place on a later pass, and undo restores each step", async () => {
    const core = { ...episode("core1", "human:Ada: Ada is a nurse"), type: "core", label: "human:Ada", value: "Ada is a nurse", limit: 40, key: "ada|job" } as unknown as MemoryItem;
    const { store, engram } = await setup([
      core,
      episode("k1", "Ada took the kids to the lake for a long swim.", { session_id: "s1" }),
      episode("k2", "Ada baked a birthday cake with the kids on Sunday.", { session_id: "s2" }),
      episode("k3", "Ada read bedtime stories to the kids all week.", { session_id: "s3" }),
    ]);
    const before = await snapshot(store);
    const result = await engram.consolidate({ user: "ada" });
    expect(result.counts.promote).toBe(1);
    const lines = (await store.listItems("core", "ada")).filter((item) => item.id !== "core1");
    expect(lines).toEqual([expect.objectContaining({ type: "core", label: "human:Ada", limit: 40, key: "promoted|ada|kid", sources: ["m-k1", "m-k2", "m-k3"] })]);
    const line = lines[0] as Extract<MemoryItem, { type: "core" }>;
    expect(line.value).toBe("Ada often mentions kids (in 3 sessions)");
    expect(line.text).toBe(`human:Ada: ${line.value}`);
    expect((await store.listHistory("ada")).map((row) => [row.memory_id, row.event])).toEqual([[line.id, "ADD"]]);

    // A fourth session about the kids: the next pass updates the same line in place (same id, new sources); undo puts the old line back.
    const later = episode("k4", "Ada and the kids planted tomatoes in the garden.", { session_id: "s4", valid_from: "2024-01-09T00:00:00.000Z", created_at: "2024-06-02T00:00:00.000Z", updated_at: "2024-06-02T00:00:00.000Z" });
    await store.upsertItems("episodic", [{ ...later, vector: (await embedder.embedMany([later.text]))[0]! }]);
    const afterFirst = await snapshot(store);
    const second = await engram.consolidate({ user: "ada" });
    expect(second.changes.map((change) => [change.step, change.event, change.memoryId])).toEqual([["promote", "UPDATE", line.id]]);
    expect(await store.getItem("ada", line.id)).toMatchObject({ value: "Ada often mentions kids (in 4 sessions)", sources: ["m-k1", "m-k2", "m-k3", "m-k4"] });
    await engram.undoConsolidation(second.passId);
    expect(await snapshot(store)).toEqual(afterFirst);
    await engram.undoConsolidation(result.passId);
    await store.deleteItem("episodic", "ada", "k4");
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

  it("packs a promoted core line only into what first-hand core lines leave of the core share", () => {
    const line = (id: string, value: string, key = "") => ({ ...episode(id, `human:Ada: ${value}`), type: "core", label: "human:Ada", value, limit: 1000, key, sources: [`m-${id}`] }) as unknown as MemoryItem;
    const promoted = line("p", "Ada often mentions kids (in 13 sessions)", "promoted|ada|kid");
    const firstHand = [line("a", "Ada is a nurse in Lisbon"), line("b", "Ada has a cat named Bailey"), line("c", "Ada is a fan of classical music like Bach")];
    // The promoted line scores best, yet the three first-hand lines fill a small core share first.
    const fused = [promoted, ...firstHand].map((item, index) => ({ item, score: 1 - index / 10 }));
    const packed = packContext([promoted, ...firstHand], fused, { tokenBudget: 200, coreShare: 0.25 });
    expect(packed.items.map((item) => item.id)).toEqual(expect.arrayContaining(["a", "b", "c"]));
    expect(packed.items.map((item) => item.id)).not.toContain("p");
    expect(packContext([promoted, ...firstHand], fused, { tokenBudget: 2000 }).items.map((item) => item.id)).toContain("p");
  });

  it("packs the event a promoted semantic fact cites: the fact covers none of its sources", () => {
    const fact = { ...episode("p", "Ada often mentions kids (in 3 sessions)"), type: "semantic", key: "promoted|ada|kid", sources: ["m1", "m5", "m9"] } as unknown as MemoryItem;
    const event = { ...episode("e", "Ada took her kids to a pottery workshop"), sources: ["m5"] } as unknown as MemoryItem;
    const packed = packContext([], [{ item: fact, score: 1 }, { item: event, score: 0.5 }], { tokenBudget: 500 });
    expect(packed.items.map((item) => item.id).sort()).toEqual(["e", "p"]);
  });
});
