import { conformanceItem } from "@engram/testing";
import { Engram, HashEmbedder, InMemoryMemoryStore, type EngramOptions } from "../src/index";
import { fuseRankedLists } from "../src/recall/fuse-ranked-lists";
import { searchTurns } from "../src/recall/search-turns";
import type { MemoryItem } from "../src/schema/memory-item";
import { storedMessage } from "./stored-message";

const user = "u1";

/** An Engram on an in-memory store holding three turns of Ada, one of which (`m2`) no item cites: the policy dropped it. */
async function open(options: Partial<EngramOptions> = {}) {
  const embedder = new HashEmbedder();
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  await store.putMessages([
    storedMessage({ id: "m1", seq: 0, content: "I started pottery classes on Tuesday." }),
    storedMessage({ id: "m2", seq: 1, content: "We adopted a greyhound and named him Biscuit." }),
    storedMessage({ id: "m3", seq: 2, content: "My sister Grace is visiting next weekend." }),
  ]);
  const event = async (id: string, text: string, source: string) => {
    const [vector] = await embedder.embedMany([text]);
    return conformanceItem({ id, user_id: user, type: "episodic", text, sources: [source], vector, session_id: "s1", valid_from: "2023-05-08T13:56:00.000Z" } as never);
  };
  await store.upsertItems("episodic", [await event("pottery", "Ada started pottery classes on Tuesday.", "m1"), await event("grace", "Ada's sister Grace is visiting next weekend.", "m3")] as never);
  return { store, engram: await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z"), ...options }) };
}

describe("raw-turn list in recall", () => {
  it("makes a turn no item cites findable, as a line naming the speaker under the day it was said, citing its message", async () => {
    const { engram } = await open();
    const recalled = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300 });
    const turn = recalled.items.find((item) => item.sources.includes("m2"));
    expect(turn).toMatchObject({ id: "turn:m2", type: "episodic", sources: ["m2"], text: "Ada: We adopted a greyhound and named him Biscuit." });
    expect(recalled.context).toMatch(/### 8 May 2023\n(?:.*\n)*- Ada: We adopted a greyhound and named him Biscuit\. \[m2\]/);
    await engram.close();
  });

  it("does not bring back a turn whose only item was invalidated (what it said no longer holds)", async () => {
    const { engram, store } = await open();
    const stale = conformanceItem({ id: "old-dog", user_id: user, type: "semantic", text: "Ada has a dog", sources: ["m2"], vector: (await new HashEmbedder().embedMany(["Ada has a dog"]))[0], valid_to: "2024-01-01T00:00:00.000Z" } as never);
    await store.upsertItems("semantic", [stale] as never);
    const recalled = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300 });
    expect(recalled.items.flatMap((item) => item.sources)).not.toContain("m2");
    await engram.close();
  });

  it("does not bring back a turn whose item was deleted (its history row still cites it)", async () => {
    const { engram, store } = await open();
    await store.upsertItems("semantic", [conformanceItem({ id: "dog", user_id: user, type: "semantic", text: "Ada has a greyhound", sources: ["m2"], vector: (await new HashEmbedder().embedMany(["Ada has a greyhound"]))[0] } as never)] as never);
    await store.appendHistory([{ id: "h-dog", memory_id: "dog", memory_type: "semantic", user_id: user, event: "ADD", before: null, after: "{}", cause: "test", sources: ["m2"], created_at: "2024-06-01T00:00:00.000Z" }]);
    await engram.delete("dog", { user_id: user });
    const recalled = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300 });
    expect(recalled.items.flatMap((item) => item.sources)).not.toContain("m2");
    await engram.close();
  });

  it("makes no turn item from a turn that only asks, nor when the recall's types leave episodic out", async () => {
    const { engram, store } = await open();
    await store.putMessages([storedMessage({ id: "m4", seq: 3, content: "What is the greyhound's name again?" })]);
    const recalled = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300 });
    expect(recalled.items.map((item) => item.id)).toContain("turn:m2");
    expect(recalled.items.flatMap((item) => item.sources)).not.toContain("m4");
    const semanticOnly = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300, types: ["semantic"] });
    expect(semanticOnly.items.filter((item) => item.type !== "semantic")).toEqual([]);
    await engram.close();
  });

  it("stands a turn that an item cites for by that item, so the turn's text is not packed twice", async () => {
    const { engram } = await open();
    const recalled = await engram.recall("When are the pottery classes?", { user_id: user }, { tokenBudget: 300, explain: true });
    expect(recalled.explain!.methods.find((method) => method.method === "turn")!.ids).toContain("pottery");
    expect(recalled.items.filter((item) => item.sources.includes("m1")).map((item) => item.id)).toEqual(["pottery"]);
    expect(recalled.context.match(/pottery/g)).toHaveLength(1);
    await engram.close();
  });

  it("is off with turnRecall: false or a recall's turns: false", async () => {
    const { engram } = await open({ turnRecall: false });
    const off = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300, explain: true });
    expect(off.items.flatMap((item) => item.sources)).not.toContain("m2");
    expect(off.explain!.methods.map((method) => method.method)).not.toContain("turn");
    const on = await engram.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300, turns: true });
    expect(on.items.flatMap((item) => item.sources)).toContain("m2");
    await engram.close();

    const { engram: defaultOn } = await open();
    const perRecall = await defaultOn.recall("What is the name of the greyhound?", { user_id: user }, { tokenBudget: 300, turns: false });
    expect(perRecall.items.flatMap((item) => item.sources)).not.toContain("m2");
    await defaultOn.close();
  });

  it("counts no access for a raw turn (it has no row), and still counts the items packed with it", async () => {
    const { engram, store } = await open();
    await engram.recall("greyhound Biscuit and sister Grace", { user_id: user }, { tokenBudget: 300 });
    await engram.close();
    expect((await store.listItems("episodic", user)).map((item) => item.id).sort()).toEqual(["grace", "pottery"]);
    expect((await store.listItems("episodic", user)).find((item) => item.id === "grace")!.access_count).toBe(1);
  });

  it("skips the list for a user with more messages than maxMessages when no cache holds them, and leaves out turns said after asOf", async () => {
    const { store, engram } = await open();
    await engram.close();
    const topics = { keywords: ["greyhound"], entities: [], timeRange: null, searchText: "greyhound" };
    const options = { userId: user, types: ["episodic" as const], asOf: "2024-06-10T12:00:00.000Z" };
    expect(await searchTurns(topics, { ...options, maxMessages: 2 }, { store })).toBeNull();
    const lists = await searchTurns(topics, { ...options, maxMessages: 3 }, { store });
    expect(lists!.flatMap((list) => list.hits.map((hit) => hit.item.id))).toEqual(["turn:m2"]);
    expect(await searchTurns(topics, { ...options, asOf: "2023-05-01T00:00:00.000Z" }, { store })).toEqual([]);
  });

  it("gives the items citing one turn one rank in fusion, so their ids do not decide which leads", () => {
    const item = (id: string, type: "episodic" | "semantic") => conformanceItem({ id, user_id: user, type, text: `text ${id}`, importance: 0 } as never) as unknown as MemoryItem;
    const fused = fuseRankedLists([
      { type: "episodic", method: "turn", hits: [{ item: item("b-event", "episodic"), score: 0 }, { item: item("c-next", "episodic"), score: 1 }] },
      { type: "semantic", method: "turn", hits: [{ item: item("a-fact", "semantic"), score: 0 }] },
    ]);
    const score = new Map(fused.map((entry) => [entry.item.id, entry.score]));
    expect(score.get("a-fact")).toBeCloseTo(score.get("b-event")!);
    // Competition ranking: the next turn's item stands third (rank 2), as it would without the tie.
    expect(score.get("c-next")! / score.get("a-fact")!).toBeCloseTo((1 + 1) / (1 + 3));
  });
});
