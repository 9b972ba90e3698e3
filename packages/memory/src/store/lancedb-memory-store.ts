import { realpathSync } from "node:fs";
import type * as lancedb from "@lancedb/lancedb";
import type { SecretCipher } from "../crypto/secret-cipher";
import { StoreError } from "../errors/engram-error";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import { MemoryItemSchema, type MemoryItem } from "../schema/memory-item";
import { assertUserId } from "./assert-user-id";
import { buildWhere, quoteLiteral, type Filter } from "./filter";
import { isObjectStoreUri } from "./object-store-uri";
import { processTableCalls } from "./table-call-gate";
import { storeErrorOf, withStoreRetry, type StoreRetryOptions } from "./retry";
import type { LanceDbMemoryStoreOptions } from "./lancedb-store-options";
import { openItem, sealItem } from "./seal-rows";
import { MESSAGES_TABLE, columnSet, columnsOf, rowToPlain } from "./table-schemas";
import { rowsForWrite } from "./arrow-rows";
import { purgeUser, type PurgeUserTarget } from "./lancedb-purge-user";
import { selectRows } from "./lancedb-select";
import type { RunRow } from "./run-row";
import { appendHistory, appendRuns, deleteHistory, listHistory, listRuns, putHistory, type LanceDbAuditTarget } from "./lancedb-history-tables";
import type { MemoryStore, StoredMemoryItem, StoreSearchHit, StoreSearchOptions, StoreTableName, UpsertItemsOptions, VectorSearchOptions } from "./memory-store";
import { ftsIndexConfig, openLanceDbTables, TABLE_NAMES } from "./open-lancedb-tables";
import { openStoreCipher } from "./store-cipher";
import { parseVectorSearchOptions } from "./vector-search-options";
import { withProcessUserLock, withUserWriteLock } from "./user-write-lock";
import { listGraphRows, searchGraphRows, upsertGraphRows, type LanceDbGraphTarget } from "./lancedb-graph-tables";
import { appendNewItems, optimizeTables, unindexedRows } from "./lancedb-maintenance";
import { dropUntrainableVectorIndex, ensureVectorIndexes, parseAnnMinUserRows, searchColumns, vectorSearchQuery, vectorSearchRoute } from "./lancedb-vector-index";
import { UserRowCounts } from "./user-row-counts";
import { countMessages, findMessages, listMessages, listPendingMessages, markMessages, putMessages, type LanceDbMessageTarget } from "./lancedb-message-table";

export type { StoredMemoryItem, StoreSearchHit } from "./memory-store";
type TableName = StoreTableName;
export type { LanceDbMemoryStoreOptions } from "./lancedb-store-options";
export { SECRET_KEY_FILE } from "./store-cipher";

/**
 * The LanceDB store: one table per memory type plus `messages` and `history`, in a local folder.
 * Every method is scoped by `user_id`; predicates are built only by `buildWhere` from typed filters.
 *
 * Full-text search uses LanceDB's BM25 index on `text` (English stemming, stop words removed);
 * vector search is cosine search, exact or, for users with many rows in a large table, through an
 * ANN index (docs/architecture.md, "Scale").
 */
export class LanceDbMemoryStore implements MemoryStore {
  private readonly ftsReady = new Set<MemoryType>();
  /** Memory tables with an ANN (IVF_PQ) index on `vector`, and with BTREE indexes on `user_id` and `id`, as last read or built here (see {@link vectorIndexedTables}). */
  private readonly vectorIndexed = new Set<MemoryType>();
  private readonly scalarIndexed = new Set<MemoryType>();
  /** Rows per user and memory table, for the route of a vector search. */
  private readonly userRows = new UserRowCounts({ version: (type) => this.tableVersion(type), count: (type, userId) => this.count(type, userId) });

  private constructor(
    private readonly connection: lancedb.Connection,
    private readonly tables: Map<TableName, lancedb.Table>,
    readonly path: string,
    readonly dimensions: number,
    /** Seals and opens high-sensitivity values. */
    readonly cipher: SecretCipher,
    private readonly retry: StoreRetryOptions,
    private readonly annMinUserRows: number,
    /** The folder's key in {@link processTableCalls}: its real path (symlinks resolved), or the object-store URI without a trailing `/`. */
    private readonly gateKey: string,
  ) {}

  /**
   * Opens (or creates) the store in `options.path`.
   *
   * @throws StoreError when the folder cannot be used, or was made with another embedder.
   */
  static async open(options: LanceDbMemoryStoreOptions): Promise<LanceDbMemoryStore> {
    const cipher = openStoreCipher(options);
    const annMinUserRows = parseAnnMinUserRows(options.annMinUserRows);
    const { connection, tables, ftsReady, vectorIndexed, scalarIndexed } = await openLanceDbTables(options);
    const gateKey = isObjectStoreUri(options.path) ? options.path.replace(/\/+$/, "") : realpathSync(options.path);
    const store = new LanceDbMemoryStore(connection, tables, options.path, options.dimensions, cipher, options.retry ?? {}, annMinUserRows, gateKey);
    for (const type of ftsReady) store.ftsReady.add(type);
    for (const type of vectorIndexed) store.vectorIndexed.add(type);
    for (const type of scalarIndexed) store.scalarIndexed.add(type);
    return store;
  }

  async withUserLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
    assertUserId(userId);
    // Object storage has no lock files: writers of one user are serialized in this process only (docs/object-storage.md).
    return isObjectStoreUri(this.path) ? withProcessUserLock(userId, work) : withUserWriteLock(this.path, userId, work);
  }

  private table(name: TableName): lancedb.Table {
    return this.tables.get(name)!;
  }

  /**
   * Runs one LanceDB call on table `name` with the store's retries and errors, as a shared call of the
   * table in this process ({@link processTableCalls}): it never overlaps the exclusive part of a
   * `deleteUser` on that table. `work` must not call `run` on the same table.
   */
  private run<T>(name: TableName, action: string, work: () => Promise<T>): Promise<T> {
    return processTableCalls.shared(this.tableKey(name), () => this.call(name, action, work));
  }

  /** The key of table `name` of this store folder in {@link processTableCalls}. */
  private tableKey(name: TableName): string {
    return `${this.gateKey}\u0000${name}`;
  }

  /** {@link run} without the gate: for calls inside an exclusive section of the table. */
  private async call<T>(name: TableName, action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await withStoreRetry(work, this.retry);
    } catch (error) {
      throw storeErrorOf(error, name, action);
    }
  }

  // ---- messages (`lancedb-message-table.ts`) ------------------------------------------------

  private readonly messages: LanceDbMessageTarget = {
    table: () => this.table(MESSAGES_TABLE),
    run: (action, work) => this.run(MESSAGES_TABLE, action, work),
    cipher: () => this.cipher,
    count: (userId) => this.count(MESSAGES_TABLE, userId),
  };
  /** The stored messages among `ids` of `userId`, by id, with their original (opened) content and masked caption, URL and speaker, for processing. */
  findMessages: MemoryStore["findMessages"] = (userId, ids) => findMessages(this.messages, userId, ids);
  /** Marks messages processed (`processed_at` = `at`, `error` cleared), or pending with `error`. */
  markMessages: MemoryStore["markMessages"] = (userId, ids, outcome) => markMessages(this.messages, userId, ids, outcome);
  /** Messages stored but not processed (pending), in arrival order, with their original (opened) content; all users when `userId` is omitted. */
  listPendingMessages: MemoryStore["listPendingMessages"] = (userId) => listPendingMessages(this.messages, userId);
  /** Number of messages stored for `userId` (the next message's `seq`). */
  countMessages: MemoryStore["countMessages"] = (userId) => countMessages(this.messages, userId);
  /** Stores messages in one commit; a message whose (user_id, id) is already stored is left as it is; high-sensitivity content sealed. */
  putMessages: MemoryStore["putMessages"] = (messages, options) => putMessages(this.messages, messages, options);
  /** Messages of `userId` in arrival order (`ids`, `seq`, `limit` narrow); masked unless `reveal`. */
  listMessages: MemoryStore["listMessages"] = (userId, options) => listMessages(this.messages, userId, options);

  // ---- memory items -------------------------------------------------------------------------

  /** Inserts or replaces items (matched on user_id and id) in the table of `type`: appended when `options.newIds` holds every id ({@link UpsertItemsOptions}), else merged. One commit either way. */
  async upsertItems(type: MemoryType, items: StoredMemoryItem[], options: UpsertItemsOptions = {}): Promise<void> {
    for (const row of items) assertUserId(row.user_id);
    if (items.length === 0) return;
    const append = options.newIds !== undefined && items.every((item) => options.newIds!.has(item.id));
    const rows = await Promise.all(items.map(async ({ type: _type, ...row }) => sealItem(row, type, this.cipher)));
    await this.run(type, "write", async () => {
      const table = this.table(type);
      const data = await rowsForWrite(table, rows as unknown as Record<string, unknown>[]);
      return append ? table.add(data) : table.mergeInsert(["user_id", "id"]).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(data);
    });
    // The rows are committed: a failed index build must not report them unstored (the ingest buffer drops the history of
    // unstored changes). Full-text search of the table finds nothing until a later write builds the index.
    if (!this.ftsReady.has(type)) await this.run(type, "index", () => this.table(type).createIndex("text", { config: ftsIndexConfig() })).then(() => this.ftsReady.add(type), () => undefined);
  }

  /** Items of `type` for `userId` matching `filter`, at most `limit` (default: all). */
  async listItems(type: MemoryType, userId: string, options: { filter?: Filter; limit?: number } = {}): Promise<MemoryItem[]> {
    assertUserId(userId);
    const rows = await this.select(type, { ...options.filter, user_id: userId }, options.limit);
    return rows.map((row) => parseItem(type, row));
  }

  /** Like {@link listItems}, with each item's stored vector (for rewriting rows). */
  async listStoredItems(type: MemoryType, userId: string, filter: Filter = {}): Promise<StoredMemoryItem[]> {
    assertUserId(userId);
    const rows = await this.select(type, { ...filter, user_id: userId }, undefined, true);
    return rows.map((row) => ({ ...parseItem(type, row), vector: row.vector as number[] }));
  }

  /** The item with `id` in any memory table of `userId`, with its vector, or null. */
  async getItem(userId: string, id: string): Promise<StoredMemoryItem | null> {
    assertUserId(userId);
    for (const type of MEMORY_TYPES) {
      const where = buildWhere({ user_id: userId, id }, columnSet(type));
      const rows = await this.run(type, "read", () => this.table(type).query().where(where).limit(1).toArray());
      const row = rows[0] as Record<string, unknown> | undefined;
      if (row) return { ...parseItem(type, rowToPlain(row, columnsOf(type))), vector: Array.from(row.vector as Iterable<number>) };
    }
    return null;
  }

  /** Deletes one item of `userId`. */
  async deleteItem(type: MemoryType, userId: string, id: string): Promise<void> {
    assertUserId(userId);
    await this.run(type, "delete", () => this.table(type).delete(buildWhere({ user_id: userId, id }, columnSet(type))));
  }

  /**
   * Nearest items by cosine distance, best first: through the ANN index (candidates re-ranked by exact distance) for a user with at least
   * `annMinUserRows` rows in an indexed table, else exact over the user's rows (`vectorSearchRoute` in `lancedb-vector-index.ts`).
   * `maxDistance` filters the exact route in LanceDB, the ANN route's `limit` re-ranked hits here (`vectorSearchQuery`).
   */
  async vectorSearch(type: MemoryType, userId: string, vector: number[], options: VectorSearchOptions): Promise<StoreSearchHit[]> {
    const parsed = parseVectorSearchOptions(options);
    // The query is built outside `run`: its route counts the user's rows, a call of its own on the table.
    const query = await this.vectorQuery(type, userId, vector, parsed);
    const rows = await this.run(type, "vector search", () => query.toArray());
    const hits = rows.map((row: Record<string, unknown>) => ({ item: parseItem(type, rowToPlain(row, columnsOf(type))), score: Number(row._distance) }));
    return hits.filter((hit) => hit.score < (parsed.maxDistance ?? Number.POSITIVE_INFINITY));
  }

  /** LanceDB's plan of the query {@link vectorSearch} would run (shows whether it uses the ANN index: `ANNSubIndex`, or compares every row: `KNNVectorDistance`). */
  async explainVectorSearch(type: MemoryType, userId: string, vector: number[], options: VectorSearchOptions): Promise<string> {
    const query = await this.vectorQuery(type, userId, vector, parseVectorSearchOptions(options));
    return this.run(type, "explain", () => query.explainPlan());
  }

  /** The query of {@link vectorSearch}, `options` parsed. */
  private async vectorQuery(type: MemoryType, userId: string, vector: number[], options: VectorSearchOptions): Promise<lancedb.VectorQuery> {
    assertUserId(userId);
    const where = buildWhere({ ...options.filter, user_id: userId }, columnSet(type));
    const route = await vectorSearchRoute(this.vectorIndexed.has(type), this.annMinUserRows, () => this.userRows.rowsOf(type, userId));
    return vectorSearchQuery(this.table(type), type, vector, where, options, route);
  }

  /** BM25 full-text search on `text`, best first; empty when the table has no rows yet. */
  async textSearch(type: MemoryType, userId: string, query: string, options: StoreSearchOptions): Promise<StoreSearchHit[]> {
    assertUserId(userId);
    if (!this.ftsReady.has(type) || query.trim() === "") return [];
    const where = buildWhere({ ...options.filter, user_id: userId }, columnSet(type));
    const rows = await this.run(type, "full-text search", () =>
      this.table(type).query().fullTextSearch(query, { columns: "text" }).where(where).select(searchColumns(type, "_score")).limit(options.limit).toArray(),
    );
    return rows.map((row: Record<string, unknown>) => ({ item: parseItem(type, rowToPlain(row, columnsOf(type))), score: Number(row._score) }));
  }

  /**
   * The current version of a table (LanceDB increments it on every commit, by any process). Cheap:
   * it reads no rows; caches of a table's rows compare it to know they are current.
   */
  async tableVersion(table: TableName): Promise<number> {
    return this.run(table, "version", () => this.table(table).version());
  }

  /** Adds `count` to `access_count` and sets `last_accessed_at` of the given items. */
  async recordAccess(type: MemoryType, userId: string, ids: string[], at: string, count = 1): Promise<void> {
    assertUserId(userId);
    if (ids.length === 0) return;
    if (!Number.isInteger(count) || count < 1) throw new StoreError(`access count must be a positive integer, got ${count}`, { storeName: type });
    const where = buildWhere({ user_id: userId, id: { $in: ids } }, columnSet(type));
    await this.run(type, "update", () =>
      this.table(type).update({ where, valuesSql: { access_count: `access_count + ${count}`, last_accessed_at: quoteLiteral(at) } }),
    );
  }

  /** The item with its high-sensitivity `secret` decrypted (other items as they are). */
  async revealItem<T extends MemoryItem>(item: T): Promise<T> {
    return openItem(item, this.cipher);
  }

  // ---- history and runs (`lancedb-history-tables.ts`) ----------------------------------------

  private readonly audit: LanceDbAuditTarget = { table: (name) => this.table(name), run: (name, action, work) => this.run(name, action, work), cipher: () => this.cipher };
  /** Appends history rows in one commit; secrets in `before`/`after` are sealed. */
  appendHistory: MemoryStore["appendHistory"] = (rows) => appendHistory(this.audit, rows);
  deleteHistory: MemoryStore["deleteHistory"] = (userId, ids) => deleteHistory(this.audit, userId, ids);
  /** Like {@link appendHistory}, but a row whose (user_id, id) is already stored is left as it is (for imports). */
  putHistory: MemoryStore["putHistory"] = (rows) => putHistory(this.audit, rows);
  /** History of one memory item (or, without `memoryId`, of every item of the user), oldest first; secrets opened when `reveal`. */
  listHistory: MemoryStore["listHistory"] = (userId, memoryId, options) => listHistory(this.audit, userId, memoryId, options);
  /** Records graph runs (model usage and time). */
  appendRuns: MemoryStore["appendRuns"] = (rows) => appendRuns(this.audit, rows);
  /** Recorded runs, for one user or all, oldest first. */
  listRuns = (userId?: string): Promise<RunRow[]> => listRuns(this.audit, userId);

  private readonly graph: LanceDbGraphTarget = { table: (name) => this.table(name), run: (name, action, work) => this.run(name, action, work) }; // graph memory
  upsertGraphRows: MemoryStore["upsertGraphRows"] = (table, rows) => upsertGraphRows(this.graph, table, rows);
  listGraphRows: MemoryStore["listGraphRows"] = (table, userId, options) => listGraphRows(this.graph, table, userId, options);
  searchGraphRows: MemoryStore["searchGraphRows"] = (table, userId, vector, options) => searchGraphRows(this.graph, table, userId, vector, options);
  // ---- maintenance --------------------------------------------------------------------------

  async listUserIds(): Promise<string[]> {
    const read = (name: TableName) => selectRows(this.table(name), {}, { withVector: false, columns: { user_id: "string" }, run: (work) => this.run(name, "read", work) });
    return [...new Set((await Promise.all(([MESSAGES_TABLE, ...MEMORY_TYPES] as TableName[]).map(read))).flat().map((row) => String(row.user_id)))].sort();
  }

  /** Rows in `table`, for one user or all. */
  async count(table: TableName, userId?: string): Promise<number> {
    if (userId !== undefined) assertUserId(userId);
    const where = userId === undefined ? undefined : buildWhere({ user_id: userId }, new Set(["user_id"]));
    return this.run(table, "count", () => this.table(table).countRows(where));
  }

  /** Memory tables that have an ANN index on `vector`; {@link scalarIndexedTables}: those with BTREE indexes on `user_id` and `id`. As read on open and set by this store's builds and
   * drops: another store on the folder may change them since; builds and drops read LanceDB's list instead, and a search routed by a stale set gets exact hits (docs/architecture.md, "Scale: indexes past a row threshold"). */
  vectorIndexedTables = (): MemoryType[] => MEMORY_TYPES.filter((type) => this.vectorIndexed.has(type));
  scalarIndexedTables = (): MemoryType[] => MEMORY_TYPES.filter((type) => this.scalarIndexed.has(type));

  /** Builds missing ANN (IVF_PQ) and BTREE indexes on tables of at least `minRows` rows; see `ensureVectorIndexes` in `lancedb-vector-index.ts`. */
  async ensureVectorIndexes(options: { minRows: number }): Promise<MemoryType[]> {
    const listIndices = (type: MemoryType) => this.run(type, "list indexes", () => this.table(type).listIndices());
    const createIndex = (type: MemoryType, column: string, config: lancedb.Index) => this.run(type, "index", () => this.table(type).createIndex(column, { config }));
    const state = { dimensions: this.dimensions, indexed: this.vectorIndexed, scalarIndexed: this.scalarIndexed };
    return ensureVectorIndexes({ ...state, count: (type) => this.count(type), listIndices, createIndex, tableKey: (type) => this.tableKey(type) }, options.minRows);
  }

  /** Compacts files, updates indexes and prunes old versions of every table (or of `tables`), first dropping the ANN index of a table under 256 rows; see {@link optimizeTables}. @throws ValidationError for an invalid `pruneBefore`. */
  async optimize(options: { pruneBefore?: Date; tables?: readonly TableName[] } = {}): Promise<void> {
    const { tables = TABLE_NAMES, ...rest } = options;
    return optimizeTables(tables, (name) => this.table(name), (name, action, work) => this.run(name, action, work), { ...rest, prepare: this.dropUntrainableIndex });
  }

  /** `dropUntrainableVectorIndex` on table `name`, before a compaction (`optimize`, `deleteUser`). */
  private readonly dropUntrainableIndex = async (name: TableName) => void (await dropUntrainableVectorIndex(this.table(name), name, this.vectorIndexed, (action, work) => this.run(name, action, work)));

  /** Bulk load (the scale bench): appends items whose (user_id, id) are new, in one commit without `upsertItems`'s merge join, whose cost grows with the table. A duplicate id is NOT detected. */
  appendNewItems = (type: MemoryType, items: StoredMemoryItem[]): Promise<void> => appendNewItems({ run: (action, work) => this.run(type, action, work), table: () => this.table(type), cipher: this.cipher }, type, items);

  /**
   * Deletes every row of `userId` from every table, then makes the deletion physical (`purgeUser`):
   * rewrites the other users' rows of the files that held the user's rows (after a compaction most
   * of a table: a cost that grows with the table, not the user), compacts, rebuilds the full-text indexes and prunes every older
   * version and unreferenced file, so the user's data cannot be recovered from the folder.
   *
   * The compaction and index rebuild are ordinary calls, alongside other users' calls. The final
   * prune (`deleteUnverified`) removes every file no version references yet, also those of a write
   * not committed yet, so it runs alone on each table in this process ({@link processTableCalls},
   * shared by every store opened on this folder): it starts once every call on the table under way
   * (another user's `add`, a recall's query) has settled, and calls made meanwhile wait until it is
   * done. Another process's write is not seen: run it when no other process writes to the store.
   *
   * @returns rows deleted per table.
   */
  async deleteUser(userId: string): Promise<Record<TableName, number>> {
    assertUserId(userId);
    const target = { count: (name: TableName) => this.count(name, userId), table: (name: TableName) => this.table(name), hasTextIndex: (name: TableName) => this.ftsReady.has(name as MemoryType) };
    const exclusive: PurgeUserTarget["exclusive"] = (name, work) => processTableCalls.exclusive(this.tableKey(name), () => work((action, call) => this.call(name, action, call)));
    return purgeUser(userId, { ...target, run: (name, action, work) => this.run(name, action, work), exclusive, dropUntrainableIndex: this.dropUntrainableIndex });
  }

  /** Rows of the memory tables not yet in their full-text index (searched flat until `optimize`). */
  async unindexedRows(): Promise<number> {
    return unindexedRows([...this.ftsReady], (name) => this.table(name), (name, action, work) => this.run(name, action, work));
  }

  /**
   * Closes every table handle, then the connection. A handle a native call still holds fails to
   * close with "cannot be borrowed mutably" (seen on object storage right after a write); it is
   * closed again with backoff, as a store call is ({@link withStoreRetry}), instead of failing.
   * Every handle and the connection are closed even if one fails; the first failure is thrown.
   */
  async close(): Promise<void> {
    const closed = await Promise.allSettled([...this.tables.values()].map((table) => withStoreRetry(async () => table.close(), this.retry)));
    this.connection.close();
    const failed = closed.find((result) => result.status === "rejected");
    if (failed) throw failed.reason;
  }

  private async select(name: TableName, filter: Filter, limit?: number, withVector = false): Promise<Record<string, unknown>[]> {
    return selectRows(this.table(name), filter, { limit, withVector, columns: columnsOf(name), run: (work) => this.run(name, "read", work) });
  }
}

function parseItem(type: MemoryType, row: Record<string, unknown>): MemoryItem {
  return MemoryItemSchema.parse({ ...row, type });
}
