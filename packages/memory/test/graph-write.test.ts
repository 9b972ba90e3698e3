import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HashEmbedder } from "../src/embed/hash-embedder";
import { EntityResolver, normalizeEntityName } from "../src/graph/entity-resolver";
import type { TripletDraft } from "../src/graph/triplet-draft";
import { writeGraph } from "../src/graph/write-graph";
import { InMemoryMemoryStore } from "../src/store/in-memory-memory-store";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import { UserItemsCache } from "../src/recall/user-items-cache";

const T1 = "2023-05-08T13:56:00.000Z";
const T2 = "2023-08-01T10:00:00.000Z";

function triplet(subject: string, predicate: string, object: string, source: string, at = T1, objectType: TripletDraft["object"]["type"] = "place"): TripletDraft {
  return { subject: { name: subject, type: "person" }, predicate, object: { name: object, type: objectType }, text: `${subject} ${predicate} ${object}`, sources: [source], valid_from: at };
}

function setup() {
  const embedder = new HashEmbedder();
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  let next = 0;
  const write = (userId: string, triplets: TripletDraft[], now = T2) => writeGraph(triplets, { store, embedder, userId, now, newId: () => `id-${++next}`, cause: "ingest:test" });
  return { store, write };
}

describe("entity resolution", () => {
  it("normalizes names: case, accents, possessives, articles", () => {
    expect(normalizeEntityName("Melanie's")).toBe("melanie");
    expect(normalizeEntityName("  The  Café ")).toBe("cafe");
    expect(normalizeEntityName("Melanie’s kids")).toBe("melanie's kids");
  });

  it("merges short forms, possessives and repeats into one person, the longer name shown", () => {
    const resolver = new EntityResolver([], { userId: "u", now: T1, newId: () => "e1" });
    const first = resolver.resolve({ name: "Mel", type: "person" }, "D1:1", T1);
    const second = resolver.resolve({ name: "Melanie", type: "person" }, "D1:2", T1);
    const third = resolver.resolve({ name: "Melanie's", type: "person" }, "D1:3", T1);
    expect(new Set([first.id, second.id, third.id])).toEqual(new Set(["e1"]));
    expect(third).toMatchObject({ name: "Melanie", aliases: expect.arrayContaining(["mel", "melanie"]), sources: ["D1:1", "D1:2", "D1:3"] });
    expect(resolver.changes().fresh).toHaveLength(1);
  });

  it("keeps two people apart when a short form fits both", () => {
    let id = 0;
    const resolver = new EntityResolver([], { userId: "u", now: T1, newId: () => `e${++id}` });
    resolver.resolve({ name: "Melanie", type: "person" }, "D1:1", T1);
    resolver.resolve({ name: "Melissa", type: "person" }, "D1:2", T1);
    expect(resolver.resolve({ name: "Mel", type: "person" }, "D1:3", T1).id).toBe("e3");
  });

  it("never resolves a mention to another user's entity", async () => {
    const { store, write } = setup();
    await write("ada", [triplet("Melanie", "lives_in", "Boston", "D1:1")]);
    await write("bob", [triplet("Melanie", "lives_in", "Boston", "D1:1")]);
    const ada = await store.listGraphRows("entities", "ada");
    const bob = await store.listGraphRows("entities", "bob");
    expect(ada).toHaveLength(2);
    expect(bob).toHaveLength(2);
    expect(ada.filter((entity) => bob.some((other) => other.id === entity.id))).toEqual([]);
    const [relation] = await store.listGraphRows("relations", "bob");
    expect(bob.map((entity) => entity.id)).toEqual(expect.arrayContaining([relation!.subject_id, relation!.object_id]));
  });
});

describe("writeGraph", () => {
  it("merges the sources of a repeated relation instead of adding another", async () => {
    const { store, write } = setup();
    await write("u", [triplet("Melanie", "likes", "pottery", "D1:1", T1, "concept")]);
    const result = await write("u", [triplet("Mel", "likes", "Pottery", "D5:4", T2, "concept")]);
    expect(result.relations).toEqual({ added: 0, merged: 1, invalidated: 0 });
    const relations = await store.listGraphRows("relations", "u");
    expect(relations).toHaveLength(1);
    expect(relations[0]!.sources).toEqual(["D1:1", "D5:4"]);
    expect(result.history.map((row) => row.event)).toEqual(["MERGE"]);
  });

  it("a contradicting single-valued relation closes the old one (valid_to) with a history row", async () => {
    const { store, write } = setup();
    await write("u", [triplet("Melanie", "lives_in", "Boston", "D1:1", T1)]);
    const result = await write("u", [triplet("Melanie", "lives_in", "Seattle", "D9:2", T2)]);
    expect(result.relations).toEqual({ added: 1, merged: 0, invalidated: 1 });
    const relations = await store.listGraphRows("relations", "u");
    const boston = relations.find((relation) => relation.text.includes("Boston"))!;
    const seattle = relations.find((relation) => relation.text.includes("Seattle"))!;
    expect(boston.valid_to).toBe(T2);
    expect(seattle.valid_to).toBeNull();
    const invalidate = result.history.find((row) => row.event === "INVALIDATE")!;
    expect(invalidate).toMatchObject({ memory_id: boston.id, memory_type: "relations", user_id: "u", sources: ["D9:2"], cause: "ingest:test" });
    expect(JSON.parse(invalidate.after!).valid_to).toBe(T2);
  });

  it("keeps multi-valued predicates side by side", async () => {
    const { store, write } = setup();
    await write("u", [triplet("Melanie", "visited", "Paris", "D1:1"), triplet("Melanie", "visited", "Rome", "D2:1")]);
    const relations = await store.listGraphRows("relations", "u", { filter: { valid_to: { $isNull: true } } });
    expect(relations).toHaveLength(2);
  });
});

describe("writeGraph within one batch", () => {
  it("writes one row per relation when a relation is added and contradicted in the same batch", async () => {
    const { store, write } = setup();
    const result = await write("u", [triplet("Ada", "lives_in", "Porto", "m1", T1), triplet("Ada", "lives_in", "Lisbon", "m3", T2)]);
    expect(result.relations).toEqual({ added: 2, merged: 0, invalidated: 1 });
    const relations = await store.listGraphRows("relations", "u");
    expect(relations.map((relation) => [relation.text, relation.valid_to])).toEqual(
      expect.arrayContaining([
        ["Ada lives_in Porto", T2],
        ["Ada lives_in Lisbon", null],
      ]),
    );
    expect(relations).toHaveLength(2);
  });
});

describe("writeGraph with the user items cache (LanceDB)", () => {
  it("reads the graph from the cache its own writes keep current, and writes what the store alone would", async () => {
    const embedder = new HashEmbedder();
    const folder = mkdtempSync(join(tmpdir(), "engram-graph-cache-"));
    const lance = await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    try {
      const cache = UserItemsCache.forStore(lance)!;
      const plain = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
      const batches = [
        [triplet("Melanie", "lives_in", "Boston", "D1:1", T1), triplet("Melanie", "likes", "pottery", "D1:1", T1, "concept")],
        [triplet("Mel", "likes", "Pottery", "D2:1", T1, "concept"), triplet("Melanie", "lives_in", "Denver", "D2:2", T2)],
        [triplet("Melanie", "lives_in", "Denver", "D3:1", T2)],
      ];
      let cachedId = 0;
      let plainId = 0;
      const reads = jest.spyOn(lance, "listGraphRows");
      for (const batch of batches) {
        const cached = await writeGraph(batch, { store: lance, embedder, userId: "u", now: T2, newId: () => `id-${++cachedId}`, cause: "ingest:test", cache });
        const alone = await writeGraph(batch, { store: plain, embedder, userId: "u", now: T2, newId: () => `id-${++plainId}`, cause: "ingest:test" });
        expect(cached).toEqual(alone);
      }
      // Read once per table when the cache was empty, then kept current by the writes.
      expect(reads).toHaveBeenCalledTimes(2);
      reads.mockRestore();
      for (const table of ["entities", "relations"] as const) {
        const byId = <T extends { id: string; vector: number[] }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
        expect(byId((await cache.graphRows(table, "u"))!)).toEqual(byId(await lance.listGraphRows(table, "u")));
        expect(byId(await lance.listGraphRows(table, "u")).map(({ vector: _vector, ...row }) => row)).toEqual(byId(await plain.listGraphRows(table, "u")).map(({ vector: _vector, ...row }) => row));
      }
    } finally {
      await lance.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
