import type * as lancedb from "@lancedb/lancedb";
import { parseGraphRow, type GraphTableName, type StoredGraphRow } from "../schema/graph-row";
import { assertUserId } from "./assert-user-id";
import { buildWhere, type Filter } from "./filter";
import { selectRows } from "./lancedb-select";
import type { GraphSearchHit, StoreSearchOptions } from "./memory-store";
import { columnsOf, rowToPlain } from "./table-schemas";
import { rowsForWrite } from "./arrow-rows";

/** What the graph-table functions need from the LanceDB store: a table and its retried, wrapped calls. */
export interface LanceDbGraphTarget {
  table(name: GraphTableName): lancedb.Table;
  run<T>(name: GraphTableName, action: string, work: () => Promise<T>): Promise<T>;
}

/** `LanceDbMemoryStore.upsertGraphRows`: a merge-insert on (user_id, id). */
export async function upsertGraphRows<T extends GraphTableName>(target: LanceDbGraphTarget, table: T, rows: StoredGraphRow<T>[]): Promise<void> {
  for (const row of rows) assertUserId(row.user_id);
  if (rows.length === 0) return;
  const plain = rows.map((row) => ({ ...rowToPlain(row, columnsOf(table)), vector: row.vector }));
  await target.run(table, "write", async () => {
    const stored = target.table(table);
    return stored.mergeInsert(["user_id", "id"]).whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(await rowsForWrite(stored, plain));
  });
}

/** `LanceDbMemoryStore.listGraphRows`: the user's rows matching `filter`, with vectors. */
export async function listGraphRows<T extends GraphTableName>(
  target: LanceDbGraphTarget,
  table: T,
  userId: string,
  options: { filter?: Filter; limit?: number } = {},
): Promise<StoredGraphRow<T>[]> {
  assertUserId(userId);
  const rows = await selectRows(target.table(table), { ...options.filter, user_id: userId }, {
    limit: options.limit,
    withVector: true,
    columns: columnsOf(table),
    run: (work) => target.run(table, "read", work),
  });
  return rows.map((row) => parseGraphRow(table, row));
}

/** `LanceDbMemoryStore.searchGraphRows`: exact cosine search, best first. */
export async function searchGraphRows<T extends GraphTableName>(
  target: LanceDbGraphTarget,
  table: T,
  userId: string,
  vector: number[],
  options: StoreSearchOptions,
): Promise<GraphSearchHit<T>[]> {
  assertUserId(userId);
  const columns = columnsOf(table);
  const where = buildWhere({ ...options.filter, user_id: userId }, new Set(Object.keys(columns)));
  const rows = await target.run(table, "vector search", () =>
    target.table(table).vectorSearch(vector).distanceType("cosine").where(where).select([...Object.keys(columns), "_distance"]).limit(options.limit).toArray(),
  );
  return rows.map((row: Record<string, unknown>) => {
    const { vector: _vector, ...parsed } = parseGraphRow(table, rowToPlain(row, columns));
    return { row: parsed as unknown as GraphSearchHit<T>["row"], score: Number(row._distance) };
  });
}
