import * as fs from "node:fs/promises";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { keyFileProvider, SecretCipher } from "../crypto/secret-cipher";
import { StoreError } from "../errors/engram-error";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import { MemoryItemSchema, type MemoryItem } from "../schema/memory-item";
import { HistoryRowSchema, StoredMessageSchema, type HistoryRow, type StoredMessage } from "../schema/message";
import { buildWhere, quoteLiteral, type Filter } from "./filter";
import { isObjectStoreUri } from "./object-store-uri";
import { withStoreRetry, type StoreRetryOptions } from "./retry";
import { createManifest, readManifest, STORE_FORMAT, type StoreManifest } from "./store-manifest";
import { openHistoryRow, openItem, openMessage, sealHistoryRow, sealItem, sealMessage } from "./seal-rows";
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
  /**
   * Seals high-sensitivity values at rest (see `store/seal-rows.ts`).
   * @default a cipher whose key is in `<path>/secret.key`, created with mode 0600 on first use
   */
  cipher?: SecretCipher;
  /** Retries of writes that fail on a commit conflict with another writer. @default { attempts: 8, baseDelayMs: 25 } */
  retry?: StoreRetryOptions;
  /**
   * LanceDB storage options for an object-store `path` (`s3://`, `gs://`, `az://`): credentials,
   * `region`, `endpoint`, `allow_http`, ... (LanceDB's object storage configuration keys).
   */
  storageOptions?: Record<string, string>;
}

const MANIFEST_FILE = "engram.json";
/** Default key file of the store's {@link SecretCipher}, in the store folder. */
export const SECRET_KEY_FILE = "secret.key";

/**
 * The LanceDB store: one table per memory type plus `messages` and `history`, in a local folder.
 * Every method is scoped by `user_id`; predicates are built only by `buildWhere` from typed filters.
 *
 * Full-text search uses LanceDB's BM25 index on `text` (English stemming, stop words removed);
 * vector search is exact cosine search.
 */
export class LanceDbMemoryStore {
  private readonly ftsReady = new Set<MemoryType>();
  /** Memory tables with an ANN (IVF_PQ) index on `vector`. */
  private readonly vectorIndexed = new Set<MemoryType>();

  private constructor(
    private readonly connection: lancedb.Connection,
    private readonly tables: Map<TableName, lancedb.Table>,
    readonly path: string,
    readonly dimensions: number,
    /** Seals and opens high-sensitivity values. */
    readonly cipher: SecretCipher,
    private readonly retry: StoreRetryOptions,
  ) {}

  /**
   * Opens (or creates) the store in `options.path`.
   *
   * @throws StoreError when the folder cannot be used, or was made with another embedder.
   */
  static async open(options: LanceDbMemoryStoreOptions): Promise<LanceDbMemoryStore> {
    const manifestPath = path.join(options.path, MANIFEST_FILE);
    // In object storage the tables are all there is: no folder to create, no manifest or key file.
    const remote = isObjectStoreUri(options.path);
    try {
      if (remote && !options.cipher) {
        throw new StoreError(`store ${options.path} is in object storage, where no key file is kept: give a secret key`, { storeName: SECRET_KEY_FILE });
      }
      if (!remote) await fs.mkdir(options.path, { recursive: true });
      const manifest = remote ? null : await readManifest(manifestPath);
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
      if (!manifest && !remote) {
        const fresh: StoreManifest = { format: STORE_FORMAT, embedderId: options.embedderId, dimensions: options.dimensions };
        const winner = await createManifest(manifestPath, fresh);
        if (winner.embedderId !== options.embedderId || winner.dimensions !== options.dimensions) {
          throw new StoreError(`store ${options.path} was just created by another process with embedder ${winner.embedderId}`, { storeName: MANIFEST_FILE });
        }
      }
      // Strong read consistency: every read sees the latest commit of any process (LanceDB OSS
      // checks the version on each read when the interval is 0 seconds).
      const connection = await lancedb.connect(options.path, { readConsistencyInterval: 0, ...(options.storageOptions ? { storageOptions: options.storageOptions } : {}) });
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
        // Another process may be creating the same table of a new store right now: a table it has
        // not committed yet is "not found", so opening is retried like a commit conflict.
        const table = await withStoreRetry(
          () => (existing.has(name) ? connection.openTable(name) : connection.createEmptyTable(name, schema, { existOk: true })),
          options.retry,
        );
        tables.set(name, table);
      }
      const cipher = options.cipher ?? new SecretCipher(keyFileProvider(path.join(options.path, SECRET_KEY_FILE)));
      const store = new LanceDbMemoryStore(connection, tables, options.path, options.dimensions, cipher, options.retry ?? {});
      for (const type of MEMORY_TYPES) {
        const indices = await tables.get(type)!.listIndices();
        if (indices.some((index) => index.columns.includes("text"))) store.ftsReady.add(type);
        if (indices.some((index) => index.columns.includes("vector"))) store.vectorIndexed.add(type);
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
      return await withStoreRetry(work, this.retry);
    } catch (error) {
      if (StoreError.isInstance(error) || (error as Error).name === "ValidationError") throw error;
      throw new StoreError(`${action} on ${name} failed: ${(error as Error).message}`, { storeName: name, cause: error, isRetryable: true });
    }
  }

  // ---- messages -----------------------------------------------------------------------------

  /** The stored messages among `ids` of `userId`, by id, with their original (opened) content, for processing. */
  async findMessages(userId: string, ids: string[]): Promise<Map<string, StoredMessage>> {
    if (ids.length === 0) return new Map();
    const stored = await this.listMessages(userId, { ids, reveal: true });
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

  /**
   * Messages stored but not processed (pending), in arrival order, with their original (opened)
   * content for processing; all users when `userId` is omitted.
   */
  async listPendingMessages(userId?: string): Promise<StoredMessage[]> {
    const filter: Filter = { processed_at: { $isNull: true } };
    if (userId !== undefined) filter.user_id = userId;
    const rows = await this.select(MESSAGES_TABLE, filter);
    const messages = await Promise.all(rows.map((row) => this.toMessage(row, true)));
    return messages.sort((a, b) => a.user_id.localeCompare(b.user_id) || a.seq - b.seq);
  }

  /** Number of messages stored for `userId` (the next message's `seq`). */
  async countMessages(userId: string): Promise<number> {
    return this.count(MESSAGES_TABLE, userId);
  }

  /**
   * Stores messages in one commit; a message whose (user_id, id) is already stored is left as it
   * is. High-sensitivity values in `content` are masked and the original sealed (see `seal-rows.ts`).
   */
  async putMessages(messages: StoredMessage[]): Promise<void> {
    if (messages.length === 0) return;
    const rows = await Promise.all(messages.map((message) => sealMessage(message, this.cipher)));
    await this.run(MESSAGES_TABLE, "write", () =>
      this.table(MESSAGES_TABLE).mergeInsert(["user_id", "id"]).whenNotMatchedInsertAll().execute(rows as unknown as Record<string, unknown>[]),
    );
  }

  /**
   * Messages of `userId` in arrival order; `ids` narrows to those ids, `seq` to one position.
   * `content` has its high-sensitivity values masked unless `reveal` is true.
   */
  async listMessages(userId: string, options: { ids?: string[]; seq?: number; limit?: number; reveal?: boolean } = {}): Promise<StoredMessage[]> {
    const filter: Filter = { user_id: userId };
    if (options.seq !== undefined) filter.seq = options.seq;
    if (options.ids) {
      if (options.ids.length === 0) return [];
      filter.id = { $in: options.ids };
    }
    const rows = await this.select(MESSAGES_TABLE, filter, options.limit);
    const messages = await Promise.all(rows.map((row) => this.toMessage(row, options.reveal === true)));
    return messages.sort((a, b) => a.seq - b.seq);
  }

  private async toMessage(row: Record<string, unknown>, reveal: boolean): Promise<StoredMessage> {
    const message = StoredMessageSchema.parse(row);
    return reveal ? openMessage({ ...message, sealed_content: row.sealed_content }, this.cipher) : message;
  }

  // ---- memory items -------------------------------------------------------------------------

  /** Inserts or replaces items (matched on user_id and id) in the table of `type`. */
  async upsertItems(type: MemoryType, items: StoredMemoryItem[]): Promise<void> {
    if (items.length === 0) return;
    const rows = await Promise.all(items.map(async ({ type: _type, ...row }) => sealItem(row, type, this.cipher)));
    await this.run(type, "write", () =>
      this.table(type).mergeInsert(["user_id", "id"]).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(rows as unknown as Record<string, unknown>[]),
    );
    if (!this.ftsReady.has(type)) {
      await this.run(type, "index", () => this.table(type).createIndex("text", { config: ftsIndexConfig() }));
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

  /**
   * Nearest items by cosine distance, best first: exact search, or, on a table with an ANN index
   * ({@link ensureVectorIndexes}), the index's candidates (pre-filtered by user and `filter`)
   * re-ranked by their exact distance.
   */
  async vectorSearch(type: MemoryType, userId: string, vector: number[], options: { limit: number; filter?: Filter }): Promise<StoreSearchHit[]> {
    const where = buildWhere({ ...options.filter, user_id: userId }, columnSet(type));
    const rows = await this.run(type, "vector search", () => {
      let query = this.table(type).vectorSearch(vector).distanceType("cosine").where(where).select(searchColumns(type, "_distance")).limit(options.limit);
      if (this.vectorIndexed.has(type)) query = query.nprobes(ANN_PROBES).refineFactor(ANN_REFINE_FACTOR);
      return query.toArray();
    });
    return rows.map((row: Record<string, unknown>) => ({ item: parseItem(type, rowToPlain(row, columnsOf(type))), score: Number(row._distance) }));
  }

  /** BM25 full-text search on `text`, best first; empty when the table has no rows yet. */
  async textSearch(type: MemoryType, userId: string, query: string, options: { limit: number; filter?: Filter }): Promise<StoreSearchHit[]> {
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
    if (ids.length === 0) return;
    if (!Number.isInteger(count) || count < 1) throw new StoreError(`access count must be a positive integer, got ${count}`, { storeName: type });
    const where = buildWhere({ user_id: userId, id: { $in: ids } }, columnSet(type));
    await this.run(type, "update", () =>
      this.table(type).update({ where, valuesSql: { access_count: `access_count + ${count}`, last_accessed_at: quoteLiteral(at) } }),
    );
  }

  // ---- history ------------------------------------------------------------------------------

  /** Appends history rows in one commit; secrets in `before`/`after` are sealed. */
  async appendHistory(rows: HistoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const sealed = await Promise.all(rows.map((row) => sealHistoryRow(row, this.cipher)));
    await this.run(HISTORY_TABLE, "write", () => this.table(HISTORY_TABLE).add(sealed as unknown as Record<string, unknown>[]));
  }

  /** Like {@link appendHistory}, but a row whose (user_id, id) is already stored is left as it is (for imports). */
  async putHistory(rows: HistoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    const sealed = await Promise.all(rows.map((row) => sealHistoryRow(row, this.cipher)));
    await this.run(HISTORY_TABLE, "write", () =>
      this.table(HISTORY_TABLE).mergeInsert(["user_id", "id"]).whenNotMatchedInsertAll().execute(sealed as unknown as Record<string, unknown>[]),
    );
  }

  /** History of one memory item (or, without `memoryId`, of every item of the user), oldest first; secrets opened when `reveal`. */
  async listHistory(userId: string, memoryId?: string, options: { reveal?: boolean } = {}): Promise<HistoryRow[]> {
    const filter: Filter = { user_id: userId };
    if (memoryId !== undefined) filter.memory_id = memoryId;
    const rows = (await this.select(HISTORY_TABLE, filter)).map((row) => HistoryRowSchema.parse(row));
    const opened = options.reveal ? await Promise.all(rows.map((row) => openHistoryRow(row, this.cipher))) : rows;
    return opened.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }

  /** The item with its high-sensitivity `secret` decrypted (other items as they are). */
  async revealItem<T extends MemoryItem>(item: T): Promise<T> {
    return openItem(item, this.cipher);
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

  /** Memory tables that have an ANN index on `vector`. */
  vectorIndexedTables(): MemoryType[] {
    return MEMORY_TYPES.filter((type) => this.vectorIndexed.has(type));
  }

  /**
   * Builds an ANN index (IVF_PQ, cosine; about √rows partitions, 16 dimensions per PQ sub-vector)
   * on `vector` of each memory table that holds at least `minRows` rows (all users together) and
   * has none yet. Later rows are searched exactly beside the index until {@link optimize} adds
   * them to it. PQ training needs at least 256 rows, so `minRows` below that counts as 256.
   *
   * @returns the tables indexed by this call.
   */
  async ensureVectorIndexes(options: { minRows: number }): Promise<MemoryType[]> {
    const built: MemoryType[] = [];
    for (const type of MEMORY_TYPES) {
      if (this.vectorIndexed.has(type)) continue;
      const rows = await this.count(type);
      if (rows < Math.max(256, options.minRows)) continue;
      const config = lancedb.Index.ivfPq({
        distanceType: "cosine",
        numPartitions: Math.max(1, Math.round(Math.sqrt(rows))),
        numSubVectors: Math.max(1, Math.floor(this.dimensions / 16)),
      });
      await this.run(type, "index", () => this.table(type).createIndex("vector", { config }));
      this.vectorIndexed.add(type);
      built.push(type);
    }
    return built;
  }

  /** Compacts files, brings full-text indexes up to date with new rows and prunes versions older than a week. */
  async optimize(): Promise<void> {
    for (const name of TABLE_NAMES) await this.run(name, "optimize", () => this.table(name).optimize());
  }

  /**
   * Deletes every row of `userId` from every table, then makes the deletion physical: compacts
   * each table, rebuilds the full-text indexes from the remaining rows, and prunes every older
   * version and unreferenced file (`cleanupOlderThan: now`, `deleteUnverified: true`), so the
   * user's data cannot be recovered from the folder.
   *
   * Pruning unverified files can remove the files of a write another process has not committed
   * yet; run it when no other process writes to the store.
   *
   * @returns rows deleted per table.
   */
  async deleteUser(userId: string): Promise<Record<TableName, number>> {
    const where = buildWhere({ user_id: userId }, new Set(["user_id"]));
    const deleted = {} as Record<TableName, number>;
    for (const name of TABLE_NAMES) {
      deleted[name] = await this.count(name, userId);
      if (deleted[name] > 0) await this.run(name, "delete", () => this.table(name).delete(where));
    }
    for (const name of TABLE_NAMES) {
      const table = this.table(name);
      await this.run(name, "compact", () => table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true }));
      if ((MEMORY_TYPES as readonly string[]).includes(name) && this.ftsReady.has(name as MemoryType)) {
        await this.run(name, "index", () => table.createIndex("text", { config: ftsIndexConfig(), replace: true }));
      }
      await this.run(name, "prune", () => table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true }));
    }
    return deleted;
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

/** The full-text index on `text`: English stemming, stop words removed, ASCII folding. */
function ftsIndexConfig(): lancedb.Index {
  return lancedb.Index.fts({ stem: true, removeStopWords: true, language: "English", asciiFolding: true, withPosition: false });
}

/** IVF partitions probed per ANN query, and candidates re-ranked by exact distance per result wanted. */
const ANN_PROBES = 20;
const ANN_REFINE_FACTOR = 10;

const searchColumnLists = new Map<string, string[]>();
/** The columns a search returns: the item's columns and its score, never the vector. */
function searchColumns(type: MemoryType, score: "_distance" | "_score"): string[] {
  const key = `${type}:${score}`;
  let columns = searchColumnLists.get(key);
  if (!columns) searchColumnLists.set(key, (columns = [...Object.keys(columnsOf(type)), score]));
  return columns;
}

function parseItem(type: MemoryType, row: Record<string, unknown>): MemoryItem {
  return MemoryItemSchema.parse({ ...row, type });
}
