import { GRAPH_TABLES, type GraphTableName } from "../schema/graph-row";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { MemoryStore } from "./memory-store";
import { HISTORY_TABLE, MESSAGES_TABLE } from "./table-schemas";

/** Rows per table: the six memory tables, `messages`, `history` and the graph tables `entities` and `relations`. */
export type StoreStats = Record<MemoryType | "messages" | "history" | GraphTableName, number>;

/** Rows per table, for one user or (no `userId`) the whole store. */
export async function readStoreStats(store: MemoryStore, userId: string | undefined): Promise<StoreStats> {
  const tables = [...MEMORY_TYPES, MESSAGES_TABLE, HISTORY_TABLE, ...GRAPH_TABLES] as const;
  const counts = await Promise.all(tables.map((table) => store.count(table, userId)));
  return Object.fromEntries(tables.map((table, index) => [table, counts[index]])) as StoreStats;
}
