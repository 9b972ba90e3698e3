import type { GraphTableName, StoredGraphRow } from "../schema/graph-row";
import type { Filter } from "../store/filter";
import { compileFilter } from "../store/match-filter";
import type { MemoryStore } from "../store/memory-store";
import { columnSet } from "../store/table-schemas";
import type { UserItemsCache } from "../recall/user-items-cache";
import { readThroughWriter, type BatchWriter } from "../ingest/ingest-write-buffer";

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
  const rows = await readThroughWriter(deps.writer, (writer) => writer.pendingGraphRows(table), async () => (deps.cache ? deps.cache.graphRows(table, userId) : null));
  if (!rows) return deps.store.listGraphRows(table, userId, filter ? { filter } : {});
  return filter ? rows.filter(compileFilter(filter, columnSet(table))) : rows;
}
