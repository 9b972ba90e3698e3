import { conformanceItem } from "@engram/testing";
import { Engram, HashEmbedder, InMemoryMemoryStore, countTokens } from "../src/index";
import { formatRelationLine, RELATIONS_HEADING } from "../src/recall/format-relation-line";
import { packContext } from "../src/recall/pack-context";
import { relationsForSection, type ScoredTriplet } from "../src/recall/search-graph";
import type { MemoryItem } from "../src/schema/memory-item";

const item = (fields: Record<string, unknown> & { id: string }) => conformanceItem({ user_id: "u1", ...fields } as never) as unknown as MemoryItem;

const triplet = (id: string, text: string, sources: string[], score = 1): ScoredTriplet => ({
  relation: { id, user_id: "u1", subject_id: "e1", predicate: "does_activity", object_id: `o-${id}`, text, sources, created_at: "2023-05-08T00:00:00.000Z", updated_at: "2023-05-08T00:00:00.000Z", valid_from: "2023-05-08T00:00:00.000Z", valid_to: null },
  subject: "Melanie",
  object: text.split(" ").at(-1)!,
  score,
  hop: 1,
  cued: true,
});

const events = Array.from({ length: 30 }, (_, index) =>
  item({ id: `e${index}`, type: "episodic", text: `Melanie talked about her week, part ${index}`, valid_from: "2023-05-08T00:00:00.000Z", occurred_at: null, sources: [`D1:${index + 1}`] }),
);
const fused = events.map((event, index) => ({ item: event, score: 1 / (index + 1) }));

describe("the `## Entities and relations` section", () => {
  it("formats a relation as its sentence and the day it was first stated, with sources as item lines have them", () => {
    const { relation } = triplet("r1", "Melanie does pottery", ["D3:5", "D8:2"]);
    expect(formatRelationLine(relation)).toBe("- Melanie does pottery (8 May 2023) [D3:5, D8:2]");
    expect(formatRelationLine(relation, { citeSources: false })).toBe("- Melanie does pottery (8 May 2023)");
  });

  it("packs relations citing messages no packed item cites, heading and lines inside the budget, items filling the rest", () => {
    const relations = [triplet("r1", "Melanie does pottery", ["D1:1"]), triplet("r2", "Melanie does camping", ["D9:4"]), triplet("r3", "Melanie does painting", ["D9:4", "D9:7"]), triplet("r4", "Melanie reads Charlotte's Web", ["D9:7"])];
    for (const budget of [200, 400]) {
      const packed = packContext([], fused, { tokenBudget: budget, relations, relationShare: 0.3 });
      expect(packed.tokens).toBeLessThanOrEqual(budget);
      expect(packed.tokens).toBe(countTokens(packed.context));
      const section = packed.context.slice(packed.context.indexOf(RELATIONS_HEADING));
      expect(packed.context).toContain(RELATIONS_HEADING);
      // r1's message is behind a packed event; r4's behind r3 packed before it: neither repeats it.
      expect(packed.relations.map((relation) => relation.id)).toEqual(["r2", "r3"]);
      expect(section.split("\n").slice(1)).toEqual(["- Melanie does camping (8 May 2023) [D9:4]", "- Melanie does painting (8 May 2023) [D9:4, D9:7]"]);
      // What the section leaves goes to the next items in fused order (one given up before the section is tried again).
      expect(packed.items.map((entry) => entry.id)).toEqual(events.slice(0, packed.items.length).map((event) => event.id));
      const itemSources = new Set(packed.items.flatMap((entry) => entry.sources));
      for (const relation of packed.relations) expect(relation.sources.some((source) => !itemSources.has(source))).toBe(true);
      expect(packed.relations[0]).toMatchObject({ subject: "Melanie", predicate: "does_activity", object: "camping", sources: ["D9:4"], valid_from: "2023-05-08T00:00:00.000Z", hop: 1 });
    }
  });

  it("packs no relation whose messages a packed core line already cites", () => {
    const core = [item({ id: "c1", type: "core", text: "Melanie has kids", value: "Melanie has kids", valid_from: "2023-05-08T00:00:00.000Z", sources: ["D2:8"] })];
    const relations = [triplet("r1", "Melanie has kids", ["D2:8"], 2), triplet("r2", "Melanie does camping", ["D9:4"])];
    const packed = packContext(core, fused, { tokenBudget: 300, relations, relationShare: 0.2 });
    expect(packed.items.map((entry) => entry.id)).toContain("c1");
    expect(packed.relations.map((relation) => relation.id)).toEqual(["r2"]);
  });

  it("packs exactly as without relations when none of them gets a line", () => {
    const small = (id: string, source: string) => item({ id, type: "episodic", text: `Melanie said ${id}`, valid_from: "2023-05-08T00:00:00.000Z", occurred_at: null, sources: [source] });
    const big = item({ id: "big", type: "episodic", text: "Melanie told a long story about the lake, the tent, the kids, the rain, the dog, the fire, the stars, the fish and the drive home", valid_from: "2023-05-08T00:00:00.000Z", occurred_at: null, sources: ["D5:1"] });
    const candidates = [small("s1", "D4:1"), big, small("s2", "D4:2"), small("s3", "D4:3")].map((entry) => ({ item: entry, score: 0.9 }));
    // The only relation repeats s1's message, so it is never shown: the share held back for it must not change which items fit.
    for (const budget of [80, 100, 110, 120]) {
      const without = packContext([], candidates, { tokenBudget: budget });
      const decisions: never[] = [];
      const withRelation = packContext([], candidates, { tokenBudget: budget, relations: [triplet("r1", "Melanie does camping", ["D4:1"])], relationShare: 0.5, decisions });
      expect(withRelation.relations).toEqual([]);
      expect(withRelation.context).toBe(without.context);
      expect(withRelation.items.map((entry) => entry.id)).toEqual(without.items.map((entry) => entry.id));
      expect(new Set((decisions as { id: string }[]).map((entry) => entry.id)).size).toBe((decisions as unknown[]).length);
    }
  });

  it("packs no item, after the section, whose messages a packed relation already states", () => {
    const tea = item({ id: "a", type: "episodic", text: "Melanie likes tea a lot", valid_from: "2023-05-08T00:00:00.000Z", occurred_at: null, sources: ["D1:1"] });
    const lake = item({ id: "b", type: "episodic", text: "Melanie went camping with her kids at the lake", valid_from: "2023-05-08T00:00:00.000Z", occurred_at: null, sources: ["D9:4"] });
    for (const budget of [60, 70, 78, 90]) {
      const packed = packContext([], [{ item: tea, score: 1 }, { item: lake, score: 0.5 }], { tokenBudget: budget, relations: [triplet("r1", "Melanie does camping", ["D9:4"])], relationShare: 0.5 });
      const itemSources = new Set(packed.items.flatMap((entry) => entry.sources));
      for (const relation of packed.relations) expect(relation.sources.some((source) => !itemSources.has(source))).toBe(true);
    }
  });

  it("takes only first-hop relations whose predicate the query asks about", () => {
    const cued = triplet("r1", "Melanie does pottery", ["D1:1"]);
    const secondHop = { ...triplet("r2", "Sam does swimming", ["D1:2"]), hop: 2 as const };
    const uncued = { ...triplet("r3", "Melanie has kids", ["D1:3"]), cued: false };
    expect(relationsForSection([cued, secondHop, uncued])).toEqual([cued]);
  });

  it("counts the section's heading and lines against the budget: items give way, and nothing is packed past it", () => {
    const relations = Array.from({ length: 40 }, (_, index) => triplet(`r${index}`, `Melanie does hobby number ${index}`, [`D7:${index}`], 1 - index / 100));
    const without = packContext([], fused, { tokenBudget: 200 });
    const withSection = packContext([], fused, { tokenBudget: 200, relations, relationShare: 0.25 });
    expect(withSection.tokens).toBeLessThanOrEqual(200);
    expect(withSection.items.length).toBeLessThan(without.items.length);
    const sectionTokens = countTokens(`\n\n${RELATIONS_HEADING}\n${withSection.context.split(`${RELATIONS_HEADING}\n`)[1]}`);
    // The items packed first take at most 75 % of the budget; the relations fill the share held back, in score order.
    expect(sectionTokens).toBeGreaterThanOrEqual(200 * 0.25 - 10);
    expect(withSection.relations.map((relation) => relation.id)).toEqual(relations.slice(0, withSection.relations.length).map(({ relation }) => relation.id));
    expect(packContext([], fused, { tokenBudget: 200, relations, relationShare: 0 })).toEqual(without);
    expect(packContext([], fused, { tokenBudget: 200, relations: [] })).toEqual(without);
    expect(without.relations).toEqual([]);
    expect(without.context).not.toContain(RELATIONS_HEADING);
  });

  it("recall: shows the section for a query naming an entity, and none with the graph off, no entity named, or a share of 0", async () => {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const engram = await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z") });
    await engram.add(
      [
        { id: "m1", speaker: "Ada", content: "My sister Grace lives in Porto.", timestamp: "2024-06-01T10:00:00Z" },
        { id: "m2", speaker: "Ada", content: "I work at the Santa Maria hospital.", timestamp: "2024-06-02T10:00:00Z" },
        { id: "m3", speaker: "Ada", content: "Grace loves surfing.", timestamp: "2024-06-03T10:00:00Z" },
      ],
      { user_id: "ada" },
    );
    const scope = { user_id: "ada" };
    const query = "What does Ada's sister Grace like?";
    // A budget the items alone would fill: the held-back share is what the section gets.
    const recalled = await engram.recall(query, scope, { tokenBudget: 60, relationShare: 0.5 });
    expect(recalled.tokens).toBeLessThanOrEqual(60);
    expect(recalled.context).toContain(RELATIONS_HEADING);
    expect(recalled.relations.length).toBeGreaterThan(0);
    const itemSources = new Set(recalled.items.flatMap((entry) => entry.sources));
    for (const relation of recalled.relations) {
      expect(recalled.context).toContain(formatRelationLine(relation));
      expect(recalled.context).toContain(`[${relation.sources.join(", ")}]`);
      expect(relation.sources.every((source) => itemSources.has(source))).toBe(false);
    }
    for (const options of [{ graph: false }, { relationShare: 0 }]) {
      const plain = await engram.recall(query, scope, { tokenBudget: 60, ...options });
      expect(plain.context).not.toContain(RELATIONS_HEADING);
      expect(plain.relations).toEqual([]);
    }
    // No entity named, or nothing asked about a kind of relation (no predicate cue): no section.
    for (const other of ["zzz qqq", "Tell me about Grace."]) expect((await engram.recall(other, scope, { tokenBudget: 60, relationShare: 0.5 })).relations).toEqual([]);
    await expect(engram.recall(query, scope, { relationShare: 0.9 })).rejects.toThrow(/relationShare/);
  });
});
