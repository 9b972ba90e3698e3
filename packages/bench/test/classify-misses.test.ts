import { Engram, HashEmbedder, InMemoryMemoryStore } from "@engram/memory";
import { conformanceItem } from "@engram/testing";
import { classifyMisses, indexItemsBySource, type MissClass } from "../src/explain/classify-misses";

const embedder = new HashEmbedder();
const user = "ada";

async function item(id: string, type: string, text: string, sources: string[], fields: Record<string, unknown> = {}) {
  const [vector] = await embedder.embedMany([text]);
  return conformanceItem({ id, user_id: user, type, text, sources, vector: vector!, ...fields } as never) as never;
}

/**
 * One planted miss of each class, for the question "When did Ada go hiking in the mountains in
 * May 2024?" at 120 tokens:
 * - D0 is cited by the packed hike (not a miss);
 * - D1 by no item (not_stored);
 * - D2 by a semantic fact worded unlike the question, behind 45 closer facts in its table, so no list returns it (stored_not_found);
 * - D3 by a procedure that the vector list returns, far below every candidate packing reaches (ranked_out);
 * - D4 by a long hike event in May that ranks high and does not fit the budget (packed_out);
 * - D5 by a kayak event dated March 2024, outside the question's May (dated_wrong).
 */
async function plantedEngram(): Promise<Engram> {
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  const may = { occurred_at: "2024-05-04T00:00:00.000Z", valid_from: "2024-05-05T10:00:00.000Z" };
  await store.upsertItems("episodic", [
    await item("hike", "episodic", "Ada went hiking in the mountains", ["D0"], may),
    await item("long-hike", "episodic", `Ada went hiking in the mountains in May with ${Array.from({ length: 60 }, (_, index) => `friend${index}`).join(" ")}`, ["D4"], may),
    await item("kayak", "episodic", "Bought a teal kayak at the harbour", ["D5"], { occurred_at: "2024-03-10T00:00:00.000Z", valid_from: "2024-03-11T10:00:00.000Z" }),
  ]);
  const fillers = await Promise.all(Array.from({ length: 45 }, (_, index) => item(`filler-${index}`, "semantic", `Ada hiking mountains note ${index}`, [`F${index}`])));
  await store.upsertItems("semantic", [...fillers, await item("colour", "semantic", "Teal suits the living room walls", ["D2"])]);
  await store.upsertItems("procedural", [await item("recipe", "procedural", "Bake bread: knead dough twice", ["D3"])]);
  return Engram.open({ store, embedder, now: () => new Date("2024-06-01T00:00:00.000Z") });
}

describe("classifyMisses on a hand-built store with one planted miss of each class", () => {
  it("puts each missed evidence id in its class, with the ranks that explain it", async () => {
    const engram = await plantedEngram();
    try {
      const recalled = await engram.recall("When did Ada go hiking in the mountains in May 2024?", { user_id: user }, { tokenBudget: 120, explain: true });
      expect(recalled.explain?.timeRange?.start.slice(0, 7)).toBe("2024-05");
      const bySource = indexItemsBySource(await engram.list({ user_id: user }, { includeInvalid: true }));
      const packed = new Set(recalled.items.flatMap((entry) => entry.sources));
      expect(packed.has("D0")).toBe(true);
      const misses = classifyMisses(["D0", "D1", "D2", "D3", "D4", "D5"], packed, bySource, recalled.explain!);
      const classes = Object.fromEntries(misses.map((miss) => [miss.evidence, miss.class])) as Record<string, MissClass>;
      expect(classes).toEqual({ D1: "not_stored", D2: "stored_not_found", D3: "ranked_out", D4: "packed_out", D5: "dated_wrong" });
      const byId = new Map(misses.map((miss) => [miss.evidence, miss]));
      expect(byId.get("D1")!.itemIds).toEqual([]);
      expect(byId.get("D2")!.bestRank).toEqual({ vector: null, text: null, time: null, graph: null, turn: null, fused: null });
      const rankedOut = byId.get("D3")!;
      expect(rankedOut.bestRank.vector).not.toBeNull();
      expect(rankedOut.bestRank.fused!).toBeGreaterThan(rankedOut.packingCut);
      expect(byId.get("D4")!.reason).toBe("budget");
      expect(byId.get("D4")!.bestRank.time).not.toBeNull();
      expect(byId.get("D5")!.bestRank.time).toBeNull();
    } finally {
      await engram.close();
    }
  });

  it("collects nothing when explain is off", async () => {
    const engram = await plantedEngram();
    try {
      const recalled = await engram.recall("When did Ada go hiking in the mountains in May 2024?", { user_id: user }, { tokenBudget: 120 });
      expect(recalled.explain).toBeUndefined();
    } finally {
      await engram.close();
    }
  });

  it("counts an item only a graph list or session neighbours placed in the fused order as ranked_out, not stored_not_found", () => {
    const fusedEntry = (id: string) => ({ id, score: 1, type: "episodic", sources: [id.toUpperCase()], text: id });
    const explain = {
      methods: [
        { method: "vector" as const, ids: ["a"] },
        { method: "graph" as const, ids: ["g"] },
      ],
      fused: ["a", "b", "g", "n"].map(fusedEntry),
      duplicates: [],
      packing: [{ id: "a", decision: "packed" as const }],
      timeRange: null,
    };
    const items = ["a", "b", "g", "n"].map((id) => ({ id, type: "episodic", sources: [id.toUpperCase()], valid_from: "2024-05-05T10:00:00.000Z" }));
    const misses = classifyMisses(["A", "G", "N"], new Set(["A"]), indexItemsBySource(items), explain as never);
    expect(misses.map((miss) => [miss.evidence, miss.class])).toEqual([
      ["G", "ranked_out"],
      ["N", "ranked_out"],
    ]);
    expect(misses[0]!.bestRank).toEqual({ vector: null, text: null, time: null, graph: 0, turn: null, fused: 2 });
    expect(misses[1]!.bestRank.fused).toBe(3);
  });

  it("counts a message no item cites but the raw-turn list reached as ranked_out or packed_out, not not_stored", () => {
    const explain = {
      methods: [
        { method: "vector" as const, ids: ["a"] },
        { method: "turn" as const, ids: ["turn:T1", "turn:T2"] },
      ],
      fused: [
        { id: "a", score: 1, type: "episodic", sources: ["A"], text: "a" },
        { id: "turn:T1", score: 0.5, type: "episodic", sources: ["T1"], text: "Ada: t1" },
        { id: "turn:T2", score: 0.4, type: "episodic", sources: ["T2"], text: "Ada: t2" },
      ],
      duplicates: [],
      packing: [
        { id: "a", decision: "packed" as const },
        { id: "turn:T1", decision: "budget" as const },
      ],
      timeRange: null,
    };
    const items = [{ id: "a", type: "episodic", sources: ["A"], valid_from: "2024-05-05T10:00:00.000Z" }];
    const misses = classifyMisses(["T1", "T2", "T3"], new Set(["A"]), indexItemsBySource(items), explain as never);
    expect(misses.map((miss) => [miss.evidence, miss.class, miss.reason])).toEqual([
      ["T1", "packed_out", "budget"],
      ["T2", "ranked_out", null],
      ["T3", "not_stored", null],
    ]);
    expect(misses[1]!.bestRank).toMatchObject({ turn: 1, fused: 2 });
    expect(misses[1]!.itemIds).toEqual(["turn:T2"]);
  });
});
