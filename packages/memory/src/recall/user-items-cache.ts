import { parseGraphRow, type GraphTableName, type StoredGraphRow } from "../schema/graph-row";
import type { StoredMessage } from "../schema/message";
import type { MemoryType } from "../schema/memory-type";
import { SerialByKey } from "../util/serial-by-key";
import { type Bm25Corpus, type Bm25Document, bm25Corpus, bm25CorpusScores, bm25Document, bm25Terms } from "../store/bm25";
import type { MemoryStore, StoredMemoryItem, StoreSearchHit, StoreTableName } from "../store/memory-store";
import { withoutVector } from "../util/without-vector";
import { compareTies } from "../util/compare-ties";
import { primeVectorNorms } from "./search-items-by-vector";
import { numberArray } from "../util/number-array";

/** A second BM25 query whose scores add to the first's at `weight` (query expansion, `recall/expand-query.ts`). */
export interface WeightedTextQuery {
  query: string;
  /** Multiplies the second query's BM25 scores; 0..1. */
  weight: number;
}
/** A store that reports its tables' versions (LanceDB does; see {@link MemoryStore.tableVersion}). */
export type VersionedMemoryStore = MemoryStore & Required<Pick<MemoryStore, "tableVersion">>;

/** Options of {@link UserItemsCache}. */
export interface UserItemsCacheOptions {
  /** A user's table with more rows than this is not cached (it is searched in LanceDB). @default 2000 */
  maxRowsPerTable?: number;
  /** Cached (table, user) pairs kept, least recently used dropped first. @default 256 */
  maxEntries?: number;
}

/** A cached table of one user, as of the table's `version`. */
interface Entry<R> {
  version: number;
  /** Null: the user has more rows than `maxRowsPerTable` in this table. */
  rows: R | null;
}

/**
 * The memory items (with vectors) of one user in one table, read once and kept while the table's
 * LanceDB version stays the same, for users with few rows: exact cosine search over them in
 * process costs microseconds where a LanceDB query costs milliseconds, and a user without rows in
 * a table costs no query at all. Any commit to the table, by this process or another, changes its
 * version and so reloads the entry on the next read.
 *
 * It needs a store with `tableVersion` (the LanceDB store); {@link UserItemsCache.forStore} gives
 * none for other stores (`InMemoryMemoryStore`), which are then searched directly.
 */
export class UserItemsCache {
  private readonly entries = new Map<string, Entry<StoredMemoryItem[]>>();
  /** Graph rows and messages by table and user (see {@link graphRows}, {@link messages}): read-only, reloaded on any commit. */
  private readonly rowEntries = new Map<string, Entry<readonly unknown[]>>();
  /** Term counts by text, kept across reloads of an entry (a reload or an access-count write makes new item objects with the same texts). */
  private readonly documents = new Map<string, Bm25Document>();
  /** Indexed BM25 corpora by the function giving a row's text and by the row list (an entry's items, a user's messages): each list indexed once. */
  private readonly corpora = new Map<(row: never) => string, WeakMap<readonly object[], Bm25Corpus>>();
  /** Reads in flight by entry and table version: concurrent searches of one recall share one count and one list. */
  private readonly loading = new Map<string, Promise<unknown>>();
  /** Times each user was dropped ({@link dropUser}): a read that began before a drop keeps no entry. */
  private readonly drops = new Map<string, number>();
  /** This process's writes in progress, by entry key: reads of the entry get it as it was before, instead of reloading mid-write. */
  private readonly writing = new SerialByKey();
  /** A user's table with more rows than this is not cached. */
  readonly maxRowsPerTable: number;
  private readonly maxEntries: number;

  constructor(
    private readonly store: VersionedMemoryStore,
    options: UserItemsCacheOptions = {},
  ) {
    this.maxRowsPerTable = options.maxRowsPerTable ?? 2000;
    this.maxEntries = options.maxEntries ?? 256;
  }

  /** A cache over `store` when it reports table versions and `maxRowsPerTable` is not 0; otherwise undefined. */
  static forStore(store: MemoryStore, options: UserItemsCacheOptions = {}): UserItemsCache | undefined {
    if (typeof store.tableVersion !== "function" || options.maxRowsPerTable === 0) return undefined;
    return new UserItemsCache(store as VersionedMemoryStore, options);
  }

  /** Every item of `userId` in `type` (valid or not), or null when the user has too many rows there to cache. */
  async items(type: MemoryType, userId: string): Promise<StoredMemoryItem[] | null> {
    const key = entryKey(type, userId);
    const cached = this.entries.get(key);
    // While this process writes the table, its entry is served as it was before the write (the
    // write's own `afterWrite` brings it up to date): no wait for the commit, no reload mid-write.
    if (cached && this.writing.has(key)) return cached.rows;
    return this.load(this.entries, type, userId, () => this.store.listStoredItems(type, userId));
  }

  /**
   * Every graph row (with vectors, valid or not) of `userId` in `table`, or null when the user has
   * more than `maxRowsPerTable` rows there; kept while the table's version stays the same, so
   * recall's graph search reads the graph tables once per commit instead of twice per recall.
   */
  async graphRows<T extends GraphTableName>(table: T, userId: string): Promise<StoredGraphRow<T>[] | null> {
    return (await this.load(this.rowEntries, table, userId, () => this.store.listGraphRows(table, userId))) as StoredGraphRow<T>[] | null;
  }

  /**
   * Every stored message of `userId` (free-text fields masked, as `listMessages` returns them), or
   * null when the user has more than `maxRowsPerTable` messages; kept while the messages table's
   * version stays the same (session neighbours look messages up by id and by `seq`).
   */
  async messages(userId: string): Promise<StoredMessage[] | null> {
    return (await this.load(this.rowEntries, "messages", userId, () => this.store.listMessages(userId))) as StoredMessage[] | null;
  }

  /**
   * The ids of every message that caused a change to one of `userId`'s memory items (the `sources`
   * of the user's history rows: ADD, UPDATE, DELETE, ...), or null past `maxRowsPerTable` history
   * rows; kept while the history table's version stays the same. A message listed here was
   * remembered once, even if the item that held it was later deleted or rewritten.
   */
  async historySources(userId: string): Promise<string[] | null> {
    const list = async () => [...new Set((await this.store.listHistory(userId)).flatMap((row) => row.sources))];
    return (await this.load(this.rowEntries, "history", userId, list)) as string[] | null;
  }

  /**
   * The entry of `table` and `userId` in `entries` while the table's version is unchanged (made the
   * most recently used), else its rows read again by `list` (null past `maxRowsPerTable`), the least
   * recently used entry dropped past `maxEntries`.
   */
  private async load<R>(entries: Map<string, Entry<R>>, table: StoreTableName, userId: string, list: () => Promise<R>): Promise<R | null> {
    const key = entryKey(table, userId);
    const cached = entries.get(key);
    const version = await this.readVersion(table);
    if (cached && cached.version === version) {
      entries.delete(key);
      entries.set(key, cached);
      return cached.rows;
    }
    const loadKey = `${key}\u0000${version}`;
    const inFlight = this.loading.get(loadKey) as Promise<R | null> | undefined;
    if (inFlight) return inFlight;
    const loaded = this.read(entries, key, table, userId, version, list);
    this.loading.set(loadKey, loaded);
    try {
      return await loaded;
    } finally {
      this.loading.delete(loadKey);
    }
  }

  private async read<R>(entries: Map<string, Entry<R>>, key: string, table: StoreTableName, userId: string, version: number, list: () => Promise<R>): Promise<R | null> {
    // The version is read before the rows: a commit in between leaves an entry older than its
    // rows, which is reloaded on the next read, never one that misses rows.
    const drops = this.drops.get(userId) ?? 0;
    const count = await this.store.count(table, userId);
    const rows = count <= this.maxRowsPerTable && this.maxRowsPerTable > 0 ? await list() : null;
    // A commit after `version` (a pinned view's is read at the recall's start) may be in `rows` or
    // not: keep them under a version nothing equals (NaN), so the next read reloads them and
    // `afterWrite` drops the entry instead of applying that commit's change a second time.
    const settled = (await this.store.tableVersion(table)) === version ? version : Number.NaN;
    // Rows read across a forget of the user are returned to this read alone, never kept.
    if ((this.drops.get(userId) ?? 0) !== drops) return rows;
    entries.delete(key);
    entries.set(key, { version: settled, rows });
    if (entries.size > this.maxEntries) entries.delete(entries.keys().next().value!);
    return rows;
  }

  /**
   * Drops every cached table of `userId` and the term counts kept by text (after `Engram.forget`):
   * the user's rows and texts are no longer held in this process, and a read of the user under
   * way keeps no entry when it ends. Other users' entries stay (their
   * term counts are counted again on their next search).
   */
  dropUser(userId: string): void {
    this.drops.set(userId, (this.drops.get(userId) ?? 0) + 1);
    for (const entries of [this.entries, this.rowEntries] as Map<string, unknown>[]) {
      for (const key of entries.keys()) if (userOfKey(key) === userId) entries.delete(key);
    }
    this.documents.clear();
  }

  /** The current version of `table` (a {@link pinVersions} view reads each table's once). */
  protected readVersion(table: StoreTableName): Promise<number> {
    return this.store.tableVersion(table);
  }

  /**
   * A read-only view of this cache (the same entries) for one recall: each table's version is read
   * once, those of `tables` right away (the reads run while the caller derives its topics), so a
   * recall of a cached user waits on one round of version reads instead of one per table lookup
   * (about twenty). The view serves the tables as of those reads (or an entry reloaded after them);
   * a commit during the recall is seen by the next one. Write through the cache itself, not a view.
   */
  pinVersions(tables: readonly StoreTableName[]): UserItemsCache {
    const versions = new Map<StoreTableName, Promise<number>>();
    const read = (table: StoreTableName): Promise<number> => {
      let version = versions.get(table);
      if (version === undefined) {
        version = this.store.tableVersion(table);
        version.catch(() => undefined); // a failed read is thrown to the lookup that awaits it, if any
        versions.set(table, version);
      }
      return version;
    };
    for (const table of tables) read(table);
    const view = Object.create(this) as UserItemsCache;
    view.readVersion = read;
    return view;
  }

  /**
   * BM25 full-text search over `items` (a list from {@link items}), like the store's `textSearch`:
   * the `limit` items that pass `keep` and hold a query term, best first, `score` the BM25 score
   * (above 0, higher is better). Corpus statistics are those of `items`, the user's rows of the
   * table (valid or not), where LanceDB's index keeps them over every user's rows: for a store of one
   * user they agree, and terms come from `bm25Terms` (Porter2 stems, English stop words, accents
   * folded), as the LanceDB index is configured (`store/open-lancedb-tables.ts`). Each item's terms
   * are counted once per distinct text and kept. With `expansion`, each item's score adds its BM25
   * score for the expansion query times the expansion's weight.
   */
  searchText(items: readonly StoredMemoryItem[], query: string, options: { limit: number; keep: (item: StoredMemoryItem) => boolean; expansion?: WeightedTextQuery }): StoreSearchHit[] {
    // As the LanceDB path (`textSearchExpanded`): expansion terms alone may still find items.
    if ((query.trim() === "" && !options.expansion?.query.trim()) || items.length === 0) return [];
    const corpus = this.itemsCorpus(items);
    const scores = bm25CorpusScores(query, corpus);
    if (options.expansion && options.expansion.query.trim() !== "") {
      // Expansion terms score apart, over the same corpus, and add at their weight: an item holding only them ranks below one holding the query's own terms equally well.
      const weight = options.expansion.weight;
      bm25CorpusScores(options.expansion.query, corpus).forEach((score, index) => {
        scores[index]! += weight * score;
      });
    }
    const scored: { stored: StoredMemoryItem; score: number }[] = [];
    for (const [index, stored] of items.entries()) if (scores[index]! > 0 && options.keep(stored)) scored.push({ stored, score: scores[index]! });
    return scored
      .sort((a, b) => b.score - a.score || compareTies(a.stored, b.stored))
      .slice(0, options.limit)
      .map(({ stored, score }) => ({ item: withoutVector(stored), score }));
  }

  /**
   * The BM25 corpus of `rows` (a list this cache returned: an entry's items, a user's messages),
   * each row's document the terms of `textOf(row)`: indexed on the list's first search and kept
   * with it, so later searches of the same list visit only the postings of their query terms.
   * The list must not change in place (the cache's never do: a write replaces it). An entry whose
   * items an own write replaced with the same texts in the same order (access counts) keeps its
   * corpus ({@link afterWrite}). `textOf` must be one function per kind of row (a module constant).
   */
  bm25CorpusOf<R extends object>(rows: readonly R[], textOf: (row: R) => string): Bm25Corpus {
    let byRows = this.corpora.get(textOf as (row: never) => string);
    if (!byRows) {
      byRows = new WeakMap();
      this.corpora.set(textOf as (row: never) => string, byRows);
    }
    let corpus = byRows.get(rows);
    if (!corpus) {
      corpus = bm25Corpus(rows.map((row) => this.bm25DocumentOf(textOf(row))));
      byRows.set(rows, corpus);
    }
    return corpus;
  }

  /** {@link bm25CorpusOf} `items` (a list from {@link items}) by their texts: what {@link searchText} searches. */
  itemsCorpus(items: readonly StoredMemoryItem[]): Bm25Corpus {
    return this.bm25CorpusOf(items, itemText);
  }

  /** The BM25 term counts of `text`, counted once per distinct text and kept (item texts, raw turns). */
  private bm25DocumentOf(text: string): Bm25Document {
    let document = this.documents.get(text);
    if (!document) {
      if (this.documents.size >= this.maxRowsPerTable * this.maxEntries) this.documents.clear();
      document = bm25Document(bm25Terms(text));
      this.documents.set(text, document);
    }
    return document;
  }

  /**
   * Runs `write` (this process's commit to the table of `type` for `userId`, followed by its
   * {@link afterWrite}) while reads of that entry get it as it was before the write, so a recall
   * running beside the write neither waits for the commit nor sees the new version before the
   * entry is updated and reloads every row. For writes whose effect a recall may miss for a
   * moment (access counts). Two writes to one entry run one after the other.
   */
  async whileWriting<T>(type: MemoryType, userId: string, write: () => Promise<T>): Promise<T> {
    return this.writing.run(entryKey(type, userId), write);
  }

  /**
   * Applies this process's own write to a cached entry instead of reloading it: call right after
   * the write commits. When the table moved by exactly that one commit, `change` updates the
   * entry and its version; after any other commit too, the entry is dropped (read again later).
   */
  async afterWrite(type: MemoryType, userId: string, change: (items: StoredMemoryItem[]) => StoredMemoryItem[]): Promise<void> {
    const key = entryKey(type, userId);
    const entry = this.entries.get(key);
    if (!entry) return;
    const version = await this.store.tableVersion(type);
    if (version === entry.version) return;
    if (version === entry.version + 1 && entry.rows && entry.rows.length <= this.maxRowsPerTable) {
      const rows = change(entry.rows);
      this.keepCorpus(entry.rows, rows);
      this.entries.set(key, { version, rows });
    } else if (version === entry.version + 1 && entry.rows === null) {
      // Still too many rows to keep (this process's own write, e.g. access counts, moved the table by one commit): no recount.
      this.entries.set(key, { version, rows: null });
    } else {
      this.entries.delete(key);
    }
  }

  /**
   * Reads the entry of `type` and `userId` again now if one is kept and the table moved on since
   * (after this process's commit that changed no row of the user, such as a compaction), and indexes
   * it as a first search would (its BM25 corpus, each vector's norm), so the user's next search finds
   * it current and indexed instead of doing that work itself.
   */
  async refresh(type: MemoryType, userId: string): Promise<void> {
    if (!this.entries.has(entryKey(type, userId))) return;
    const rows = await this.items(type, userId);
    if (rows) {
      this.itemsCorpus(rows);
      primeVectorNorms(rows);
    }
  }

  /** Carries the item-text corpus of `before` over to `after` when their texts are the same, in the same order (a write of access counts changes no text). */
  private keepCorpus(before: readonly StoredMemoryItem[], after: readonly StoredMemoryItem[]): void {
    const byRows = this.corpora.get(itemText as (row: never) => string);
    const corpus = byRows?.get(before);
    if (!byRows || !corpus || before.length !== after.length) return;
    for (let index = 0; index < before.length; index++) if (before[index]!.text !== after[index]!.text) return;
    byRows.set(after, corpus);
  }

  /**
   * Applies this process's own upsert of graph rows (`written`, as passed to `upsertGraphRows`) to
   * the cached entry of `table` for `userId`, like {@link afterWrite}: call right after the write
   * commits. When the table moved by exactly that one commit, the rows are put in place by id (new
   * ids appended, vectors rounded to float32 as stored) and the entry takes the new version; after
   * any other commit, or past `maxRowsPerTable`, the entry is dropped (read again later).
   */
  async afterGraphWrite<T extends GraphTableName>(table: T, userId: string, written: readonly StoredGraphRow<T>[]): Promise<void> {
    const key = entryKey(table, userId);
    const entry = this.rowEntries.get(key);
    if (!entry) return;
    const version = await this.store.tableVersion(table);
    if (version === entry.version) return;
    const rows = entry.rows ? upsertCachedItems(entry.rows as VectorRow[], written.map((row) => parseGraphRow(table, row) as unknown as VectorRow)) : null;
    if (version === entry.version + 1 && rows && rows.length <= this.maxRowsPerTable) this.rowEntries.set(key, { version, rows });
    else this.rowEntries.delete(key);
  }
}

type VectorRow = { id: string; vector: number[] };

/** A memory item's searched text (its BM25 document). */
function itemText(item: StoredMemoryItem): string {
  return item.text;
}

/** `rows` (cached memory items or graph rows) with `written` put in place by id (new ids appended), vectors rounded to float32 as stored. */
export function upsertCachedItems<T extends { id: string; vector: number[] }>(rows: readonly T[], written: readonly T[]): T[] {
  return overlayRows(rows, written.map(withStoredVector));
}

/** `row` with its vector rounded to float32, as LanceDB stores it. */
export function withStoredVector<T extends { vector: number[] }>(row: T): T {
  return { ...row, vector: numberArray(new Float32Array(row.vector)) };
}

/** `rows` with `written` put in place by id (new ids appended in their order), the rows themselves kept (not copied). */
export function overlayRows<T extends { id: string }>(rows: readonly T[], written: readonly T[]): T[] {
  const byId = new Map(written.map((row) => [row.id, row]));
  const next = rows.map((row) => {
    const replaced = byId.get(row.id);
    if (replaced) byId.delete(row.id);
    return replaced ?? row;
  });
  return [...next, ...byId.values()];
}

/** The key of a table's entry for one user: the table name, NUL, the user id (table names hold no NUL, so the first one splits the key). */
function entryKey(table: string, userId: string): string {
  return `${table}\u0000${userId}`;
}

/** The user id of an {@link entryKey}. */
function userOfKey(key: string): string {
  return key.slice(key.indexOf("\u0000") + 1);
}
