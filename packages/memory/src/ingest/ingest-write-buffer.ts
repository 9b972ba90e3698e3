import { parseGraphRow, type GraphTableName, type StoredGraphRow } from "../schema/graph-row";
import type { MemoryType } from "../schema/memory-type";
import type { HistoryRow } from "../schema/message";
import type { MemoryStore, StoredMemoryItem } from "../store/memory-store";
import type { RunRow } from "../store/run-row";
import { overlayRows, withStoredVector, type UserItemsCache } from "../recall/user-items-cache";
import { settleAll } from "../util/settle-all";

/**
 * What one ingest batch (one run of the ingest graph) writes through, instead of the store, when
 * `Engram.add` buffers its writes (passed as `configurable.writer`): the memory agents and the
 * graph agent stage their changes here, and read what earlier batches of the same call wrote but
 * did not commit yet.
 */
export interface BatchWriter {
  /** Items of `type` written by earlier batches of this call and not yet in the store and the cache (staged, or in a running flush; vectors rounded to float32, as stored), by id, in first-write order. Read it before the cache. */
  pendingItems(type: MemoryType): ReadonlyMap<string, StoredMemoryItem>;
  /** Graph rows of `table` written by earlier batches of this call and not yet in the store and the cache (parsed, vectors rounded to float32, as the cache reads them), by id, in first-write order. Read it before the cache. */
  pendingGraphRows<T extends GraphTableName>(table: T): ReadonlyMap<string, StoredGraphRow<T>>;
  /** Stages this batch's changes to the table of `type`: its history rows and the items they describe. */
  stageItems(type: MemoryType, history: HistoryRow[], items: StoredMemoryItem[]): void;
  /** Stages this batch's graph changes: history rows of relations, entity rows, relation rows. */
  stageGraph(history: HistoryRow[], entities: StoredGraphRow<"entities">[], relations: StoredGraphRow<"relations">[]): void;
  /** Stages this batch's messages as processed at `at` (ISO). */
  markProcessed(ids: string[], at: string): void;
  /** Commits what earlier batches wrote, now (after any flush already running): before a read that the pending rows cannot answer (a user the cache does not hold, a search of the store). */
  flush(): Promise<void>;
}

/**
 * Milliseconds (of `performance.now()`, a monotonic clock) a buffered change waits at most before `Engram.add`
 * commits the buffer (checked after each batch): how long a recall beside a long `add` waits to see
 * its memories, and how much processing a crash makes `retryPending` redo (the messages themselves
 * are stored before any batch runs, so a crash loses none of them).
 */
export const COMMIT_AFTER_MS = 2000;

/**
 * Messages whose changes a buffer holds at most before `Engram.add` commits it (checked after each
 * batch), whatever the time: a bound on the memory the buffer holds and on what a crash makes
 * `retryPending` redo on a fast machine.
 */
export const COMMIT_EVERY_MESSAGES = 1000;

/** One batch's staged changes. */
interface Staged {
  history: HistoryRow[];
  items: Map<MemoryType, StoredMemoryItem[]>;
  entities: StoredGraphRow<"entities">[];
  relations: StoredGraphRow<"relations">[];
  processed: { ids: string[]; at: string }[];
}

/**
 * The writes of one `Engram.add` call for one user, held in process and committed together
 * (docs/architecture.md, "Buffered writes"): one history append, one upsert per memory table and
 * graph table, one update of the messages table and one append of run rows per flush, instead of
 * about fifteen LanceDB commits per batch of 20 messages. The caller flushes when {@link due}
 * (after {@link COMMIT_AFTER_MS}, or {@link COMMIT_EVERY_MESSAGES} messages) and at the end.
 *
 * A batch's changes reach the buffer only when its graph run succeeded ({@link stage} then
 * `commit`): a failed batch adds nothing. {@link flush} writes, in this order, every history row;
 * the items of each memory table (the cache entry updated in place) and the entities, side by side;
 * relations; the processed marks; then the run rows. The rows being written stay visible to the batch's readers
 * ({@link BatchWriter.pendingItems}) until their table's upsert and cache update finished. When a
 * write fails, the history rows of the tables not written are deleted, the run rows still appended,
 * and the messages stay pending (not marked): processing them again repeats what is stored (NOOP or
 * MERGE). The commit's error is thrown; when the history delete or the run append fails too, that
 * failure is logged (`logger.warn`). A crash in between leaves the messages pending too (and any history rows of tables not
 * written, told apart by an `after` matching no stored item).
 */
export class IngestWriteBuffer {
  private history: HistoryRow[] = [];
  private items = new Map<MemoryType, Map<string, StoredMemoryItem>>();
  private graph = { entities: new Map<string, StoredGraphRow<"entities">>(), relations: new Map<string, StoredGraphRow<"relations">>() };
  private processed: { ids: string[]; at: string }[] = [];
  private runs: RunRow[] = [];
  /** When the oldest buffered change joined the buffer (`clock()`), if any. */
  private oldestAt: number | undefined;
  /** Rows a running flush is writing, by table, each dropped once its upsert and cache update finished: readers see them until the store and the cache hold them. */
  private inFlight = { items: new Map<MemoryType, Map<string, StoredMemoryItem>>(), entities: new Map<string, StoredGraphRow<"entities">>(), relations: new Map<string, StoredGraphRow<"relations">>() };
  private flushing: Promise<void> = Promise.resolve();

  /**
   * @param logger told about a failed commit's cleanup that failed too (the commit's own error is thrown).
   * @param clock milliseconds, for {@link COMMIT_AFTER_MS}: monotonic, not the engram's `now` (which a
   *   caller may freeze or replay).
   */
  constructor(
    private readonly store: MemoryStore,
    private readonly userId: string,
    private readonly cache?: UserItemsCache,
    private readonly logger: { warn(message: string): void } = { warn: () => {} },
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** A writer for one batch: its changes are staged apart and added to this buffer by `commit()` (call it when the batch succeeded). */
  stage(): BatchWriter & { commit(): void } {
    const staged: Staged = { history: [], items: new Map(), entities: [], relations: [], processed: [] };
    return {
      pendingItems: (type) => layered(this.inFlight.items.get(type), this.items.get(type)),
      pendingGraphRows: <T extends GraphTableName>(table: T) =>
        layered(this.inFlight[table] as unknown as Map<string, StoredGraphRow<T>>, this.graph[table] as unknown as Map<string, StoredGraphRow<T>>),
      stageItems: (type, history, items) => {
        staged.history.push(...history);
        staged.items.set(type, [...(staged.items.get(type) ?? []), ...items]);
      },
      stageGraph: (history, entities, relations) => {
        staged.history.push(...history);
        staged.entities.push(...entities);
        staged.relations.push(...relations);
      },
      markProcessed: (ids, at) => staged.processed.push({ ids, at }),
      flush: () => this.flush(),
      commit: () => this.commit(staged),
    };
  }

  /** Records a run row, written after the batches' changes. */
  addRun(row: RunRow): void {
    this.runs.push(row);
  }

  /**
   * Whether the buffer should be committed now: its oldest change waited {@link COMMIT_AFTER_MS} or
   * more, it holds the changes of {@link COMMIT_EVERY_MESSAGES} messages or more, or the cached rows of a table with its buffered rows put in place pass the
   * cache's `maxRowsPerTable` (the in-process overlay then outgrows the cache by at most one batch).
   */
  async due(): Promise<boolean> {
    if (this.oldestAt !== undefined && this.clock() - this.oldestAt >= COMMIT_AFTER_MS) return true;
    if (this.processed.reduce((count, mark) => count + mark.ids.length, 0) >= COMMIT_EVERY_MESSAGES) return true;
    const cache = this.cache;
    if (!cache) return false;
    const past = (cached: readonly unknown[] | null, pending: number) => cached !== null && cached.length + pending > cache.maxRowsPerTable;
    for (const [type, pending] of this.items) if (past(await cache.items(type, this.userId), pending.size)) return true;
    for (const table of ["entities", "relations"] as const) {
      if (this.graph[table].size > 0 && past(await cache.graphRows(table, this.userId), this.graph[table].size)) return true;
    }
    return false;
  }

  /** Whether anything waits to be written. */
  get isEmpty(): boolean {
    return this.history.length === 0 && this.items.size === 0 && this.graph.entities.size === 0 && this.graph.relations.size === 0 && this.processed.length === 0 && this.runs.length === 0;
  }

  /**
   * Writes everything buffered (see the class comment for the order) and empties the buffer; calls
   * run one after the other. What one call takes out is not put back if a write fails: its
   * messages stay pending, for `retryPending`, the history rows of its tables not written are
   * deleted and its run rows appended.
   *
   * @throws StoreError from the store's writes (the first failure).
   */
  flush(): Promise<void> {
    const next = this.flushing.then(() => this.writeAll());
    this.flushing = next.catch(() => undefined);
    return next;
  }

  /**
   * Drops every buffered change, leaving their messages pending (for `retryPending`), and appends
   * only the run rows (usage counts the model calls they cost): for batches that read the rows of a
   * commit that then failed, whose changes may build on rows that were never stored.
   *
   * @throws StoreError when the run rows cannot be appended.
   */
  async discard(): Promise<void> {
    const { runs } = this.takeAll();
    await this.flushing;
    await this.store.appendRuns(runs);
  }

  private commit(staged: Staged): void {
    this.oldestAt ??= this.clock();
    this.history.push(...staged.history);
    for (const [type, items] of staged.items) {
      const pending = this.items.get(type) ?? new Map<string, StoredMemoryItem>();
      // Vectors rounded once, as stored: later batches search the same arrays (their norms kept) instead of rounding every batch.
      for (const item of items) pending.set(item.id, withStoredVector(item));
      this.items.set(type, pending);
    }
    // Kept as the cache keeps rows it reads back (parsed), so later batches see them as they would after a commit.
    for (const row of staged.entities) this.graph.entities.set(row.id, withStoredVector(parseGraphRow("entities", row)));
    for (const row of staged.relations) this.graph.relations.set(row.id, withStoredVector(parseGraphRow("relations", row)));
    this.processed.push(...staged.processed);
  }

  /** Everything buffered, the buffer left empty. */
  private takeAll() {
    const taken = { history: this.history, items: this.items, graph: this.graph, processed: this.processed, runs: this.runs };
    this.history = [];
    this.items = new Map();
    this.graph = { entities: new Map(), relations: new Map() };
    this.processed = [];
    this.runs = [];
    this.oldestAt = undefined;
    return taken;
  }

  private async writeAll(): Promise<void> {
    if (this.isEmpty) return;
    const { history, items, graph, processed, runs } = this.takeAll();
    this.inFlight = { items: new Map(items), entities: graph.entities, relations: graph.relations };
    const written = new Set<string>();
    let failure: { error: unknown } | undefined;
    try {
      await this.writeTables(history, items, graph, written);
      // One update: every message of the flush gets the time its last batch finished (its changes committed only now).
      const last = processed.at(-1);
      if (last) await this.store.markMessages(this.userId, processed.flatMap((mark) => mark.ids), { processedAt: last.at });
    } catch (error) {
      failure = { error };
      // The history rows of changes that never committed go (docs/architecture.md, "Buffered
      // writes"): processing the pending messages again writes those changes with rows of their own.
      const orphans = written.has("history") ? history.filter((row) => !written.has(row.memory_type)) : [];
      if (orphans.length > 0) {
        await this.store.deleteHistory(this.userId, orphans.map((row) => row.id)).catch((cleanup: unknown) => {
          // The commit's error is thrown; the rows stay, told apart by an `after` matching no stored item.
          this.logger.warn(`a failed ingest commit's ${orphans.length} history rows of changes not stored were not deleted: ${(cleanup as Error).message}`);
        });
      }
    } finally {
      this.inFlight = { items: new Map(), entities: new Map(), relations: new Map() };
    }
    // The run rows also after a failure: usage() counts the model calls the failed commit cost.
    const appending = this.store.appendRuns(runs);
    if (!failure) return appending;
    await appending.catch((cleanup: unknown) => this.logger.warn(`a failed ingest commit's ${runs.length} ingest run rows were not appended: ${(cleanup as Error).message}`));
    throw failure.error;
  }

  /**
   * Writes the history rows, then the memory tables and entities at once, then relations: each
   * table's in-flight rows dropped once the store and the cache hold them; `written` gets "history"
   * and each table written. A failed table does not stop the others of its step; the first failure
   * is thrown after they settle.
   */
  private async writeTables(history: HistoryRow[], items: Map<MemoryType, Map<string, StoredMemoryItem>>, graph: IngestWriteBuffer["graph"], written: Set<string>): Promise<void> {
    // History first (docs/architecture.md, "The six memory types"): no change without its audit row.
    await this.store.appendHistory(history);
    written.add("history");
    // Items this commit adds (their ADD rows are in its history): a table whose rows are all such is appended to, not merged into.
    const newIds = new Set(history.filter((row) => row.event === "ADD").map((row) => row.memory_id));
    const writeItems = async (type: MemoryType, rows: StoredMemoryItem[]) => {
      await this.store.upsertItems(type, rows, { newIds });
      written.add(type);
      // Vectors already rounded as stored (commit).
      await this.cache?.afterWrite(type, this.userId, (cached) => overlayRows(cached, rows));
      this.inFlight.items.delete(type);
    };
    const writeGraph = async <T extends GraphTableName>(table: T) => {
      const rows = [...(graph[table] as unknown as Map<string, StoredGraphRow<T>>).values()];
      if (rows.length === 0) return;
      await this.store.upsertGraphRows(table, rows);
      written.add(table);
      await this.cache?.afterGraphWrite(table, this.userId, rows);
      this.inFlight[table] = new Map();
    };
    // Separate tables, so separate LanceDB commits that need no order among them.
    await settleAll([...[...items].map(([type, pending]) => writeItems(type, [...pending.values()])), writeGraph("entities")]);
    // Entities before relations: a relation is never stored before the nodes it links.
    await writeGraph("relations");
  }
}

/** The rows of `under` with those of `over` put in place by id (new ids appended): the same map when one of them is empty. */
function layered<T>(under: Map<string, T> | undefined, over: Map<string, T> | undefined): ReadonlyMap<string, T> {
  if (!under || under.size === 0) return over ?? new Map();
  if (!over || over.size === 0) return under;
  return new Map([...under, ...over]);
}

/**
 * The user's rows of one table as a batch sees them: `readCache()`'s rows with the `writer`'s
 * uncommitted ones (`pendingOf`) put in place by id. Null when the cache does not hold the user,
 * once the writer's rows are committed (a flush another agent started is waited for too), so the
 * caller reads the store instead.
 */
export async function readThroughWriter<T extends { id: string }>(
  writer: BatchWriter | undefined,
  pendingOf: (writer: BatchWriter) => ReadonlyMap<string, T>,
  readCache: () => Promise<T[] | null>,
): Promise<T[] | null> {
  // Taken before the cache is read: a flush running meanwhile keeps its rows in the writer until
  // the cache holds them, so every row of the call is in one of the two.
  const pending = writer ? pendingOf(writer) : undefined;
  const cached = await readCache();
  if (cached === null) {
    await writer?.flush();
    return null;
  }
  return pending && pending.size > 0 ? overlayRows(cached, [...pending.values()]) : cached;
}
