/**
 * The graph-table part of the `MemoryStore` conformance suite (`entities` and `relations`),
 * declared inside `describeMemoryStoreConformance`.
 */

type GraphTable = "entities" | "relations";
type GraphRow = Record<string, unknown> & { id: string; user_id: string };

/** The graph methods of `MemoryStore` the suite calls. */
export interface GraphConformanceStore {
  upsertGraphRows(table: GraphTable, rows: never[]): Promise<void>;
  listGraphRows(table: GraphTable, userId: string, options?: { filter?: never; limit?: number }): Promise<(GraphRow & { vector: number[] })[]>;
  searchGraphRows(table: GraphTable, userId: string, vector: number[], options: { limit: number; filter?: never }): Promise<{ row: GraphRow; score: number }[]>;
  count(table: never, userId?: string): Promise<number>;
  deleteUser(userId: string): Promise<Record<string, number>>;
}

const T0 = "2024-01-01T00:00:00.000Z";

/** An entity row with defaults; `fields` override them. */
export function conformanceEntity(fields: { id: string; user_id: string } & Record<string, unknown>): GraphRow & { vector: number[] } {
  return { name: fields.id, aliases: [], entity_type: "person", summary: "", sources: [], created_at: T0, updated_at: T0, valid_from: T0, valid_to: null, vector: [1, 0, 0, 0], ...fields };
}

/** A relation row with defaults; `fields` override them. */
export function conformanceRelation(fields: { id: string; user_id: string } & Record<string, unknown>): GraphRow & { vector: number[] } {
  return {
    subject_id: "s",
    predicate: "likes",
    object_id: "o",
    text: `relation ${fields.id}`,
    sources: [],
    created_at: T0,
    updated_at: T0,
    valid_from: T0,
    valid_to: null,
    vector: [1, 0, 0, 0],
    ...fields,
  };
}

/** Declares the graph tests with the suite's `test` (which honours `skip`) on the store `current()` returns. */
export function declareGraphConformance(test: (name: string, body: () => Promise<void>) => void, current: () => GraphConformanceStore): void {
  const put = (table: GraphTable, rows: Record<string, unknown>[]) => current().upsertGraphRows(table, rows as never[]);

  test("keeps entities and relations per user, upserted by (user_id, id), with vectors and lists", async () => {
    const store = current();
    await put("entities", [conformanceEntity({ id: "e1", user_id: "ada", name: "Melanie", aliases: ["mel", "melanie"] }), conformanceEntity({ id: "e1", user_id: "bob", name: "Bob" })]);
    await put("entities", [conformanceEntity({ id: "e1", user_id: "ada", name: "Melanie", aliases: ["mel", "melanie", "mell"], sources: ["D1:1"], vector: [0, 1, 0, 0] })]);
    const [entity] = await store.listGraphRows("entities", "ada");
    expect(entity).toMatchObject({ id: "e1", name: "Melanie", aliases: ["mel", "melanie", "mell"], sources: ["D1:1"], valid_to: null });
    expect(entity!.vector).toEqual([0, 1, 0, 0]);
    expect((await store.listGraphRows("entities", "bob")).map((row) => row.name)).toEqual(["Bob"]);
    await put("relations", [conformanceRelation({ id: "r1", user_id: "ada", subject_id: "e1", predicate: "lives_in", object_id: "e2", text: "Melanie lives in O'Brien's town" })]);
    expect(await store.listGraphRows("relations", "bob")).toEqual([]);
    const filtered = await store.listGraphRows("relations", "ada", { filter: { subject_id: "e1", predicate: "lives_in", valid_to: { $isNull: true } } as never });
    expect(filtered.map((row) => row.text)).toEqual(["Melanie lives in O'Brien's town"]);
    expect(await store.count("entities" as never, "ada")).toBe(1);
    expect(await store.count("relations" as never)).toBe(1);
  });

  test("searches graph rows by cosine distance within the user, closest first", async () => {
    const store = current();
    await put("relations", [
      conformanceRelation({ id: "far", user_id: "ada", vector: [0, 0, 1, 0] }),
      conformanceRelation({ id: "near", user_id: "ada", vector: [1, 0.1, 0, 0] }),
      conformanceRelation({ id: "other", user_id: "bob", vector: [1, 0, 0, 0] }),
    ]);
    const hits = await store.searchGraphRows("relations", "ada", [1, 0, 0, 0], { limit: 5 });
    expect(hits.map((hit) => hit.row.id)).toEqual(["near", "far"]);
    expect(hits[0]!.score).toBeLessThan(hits[1]!.score);
    expect(hits[1]!.score).toBeCloseTo(1, 5);
    expect(hits[0]!.row).not.toHaveProperty("vector");
  });

  test("forgets a user's entities and relations", async () => {
    const store = current();
    await put("entities", [conformanceEntity({ id: "e1", user_id: "ada" }), conformanceEntity({ id: "e1", user_id: "bob" })]);
    await put("relations", [conformanceRelation({ id: "r1", user_id: "ada" })]);
    expect(await store.deleteUser("ada")).toMatchObject({ entities: 1, relations: 1 });
    expect(await store.listGraphRows("entities", "ada")).toEqual([]);
    expect(await store.count("entities" as never, "bob")).toBe(1);
  });
}
