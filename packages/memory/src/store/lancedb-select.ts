import type * as lancedb from "@lancedb/lancedb";
import { buildWhere, type Filter } from "./filter";
import { rowToPlain, type ColumnKind } from "./table-schemas";

/**
 * Reads the rows of `table` matching `filter` (columns checked against `options.columns`), only the
 * table's own columns, plus `vector` (as a plain array) when `withVector`; `run` wraps the LanceDB
 * call with the store's retries and errors.
 */
export async function selectRows(
  table: lancedb.Table,
  filter: Filter,
  options: { limit?: number; withVector: boolean; columns: Record<string, ColumnKind>; run: (work: () => Promise<Record<string, unknown>[]>) => Promise<Record<string, unknown>[]> },
): Promise<Record<string, unknown>[]> {
  const names = Object.keys(options.columns);
  const where = buildWhere(filter, new Set(names));
  const rows = await options.run(() => {
    let query = table.query();
    if (where.trim() !== "") query = query.where(where);
    query = query.select(options.withVector ? [...names, "vector"] : names);
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query.toArray();
  });
  return rows.map((row) => {
    const plain = rowToPlain(row, options.columns);
    if (options.withVector) plain.vector = Array.from(row.vector as Iterable<number>);
    return plain;
  });
}
