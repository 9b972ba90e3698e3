/**
 * The conformance suite every `MemoryStore` of `@engram/memory` passes (the pattern of
 * langgraphjs' `checkpoint-validation` and hono's shared router suite). An adapter's test file
 * supplies `{ name, create, destroy?, skip? }` and is a few lines long.
 *
 * The suite types the store structurally ({@link ConformanceStore}) instead of importing
 * `@engram/memory`, which devDepends on this package: passing a real store checks, at compile
 * time, that it has every method the suite calls with compatible signatures.
 */
import { API_KEY, conformanceItem, DIMENSIONS, HOSTILE_IDS, historyRow, message, runRow, T0, type ConformanceItem, type ItemType } from "./conformance-fixtures";
import { declareGraphConformance, type GraphConformanceStore } from "./graph-store-conformance";

export { conformanceItem, type ConformanceItem } from "./conformance-fixtures";

type Hit = { item: Record<string, unknown> & { id: string; text: string }; score: number };
type StoredRow = Record<string, unknown> & { id: string };
type Message = Record<string, unknown> & { id: string; user_id: string; content: string; seq: number; processed_at: string | null; error: string | null };
type History = Record<string, unknown> & { id: string; memory_id: string; user_id: string; before: string | null; after: string | null };
type Filter = Record<string, unknown>;

/** The methods of `MemoryStore` the suite calls. */
export interface ConformanceStore extends GraphConformanceStore {
  readonly dimensions: number;
  putMessages(messages: never[]): Promise<void>;
  listMessages(userId: string, options?: { ids?: string[]; seq?: number; seqs?: number[]; reveal?: boolean }): Promise<Message[]>;
  findMessages(userId: string, ids: string[]): Promise<Map<string, Message>>;
  markMessages(userId: string, ids: string[], outcome: { processedAt: string } | { error: string }): Promise<void>;
  listPendingMessages(userId?: string): Promise<Message[]>;
  countMessages(userId: string): Promise<number>;
  upsertItems(type: ItemType, items: never[]): Promise<void>;
  listItems(type: ItemType, userId: string, options?: { filter?: never; limit?: number }): Promise<StoredRow[]>;
  listStoredItems(type: ItemType, userId: string, filter?: never): Promise<(StoredRow & { vector: number[] })[]>;
  getItem(userId: string, id: string): Promise<(StoredRow & { vector: number[] }) | null>;
  deleteItem(type: ItemType, userId: string, id: string): Promise<void>;
  vectorSearch(type: ItemType, userId: string, vector: number[], options: { limit: number; filter?: never; maxDistance?: number }): Promise<Hit[]>;
  textSearch(type: ItemType, userId: string, query: string, options: { limit: number; filter?: never }): Promise<Hit[]>;
  recordAccess(type: ItemType, userId: string, ids: string[], at: string, count?: number): Promise<void>;
  revealItem(item: never): Promise<unknown>;
  appendHistory(rows: never[]): Promise<void>;
  putHistory(rows: never[]): Promise<void>;
  deleteHistory(userId: string, ids: string[]): Promise<void>;
  listHistory(userId: string, memoryId?: string, options?: { reveal?: boolean }): Promise<History[]>;
  appendRuns(rows: never[]): Promise<void>;
  listRuns(userId?: string): Promise<(Record<string, unknown> & { id: string })[]>;
  listUserIds(): Promise<string[]>;
  optimize(options?: { tables?: readonly ItemType[] }): Promise<void>;
  close(): Promise<void>;
}

/** How an adapter runs the suite. */
export interface MemoryStoreConformanceOptions<S extends ConformanceStore> {
  /** Shown in the `describe` title. */
  name: string;
  /** A new, empty store of `dimensions` (the suite uses 4). */
  create: (dimensions: number) => Promise<S> | S;
  /** Releases a store made by `create` (e.g. closes it and removes its folder). @default store.close() */
  destroy?: (store: S) => Promise<void> | void;
  /** Tests this store does not pass, by name, each with the reason. */
  skip?: Record<string, string>;
}

const ids = (rows: { id: string }[]) => rows.map((row) => row.id);
const sortedIds = (rows: { id: string }[]) => ids(rows).sort();

/**
 * Declares the suite (`describe`/`it` of the running jest) for one store.
 *
 * @example
 * describeMemoryStoreConformance({ name: "InMemoryMemoryStore", create: (dimensions) => new InMemoryMemoryStore({ dimensions }) });
 */
export function describeMemoryStoreConformance<S extends ConformanceStore>(options: MemoryStoreConformanceOptions<S>): void {
  describe(`MemoryStore conformance: ${options.name}`, () => {
    let store: S;
    // The suite passes plain objects; `never` parameters keep ConformanceStore assignable from real stores.
    const put = (type: ItemType, items: ConformanceItem[]) => store.upsertItems(type, items as never[]);
    const f = (filter: Filter) => filter as never;

    beforeEach(async () => {
      store = await options.create(DIMENSIONS);
    });
    afterEach(async () => {
      if (options.destroy) await options.destroy(store);
      else await store.close();
    });

    const test = (name: string, body: () => Promise<void>) => {
      const reason = options.skip?.[name];
      if (reason !== undefined) it.skip(`${name} (skipped: ${reason})`, body);
      else it(name, body);
    };

    test("scopes items by user: reads, search and deletes never cross users", async () => {
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada", text: "ada likes tea" }), conformanceItem({ id: "b1", user_id: "bob", text: "bob likes tea" })]);
      await put("semantic", [conformanceItem({ id: "shared", user_id: "ada", text: "ada owns a cat" }), conformanceItem({ id: "shared", user_id: "bob", text: "bob owns a dog" })]);
      expect(sortedIds(await store.listItems("semantic", "ada"))).toEqual(["a1", "shared"]);
      expect((await store.getItem("bob", "shared"))?.text).toBe("bob owns a dog");
      expect(await store.getItem("ada", "b1")).toBeNull();
      expect(ids((await store.vectorSearch("semantic", "ada", [1, 0, 0, 0], { limit: 10 })).map((hit) => hit.item))).not.toContain("b1");
      expect((await store.textSearch("semantic", "ada", "tea", { limit: 10 })).map((hit) => hit.item.id)).toEqual(["a1"]);
      await store.deleteItem("semantic", "ada", "shared");
      expect(await store.getItem("ada", "shared")).toBeNull();
      expect((await store.getItem("bob", "shared"))?.text).toBe("bob owns a dog");
    });

    test("treats hostile ids and filter values as plain values", async () => {
      for (const id of HOSTILE_IDS) await put("semantic", [conformanceItem({ id, user_id: id, text: `note of ${id}` })]);
      await put("semantic", [conformanceItem({ id: "victim", user_id: "victim", key: "k" })]);
      for (const id of HOSTILE_IDS) {
        expect(ids(await store.listItems("semantic", id))).toEqual([id]);
        expect((await store.getItem(id, id))?.id).toBe(id);
        expect(await store.listItems("semantic", id, { filter: f({ key: id }) })).toEqual([]);
        expect(await store.getItem(id, "victim")).toBeNull();
      }
      await store.deleteItem("semantic", "x' OR '1'='1", "victim");
      expect((await store.getItem("victim", "victim"))?.id).toBe("victim");
      expect(await store.count("semantic" as never)).toBe(HOSTILE_IDS.length + 1);
    });

    test("refuses unknown filter columns and operators with a ValidationError", async () => {
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada" })]);
      await expect(store.listItems("semantic", "ada", { filter: f({ "1=1 OR user_id": "x" }) })).rejects.toMatchObject({ name: "ValidationError" });
      await expect(store.listItems("semantic", "ada", { filter: f({ key: { $like: "%" } }) })).rejects.toMatchObject({ name: "ValidationError" });
      await expect(store.vectorSearch("semantic", "ada", [1, 0, 0, 0], { limit: 1, filter: f({ nope: 1 }) })).rejects.toMatchObject({ name: "ValidationError" });
    });

    test("applies typed filters: equality, comparisons, $in, $isNull, $has and $or", async () => {
      await put("semantic", [
        conformanceItem({ id: "low", user_id: "ada", importance: 0.1, key: "a", sources: ["m1"] }),
        conformanceItem({ id: "mid", user_id: "ada", importance: 0.5, key: "b", sources: ["m2"], valid_to: "2024-06-01T00:00:00.000Z" }),
        conformanceItem({ id: "high", user_id: "ada", importance: 0.9, key: "c", sources: ["m1", "m3"] }),
      ]);
      const list = async (filter: Filter) => sortedIds(await store.listItems("semantic", "ada", { filter: f(filter) }));
      expect(await list({ key: "b" })).toEqual(["mid"]);
      expect(await list({ importance: { $gte: 0.5 } })).toEqual(["high", "mid"]);
      expect(await list({ importance: { $gt: 0.1, $lt: 0.9 } })).toEqual(["mid"]);
      expect(await list({ key: { $ne: "a" } })).toEqual(["high", "mid"]);
      expect(await list({ id: { $in: ["low", "high", "O'Brien"] } })).toEqual(["high", "low"]);
      expect(await list({ valid_to: { $isNull: true } })).toEqual(["high", "low"]);
      expect(await list({ valid_to: { $isNull: false } })).toEqual(["mid"]);
      expect(await list({ sources: { $has: "m1" } })).toEqual(["high", "low"]);
      expect(await list({ $or: [{ key: "a" }, { importance: { $gt: 0.8 } }] })).toEqual(["high", "low"]);
      expect(await store.listItems("semantic", "ada", { limit: 2 })).toHaveLength(2);
    });

    test("keeps validity: a comparison with a null valid_to is false, as in SQL", async () => {
      await put("semantic", [
        conformanceItem({ id: "open", user_id: "ada" }),
        conformanceItem({ id: "ended", user_id: "ada", valid_to: "2024-03-01T00:00:00.000Z" }),
        conformanceItem({ id: "later", user_id: "ada", valid_to: "2025-01-01T00:00:00.000Z" }),
      ]);
      const validAt = (asOf: string) => ({ $or: [{ valid_to: { $isNull: true } }, { valid_to: { $gt: asOf } }] });
      expect(sortedIds(await store.listItems("semantic", "ada", { filter: f(validAt("2024-06-01T00:00:00.000Z")) }))).toEqual(["later", "open"]);
      expect(sortedIds(await store.listItems("semantic", "ada", { filter: f({ valid_to: { $gt: "2024-01-01T00:00:00.000Z" } }) }))).toEqual(["ended", "later"]);
      const hits = await store.vectorSearch("semantic", "ada", [1, 0, 0, 0], { limit: 10, filter: f(validAt("2026-01-01T00:00:00.000Z")) });
      expect(ids(hits.map((hit) => hit.item))).toEqual(["open"]);
    });

    test("upserts by (user_id, id) and keeps vectors", async () => {
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada", text: "first", vector: [0, 1, 0, 0] })]);
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada", text: "second", vector: [0, 0, 1, 0] })]);
      const stored = await store.listStoredItems("semantic", "ada");
      expect(stored.map((item) => [item.id, item.text, item.type])).toEqual([["a1", "second", "semantic"]]);
      expect(stored[0]!.vector).toEqual([0, 0, 1, 0]);
      expect((await store.getItem("ada", "a1"))?.vector).toEqual([0, 0, 1, 0]);
    });

    test("ranks vector hits by cosine distance, lowest first, within 0 to 2", async () => {
      await put("semantic", [
        conformanceItem({ id: "same", user_id: "ada", vector: [2, 0, 0, 0] }),
        conformanceItem({ id: "near", user_id: "ada", vector: [1, 1, 0, 0] }),
        conformanceItem({ id: "orthogonal", user_id: "ada", vector: [0, 0, 1, 0] }),
        conformanceItem({ id: "opposite", user_id: "ada", vector: [-1, 0, 0, 0] }),
      ]);
      const hits = await store.vectorSearch("semantic", "ada", [1, 0, 0, 0], { limit: 3 });
      expect(hits.map((hit) => hit.item.id)).toEqual(["same", "near", "orthogonal"]);
      expect(hits[0]!.score).toBeCloseTo(0, 5);
      expect(hits[1]!.score).toBeCloseTo(1 - Math.SQRT1_2, 5);
      expect(hits[2]!.score).toBeCloseTo(1, 5);
      const all = await store.vectorSearch("semantic", "ada", [1, 0, 0, 0], { limit: 10 });
      expect(all.at(-1)).toMatchObject({ item: { id: "opposite" } });
      expect(all.at(-1)!.score).toBeCloseTo(2, 5);
    });

    // Reconciliation's duplicate check: every valid item within a small distance, whatever their number or order, not only the nearest.
    test("returns every vector hit within maxDistance, nearest first, up to the limit", async () => {
      await put("semantic", [
        conformanceItem({ id: "same-b", user_id: "ada", text: "b", vector: [1, 0, 0, 0] }),
        conformanceItem({ id: "same-a", user_id: "ada", text: "a", vector: [3, 0, 0, 0] }),
        conformanceItem({ id: "near", user_id: "ada", vector: [1, 0.1, 0, 0] }), // 1 - 1/√1.01 ≈ 0.005
        conformanceItem({ id: "mid", user_id: "ada", vector: [1, 0.3, 0, 0] }), // 1 - 1/√1.09 ≈ 0.042
        conformanceItem({ id: "far", user_id: "ada", vector: [0, 1, 0, 0] }),
        conformanceItem({ id: "other", user_id: "bob", vector: [1, 0, 0, 0] }),
      ]);
      const within = (maxDistance: number, limit = 10) => store.vectorSearch("semantic", "ada", [2, 0, 0, 0], { limit, maxDistance });
      const hits = await within(0.02);
      // Equal distances come in the store's order: the caller orders ties itself.
      expect(sortedIds(hits.slice(0, 2).map((hit) => hit.item))).toEqual(["same-a", "same-b"]);
      expect(hits.slice(2).map((hit) => hit.item.id)).toEqual(["near"]);
      expect(hits.map((hit) => hit.score)).toEqual([expect.closeTo(0, 5), expect.closeTo(0, 5), expect.closeTo(1 - 1 / Math.sqrt(1.01), 5)]);
      expect((await within(0.05)).map((hit) => hit.item.id).slice(2)).toEqual(["near", "mid"]);
      expect(await within(0.05, 2)).toHaveLength(2);
      expect((await within(2)).map((hit) => hit.item.id).slice(2)).toEqual(["near", "mid", "far"]);
      for (const bad of [-0.1, 2.5, Number.NaN]) await expect(within(bad)).rejects.toMatchObject({ name: "ValidationError" });
      // Options parsed by one schema in every store: a limit that is not an integer of at least 1 is rejected, not read as "none".
      for (const limit of [0, -1, 1.5]) await expect(within(0.02, limit)).rejects.toMatchObject({ name: "ValidationError" });
    });

    test("ranks full-text hits by BM25, highest first, only items with a query term", async () => {
      await put("semantic", [
        conformanceItem({ id: "both", user_id: "ada", text: "Ada plays the violin in an orchestra" }),
        conformanceItem({ id: "one", user_id: "ada", text: "the orchestra meets on Mondays" }),
        conformanceItem({ id: "none", user_id: "ada", text: "she drinks green tea" }),
        conformanceItem({ id: "other", user_id: "bob", text: "Bob plays the violin" }),
      ]);
      const hits = await store.textSearch("semantic", "ada", "violin orchestra", { limit: 10 });
      expect(hits.map((hit) => hit.item.id)).toEqual(["both", "one"]);
      expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
      expect(hits[1]!.score).toBeGreaterThan(0);
      expect(await store.textSearch("semantic", "ada", "   ", { limit: 10 })).toEqual([]);
      expect((await store.textSearch("semantic", "ada", "violins", { limit: 10 })).map((hit) => hit.item.id)).toEqual(["both"]);
    });

    test("records access counts", async () => {
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada" }), conformanceItem({ id: "a1", user_id: "bob" })]);
      await store.recordAccess("semantic", "ada", ["a1"], "2024-02-01T00:00:00.000Z", 3);
      await store.recordAccess("semantic", "ada", ["a1"], "2024-02-02T00:00:00.000Z");
      expect(await store.getItem("ada", "a1")).toMatchObject({ access_count: 4, last_accessed_at: "2024-02-02T00:00:00.000Z" });
      expect(await store.getItem("bob", "a1")).toMatchObject({ access_count: 0, last_accessed_at: null });
      await expect(store.recordAccess("semantic", "ada", ["a1"], T0, 0)).rejects.toMatchObject({ name: "StoreError" });
    });

    test("optimize of one table, after access writes, keeps its rows and their fields", async () => {
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada" }), conformanceItem({ id: "a2", user_id: "ada", text: "Ada rows on Sundays" })]);
      for (const day of ["01", "02", "03"]) await store.recordAccess("semantic", "ada", ["a1"], `2024-02-${day}T00:00:00.000Z`);
      const before = await store.listStoredItems("semantic", "ada");
      await store.optimize({ tables: ["semantic"] });
      const after = await store.listStoredItems("semantic", "ada");
      expect(after.sort((a, b) => a.id.localeCompare(b.id))).toEqual(before.sort((a, b) => a.id.localeCompare(b.id)));
      expect(await store.getItem("ada", "a1")).toMatchObject({ access_count: 3, last_accessed_at: "2024-02-03T00:00:00.000Z" });
    });

    test("keeps archived_at (null by default) and filters on it", async () => {
      const at = "2024-03-01T00:00:00.000Z";
      await put("episodic", [conformanceItem({ id: "e1", user_id: "ada", type: "episodic" }), conformanceItem({ id: "e2", user_id: "ada", type: "episodic", archived_at: at })]);
      expect(await store.getItem("ada", "e1")).toMatchObject({ archived_at: null });
      expect(await store.getItem("ada", "e2")).toMatchObject({ archived_at: at });
      expect(ids(await store.listItems("episodic", "ada", { filter: f({ archived_at: { $isNull: true } }) }))).toEqual(["e1"]);
      expect(ids((await store.vectorSearch("episodic", "ada", [1, 0, 0, 0], { limit: 10, filter: f({ archived_at: { $isNull: true } }) })).map((hit) => hit.item))).toEqual(["e1"]);
      expect(ids(await store.listStoredItems("episodic", "ada"))).toHaveLength(2);
    });

    test("lists the users with messages or memory items", async () => {
      expect(await store.listUserIds()).toEqual([]);
      await store.putMessages([message("bob", "m1", 0)] as never[]);
      await put("episodic", [conformanceItem({ id: "e1", user_id: "ada", type: "episodic" })]);
      expect(await store.listUserIds()).toEqual(["ada", "bob"]);
    });

    test("stores messages once, in arrival order, and tracks pending ones", async () => {
      await store.putMessages([message("ada", "m1", 0), message("ada", "m2", 1), message("bob", "m1", 0)] as never[]);
      await store.putMessages([{ ...message("ada", "m1", 5), content: "changed" }] as never[]);
      expect(await store.countMessages("ada")).toBe(2);
      const listed = await store.listMessages("ada");
      expect(listed.map((row) => [row.id, row.seq, row.content])).toEqual([["m1", 0, "message m1"], ["m2", 1, "message m2"]]);
      expect(ids(await store.listMessages("ada", { seq: 1 }))).toEqual(["m2"]);
      expect(ids(await store.listMessages("ada", { seqs: [1, 0, 7] }))).toEqual(["m1", "m2"]);
      expect(await store.listMessages("ada", { seqs: [] })).toEqual([]);
      expect(await store.listMessages("ada", { ids: [] })).toEqual([]);
      expect([...(await store.findMessages("ada", ["m2", "zz"])).keys()]).toEqual(["m2"]);
      await store.markMessages("ada", ["m1"], { processedAt: "2024-01-02T00:00:00.000Z" });
      await store.markMessages("ada", ["m2"], { error: "ModelError: timeout" });
      expect((await store.listPendingMessages("ada")).map((row) => [row.id, row.error])).toEqual([["m2", "ModelError: timeout"]]);
      expect((await store.listPendingMessages()).map((row) => `${row.user_id}/${row.id}`)).toEqual(["ada/m2", "bob/m1"]);
      await store.markMessages("ada", ["m2"], { processedAt: "2024-01-03T00:00:00.000Z" });
      expect((await store.listMessages("ada", { ids: ["m2"] }))[0]).toMatchObject({ processed_at: "2024-01-03T00:00:00.000Z", error: null });
    });

    test("masks high-sensitivity values in stored messages and reveals them on request", async () => {
      await store.putMessages([message("ada", "m1", 0, `my key is ${API_KEY}`)] as never[]);
      const [masked] = await store.listMessages("ada");
      expect(masked!.content).not.toContain(API_KEY);
      const [revealed] = await store.listMessages("ada", { reveal: true });
      expect(revealed!.content).toBe(`my key is ${API_KEY}`);
      expect((await store.listPendingMessages("ada"))[0]!.content).toBe(`my key is ${API_KEY}`);
    });

    test("seals high-sensitivity vault secrets and opens them with revealItem", async () => {
      const vault = conformanceItem({ id: "v1", user_id: "ada", type: "knowledge_vault", entry_type: "api_key", caption: "OpenAI key", sensitivity: "high", secret: API_KEY });
      await put("knowledge_vault", [vault]);
      const [listed] = await store.listItems("knowledge_vault", "ada");
      expect(listed!.secret).not.toBe(API_KEY);
      expect(((await store.revealItem(listed as never)) as { secret: string }).secret).toBe(API_KEY);
      await store.appendHistory([historyRow("ada", "h1", "v1", T0, { ...vault, vector: undefined }, "knowledge_vault")] as never[]);
      expect((await store.listHistory("ada", "v1"))[0]!.after).not.toContain(API_KEY);
      expect((await store.listHistory("ada", "v1", { reveal: true }))[0]!.after).toContain(API_KEY);
    });

    test("keeps history per user, oldest first, and imports rows once", async () => {
      await store.appendHistory([
        historyRow("ada", "h2", "a1", "2024-01-02T00:00:00.000Z"),
        historyRow("ada", "h1", "a1", "2024-01-01T00:00:00.000Z"),
        historyRow("ada", "h3", "a2", "2024-01-03T00:00:00.000Z"),
        historyRow("bob", "h4", "a1", "2024-01-01T00:00:00.000Z"),
      ] as never[]);
      expect(ids(await store.listHistory("ada", "a1"))).toEqual(["h1", "h2"]);
      expect(ids(await store.listHistory("ada"))).toEqual(["h1", "h2", "h3"]);
      expect(ids(await store.listHistory("ada", "O'Brien"))).toEqual([]);
      await store.putHistory([historyRow("ada", "h1", "a1", "2024-01-01T00:00:00.000Z"), historyRow("ada", "h5", "a1", "2024-01-05T00:00:00.000Z")] as never[]);
      expect(ids(await store.listHistory("ada", "a1"))).toEqual(["h1", "h2", "h5"]);
      await store.deleteHistory("ada", ["h2", "h4", "unknown"]);
      expect(ids(await store.listHistory("ada"))).toEqual(["h1", "h3", "h5"]);
      expect(ids(await store.listHistory("bob"))).toEqual(["h4"]);
    });

    test("records runs per user, oldest first", async () => {
      await store.appendRuns([runRow("ada", "r2", "2024-01-02T00:00:00.000Z"), runRow("ada", "r1", "2024-01-01T00:00:00.000Z"), runRow("bob", "r3", T0)] as never[]);
      expect(ids(await store.listRuns("ada"))).toEqual(["r1", "r2"]);
      expect(await store.listRuns()).toHaveLength(3);
    });

    test("exports everything of one user: messages revealed, items with vectors, history", async () => {
      await store.putMessages([message("ada", "m1", 0, `key ${API_KEY}`), message("bob", "m1", 0)] as never[]);
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada", vector: [0, 1, 0, 0] }), conformanceItem({ id: "b1", user_id: "bob" })]);
      await store.appendHistory([historyRow("ada", "h1", "a1", T0), historyRow("bob", "h2", "b1", T0)] as never[]);
      const messages = await store.listMessages("ada", { reveal: true });
      const items = await store.listStoredItems("semantic", "ada");
      const history = await store.listHistory("ada", undefined, { reveal: true });
      expect(messages.map((row) => row.content)).toEqual([`key ${API_KEY}`]);
      expect(items.map((item) => [item.id, item.vector])).toEqual([["a1", [0, 1, 0, 0]]]);
      expect(ids(history)).toEqual(["h1"]);
    });

    test("forgets one user in every table and leaves the others", async () => {
      await store.putMessages([message("ada", "m1", 0), message("bob", "m1", 0)] as never[]);
      await put("semantic", [conformanceItem({ id: "a1", user_id: "ada" }), conformanceItem({ id: "b1", user_id: "bob" })]);
      await put("episodic", [conformanceItem({ id: "e1", user_id: "ada", type: "episodic" })]);
      await store.appendHistory([historyRow("ada", "h1", "a1", T0), historyRow("bob", "h2", "b1", T0)] as never[]);
      await store.appendRuns([runRow("ada", "r1", T0), runRow("bob", "r2", T0)] as never[]);
      const deleted = await store.deleteUser("ada");
      expect(deleted).toMatchObject({ messages: 1, semantic: 1, episodic: 1, history: 1, runs: 1, core: 0 });
      for (const table of ["messages", "semantic", "episodic", "history", "runs"]) expect(await store.count(table as never, "ada")).toBe(0);
      expect(await store.textSearch("semantic", "ada", "fact", { limit: 10 })).toEqual([]);
      expect(await store.getItem("bob", "b1")).not.toBeNull();
      expect(await store.countMessages("bob")).toBe(1);
      expect(ids(await store.listHistory("bob"))).toEqual(["h2"]);
      expect(ids(await store.listRuns("bob"))).toEqual(["r2"]);
      expect(await store.deleteUser("nobody")).toMatchObject({ messages: 0, semantic: 0 });
    });

    declareGraphConformance(test, () => store);
  });
}
