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

/**
 * `LanceDbMemoryStore.deleteUser`: deletes every row of `userId` from every table, then compacts
 * each table, rebuilds the full-text indexes from the remaining rows, and prunes every older
 * version and unreferenced file, so the user's data cannot be recovered from the folder.
 *
 * @returns rows deleted per table.
 */
export async function purgeUser(userId: string, target: PurgeUserTarget): Promise<Record<StoreTableName, number>> {
  const where = buildWhere({ user_id: userId }, new Set(["user_id"]));
  const deleted = {} as Record<StoreTableName, number>;
  const others = buildWhere({ user_id: { $ne: userId } }, new Set(["user_id"]));
  for (const name of TABLE_NAMES) {
    deleted[name] = await target.count(name);
    if (deleted[name] === 0) continue;
    await target.run(name, "delete", () => target.table(name).delete(where));
    // Compaction rewrites a file only when over 10% of its rows are deleted (LanceDB's
    // materialize-deletions threshold): a large file holding a few of the user's rows would keep
    // them. Rewriting the other users' rows (unchanged) leaves every old file wholly deleted.
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
