import type { MemoryItem } from "./schema/memory-item";
import type { MemoryType } from "./schema/memory-type";
import type { MemoryStore } from "./store/memory-store";
import type { RunRow } from "./store/run-row";
import type { UserItemsCache } from "./recall/user-items-cache";
import { isTurnItem } from "./recall/search-turns";

/** Noted items or runs above which {@link AccessRecorder.shouldFlush} is true. */
export const ACCESS_FLUSH_THRESHOLD = 256;

/**
 * Rows of a memory table per access write before an access compaction of it is due: a table of `n`
 * rows is compacted after `max(compactAfterWrites, n / ROWS_PER_ACCESS_WRITE)` access writes, so the
 * rows a compaction rewrites (up to the whole table, whose old files LanceDB keeps a week) stay
 * under about this many per access write.
 */
export const ROWS_PER_ACCESS_WRITE = 100;

interface NotedAccess {
  type: MemoryType;
  userId: string;
  id: string;
  count: number;
  at: string;
}

/** Items of one table and user whose access counts rise by the same `count`: one commit. */
interface AccessGroup {
  type: MemoryType;
  userId: string;
  count: number;
  /** The latest access (ISO). */
  at: string;
  ids: string[];
}

/** What the recorder keeps of a user while a recall of the user is in flight or a forget under way. */
interface UserEntry {
  /** Times the user was forgotten while the entry lived. */
  generation: number;
  /** Recalls of the user in flight. */
  recalls: number;
  /** Between `beginForget` and `endForget`. */
  forgetting: boolean;
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
  /**
   * Per user with a recall in flight or a forget under way: the times the user was forgotten while
   * the entry lived (its generation) and the recalls in flight. A recall that began before a forget
   * notes nothing after it; the entry is dropped once neither is left, so a service that forgets
   * many users keeps nothing of them (a recall that begins later reads generation 0 again).
   */
  private readonly users = new Map<string, UserEntry>();

  /**
   * Per memory table: access writes (one store update each) since this recorder last compacted it, the users they
   * wrote, and the writes the table's row count asked for when last counted ({@link compactDue} counts it again only
   * once that many are reached, not on every flush of a large table).
   */
  private readonly sinceCompaction = new Map<MemoryType, { writes: number; users: Set<string>; rowBound: number }>();

  /**
   * @param cache when given, told about each access write so it updates its entry instead of reloading it.
   * @param compactAfterWrites access writes to one memory table after which a flush with `compact` compacts
   *   that table (`EngramOptions.compactAfterAccessWrites`); `Infinity`: never.
   */
  constructor(
    private readonly store: MemoryStore,
    private readonly logger: { warn(message: string): void },
    private readonly cache?: UserItemsCache,
    private readonly compactAfterWrites = Number.POSITIVE_INFINITY,
  ) {}

  /** The user's generation: what {@link beginRecall} returns; {@link noteAccess} and {@link noteRun} drop what a recall of an older generation noted. */
  private generationOf(userId: string): number {
    return this.users.get(userId)?.generation ?? 0;
  }

  /**
   * Starts a recall of `userId`: @returns the user's generation, to pass to {@link noteAccess} and
   * {@link noteRun}. Call {@link endRecall} once the recall noted what it notes (or failed).
   */
  beginRecall(userId: string): number {
    const entry = this.entryOf(userId);
    entry.recalls += 1;
    this.users.set(userId, entry);
    return entry.generation;
  }

  /** Ends a recall {@link beginRecall} started; nothing of it is noted afterwards. */
  endRecall(userId: string): void {
    const entry = this.users.get(userId);
    if (entry) entry.recalls -= 1;
    this.dropIfIdle(userId);
  }

  /** Users with a recall in flight or a forget under way (what the recorder keeps per user; 0 when idle). */
  get trackedUsers(): number {
    return this.users.size;
  }

  /**
   * Starts a forget of `userId` (`Engram.forget`, before it deletes the user): what was noted for the
   * user and not written yet is dropped, and until {@link endForget} nothing of the user is noted,
   * nor written by any flush. Await {@link flush} next: it returns once every write already under
   * way (which may hold the user's rows) has landed, so the delete that follows removes them.
   */
  beginForget(userId: string): void {
    this.entryOf(userId).forgetting = true;
    this.forgetUser(userId);
  }

  /** Ends {@link beginForget} after the delete: a recall of the user that began before this notes nothing when it ends. */
  endForget(userId: string): void {
    this.forgetUser(userId);
    this.entryOf(userId).forgetting = false;
    this.dropIfIdle(userId);
  }

  /** Drops the user's entry when no recall of the user is in flight and no forget under way: no recall of an older generation is left to note anything. */
  private dropIfIdle(userId: string): void {
    const entry = this.users.get(userId);
    if (entry && entry.recalls <= 0 && !entry.forgetting) this.users.delete(userId);
  }

  /** The user's entry, made when missing. */
  private entryOf(userId: string): UserEntry {
    let entry = this.users.get(userId);
    if (!entry) {
      entry = { generation: 0, recalls: 0, forgetting: false };
      this.users.set(userId, entry);
    }
    return entry;
  }

  /** True while `userId` is being forgotten ({@link beginForget} to {@link endForget}): nothing of the user is noted or written meanwhile. */
  private isForgetting(userId: string): boolean {
    return this.users.get(userId)?.forgetting === true;
  }

  /** Drops what was noted for `userId` and not written yet, and starts the user's next generation. */
  private forgetUser(userId: string): void {
    this.entryOf(userId).generation += 1;
    for (const [key, access] of this.accesses) if (access.userId === userId) this.accesses.delete(key);
    const kept = this.runs.filter((row) => row.user_id !== userId);
    this.runs.splice(0, this.runs.length, ...kept);
  }

  /**
   * Counts one access of each item, at `at` (ISO); a raw turn recall made (`recall/search-turns.ts`)
   * has no row and is passed over. Nothing is counted when the user was forgotten since `generation`
   * ({@link generationOf}, read when the recall started).
   */
  noteAccess(userId: string, items: readonly MemoryItem[], at: string, generation = this.generationOf(userId)): void {
    if (generation !== this.generationOf(userId) || this.isForgetting(userId)) return;
    for (const item of items) {
      if (isTurnItem(item)) continue;
      const key = `${item.type}\u0000${userId}\u0000${item.id}`;
      const seen = this.accesses.get(key);
      this.accesses.set(key, { type: item.type, userId, id: item.id, count: (seen?.count ?? 0) + 1, at });
    }
  }

  /** Keeps a run row to write with the access counts (unless its user was forgotten since `generation`, as {@link noteAccess}). */
  noteRun(row: RunRow, generation = this.generationOf(row.user_id)): void {
    if (generation !== this.generationOf(row.user_id) || this.isForgetting(row.user_id)) return;
    this.runs.push(row);
  }

  /** True when {@link ACCESS_FLUSH_THRESHOLD} items or runs are waiting. */
  get shouldFlush(): boolean {
    return this.accesses.size >= ACCESS_FLUSH_THRESHOLD || this.runs.length >= ACCESS_FLUSH_THRESHOLD;
  }

  /** Starts {@link flush} without waiting for it (a recall returns before the commits); the next `flush` waits for it. */
  flushInBackground(): void {
    void this.flush();
  }

  /**
   * Writes what was noted, after every flush already started (flushes run one after another; within
   * one, the tables and the runs are written side by side), so a caller that awaits this knows none
   * is under way; a failed write is logged as a warning and dropped (counts are advisory).
   * @param options.compact then also compact the tables that are due ({@link compactDue}): for idle time only.
   */
  flush(options: { compact?: boolean } = {}): Promise<void> {
    this.background = this.background.then(() => this.write());
    if (options.compact) this.background = this.background.then(() => this.compactDue());
    return this.background;
  }

  private async write(): Promise<void> {
    const pending = [...this.accesses.values()];
    this.accesses.clear();
    const groups = new Map<string, AccessGroup>();
    for (const entry of pending) {
      const key = `${entry.type}\u0000${entry.userId}\u0000${entry.count}`;
      const group = groups.get(key) ?? { type: entry.type, userId: entry.userId, count: entry.count, at: entry.at, ids: [] };
      group.ids.push(entry.id);
      if (entry.at > group.at) group.at = entry.at;
      groups.set(key, group);
    }
    // One commit per group; the groups of one table one after another, the tables (and the runs) at
    // once: each table's commits are its own (a LanceDB update of a few rows costs a scan and a
    // commit, tens of milliseconds), and written side by side they overlap.
    const byTable = new Map<MemoryType, AccessGroup[]>();
    for (const group of groups.values()) byTable.set(group.type, [...(byTable.get(group.type) ?? []), group]);
    const writeTable = async ([type, tableGroups]: [MemoryType, AccessGroup[]]) => {
      for (const group of tableGroups) await this.writeGroup(group);
      const due = this.sinceCompaction.get(type) ?? { writes: 0, users: new Set<string>(), rowBound: 0 };
      due.writes += tableGroups.length;
      for (const group of tableGroups) due.users.add(group.userId);
      this.sinceCompaction.set(type, due);
    };
    await Promise.all([...[...byTable.entries()].map(writeTable), this.writeRuns()]);
  }

  /**
   * Compacts each memory table that has taken `compactAfterWrites` access writes since this recorder
   * last compacted it, and one per {@link ROWS_PER_ACCESS_WRITE} of its rows (`MemoryStore.optimize` of those tables, one after another): each LanceDB
   * update adds a fragment, and updates and scans slow as they pile up. Then the cached entries of
   * the users written since are read again (the compaction's commits moved the table's version), here
   * rather than in their next recall. Only {@link flush} with `compact` (an agent's idle time,
   * `Engram.flushAccess`) runs it, so `add`, `forget` and `usage`, which flush first, never wait for a
   * compaction. Failures are logged, not thrown.
   */
  private async compactDue(): Promise<void> {
    for (const [type, due] of [...this.sinceCompaction.entries()]) {
      if (due.writes < this.compactAfterWrites || due.writes < due.rowBound) continue;
      try {
        // A compaction rewrites up to the whole table, and LanceDB keeps the old files a week: past
        // `compactAfterWrites × ROWS_PER_ACCESS_WRITE` rows, wait for one access write per that many rows.
        due.rowBound = Math.ceil((await this.store.count(type)) / ROWS_PER_ACCESS_WRITE);
        if (due.writes < due.rowBound) continue;
        this.sinceCompaction.delete(type);
        await this.store.optimize({ tables: [type] });
      } catch (error) {
        this.logger.warn(`could not compact ${type} after access writes: ${(error as Error).message}`);
        continue;
      }
      for (const userId of due.users) {
        try {
          await this.cache?.refresh(type, userId);
        } catch (error) {
          this.logger.warn(`could not re-read the cached ${type} items after a compaction: ${(error as Error).message}`);
        }
      }
    }
  }

  /** One group's access counts in one commit, then the cache told (a failure is logged, not thrown). */
  private async writeGroup(group: AccessGroup): Promise<void> {
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

  /** The noted runs in one commit (a failure is logged, not thrown). */
  private async writeRuns(): Promise<void> {
    const runs = this.runs.splice(0);
    try {
      await this.store.appendRuns(runs);
    } catch (error) {
      this.logger.warn(`could not record ${runs.length} recall runs: ${(error as Error).message}`);
    }
  }
}
