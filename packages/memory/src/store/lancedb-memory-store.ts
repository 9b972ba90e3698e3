import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { StoreError } from "../errors/engram-error";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import { MemoryItemSchema, type MemoryItem } from "../schema/memory-item";
import { HistoryRowSchema, StoredMessageSchema, type HistoryRow, type StoredMessage } from "../schema/message";
import { buildWhere, quoteLiteral, type Filter } from "./filter";
import {
  HISTORY_TABLE,
  MESSAGES_TABLE,
  RUNS_TABLE,
  columnsOf,
  historyTableSchema,
  memoryTableSchema,
  messagesTableSchema,
  rowToPlain,
  runsTableSchema,
} from "./table-schemas";
import { RunRowSchema, type RunRow } from "./run-row";

type TableName = MemoryType | typeof MESSAGES_TABLE | typeof HISTORY_TABLE | typeof RUNS_TABLE;
const TABLE_NAMES: readonly TableName[] = [...MEMORY_TYPES, MESSAGES_TABLE, HISTORY_TABLE, RUNS_TABLE];

/** A memory item with the vector it is stored with. */
export type StoredMemoryItem = MemoryItem & { vector: number[] };

/** One hit of a per-table search. */
export interface StoreSearchHit {
  item: MemoryItem;
  /** Vector search: cosine distance (0 to 2, lower is closer). Full-text: BM25 score (higher is better). */
  score: number;
}

/** Options of {@link LanceDbMemoryStore.open}. */
export interface LanceDbMemoryStoreOptions {
  /** Store folder; created if missing. */
  path: string;
  /** Vector length of the embedder in use. */
  dimensions: number;
  /** Embedder model id; a store refuses an embedder other than the one it was created with. */
  embedderId: string;
}

/** Version of the table layout; a store of another version is refused with a clear error. */
const STORE_FORMAT = 2;

interface StoreManifest {
  format: number;
  embedderId: string;
  dimensions: number;
}

const MANIFEST_FILE = "engram.json";

/**
 * The LanceDB store: one table per memory type plus `messages` and `history`, in a local folder.
 * Every method is scoped by `user_id`; predicates are built only by `buildWhere` from typed filters.
 *
 * Full-text search uses LanceDB's BM25 index on `text` (English stemming, stop words removed);
 * vector search is exact cosine search.
 */
export class LanceDbMemoryStore {
  private readonly ftsReady = new Set<MemoryType>();

  private constructor(
    private readonly connection: lancedb.Connection,
    private readonly tables: Map<TableName, lancedb.Table>,
    readonly path: string,
    readonly dimensions: number,
  ) {}

  /**
   * Opens (or creates) the store in `options.path`.
   *
   * @throws StoreError when the folder cannot be used, or was made with another embedder.
   */
  static async open(options: LanceDbMemoryStoreOptions): Promise<LanceDbMemoryStore> {
    const manifestPath = path.join(options.path, MANIFEST_FILE);
    try {
      await fs.mkdir(options.path, { recursive: true });
      const manifest = await readManifest(manifestPath);
      if (manifest && manifest.format !== STORE_FORMAT) {
        throw new StoreError(`store ${options.path} has table layout ${manifest.format}, this Engram reads layout ${STORE_FORMAT}; import its messages into a new folder`, {
          storeName: MANIFEST_FILE,
        });
      }
      if (manifest && (manifest.embedderId !== options.embedderId || manifest.dimensions !== options.dimensions)) {
        throw new StoreError(
          `store ${options.path} was built with embedder ${manifest.embedderId} (${manifest.dimensions} dims), not ${options.embedderId} (${options.dimensions} dims); use the same embedder or a new folder`,
          { storeName: MANIFEST_FILE },
        );
      }
      if (!manifest) {
        const fresh: StoreManifest = { format: STORE_FORMAT, embedderId: options.embedderId, dimensions: options.dimensions };
        await fs.writeFile(manifestPath, JSON.stringify(fresh, null, 2));
      }
      const connection = await lancedb.connect(options.path);
      const existing = new Set(await connection.tableNames());
      const tables = new Map<TableName, lancedb.Table>();
      for (const name of TABLE_NAMES) {
        const schema =
          name === MESSAGES_TABLE
            ? messagesTableSchema()
            : name === HISTORY_TABLE
              ? historyTableSchema()
              : name === RUNS_TABLE
                ? runsTableSchema()
                : memoryTableSchema(name, options.dimensions);
        const table = existing.has(name)
          ? await connection.openTable(name)
          : await connection.createEmptyTable(name, schema, { existOk: true });
        tables.set(name, table);
      }
      const store = new LanceDbMemoryStore(connection, tables, options.path, options.dimensions);
      for (const type of MEMORY_TYPES) {
        const indices = await tables.get(type)!.listIndices();
        if (indices.some((index) => index.columns.includes("text"))) store.ftsReady.add(type);
      }
      return store;
    } catch (error) {
      if (StoreError.isInstance(error)) throw error;
      throw new StoreError(`cannot open store ${options.path}: ${(error as Error).message}`, { storeName: "*", cause: error });
    }
  }

  private table(name: TableName): lancedb.Table {
    return this.tables.get(name)!;
  }

  private async run<T>(name: TableName, action: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (StoreError.isInstance(error) || (error as Error).name === "ValidationError") throw error;
      throw new StoreError(`${action} on ${name} failed: ${(error as Error).message}`, { storeName: name, cause: error, isRetryable: true });
    }
  }

  // ---- messages -----------------------------------------------------------------------------

  /** The stored messages among `ids` of `userId`, by id. */
  async findMessages(userId: string, ids: string[]): Promise<Map<string, StoredMessage>> {
    if (ids.length === 0) return new Map();
    const stored = await this.listMessages(userId, { ids });
    return new Map(stored.map((message) => [message.id, message]));
  }

  /** Marks messages processed (`processed_at` = `at`, `error` cleared), or pending with `error`. */
  async markMessages(userId: string, ids: string[], outcome: { processedAt: string } | { error: string }): Promise<void> {
    if (ids.length === 0) return;
    const where = buildWhere({ user_id: userId, id: { $in: ids } }, new Set(["user_id", "id"]));
    const valuesSql: Record<string, string> =
      "processedAt" in outcome
        ? { processed_at: quoteLiteral(outcome.processedAt), error: "NULL" }
        : { error: quoteLiteral(outcome.error.slice(0, 2000).replace(/\u0000/g, "")) };
    await this.run(MESSAGES_TABLE, "update", () => this.table(MESSAGES_TABLE).update({ where, valuesSql }));
  }

  /** Messages stored but not processed (pending), in arrival order; all users when `userId` is omitted. */
  async listPendingMessages(userId?: string): Promise<StoredMessage[]> {
    const filter: Filter = { processed_at: { $isNull: true } };
    if (userId !== undefined) filter.user_id = userId;
    const rows = await this.select(MESSAGES_TABLE, filter);
    return rows.map((row) => StoredMessageSchema.parse(row)).sort((a, b) => a.user_id.localeCompare(b.user_id) || a.seq - b.seq);
  }

  /** Number of messages stored for `userId` (the next message's `seq`). */
  async countMessages(userId: string): Promise<number> {
    return this.count(MESSAGES_TABLE, userId);
  }

  /** Stores messages; a message whose (user_id, id) is already stored is left as it is. */
  async putMessages(messages: StoredMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.run(MESSAGES_TABLE, "write", () =>
      this.table(MESSAGES_TABLE).mergeInsert(["user_id", "id"]).whenNotMatchedInsertAll().execute(messages as unknown as Record<string, unknown>[]),
    );
  }

  /** Messages of `userId` in arrival order; `ids` narrows to those ids, `seq` to one position. */
  async listMessages(userId: string, options: { ids?: string[]; seq?: number; limit?: number } = {}): Promise<StoredMessage[]> {
    const filter: Filter = { user_id: userId };
    if (options.seq !== undefined) filter.seq = options.seq;
    if (options.ids) {
      if (options.ids.length === 0) return [];
      filter.id = { $in: options.ids };
    }
    const rows = await this.select(MESSAGES_TABLE, filter, options.limit);
    return rows.map((row) => StoredMessageSchema.parse(row)).sort((a, b) => a.seq - b.seq);
  }

  // ---- memory items -------------------------------------------------------------------------

  /** Inserts or replaces items (matched on user_id and id) in the table of `type`. */
  async upsertItems(type: MemoryType, items: StoredMemoryItem[]): Promise<void> {
    if (items.length === 0) return;
    const rows = items.map(({ type: _type, ...row }) => row);
    await this.run(type, "write", () =>
      this.table(type).mergeInsert(["user_id", "id"]).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows as unknown as Record<string, unknown>[]),
    );
    if (!this.ftsReady.has(type)) {
      await this.run(type, "index", () => this.table(type).createIndex("text", { config: lancedb.Index.fts({ stem: true, removeStopWords: true, language: "English", asciiFolding: true, withPosition: false }) }));
      this.ftsReady.add(type);
    }
  }

  /** Items of `type` for `userId` matching `filter`, at most `limit` (default: all). */
  async listItems(type: MemoryType, userId: string, options: { filter?: Filter; limit?: number } = {}): Promise<MemoryItem[]> {
    const rows = await this.select(type, { ...options.filter, user_id: userId }, options.limit);
    return rows.map((row) => parseItem(type, row));
  }

  /** Like {@link listItems}, with each item's stored vector (for rewriting rows). */
  async listStoredItems(type: MemoryType, userId: string, filter: Filter = {}): Promise<StoredMemoryItem[]> {
    const rows = await this.select(type, { ...filter, user_id: userId }, undefined, true);
    return rows.map((row) => ({ ...parseItem(type, row), vector: row.vector as number[] }));
  }

  /** The item with `id` in any memory table of `userId`, with its vector, or null. */
  async getItem(userId: string, id: string): Promise<StoredMemoryItem | null> {
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
    await this.run(type, "delete", () => this.table(type).delete(buildWhere({ user_id: userId, id }, columnSet(type))));
  }

  /** Nearest items by cosine distance (exact search), best first. */
  async vectorSearch(type: MemoryType, userId: string, vector: number[], options: { limit: number; filter?: Filter }): Promise<StoreSearchHit[]> {
    const where = buildWhere({ ...options.filter, user_id: userId }, columnSet(type));
    const rows = await this.run(type, "vector search", () =>
      this.table(type).vectorSearch(vector).distanceType("cosine").where(where).limit(options.limit).toArray(),
    );
    return rows.map((row: Record<string, unknown>) => ({ item: parseItem(type, rowToPlain(row, columnsOf(type))), score: Number(row._distance) }));
  }

  /** BM25 full-text search on `text`, best first; empty when the table has no rows yet. */
  async textSearch(type: MemoryType, userId: string, query: string, options: { limit: number; filter?: Filter }): Promise<StoreSearchHit[]> {
    if (!this.ftsReady.has(type) || query.trim() === "") return [];
    const where = buildWhere({ ...options.filter, user_id: userId }, columnSet(type));
    const rows = await this.run(type, "full-text search", () =>
      this.table(type).query().fullTextSearch(query, { columns: "text" }).where(where).limit(options.limit).toArray(),
    );
    return rows.map((row: Record<string, unknown>) => ({ item: parseItem(type, rowToPlain(row, columnsOf(type))), score: Number(row._score) }));
  }

  /** Adds `count` to `access_count` and sets `last_accessed_at` of the given items. */
  async recordAccess(type: MemoryType, userId: string, ids: string[], at: string, count = 1): Promise<void> {
    if (ids.length === 0) return;
    if (!Number.isInteger(count) || count < 1) throw new StoreError(`access count must be a positive integer, got ${count}`, { storeName: type });
    const where = buildWhere({ user_id: userId, id: { $in: ids } }, columnSet(type));
    await this.run(type, "update", () =>
      this.table(type).update({ where, valuesSql: { access_count: `access_count + ${count}`, last_accessed_at: quoteLiteral(at) } }),
    );
  }

  // ---- history ------------------------------------------------------------------------------

  async appendHistory(rows: HistoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run(HISTORY_TABLE, "write", () => this.table(HISTORY_TABLE).add(rows as unknown as Record<string, unknown>[]));
  }

  /** History of one memory item, oldest first. */
  async listHistory(userId: string, memoryId: string): Promise<HistoryRow[]> {
    const rows = await this.select(HISTORY_TABLE, { user_id: userId, memory_id: memoryId });
    return rows.map((row) => HistoryRowSchema.parse(row)).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  // ---- runs -------------------------------------------------------------------------------

  /** Records graph runs (model usage and time). */
  async appendRuns(rows: RunRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run(RUNS_TABLE, "write", () => this.table(RUNS_TABLE).add(rows as unknown as Record<string, unknown>[]));
  }

  /** Recorded runs, for one user or all, oldest first. */
  async listRuns(userId?: string): Promise<RunRow[]> {
    const rows = await this.select(RUNS_TABLE, userId === undefined ? {} : { user_id: userId });
    return rows.map((row) => RunRowSchema.parse(row)).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  // ---- maintenance --------------------------------------------------------------------------

  /** Rows in `table`, for one user or all. */
  async count(table: TableName, userId?: string): Promise<number> {
    const where = userId === undefined ? undefined : buildWhere({ user_id: userId }, new Set(["user_id"]));
    return this.run(table, "count", () => this.table(table).countRows(where));
  }

  /** Compacts files, brings full-text indexes up to date with new rows and prunes versions older than a week. */
  async optimize(): Promise<void> {
    for (const name of TABLE_NAMES) await this.run(name, "optimize", () => this.table(name).optimize());
  }

  /** Rows of the memory tables not yet in their full-text index (searched flat until `optimize`). */
  async unindexedRows(): Promise<number> {
    let total = 0;
    for (const type of this.ftsReady) {
      const stats = await this.run(type, "index stats", () => this.table(type).indexStats("text_idx"));
      total += stats?.numUnindexedRows ?? 0;
    }
    return total;
  }

  close(): void {
    for (const table of this.tables.values()) table.close();
    this.connection.close();
  }

  private async select(name: TableName, filter: Filter, limit?: number, withVector = false): Promise<Record<string, unknown>[]> {
    const columns = columnsOf(name);
    const where = buildWhere(filter, new Set(Object.keys(columns)));
    const rows = await this.run(name, "read", () => {
      let query = this.table(name).query();
      if (where.trim() !== "") query = query.where(where);
      query = query.select(withVector ? [...Object.keys(columns), "vector"] : Object.keys(columns));
      if (limit !== undefined) query = query.limit(limit);
      return query.toArray();
    });
    return rows.map((row: Record<string, unknown>) => {
      const plain = rowToPlain(row, columns);
      if (withVector) plain.vector = Array.from(row.vector as Iterable<number>);
      return plain;
    });
  }
}

const columnSets = new Map<MemoryType, ReadonlySet<string>>();
function columnSet(type: MemoryType): ReadonlySet<string> {
  let set = columnSets.get(type);
  if (!set) columnSets.set(type, (set = new Set(Object.keys(columnsOf(type)))));
  return set;
}

function parseItem(type: MemoryType, row: Record<string, unknown>): MemoryItem {
  return MemoryItemSchema.parse({ ...row, type });
}

async function readManifest(file: string): Promise<StoreManifest | null> {
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as StoreManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}
