import type { GraphTableName, StoredGraphRow } from "../schema/graph-row";
import type { Filter } from "../store/filter";
import { compileFilter } from "../store/match-filter";
import type { MemoryStore } from "../store/memory-store";
import { columnSet } from "../store/table-schemas";
import type { UserItemsCache } from "../recall/user-items-cache";

/** The user's rows of a graph table (with vectors) matching `filter`, or all of them: filtered in process for a user the cache holds, else one store query. */
export async function readGraphRows<T extends GraphTableName>(table: T, userId: string, deps: { store: MemoryStore; cache?: UserItemsCache }, filter?: Filter): Promise<StoredGraphRow<T>[]> {
  const cached = deps.cache ? await deps.cache.graphRows(table, userId) : null;
  if (!cached) return deps.store.listGraphRows(table, userId, filter ? { filter } : {});
  return filter ? cached.filter(compileFilter(filter, columnSet(table))) : cached;
}
