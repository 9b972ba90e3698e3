import type { GraphTableName, StoredGraphRow } from "../schema/graph-row";
import type { Filter } from "../store/filter";
import { compileFilter } from "../store/match-filter";
import type { MemoryStore } from "../store/memory-store";
import { columnSet } from "../store/table-schemas";
import { overlayRows, type UserItemsCache } from "../recall/user-items-cache";
import type { BatchWriter } from "../ingest/ingest-write-buffer";

/**
 * The user's rows of a graph table (with vectors) matching `filter`, or all of them: filtered in
 * process for a user the cache holds (with the `writer`'s uncommitted rows in place), else one
 * store query (after the `writer`'s rows are committed).
 */
export async function readGraphRows<T extends GraphTableName>(
  table: T,
  userId: string,
  deps: { store: MemoryStore; cache?: UserItemsCache; writer?: BatchWriter },
  filter?: Filter,
): Promise<StoredGraphRow<T>[]> {
  // Taken before the cache is read: a running flush keeps its rows here until the cache holds them.
  const pending = deps.writer?.pendingGraphRows(table);
  const cached = deps.cache ? await deps.cache.graphRows(table, userId) : null;
  if (!cached) {
    // Also waits for a flush another agent started, so the store holds every row of the call.
    await deps.writer?.flush();
    return deps.store.listGraphRows(table, userId, filter ? { filter } : {});
  }
  const rows = pending && pending.size > 0 ? overlayRows<StoredGraphRow<T>>(cached, [...pending.values()]) : cached;
  return filter ? rows.filter(compileFilter(filter, columnSet(table))) : rows;
}
