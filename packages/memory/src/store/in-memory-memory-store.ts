import { assertUserId } from "./assert-user-id";
import { byUserThenArrival, listMessagesFilter, messageReveal, pendingMessagesFilter, type MessageReveal } from "./message-queries";
import { randomBytes } from "node:crypto";
import { SecretCipher } from "../crypto/secret-cipher";
import { StoreError } from "../errors/engram-error";
import { MemoryItemSchema, type MemoryItem } from "../schema/memory-item";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import { GRAPH_TABLES, parseGraphRow, type GraphTableName, type StoredGraphRow } from "../schema/graph-row";
import { HistoryRowSchema, StoredMessageSchema, type HistoryRow, type StoredMessage } from "../schema/message";
import { bm25Scores, bm25Terms } from "./bm25";
import { cosineDistance } from "./cosine-distance";
import type { Filter } from "./filter";
import { SerialByKey } from "../util/serial-by-key";
import { compileFilter } from "./match-filter";
import type { GraphSearchHit, ListMessagesOptions, MemoryStore, MessageOutcome, PutMessagesOptions, StoredMemoryItem, StoreSearchHit, StoreSearchOptions, StoreTableName, UpsertItemsOptions, VectorSearchOptions } from "./memory-store";
import { parseVectorSearchOptions } from "./vector-search-options";
import { RunRowSchema, type RunRow } from "./run-row";
import { openHistoryRow, openItem, openMessage, sealHistoryRow, sealItem, sealMessage } from "./seal-rows";
import { compareTies } from "../util/compare-ties";
import { HISTORY_TABLE, MESSAGES_TABLE, RUNS_TABLE, columnsOf, rowToPlain } from "./table-schemas";

/** Options of {@link InMemoryMemoryStore}. */
export interface InMemoryMemoryStoreOptions {
  /** Vector length of the embedder in use (e.g. `embedder.dimensions`). */
  dimensions: number;
  /**
   * Seals high-sensitivity values, as the LanceDB store does at rest.
   * @default a cipher with a random key that lives as long as the store
   */
  cipher?: SecretCipher;
}

type Row = Record<string, unknown>;
const TABLES: readonly StoreTableName[] = [...MEMORY_TYPES, MESSAGES_TABLE, HISTORY_TABLE, RUNS_TABLE, ...GRAPH_TABLES];

/**
 * A {@link MemoryStore} in the process's memory: for tests, and for users who want no disk.
 * Nothing survives `close` or the process. It keeps the LanceDB store's rules (user scoping,
 * typed filters with the same allow-lists and SQL null semantics, sealing of high-sensitivity
 * values with `cipher`, rows normalized to the same columns) and passes the same conformance
 * suite (`describeMemoryStoreConformance` in `@engram/testing`).
 *
 * Search:
 * - vector search is exact cosine distance (0 to 2, lower is closer), as in the LanceDB store;
 * - full-text search is Okapi BM25 (k1 1.2, b 0.75) over each table's `text`, with accents folded,
 *   Engram's stop-word list (English plus chat fillers) and Porter2 stems. LanceDB's index uses
 *   tantivy's English stop words and stemmer and its own BM25 statistics, so scores differ (and
 *   rankings can differ on ties or stop words); both OR the query terms and only return items
 *   that contain at least one of them.
 *
 * Every method is O(rows of the table): fine for thousands of items, not for millions.
 *
 * @example
 * const embedder = new HashEmbedder();
 * const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder });
 */
export class InMemoryMemoryStore implements MemoryStore {
  readonly dimensions: number;
  readonly cipher: SecretCipher;
  private readonly items = new Map<MemoryType, Map<string, Row>>(MEMORY_TYPES.map((type) => [type, new Map()]));
  private readonly messages = new Map<string, Row>();
  private readonly graph = new Map<GraphTableName, Map<string, Row>>(GRAPH_TABLES.map((table) => [table, new Map()]));
  private readonly history: Row[] = [];
  private readonly runs: Row[] = [];
  /** Per user, the settled tail of the writers queued on its lock (one process: a promise chain is the lock). */
  private readonly userLocks = new SerialByKey();

  /** @throws StoreError when `dimensions` is not a positive integer. */
  constructor(options: InMemoryMemoryStoreOptions) {
    if (!Number.isInteger(options.dimensions) || options.dimensions < 1) {
      throw new StoreError(`dimensions must be a positive integer, got ${options.dimensions}`, { storeName: "*" });
    }
    this.dimensions = options.dimensions;
    this.cipher = options.cipher ?? new SecretCipher(randomBytes(32));
  }

  async withUserLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
    assertUserId(userId);
    return this.userLocks.run(userId, work);
  }

  // ---- messages -----------------------------------------------------------------------------

  async findMessages(userId: string, ids: string[]): Promise<Map<string, StoredMessage>> {
    assertUserId(userId);
    if (ids.length === 0) return new Map();
    const stored = await this.listMessages(userId, { ids, reveal: "content" });
    return new Map(stored.map((message) => [message.id, message]));
  }

  async markMessages(userId: string, ids: string[], outcome: MessageOutcome): Promise<void> {
    assertUserId(userId);
    if (ids.length === 0) return;
    const rows = this.select(MESSAGES_TABLE, this.messages.values(), { user_id: userId, id: { $in: ids } });
    for (const row of rows) {
      if ("processedAt" in outcome) Object.assign(row, { processed_at: outcome.processedAt, error: null });
      else row.error = outcome.error.slice(0, 2000).replaceAll("\u0000", "");
    }
  }

  async listPendingMessages(userId?: string): Promise<StoredMessage[]> {
    if (userId !== undefined) assertUserId(userId);
    const rows = this.select(MESSAGES_TABLE, this.messages.values(), pendingMessagesFilter(userId));
    const messages = await Promise.all(rows.map((row) => this.toMessage(row, "content")));
    return messages.sort(byUserThenArrival);
  }

  async countMessages(userId: string): Promise<number> {
    assertUserId(userId);
    return this.count(MESSAGES_TABLE, userId);
  }

  /** Stores messages not stored yet; `newIds` changes nothing here (a map put is the same either way). */
  async putMessages(messages: StoredMessage[], _options?: PutMessagesOptions): Promise<void> {
    for (const row of messages) assertUserId(row.user_id);
    const rows = await Promise.all(messages.map((message) => sealMessage(message, this.cipher)));
    for (const row of rows) {
      const key = rowKey(row.user_id, row.id);
      if (!this.messages.has(key)) this.messages.set(key, rowToPlain(row, columnsOf(MESSAGES_TABLE)));
    }
  }

  async listMessages(userId: string, options: ListMessagesOptions = {}): Promise<StoredMessage[]> {
    assertUserId(userId);
    const filter = listMessagesFilter(userId, options);
    if (filter === null) return [];
    const rows = this.select(MESSAGES_TABLE, this.messages.values(), filter, options.limit);
    const messages = await Promise.all(rows.map((row) => this.toMessage(row, messageReveal(options.reveal))));
    return messages.sort((a, b) => a.seq - b.seq);
  }

  private async toMessage(row: Row, reveal: MessageReveal): Promise<StoredMessage> {
    const message = StoredMessageSchema.parse(structuredClone(row));
    return reveal ? openMessage({ ...message, sealed_content: row.sealed_content }, this.cipher, reveal) : message;
  }

  // ---- memory items -------------------------------------------------------------------------

  /** Inserts or replaces items by (user_id, id); `newIds` changes nothing here (a map put is the same either way). */
  async upsertItems(type: MemoryType, items: StoredMemoryItem[], _options?: UpsertItemsOptions): Promise<void> {
    for (const row of items) assertUserId(row.user_id);
    for (const item of items) {
      if (item.vector.length !== this.dimensions) {
        throw new StoreError(`vector of ${item.id} has ${item.vector.length} dimensions, the store ${this.dimensions}`, { storeName: type });
      }
    }
    const rows = await Promise.all(items.map(async ({ type: _type, vector, ...row }) => ({ ...(await sealItem(row, type, this.cipher)), vector })));
    const table = this.items.get(type)!;
    for (const row of rows) {
      const plain = rowToPlain(row, columnsOf(type));
      plain.vector = Array.from(row.vector, Number);
      plain.terms = bm25Terms(String(plain.text));
      table.set(rowKey(row.user_id, row.id), plain);
    }
  }

  async listItems(type: MemoryType, userId: string, options: { filter?: Filter; limit?: number } = {}): Promise<MemoryItem[]> {
    assertUserId(userId);
    return this.select(type, this.items.get(type)!.values(), { ...options.filter, user_id: userId }, options.limit).map((row) => toItem(type, row));
  }

  async listStoredItems(type: MemoryType, userId: string, filter: Filter = {}): Promise<StoredMemoryItem[]> {
    assertUserId(userId);
    return this.select(type, this.items.get(type)!.values(), { ...filter, user_id: userId }).map((row) => toStoredItem(type, row));
  }

  async getItem(userId: string, id: string): Promise<StoredMemoryItem | null> {
    assertUserId(userId);
    for (const type of MEMORY_TYPES) {
      const row = this.items.get(type)!.get(rowKey(userId, id));
      if (row) return toStoredItem(type, row);
    }
    return null;
  }

  async deleteItem(type: MemoryType, userId: string, id: string): Promise<void> {
    assertUserId(userId);
    this.items.get(type)!.delete(rowKey(userId, id));
  }

  async vectorSearch(type: MemoryType, userId: string, vector: number[], options: VectorSearchOptions): Promise<StoreSearchHit[]> {
    assertUserId(userId);
    const { limit, maxDistance = Number.POSITIVE_INFINITY, filter } = parseVectorSearchOptions(options);
    const rows = this.select(type, this.items.get(type)!.values(), { ...filter, user_id: userId });
    return rows
      .map((row) => ({ row, score: cosineDistance(vector, row.vector as number[]) }))
      .filter(({ score }) => score < maxDistance)
      .sort((a, b) => a.score - b.score || compareTies(toItem(type, a.row), toItem(type, b.row)))
      .slice(0, limit)
      .map(({ row, score }) => ({ item: toItem(type, row), score }));
  }

  async textSearch(type: MemoryType, userId: string, query: string, options: StoreSearchOptions): Promise<StoreSearchHit[]> {
    assertUserId(userId);
    const all = [...this.items.get(type)!.values()];
    const allowed = new Set(this.select(type, all, { ...options.filter, user_id: userId }));
    if (query.trim() === "") return [];
    // Corpus statistics over the whole table, as a LanceDB full-text index keeps them.
    const scores = bm25Scores(query, all.map((row) => row.terms as string[]));
    return all
      .map((row, index) => ({ row, score: scores[index]! }))
      .filter(({ row, score }) => score > 0 && allowed.has(row))
      .sort((a, b) => b.score - a.score || compareTies(toItem(type, a.row), toItem(type, b.row)))
      .slice(0, options.limit)
      .map(({ row, score }) => ({ item: toItem(type, row), score }));
  }

  async recordAccess(type: MemoryType, userId: string, ids: string[], at: string, count = 1): Promise<void> {
    assertUserId(userId);
    if (ids.length === 0) return;
    if (!Number.isInteger(count) || count < 1) throw new StoreError(`access count must be a positive integer, got ${count}`, { storeName: type });
    for (const row of this.select(type, this.items.get(type)!.values(), { user_id: userId, id: { $in: ids } })) {
      row.access_count = Number(row.access_count) + count;
      row.last_accessed_at = at;
    }
  }

  async revealItem<T extends MemoryItem>(item: T): Promise<T> {
    return openItem(item, this.cipher);
  }

  // ---- graph memory -------------------------------------------------------------------------

  async upsertGraphRows<T extends GraphTableName>(table: T, rows: StoredGraphRow<T>[]): Promise<void> {
    for (const row of rows) assertUserId(row.user_id);
    for (const row of rows) {
      if (row.vector.length !== this.dimensions) throw new StoreError(`vector of ${row.id} has ${row.vector.length} dimensions, the store ${this.dimensions}`, { storeName: table });
    }
    for (const row of rows) this.graph.get(table)!.set(rowKey(row.user_id, row.id), { ...rowToPlain(row, columnsOf(table)), vector: Array.from(row.vector, Number) });
  }

  async listGraphRows<T extends GraphTableName>(table: T, userId: string, options: { filter?: Filter; limit?: number } = {}): Promise<StoredGraphRow<T>[]> {
    assertUserId(userId);
    return this.select(table, this.graph.get(table)!.values(), { ...options.filter, user_id: userId }, options.limit).map((row) => parseGraphRow(table, structuredClone(row)));
  }

  async searchGraphRows<T extends GraphTableName>(table: T, userId: string, vector: number[], options: StoreSearchOptions): Promise<GraphSearchHit<T>[]> {
    const rows = await this.listGraphRows(table, userId, { filter: options.filter });
    return rows
      .map(({ vector: stored, ...row }) => ({ row: row as unknown as GraphSearchHit<T>["row"], score: cosineDistance(vector, stored) }))
      .sort((a, b) => a.score - b.score)
      .slice(0, options.limit);
  }

  // ---- history and runs ---------------------------------------------------------------------

  async appendHistory(rows: HistoryRow[]): Promise<void> {
    for (const row of rows) assertUserId(row.user_id);
    const sealed = await Promise.all(rows.map((row) => sealHistoryRow(row, this.cipher)));
    this.history.push(...sealed.map((row) => rowToPlain(row, columnsOf(HISTORY_TABLE))));
  }

  async putHistory(rows: HistoryRow[]): Promise<void> {
    for (const row of rows) assertUserId(row.user_id);
    const stored = new Set(this.history.map((row) => rowKey(String(row.user_id), String(row.id))));
    const fresh = rows.filter((row) => !stored.has(rowKey(row.user_id, row.id)) && stored.add(rowKey(row.user_id, row.id)));
    await this.appendHistory(fresh);
  }

  async deleteHistory(userId: string, ids: string[]): Promise<void> {
    assertUserId(userId);
    const gone = new Set(ids);
    const kept = this.history.filter((row) => row.user_id !== userId || !gone.has(row.id as string));
    this.history.splice(0, this.history.length, ...kept);
  }

  async listHistory(userId: string, memoryId?: string, options: { reveal?: boolean } = {}): Promise<HistoryRow[]> {
    assertUserId(userId);
    const filter: Filter = { user_id: userId };
    if (memoryId !== undefined) filter.memory_id = memoryId;
    const rows = this.select(HISTORY_TABLE, this.history, filter).map((row) => HistoryRowSchema.parse(structuredClone(row)));
    const opened = options.reveal ? await Promise.all(rows.map((row) => openHistoryRow(row, this.cipher))) : rows;
    return opened.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  }

  async appendRuns(rows: RunRow[]): Promise<void> {
    for (const row of rows) assertUserId(row.user_id);
    this.runs.push(...rows.map((row) => rowToPlain(RunRowSchema.parse(row), columnsOf(RUNS_TABLE))));
  }

  async listRuns(userId?: string): Promise<RunRow[]> {
    if (userId !== undefined) assertUserId(userId);
    const rows = this.select(RUNS_TABLE, this.runs, userId === undefined ? {} : { user_id: userId });
    return rows.map((row) => RunRowSchema.parse(structuredClone(row))).sort((a, b) => a.created_at.localeCompare(b.created_at));
  }

  // ---- maintenance --------------------------------------------------------------------------

  async listUserIds(): Promise<string[]> {
    const users = new Set<string>();
    for (const rows of [...this.items.values(), this.messages]) for (const row of rows.values()) users.add(String(row.user_id));
    return [...users].sort();
  }

  async count(table: StoreTableName, userId?: string): Promise<number> {
    if (userId !== undefined) assertUserId(userId);
    const rows = this.rowsOf(table);
    return userId === undefined ? rows.length : rows.filter((row) => row.user_id === userId).length;
  }

  async deleteUser(userId: string): Promise<Record<StoreTableName, number>> {
    assertUserId(userId);
    const deleted = {} as Record<StoreTableName, number>;
    for (const table of TABLES) deleted[table] = await this.count(table, userId);
    for (const rows of [...this.items.values(), ...this.graph.values(), this.messages]) {
      for (const [key, row] of rows) if (row.user_id === userId) rows.delete(key);
    }
    for (const rows of [this.history, this.runs]) {
      const kept = rows.filter((row) => row.user_id !== userId);
      rows.splice(0, rows.length, ...kept);
    }
    return deleted;
  }

  /** Nothing to compact or index in memory. */
  async optimize(): Promise<void> {}

  /** Always 0: full-text search reads every row directly. */
  async unindexedRows(): Promise<number> {
    return 0;
  }

  /** Nothing to release; the rows stay readable until the store is garbage-collected. */
  async close(): Promise<void> {}

  private rowsOf(table: StoreTableName): Row[] {
    if (table === MESSAGES_TABLE) return [...this.messages.values()];
    if (table === HISTORY_TABLE) return this.history;
    if (table === RUNS_TABLE) return this.runs;
    if (table === "entities" || table === "relations") return [...this.graph.get(table)!.values()];
    return [...this.items.get(table)!.values()];
  }

  /** Rows matching `filter`, in insertion order, at most `limit`; the filter is checked like the LanceDB store's. */
  private select(table: StoreTableName, rows: Iterable<Row>, filter: Filter, limit?: number): Row[] {
    const keep = compileFilter(filter, new Set(Object.keys(columnsOf(table))));
    const matched: Row[] = [];
    for (const row of rows) {
      if (limit !== undefined && matched.length >= limit) break;
      if (keep(row)) matched.push(row);
    }
    return matched;
  }
}

function rowKey(userId: string, id: string): string {
  return `${userId}\u0000${id}`;
}

function toItem(type: MemoryType, row: Row): MemoryItem {
  const { vector: _vector, terms: _terms, ...plain } = row;
  return MemoryItemSchema.parse({ ...structuredClone(plain), type });
}

function toStoredItem(type: MemoryType, row: Row): StoredMemoryItem {
  return { ...toItem(type, row), vector: [...(row.vector as number[])] };
}
