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
}

/** Rows per fragment address space: a row address is `fragment id << 32 | offset` (LanceDB's `_rowaddr`). */
const FRAGMENT_ROWS = 2 ** 32;
/** Fragment ids from which `fragment id * 2^32` no longer prints exactly as a number literal (past 2^53): the whole table is rewritten instead. */
const MAX_FRAGMENT_ID = 2 ** 20;

/**
 * `LanceDbMemoryStore.deleteUser`: deletes every row of `userId` from every table, then compacts
 * each table, rebuilds the full-text indexes from the remaining rows, and prunes every older
 * version and unreferenced file, so the user's data cannot be recovered from the folder.
 *
 * Compaction rewrites a file (fragment) only when over 10% of its rows are deleted (LanceDB's
 * materialize-deletions threshold): a large compacted file holding a few of the user's rows would
 * keep them. So the other users' rows of each fragment that held the user's rows are rewritten
 * (unchanged) first, which leaves those fragments wholly deleted. Its cost grows with the size of
 * those fragments (after a compaction, most of a table), not with the user's rows.
 *
 * @returns rows deleted per table.
 */
export async function purgeUser(userId: string, target: PurgeUserTarget): Promise<Record<StoreTableName, number>> {
  const where = buildWhere({ user_id: userId }, new Set(["user_id"]));
  const deleted = {} as Record<StoreTableName, number>;
  for (const name of TABLE_NAMES) {
    deleted[name] = await target.count(name);
    if (deleted[name] === 0) continue;
    const addresses = await target.run(name, "select", () => target.table(name).query().where(where).select(["_rowaddr"]).toArray());
    const fragments = [...new Set(addresses.map((row) => Number(BigInt(row._rowaddr) >> 32n)))];
    await target.run(name, "delete", () => target.table(name).delete(where));
    const shared = fragments.every((fragment) => fragment < MAX_FRAGMENT_ID)
      ? { $or: fragments.map((fragment) => ({ _rowaddr: { $gte: fragment * FRAGMENT_ROWS, $lt: (fragment + 1) * FRAGMENT_ROWS } })) }
      : {};
    const others = buildWhere({ user_id: { $ne: userId }, ...shared }, new Set(["user_id", "_rowaddr"]));
    await target.run(name, "rewrite", () => target.table(name).update({ where: others, valuesSql: { user_id: "user_id" } }));
  }
  for (const name of TABLE_NAMES) {
    const table = target.table(name);
    await target.run(name, "compact", () => table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true }));
    if ((MEMORY_TYPES as readonly string[]).includes(name) && target.hasTextIndex(name)) {
      await target.run(name, "index", () => table.createIndex("text", { config: ftsIndexConfig(), replace: true }));
    }
    await target.run(name, "prune", () => table.optimize({ cleanupOlderThan: new Date(), deleteUnverified: true }));
  }
  return deleted;
}
