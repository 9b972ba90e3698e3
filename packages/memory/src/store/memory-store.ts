import type { SecretCipher } from "../crypto/secret-cipher";
import type { GraphRowOf, GraphTableName, StoredGraphRow } from "../schema/graph-row";
import type { MemoryItem } from "../schema/memory-item";
import type { MemoryType } from "../schema/memory-type";
import type { HistoryRow, StoredMessage } from "../schema/message";
import type { Filter } from "./filter";
import type { RunRow } from "./run-row";

/** A memory item with the vector it is stored with (length = the store's `dimensions`). */
export type StoredMemoryItem = MemoryItem & { vector: number[] };

/** One hit of a per-table search. */
export interface StoreSearchHit {
  item: MemoryItem;
  /** Vector search: cosine distance (0 to 2, lower is closer). Full-text: BM25 score (above 0, higher is better). */
  score: number;
}

/** The tables of a store: the six memory tables, `messages`, `history`, `runs` and the graph tables `entities` and `relations`. */
export type StoreTableName = MemoryType | "messages" | "history" | "runs" | GraphTableName;

/** One hit of {@link MemoryStore.searchGraphRows}. */
export interface GraphSearchHit<T extends GraphTableName> {
  row: GraphRowOf[T];
  /** Cosine distance (0 to 2, lower is closer). */
  score: number;
}

/** Outcome written by {@link MemoryStore.markMessages}. */
export type MessageOutcome = { processedAt: string } | { error: string };

/** Options of {@link MemoryStore.listMessages}. */
export interface ListMessagesOptions {
  /** Only these message ids (an empty list returns nothing). */
  ids?: string[];
  /** Only the message at this position (0-based arrival order). */
  seq?: number;
  /** Only the messages at these positions (an empty list returns nothing): one query for several. */
  seqs?: number[];
  limit?: number;
  /**
   * `true`: every free-text field as given (high-sensitivity values opened); `"content"`: only
   * `content` opened, the caption, image URL and speaker left masked (what processing sees).
   * @default false: every field masked
   */
  reveal?: boolean | "content";
}

/** Options of {@link MemoryStore.vectorSearch} and {@link MemoryStore.textSearch}. */
export interface StoreSearchOptions {
  /** Most hits returned. */
  limit: number;
  /** Typed filter on the table's columns (see `store/filter.ts`); ANDed with the user. */
  filter?: Filter;
}

/**
 * Options of {@link MemoryStore.vectorSearch}, parsed by each store with `VectorSearchOptionsSchema`
 * (`store/vector-search-options.ts`): a bad option is a ValidationError.
 */
export interface VectorSearchOptions extends StoreSearchOptions {
  /**
   * Only hits closer than this cosine distance to the query (0 to 2, lower is closer). The bound is
   * EXCLUSIVE (`score < maxDistance`, as LanceDB's `distanceRange`), unlike the inclusive
   * `ConsolidationRules` near-duplicate `maxDistance`. Every such hit up to `limit`, nearest first.
   * On the exact route LanceDB applies it (`distanceRange`); on LanceDB's ANN route the store filters
   * the `limit` hits re-ranked by exact distance, since LanceDB applies `distanceRange` to the
   * index's compressed (PQ) distances and drops true near hits. A hit within about 1e-6 of the bound
   * may fall either side (LanceDB computes distances in float32). Reconciliation's duplicate check
   * reads every near item this way.
   * @default no bound
   * @throws ValidationError (from the search) unless a number from 0 to 2
   */
  maxDistance?: number;
}

/** Options of {@link MemoryStore.upsertItems}. */
export interface UpsertItemsOptions {
  /**
   * Ids the caller knows are in no stored row (items it created and never wrote, such as an
   * ingest commit's ADDs). When every item's id is here, the LanceDB store appends the rows (one
   * `add`) instead of a merge-insert, which matches them against every row of the table to find
   * none: its cost grows with the table, the append's only with the rows. An id listed wrongly
   * gives a second row with that id.
   */
  newIds?: ReadonlySet<string>;
}

/** Options of {@link MemoryStore.putMessages}. */
export interface PutMessagesOptions {
  /**
   * Ids the caller knows are in no stored row of the user (an add read them absent under the
   * user's write lock). When every message's id is here, the LanceDB store appends the rows (one
   * `add`) instead of a merge-insert, whose cost grows with the table. An id listed wrongly gives
   * a second row with that id.
   */
  newIds?: ReadonlySet<string>;
}

/**
 * What Engram needs from a storage backend: the operations the ingest and recall graphs,
 * reconciliation, export/import and the `Engram` facade call. `LanceDbMemoryStore` (a local
 * folder, the default) and `InMemoryMemoryStore` (no disk) implement it, and both pass the
 * conformance suite `describeMemoryStoreConformance` of `@engram/testing`.
 *
 * Rules every implementation keeps:
 * - every read and write is scoped by `user_id`: no call returns or changes another user's rows;
 * - filters are typed {@link Filter} objects over an allow-list of columns (unknown column →
 *   `ValidationError`); values can never change a filter's meaning (`O'Brien`, `x' OR '1'='1`);
 * - high-sensitivity values are sealed at rest with `cipher` by the rules of `store/seal-rows.ts`
 *   (vault secrets, history JSON of vault items, the original content of messages that held them);
 * - vector search ranks by cosine distance (0 to 2, lower is closer), full-text search by a BM25
 *   score (higher is better); results are best first;
 * - failures of the backend are `StoreError`s.
 */
export interface MemoryStore {
  /** Vector length of every stored item. */
  readonly dimensions: number;
  /** Seals and opens high-sensitivity values. */
  readonly cipher: SecretCipher;

  /**
   * Runs `work` while holding the write lock of `userId`, so two writers of one user (two calls,
   * or two processes sharing a folder) take turns instead of drafting the same messages twice.
   * Other users are not blocked.
   *
   * @throws StoreError when the lock cannot be taken or is lost while held.
   */
  withUserLock<T>(userId: string, work: () => Promise<T>): Promise<T>;

  // ---- messages
  /** The stored messages among `ids` of `userId`, by id, with their original (opened) content and the other fields masked, for processing. */
  findMessages(userId: string, ids: string[]): Promise<Map<string, StoredMessage>>;
  /** Marks messages processed (`processed_at` = `processedAt`, `error` cleared), or pending with `error` (at most 2,000 characters kept). */
  markMessages(userId: string, ids: string[], outcome: MessageOutcome): Promise<void>;
  /** Messages not processed yet, by user then arrival order, with their original content; all users when `userId` is omitted. */
  listPendingMessages(userId?: string): Promise<StoredMessage[]>;
  /** Number of messages stored for `userId` (the next message's `seq`). */
  countMessages(userId: string): Promise<number>;
  /** Stores messages; one whose (user_id, id) is already stored is left as it is (see {@link PutMessagesOptions}). High-sensitivity values are masked, the original sealed. */
  putMessages(messages: StoredMessage[], options?: PutMessagesOptions): Promise<void>;
  /** Messages of `userId` in arrival order; `content` masked unless `reveal`. */
  listMessages(userId: string, options?: ListMessagesOptions): Promise<StoredMessage[]>;

  // ---- memory items
  /** Inserts or replaces items (matched on user_id and id) in the table of `type`; see {@link UpsertItemsOptions}. */
  upsertItems(type: MemoryType, items: StoredMemoryItem[], options?: UpsertItemsOptions): Promise<void>;
  /** Items of `type` for `userId` matching `filter`, at most `limit` (default: all); vault secrets sealed. */
  listItems(type: MemoryType, userId: string, options?: { filter?: Filter; limit?: number }): Promise<MemoryItem[]>;
  /** Like {@link listItems}, with each item's stored vector (for rewriting rows). */
  listStoredItems(type: MemoryType, userId: string, filter?: Filter): Promise<StoredMemoryItem[]>;
  /** The item with `id` in any memory table of `userId`, with its vector, or null. */
  getItem(userId: string, id: string): Promise<StoredMemoryItem | null>;
  /** Deletes one item of `userId` (nothing happens for an unknown id). */
  deleteItem(type: MemoryType, userId: string, id: string): Promise<void>;
  /** Nearest items by cosine distance (`score`, 0 to 2), best (lowest) first; closer than `maxDistance` when given. */
  vectorSearch(type: MemoryType, userId: string, vector: number[], options: VectorSearchOptions): Promise<StoreSearchHit[]>;
  /** BM25 full-text search on `text`, best (highest) first; empty for an empty query. */
  textSearch(type: MemoryType, userId: string, query: string, options: StoreSearchOptions): Promise<StoreSearchHit[]>;
  /** Adds `count` (a positive integer, default 1) to `access_count` and sets `last_accessed_at` of the given items. */
  recordAccess(type: MemoryType, userId: string, ids: string[], at: string, count?: number): Promise<void>;
  /** The item with its high-sensitivity `secret` opened (other items as they are). */
  revealItem<T extends MemoryItem>(item: T): Promise<T>;

  // ---- graph memory (docs/architecture.md, "Graph memory")
  /** Inserts or replaces entities or relations (matched on user_id and id); vectors of the store's `dimensions`. */
  upsertGraphRows<T extends GraphTableName>(table: T, rows: StoredGraphRow<T>[]): Promise<void>;
  /** Rows of `table` for `userId` matching `filter`, with their vectors (a user's graph is small: read whole). */
  listGraphRows<T extends GraphTableName>(table: T, userId: string, options?: { filter?: Filter; limit?: number }): Promise<StoredGraphRow<T>[]>;
  /** Nearest rows of `table` by cosine distance, best (lowest) first. */
  searchGraphRows<T extends GraphTableName>(table: T, userId: string, vector: number[], options: StoreSearchOptions): Promise<GraphSearchHit<T>[]>;

  // ---- history and runs
  /** Appends history rows; secrets in `before`/`after` are sealed. */
  appendHistory(rows: HistoryRow[]): Promise<void>;
  /** Like {@link appendHistory}, but a row whose (user_id, id) is already stored is left as it is (for imports). */
  putHistory(rows: HistoryRow[]): Promise<void>;
  /** Deletes the history rows of `userId` with these ids (unknown ids ignored): rows of changes that never committed (`IngestWriteBuffer`). */
  deleteHistory(userId: string, ids: string[]): Promise<void>;
  /** History of one memory item (or of every item of the user), oldest first; secrets opened when `reveal`. */
  listHistory(userId: string, memoryId?: string, options?: { reveal?: boolean }): Promise<HistoryRow[]>;
  /** Records graph runs (model usage and time). */
  appendRuns(rows: RunRow[]): Promise<void>;
  /** Recorded runs, for one user or all, oldest first. */
  listRuns(userId?: string): Promise<RunRow[]>;

  // ---- maintenance
  /** Ids of the users with at least one message or memory item, sorted (for passes over every user, e.g. consolidation). */
  listUserIds(): Promise<string[]>;
  /** Rows in `table`, for one user or all. */
  count(table: StoreTableName, userId?: string): Promise<number>;
  /**
   * Deletes every row of `userId` from every table, for good (nothing recoverable). In this process
   * the part that makes the deletion physical never overlaps another call of the store on the same
   * table: it waits for the calls under way there, and calls made meanwhile wait for it (LanceDB:
   * each table's final prune, which deletes files a write in flight has not committed yet;
   * in memory every call reads or changes the rows without waiting in between, so none is half done
   * when the delete runs). Other processes writing the same store are not seen.
   * @returns rows deleted per table.
   */
  deleteUser(userId: string): Promise<Record<StoreTableName, number>>;
  /**
   * Brings indexes up to date and compacts storage, of every table or of `options.tables` only (a
   * no-op where there is nothing to do). Rows and their fields stay as they were.
   */
  optimize(options?: { tables?: readonly StoreTableName[] }): Promise<void>;
  /** Rows not yet in their full-text index (0 where search needs no index). */
  unindexedRows(): Promise<number>;
  /**
   * Optional: the current version of a table, changed by every commit to it (by any process, +1 per
   * commit). Engram keeps small per-user tables in process (`UserItemsCache`) only for stores that
   * offer it; without it every recall queries the store.
   */
  tableVersion?(table: StoreTableName): Promise<number>;
  /**
   * Optional (LanceDB): builds an approximate-nearest-neighbour index on `vector` (and scalar
   * indexes on `user_id` and `id`) of each memory table holding at least `minRows` rows; `add`
   * calls it past `EngramOptions.annIndexAfterRows`.
   * @returns the tables indexed by this call.
   */
  ensureVectorIndexes?(options: { minRows: number }): Promise<MemoryType[]>;
  /** Releases the store's handles; it must not be used afterwards. */
  close(): Promise<void>;
}
