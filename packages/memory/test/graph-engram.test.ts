import { Engram, HashEmbedder, InMemoryMemoryStore, type EngramOptions } from "../src/index";

/** Graph memory through the facade: the graphAgent node, the tables, the recall switch. */
describe("graph memory in Engram", () => {
  const open = async (options: Partial<EngramOptions> = {}) => {
    const embedder = new HashEmbedder();
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    return { store, engram: await Engram.open({ store, embedder, now: () => new Date("2024-06-10T12:00:00Z"), ...options }) };
  };
  const messages = [
    { id: "m1", speaker: "Ada", content: "My sister Grace lives in Porto.", timestamp: "2024-06-01T10:00:00Z" },
    { id: "m2", speaker: "Ada", content: "I work at the Santa Maria hospital.", timestamp: "2024-06-02T10:00:00Z" },
    { id: "m3", speaker: "Ada", content: "Grace loves surfing.", timestamp: "2024-06-03T10:00:00Z" },
  ];

  it("routes a batch to the graphAgent node, which writes entities, relations and their history", async () => {
    const { engram, store } = await open();
    expect(Object.keys(engram.graphs.ingest.getGraph().nodes)).toContain("graphAgent");
    await engram.add(messages, { user_id: "ada" });
    const relations = await store.listGraphRows("relations", "ada");
    expect(relations.map((relation) => relation.text)).toEqual(expect.arrayContaining(["Ada's sister is Grace", "Grace lives in Porto", "Grace loves surfing"]));
    expect((await store.listGraphRows("entities", "ada")).map((entity) => entity.name)).toEqual(expect.arrayContaining(["Ada", "Grace", "Porto"]));
    expect((await store.listHistory("ada")).filter((row) => row.memory_type === "relations").length).toBe(relations.length);
    expect(await engram.stats({ user_id: "ada" })).toMatchObject({ entities: expect.any(Number), relations: relations.length });
    const forgotten = await engram.forget({ user_id: "ada" });
    expect(forgotten).toMatchObject({ relations: relations.length });
    expect(await store.listGraphRows("entities", "ada")).toEqual([]);
  });

  it("builds no graph with `graph: false`, and a recall can leave the graph lists out", async () => {
    const off = await open({ graph: false });
    await off.engram.add(messages, { user_id: "ada" });
    expect(await off.store.count("relations", "ada")).toBe(0);

    const on = await open();
    await on.engram.add(messages, { user_id: "ada" });
    const withGraph = await on.engram.recall("What does Ada's sister like to do?", { user_id: "ada" }, { tokenBudget: 400 });
    const withoutGraph = await on.engram.recall("What does Ada's sister like to do?", { user_id: "ada" }, { tokenBudget: 400, graph: false });
    expect(withGraph.items.flatMap((item) => item.sources)).toContain("m3");
    expect(withoutGraph.tokens).toBeLessThanOrEqual(400);
    await expect(on.engram.recall("x", { user_id: "ada" }, { graph: "yes" as never })).rejects.toThrow(/graph/);
  });

  it("ranks first in its graph list the items behind the relations of the kind the query asks about", async () => {
    const { engram } = await open();
    await engram.add(
      [
        { id: "e1", speaker: "Ada", content: "Just got a new pair of hiking boots, so comfy!", timestamp: "2024-06-01T10:00:00Z" },
        { id: "e2", speaker: "Ada", content: "Last weekend I went to a jazz festival downtown.", timestamp: "2024-06-02T10:00:00Z" },
        { id: "e3", speaker: "Ada", content: "I bought a secondhand piano from a neighbour.", timestamp: "2024-06-03T10:00:00Z" },
      ],
      { user_id: "ada" },
    );
    const sourcesInGraphList = async (query: string) => {
      const recalled = await engram.recall(query, { user_id: "ada" }, { tokenBudget: 600, explain: true });
      const sources = new Map(recalled.explain!.fused.map((entry) => [entry.id, entry.sources]));
      const ids = recalled.explain!.methods.filter((entry) => entry.method === "graph").flatMap((entry) => entry.ids);
      return { recalled, first: [...new Set(ids.flatMap((id) => sources.get(id) ?? []))] };
    };
    const bought = await sourcesInGraphList("What items has Ada bought?");
    expect(bought.first.slice(0, 2).sort()).toEqual(["e1", "e3"]);
    const events = await sourcesInGraphList("What events has Ada attended?");
    expect(events.first[0]).toBe("e2");
    // Packed relation lines only state messages no packed item cites: everything fits here, so no section.
    expect(events.recalled.relations ?? []).toEqual([]);
  });
});
