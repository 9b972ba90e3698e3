import { fuseRankedLists } from "../src/recall/fuse-ranked-lists";
import type { RankedList } from "../src/recall/search-memories";
import { Engram, HashEmbedder, InMemoryMemoryStore, retentionFactor, retentionScore, shouldArchive, type MemoryItem } from "../src/index";

const NOW = new Date("2024-03-01T00:00:00.000Z");

function item(fields: Partial<MemoryItem> = {}): MemoryItem {
  return {
    type: "semantic",
    id: "s1",
    user_id: "ada",
    agent_id: "agent",
    session_id: "",
    text: "Ada plays the cello",
    created_at: "2024-01-16T00:00:00.000Z", // 45 days before NOW
    updated_at: "2024-01-16T00:00:00.000Z",
    valid_from: "2024-01-16T00:00:00.000Z",
    valid_to: null,
    sources: ["m1"],
    importance: 0.5,
    access_count: 0,
    last_accessed_at: null,
    key: "",
    name: "Ada",
    summary: "",
    details: "",
    source: "",
    ...fields,
  } as MemoryItem;
}

describe("retentionScore (R = exp(-t / S), S = 30 d × (1 + accesses) × (1 + importance))", () => {
  it("matches hand-computed values", () => {
    // t = 45 d, S = 30 × 1 × 1.5 = 45 d: R = e^-1.
    expect(retentionScore(item(), NOW)).toBeCloseTo(0.367879, 6);
    // importance 0: S = 30, R = e^-1.5.
    expect(retentionScore(item({ importance: 0 }), NOW)).toBeCloseTo(0.223130, 6);
    // 2 accesses, last 15 days ago: S = 30 × 3 × 1.5 = 135, R = e^(-15/135) = e^(-1/9).
    expect(retentionScore(item({ access_count: 2, last_accessed_at: "2024-02-15T00:00:00.000Z" }), NOW)).toBeCloseTo(0.894839, 6);
    // Base stability 10 days, importance 1: S = 20, t = 45: R = e^-2.25.
    expect(retentionScore(item({ importance: 1 }), NOW, { baseStabilityDays: 10 })).toBeCloseTo(0.105399, 6);
    // Stored after `now`: t = 0, R = 1.
    expect(retentionScore(item({ created_at: "2024-04-01T00:00:00.000Z" }), NOW)).toBe(1);
  });

  it("counts whole days: an item stored a minute ago and one stored 23 hours ago are retained alike", () => {
    const minuteAgo = item({ created_at: "2024-02-29T23:59:00.000Z" });
    const hoursAgo = item({ created_at: "2024-02-29T01:00:00.000Z" });
    expect(retentionScore(minuteAgo, NOW)).toBe(1);
    expect(retentionScore(hoursAgo, NOW)).toBe(1);
    // 25 hours: one whole day, S = 45.
    expect(retentionScore(item({ created_at: "2024-02-28T23:00:00.000Z" }), NOW)).toBeCloseTo(Math.exp(-1 / 45), 9);
  });

  it("leaves a tie of equal fused scores to the text (compareTies), whichever item was written a few seconds later", () => {
    // "b" in first place of one list and "a" of the other: equal RRF scores. Written seconds apart, the later one used to win.
    const written = (id: string, text: string, at: string) => ({ item: item({ id, text, created_at: at }), score: 0.1 });
    const lists: RankedList[] = [
      { type: "semantic", method: "vector", hits: [written("b", "Ada plays the viola", "2024-02-29T10:00:05.000Z")] },
      { type: "semantic", method: "text", hits: [written("a", "Ada plays the cello", "2024-02-29T10:00:00.000Z")] },
    ];
    const order = fuseRankedLists(lists, { methodWeights: { vector: 1, text: 1 }, retention: { now: NOW, weight: 0.2 } }).map(({ item: fused }) => fused.id);
    expect(order).toEqual(["a", "b"]);
  });

  it("grows with accesses and importance", () => {
    expect(retentionScore(item({ access_count: 3 }), NOW)).toBeGreaterThan(retentionScore(item(), NOW));
    expect(retentionScore(item({ importance: 0.9 }), NOW)).toBeGreaterThan(retentionScore(item({ importance: 0.1 }), NOW));
  });

  it("gives recall a factor R^weight, 1 when the weight is 0", () => {
    expect(retentionFactor(item(), NOW, 0)).toBe(1);
    expect(retentionFactor(item(), NOW, 0.5)).toBeCloseTo(Math.exp(-0.5), 6);
  });

  it("archives below the threshold, never core or vault items", () => {
    expect(shouldArchive(item(), NOW, 0.4)).toBe(true);
    expect(shouldArchive(item(), NOW, 0.3)).toBe(false);
    expect(shouldArchive(item({ archived_at: "2024-02-01T00:00:00.000Z" }), NOW, 0.4)).toBe(false);
    expect(shouldArchive({ ...item(), type: "core", label: "human", value: "x", limit: 100 } as MemoryItem, NOW, 1)).toBe(false);
    expect(shouldArchive({ ...item(), type: "knowledge_vault", entry_type: "email", caption: "c", sensitivity: "low", secret: "a@b.c" } as MemoryItem, NOW, 1)).toBe(false);
  });
});

describe("archived items", () => {
  it("are left out of recall and list unless asked, and kept in export", async () => {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const engram = await Engram.open({ store, embedder, now: () => NOW });
    const [vector] = await embedder.embedMany(["Ada plays the cello"]);
    await store.upsertItems("semantic", [
      { ...item({ id: "kept", text: "Ada plays the cello in a quartet" }), vector: vector! },
      { ...item({ id: "gone", sources: ["m2"], text: "Ada plays the cello at weddings", archived_at: "2024-02-20T00:00:00.000Z" }), vector: vector! },
    ]);
    const recalled = await engram.recall("What does Ada play, the cello?", { user_id: "ada" });
    expect(recalled.items.map((entry) => entry.id)).toEqual(["kept"]);
    const withArchived = await engram.recall("What does Ada play, the cello?", { user_id: "ada" }, { includeArchived: true });
    expect(withArchived.items.map((entry) => entry.id).sort()).toEqual(["gone", "kept"]);
    expect((await engram.list({ user_id: "ada" })).map((entry) => entry.id)).toEqual(["kept"]);
    expect((await engram.list({ user_id: "ada" }, { includeArchived: true })).map((entry) => entry.id).sort()).toEqual(["gone", "kept"]);
    const exported = await engram.exportUser({ user_id: "ada" });
    const memories = exported.records.filter((record) => record.kind === "memory");
    expect(memories.map((record) => [record.id, record.archived_at]).sort()).toEqual([["gone", "2024-02-20T00:00:00.000Z"], ["kept", null]]);
    await engram.close();
  });
});
