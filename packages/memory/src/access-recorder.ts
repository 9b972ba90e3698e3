import type { MemoryItem } from "./schema/memory-item";
import type { MemoryType } from "./schema/memory-type";
import type { MemoryStore } from "./store/memory-store";
import type { RunRow } from "./store/run-row";
import type { UserItemsCache } from "./recall/user-items-cache";
import { isTurnItem } from "./recall/search-turns";

/** Noted items or runs above which {@link AccessRecorder.shouldFlush} is true. */
export const ACCESS_FLUSH_THRESHOLD = 256;

interface NotedAccess {
  type: MemoryType;
  userId: string;
  id: string;
  count: number;
  at: string;
}

/**
 * Batches what recalls write, so a recall itself does not write: the access counts of recalled
 * items (`access_count`, `last_accessed_at`) and the `runs` rows of recalls that called a model.
 * `flush` writes them with one update per memory type, user and count.
 */
export class AccessRecorder {
  private readonly accesses = new Map<string, NotedAccess>();
  private readonly runs: RunRow[] = [];
  /** The writes {@link flushInBackground} started (they never reject: failures are logged). */
  private background: Promise<void> = Promise.resolve();

  /** @param cache when given, told about each access write so it updates its entry instead of reloading it. */
  constructor(
    private readonly store: MemoryStore,
    private readonly logger: { warn(message: string): void },
    private readonly cache?: UserItemsCache,
  ) {}

  /** Counts one access of each item, at `at` (ISO); a raw turn recall made (`recall/search-turns.ts`) has no row and is passed over. */
  noteAccess(userId: string, items: readonly MemoryItem[], at: string): void {
    for (const item of items) {
      if (isTurnItem(item)) continue;
      const key = `${item.type}\u0000${userId}\u0000${item.id}`;
      const seen = this.accesses.get(key);
      this.accesses.set(key, { type: item.type, userId, id: item.id, count: (seen?.count ?? 0) + 1, at });
    }
  }

  /** Keeps a run row to write with the access counts. */
  noteRun(row: RunRow): void {
    this.runs.push(row);
  }

  /** True when {@link ACCESS_FLUSH_THRESHOLD} items or runs are waiting. */
  get shouldFlush(): boolean {
    return this.accesses.size >= ACCESS_FLUSH_THRESHOLD || this.runs.length >= ACCESS_FLUSH_THRESHOLD;
  }

  /** Starts {@link flush} without waiting for it (a recall returns before the commits); the next `flush` waits for it. */
  flushInBackground(): void {
    this.background = this.background.then(() => this.write());
  }

  /** Writes what was noted, after any background flush; a failed write is logged as a warning and dropped (counts are advisory). */
  async flush(): Promise<void> {
    await this.background;
    await this.write();
  }

  private async write(): Promise<void> {
    const pending = [...this.accesses.values()];
    this.accesses.clear();
    const groups = new Map<string, { type: MemoryType; userId: string; count: number; at: string; ids: string[] }>();
    for (const entry of pending) {
      const key = `${entry.type}\u0000${entry.userId}\u0000${entry.count}`;
      const group = groups.get(key) ?? { type: entry.type, userId: entry.userId, count: entry.count, at: entry.at, ids: [] };
      group.ids.push(entry.id);
      if (entry.at > group.at) group.at = entry.at;
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      try {
        const ids = new Set(group.ids);
        const write = async () => {
          await this.store.recordAccess(group.type, group.userId, group.ids, group.at, group.count);
          await this.cache?.afterWrite(group.type, group.userId, (items) =>
            items.map((item) => (ids.has(item.id) ? { ...item, access_count: item.access_count + group.count, last_accessed_at: group.at } : item)),
          );
        };
        await (this.cache ? this.cache.whileWriting(group.type, group.userId, write) : write());
      } catch (error) {
        this.logger.warn(`could not record access on ${group.type}: ${(error as Error).message}`);
      }
    }
    const runs = this.runs.splice(0);
    try {
      await this.store.appendRuns(runs);
    } catch (error) {
      this.logger.warn(`could not record ${runs.length} recall runs: ${(error as Error).message}`);
    }
  }
}
