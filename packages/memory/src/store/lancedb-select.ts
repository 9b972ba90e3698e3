import type * as lancedb from "@lancedb/lancedb";
import { buildWhere, type Filter } from "./filter";
import { type Data, DataType, type Table as ArrowTable } from "apache-arrow";
import { plainValue, type ColumnKind } from "./table-schemas";
import { numberArray } from "../util/number-array";

/**
 * Reads the rows of `table` matching `filter` (columns checked against `options.columns`), only the
 * table's own columns, plus `vector` (as a plain array) when `withVector`; `run` wraps the LanceDB
 * call with the store's retries and errors (the conversion to plain rows runs after it, so a
 * conversion bug is not reported as a retryable store error).
 */
export async function selectRows(
  table: lancedb.Table,
  filter: Filter,
  options: { limit?: number; withVector: boolean; columns: Record<string, ColumnKind>; run: (work: () => Promise<ArrowTable>) => Promise<ArrowTable> },
): Promise<Record<string, unknown>[]> {
  const names = Object.keys(options.columns);
  const where = buildWhere(filter, new Set(names));
  const result = await options.run(() => {
    let query = table.query();
    if (where.trim() !== "") query = query.where(where);
    query = query.select(options.withVector ? [...names, "vector"] : names);
    if (options.limit !== undefined) query = query.limit(options.limit);
    return query.toArrow();
  });
  return plainRows(result, options.columns, options.withVector);
}

/**
 * The rows of an Arrow table as plain objects (`rowToPlain`'s values, keys in `columns` order, then
 * `vector` as a plain array), read column by column and the vectors from their flat float32
 * values: the same values as reading `toArray()`'s row proxies field by field, in about 40% less
 * time (a user's 369 messages: 12 ms against 7 ms; 342 episodic items with vectors: 34 against 23 ms).
 */
function plainRows(result: ArrowTable, columns: Record<string, ColumnKind>, withVector: boolean): Record<string, unknown>[] {
  const rows = Array.from({ length: result.numRows }, () => ({}) as Record<string, unknown>);
  for (const [name, kind] of Object.entries(columns)) {
    const column = result.getChild(name);
    for (const [index, row] of rows.entries()) row[name] = plainValue(column?.get(index), kind);
  }
  if (withVector) {
    let index = 0;
    for (const batch of result.batches) {
      const vectors = batch.getChild("vector");
      const floats = vectors?.data.length === 1 ? float32Values(vectors.data[0]!) : null;
      for (let at = 0; at < batch.numRows; at++, index++) {
        rows[index]!.vector = floats ? numberArray(floats.values.subarray(at * floats.size, (at + 1) * floats.size)) : Array.from(vectors?.get(at) as Iterable<number>);
      }
    }
  }
  return rows;
}

/** An unsliced fixed-size list of float32 without nulls (the `vector` column, as a query returns it) as its flat values and list size; null for any other layout (read value by value instead). */
function float32Values(data: Data): { values: Float32Array; size: number } | null {
  const child = data.children[0];
  if (!DataType.isFixedSizeList(data.type) || data.offset !== 0 || data.nullCount !== 0 || !child || child.offset !== 0 || child.nullCount !== 0 || !(child.values instanceof Float32Array)) return null;
  return { values: child.values, size: data.type.listSize };
}
