import type { MemoryType } from "../schema/memory-type";
import type { MemoryStore, StoredMemoryItem, StoreSearchHit } from "../store/memory-store";

/** A store that reports its tables' versions (LanceDB does; see {@link MemoryStore.tableVersion}). */
export type VersionedMemoryStore = MemoryStore & Required<Pick<MemoryStore, "tableVersion">>;

/** Options of {@link UserItemsCache}. */
export interface UserItemsCacheOptions {
  /** A user's table with more rows than this is not cached (it is searched in LanceDB). @default 2000 */
  maxRowsPerTable?: number;
  /** Cached (table, user) pairs kept, least recently used dropped first. @default 256 */
  maxEntries?: number;
}

interface Entry {
  version: number;
  /** Null: the user has more rows than `maxRowsPerTable` in this table. */
  items: StoredMemoryItem[] | null;
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
  private readonly entries = new Map<string, Entry>();
  private readonly maxRowsPerTable: number;
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
    const key = `${type}\u0000${userId}`;
    const version = await this.store.tableVersion(type);
    const cached = this.entries.get(key);
    if (cached && cached.version === version) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.items;
    }
    // The version is read before the rows: a commit in between leaves an entry older than its
    // rows, which is reloaded on the next read, never one that misses rows.
    const rows = await this.store.count(type, userId);
    const items = rows <= this.maxRowsPerTable && this.maxRowsPerTable > 0 ? await this.store.listStoredItems(type, userId) : null;
    this.entries.delete(key);
    this.entries.set(key, { version, items });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return items;
  }

  /**
   * Applies this process's own write to a cached entry instead of reloading it: call right after
   * the write commits. When the table moved by exactly that one commit, `change` updates the
   * entry and its version; after any other commit too, the entry is dropped (read again later).
   */
  async afterWrite(type: MemoryType, userId: string, change: (items: StoredMemoryItem[]) => StoredMemoryItem[]): Promise<void> {
    const key = `${type}\u0000${userId}`;
    const entry = this.entries.get(key);
    if (!entry) return;
    const version = await this.store.tableVersion(type);
    if (version === entry.version) return;
    if (version === entry.version + 1 && entry.items && entry.items.length <= this.maxRowsPerTable) {
      this.entries.set(key, { version, items: change(entry.items) });
    } else {
      this.entries.delete(key);
    }
  }
}

/** `items` with `written` put in place by id (new ids appended), vectors rounded to float32 as stored. */
export function upsertCachedItems(items: readonly StoredMemoryItem[], written: readonly StoredMemoryItem[]): StoredMemoryItem[] {
  const byId = new Map(written.map((item) => [item.id, { ...item, vector: Array.from(Float32Array.from(item.vector)) }]));
  const next = items.map((item) => {
    const replaced = byId.get(item.id);
    if (replaced) byId.delete(item.id);
    return replaced ?? item;
  });
  return [...next, ...byId.values()];
}

/**
 * Exact cosine search over items in memory, like the store's `vectorSearch`: the `limit` items
 * that pass `keep` closest to `vector`, best first, `score` the cosine distance (0 to 2, lower is
 * closer).
 */
export function searchItemsByVector(items: readonly StoredMemoryItem[], vector: readonly number[], options: { limit: number; keep: (item: StoredMemoryItem) => boolean }): StoreSearchHit[] {
  const queryNorm = Math.sqrt(dot(vector, vector));
  const scored: { stored: StoredMemoryItem; distance: number }[] = [];
  for (const stored of items) {
    if (!options.keep(stored)) continue;
    const norm = Math.sqrt(dot(stored.vector, stored.vector));
    scored.push({ stored, distance: queryNorm === 0 || norm === 0 ? 1 : 1 - dot(vector, stored.vector) / (queryNorm * norm) });
  }
  return scored
    .sort((a, b) => a.distance - b.distance)
    .slice(0, options.limit)
    .map(({ stored, distance }) => {
      const { vector: _vector, ...item } = stored;
      return { item: item as StoreSearchHit["item"], score: distance };
    });
}

/** Cosine distance of two vectors of one length: 0 (same direction) to 2 (opposite); 1 when either is all zeros. */
export function cosineDistance(a: readonly number[], b: readonly number[]): number {
  const norms = Math.sqrt(dot(a, a)) * Math.sqrt(dot(b, b));
  return norms === 0 ? 1 : 1 - dot(a, b) / norms;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let index = 0; index < a.length; index++) sum += a[index]! * b[index]!;
  return sum;
}
