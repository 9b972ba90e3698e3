import type * as lancedb from "@lancedb/lancedb";
import { MEMORY_TYPES } from "../schema/memory-type";
import { buildWhere } from "./filter";
import type { StoreTableName } from "./memory-store";
import { ftsIndexConfig, TABLE_NAMES } from "./open-lancedb-tables";

/** What {@link purgeUser} needs from the LanceDB store. */
export interface PurgeUserTarget {
  /** Rows of the user in `name`. */
  count(name: StoreTableName): Promise<number>;
  table(name: StoreTableName): lancedb.Table;
  /** Runs one LanceDB call with the store's retries and errors. */
  run<T>(name: StoreTableName, action: string, work: () => Promise<T>): Promise<T>;
  /** True when the memory table `name` has its full-text index. */
  hasTextIndex(name: StoreTableName): boolean;
  /** Drops the ANN index of table `name` if the table is now too small to retrain it (`dropUntrainableVectorIndex`); a no-op on other tables. */
  dropUntrainableIndex(name: StoreTableName): Promise<void>;
  /**
   * Runs `work` once no other call of the store on table `name` is under way in this process, every
   * call made meanwhile waiting until it is done; `run` inside it makes one LanceDB call (retries and
   * errors as {@link PurgeUserTarget.run}) without waiting for that.
   */
  exclusive<T>(name: StoreTableName, work: (run: <R>(action: string, work: () => Promise<R>) => Promise<R>) => Promise<T>): Promise<T>;
}

/** Rows per fragment address space: a row address is `fragment id << 32 | offset` (LanceDB's `_rowaddr`). */
const FRAGMENT_ROWS = 2 ** 32;
/** Fragment ids from which `fragment id * 2^32` no longer prints exactly as a number literal (past 2^53): the whole table is rewritten instead. */
const MAX_FRAGMENT_ID = 2 ** 20;
/**
 * Past this many runs of consecutive fragments the whole table is rewritten: LanceDB's time for
 * an `OR` of address ranges grows faster than the rows it selects (1,000 ranges: 6.1 s against
 * 0.2 s for the whole table, measured on 2,000 rows).
 */
const MAX_FRAGMENT_RANGES = 64;

/**
 * `LanceDbMemoryStore.deleteUser`: deletes every row of `userId` from every table, then compacts
 * each table, rebuilds the full-text indexes from the remaining rows (ordinary calls beside other
 * users' calls), and prunes every older version and unreferenced file (the only exclusive section
 * of the table), so the user's data cannot be recovered from the folder.
 *
 * Compaction rewrites a file (fragment) only when over 10% of its rows are deleted (LanceDB's
 * materialize-deletions threshold): a large compacted file holding a few of the user's rows would
 * keep them. So the other users' rows of each fragment that held the user's rows are rewritten
 * (unchanged) first, which leaves those fragments wholly deleted. Its cost grows with the size of
 * those fragments (after a compaction, most of a table), not with the user's rows. Every other row
 * of the table is rewritten instead when those fragments form more than 64 runs of consecutive
 * ids, or when another commit (a compaction may have moved the user's rows) came between reading
 * the fragments and the delete.
 *
 * @returns rows deleted per table.
 */
export async function purgeUser(userId: string, target: PurgeUserTarget): Promise<Record<StoreTableName, number>> {
  const where = buildWhere({ user_id: userId }, new Set(["user_id"]));
  const deleted = {} as Record<StoreTableName, number>;
  for (const name of TABLE_NAMES) {
    deleted[name] = await target.count(name);
    if (deleted[name] === 0) continue;
    const table = target.table(name);
    const before = await target.run(name, "version", () => table.version());
    const addresses = await target.run(name, "select", () => table.query().where(where).select(["_rowaddr"]).toArray());
    const ranges = fragmentRanges(addresses.map((row) => Number(BigInt(row._rowaddr) >> 32n)));
    await target.run(name, "delete", () => table.delete(where));
    // Another writer's commit (a compaction above all) between the version read and the delete may have moved the user's
    // rows to fragments not in `ranges`: then every other row is rewritten.
    const alone = (await target.run(name, "version", () => table.version())) === before + 1;
    const shared = alone && ranges.length <= MAX_FRAGMENT_RANGES && ranges.every(([, last]) => last < MAX_FRAGMENT_ID)
      ? { $or: ranges.map(([first, last]) => ({ _rowaddr: { $gte: first * FRAGMENT_ROWS, $lt: (last + 1) * FRAGMENT_ROWS } })) }
      : {};
    const others = buildWhere({ user_id: { $ne: userId }, ...shared }, new Set(["user_id", "_rowaddr"]));
    await target.run(name, "rewrite", () => target.table(name).update({ where: others, valuesSql: { user_id: "user_id" } }));
  }
  for (const name of TABLE_NAMES) {
    const table = target.table(name);
    // Compaction and the full-text index rebuild are shared calls (other users' recalls and writes go on): without
    // `deleteUnverified` and with the default age, they delete no file a call under way may hold.
    await target.dropUntrainableIndex(name);
    await target.run(name, "compact", () => table.optimize());
    if ((MEMORY_TYPES as readonly string[]).includes(name) && target.hasTextIndex(name)) {
      await target.run(name, "index", () => table.createIndex("text", { config: ftsIndexConfig(), replace: true }));
    }
    // Alone on the table in this process: the prune (`deleteUnverified`) deletes every file no version
    // references yet, also those of another call's write not committed yet (another user's add).
    await target.exclusive(name, (run) => run("prune", () => table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true })));
  }
  return deleted;
}

/** The distinct fragment ids of `fragments` as runs of consecutive ids, `[first, last]` each, ascending. */
export function fragmentRanges(fragments: readonly number[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const fragment of [...new Set(fragments)].sort((a, b) => a - b)) {
    const last = ranges.at(-1);
    if (last && fragment === last[1] + 1) last[1] = fragment;
    else ranges.push([fragment, fragment]);
  }
  return ranges;
}
