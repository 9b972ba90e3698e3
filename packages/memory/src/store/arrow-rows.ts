import { makeArrowTable } from "@lancedb/lancedb";
import * as arrow from "apache-arrow";
import type { FixedSizeList, Float32, Schema, Table, Vector } from "apache-arrow";

/**
 * `rows` as the Arrow table LanceDB's `makeArrowTable(rows, { schema })` makes of them, with the
 * `vector` column (a fixed-size list of float32) built from one `Float32Array` instead of one
 * Arrow builder call per element: the same float32 values (JavaScript numbers rounded as a
 * `Float32Array` rounds them, as the builder does). Measured on a loaded 2-core machine: the vector
 * column of 1,000 rows of 512 dimensions in ~25 ms instead of ~120 ms; 1,200 episodic rows (the
 * other columns still built by `makeArrowTable`) in 83–208 ms instead of 120–641 ms.
 *
 * `schema` is the table's own (`table.schema()`). Rows whose vectors are missing or of another
 * length, or a schema whose `vector` column is not a fixed-size float32 list, are returned as they
 * are: LanceDB converts (and rejects) them as before.
 */
export function withArrowVectors(rows: Record<string, unknown>[], schema: Schema): Record<string, unknown>[] | Table {
  const vectorField = schema.fields.find((field) => field.name === "vector");
  if (!vectorField || !arrow.DataType.isFixedSizeList(vectorField.type) || rows.length === 0) return rows;
  const listType = vectorField.type as FixedSizeList;
  const child = listType.children[0];
  if (!child || !arrow.DataType.isFloat(child.type) || (child.type as Float32).precision !== arrow.Precision.SINGLE) return rows;
  const size = listType.listSize;
  if (!rows.every((row) => Array.isArray(row.vector) && row.vector.length === size)) return rows;
  const values = new Float32Array(rows.length * size);
  for (const [index, row] of rows.entries()) values.set(row.vector as number[], index * size);
  const vectors = arrow.makeVector(arrow.makeData({ type: listType, length: rows.length, nullCount: 0, child: arrow.makeData({ type: child.type as Float32, length: values.length, data: values }) }));
  const rest = makeArrowTable(
    rows.map(({ vector: _vector, ...row }) => row),
    { schema: new arrow.Schema(schema.fields.filter((field) => field !== vectorField), schema.metadata) },
  );
  // As `makeArrowTable` does, only the schema's columns the rows hold, in the schema's order (LanceDB fills the others with nulls).
  const fields = schema.fields.filter((field) => field === vectorField || rest.schema.fields.some((held) => held.name === field.name));
  const columns: Record<string, Vector> = {};
  for (const field of fields) columns[field.name] = field === vectorField ? vectors : rest.getChild(field.name)!;
  return new arrow.Table(new arrow.Schema(fields, schema.metadata), columns);
}
