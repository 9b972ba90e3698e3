import type * as lancedb from "@lancedb/lancedb";
import * as arrow from "apache-arrow";
import type { Data, Field, FixedSizeList, Float32, List, Schema, Table, Vector } from "apache-arrow";

/**
 * `rows` as the Arrow table LanceDB's `makeArrowTable(rows, { schema })` makes of them (the
 * conversion `table.add` and `mergeInsert` run on plain rows), built column by column from typed
 * arrays instead of through Arrow's builders one value at a time: strings encoded straight into
 * one buffer per column, numbers and booleans into typed arrays, the `vector` column (a
 * fixed-size list of float32) from one `Float32Array` (the same float32 values: JavaScript numbers
 * rounded as a `Float32Array` rounds them, as the builder does). The dev bench's warm ingest spent
 * about 50 ms of its main thread per pass in `makeArrowTable`; the vector column alone of 1,000
 * rows of 512 dimensions took ~120 ms through the builder, ~25 ms this way (loaded 2-core machine).
 *
 * As `makeArrowTable` does, the table has the schema's columns that some row holds (a value other
 * than `undefined`), in the schema's order (LanceDB fills the others with nulls). `schema` is the
 * table's own (`table.schema()`). Columns of the store's kinds are built here (`table-schemas.ts`:
 * non-null and nullable UTF-8 strings, lists of strings, float64, int32, booleans, and `vector`);
 * when a column is of another type or a value does not fit its column (a missing value in a column
 * that is not nullable, a vector of another length, a key the schema lacks), the rows are returned
 * as they are: LanceDB converts (or rejects) them as before.
 */
export function toArrowTable(rows: Record<string, unknown>[], schema: Schema): Record<string, unknown>[] | Table {
  if (rows.length === 0) return rows;
  const held = new Set<string>();
  for (const row of rows) {
    for (const key in row) if (row[key] !== undefined) held.add(key);
  }
  const fields = schema.fields.filter((field) => held.has(field.name));
  if (fields.length !== held.size) return rows;
  const columns: Record<string, Vector> = {};
  for (const field of fields) {
    const data = columnData(field, rows.map((row) => row[field.name]));
    if (data === undefined) return rows;
    columns[field.name] = arrow.makeVector(data);
  }
  return new arrow.Table(new arrow.Schema(fields, schema.metadata), columns);
}

/** `rows` for a write to `table` (`add`, `mergeInsert`): {@link toArrowTable} with the table's schema. */
export async function rowsForWrite(table: lancedb.Table, rows: Record<string, unknown>[]): Promise<Record<string, unknown>[] | Table> {
  return toArrowTable(rows, await table.schema());
}

/** One column's Arrow data, or undefined when its type is not one built here or a value does not fit it. */
function columnData(field: Field, values: unknown[]): Data | undefined {
  const { type } = field;
  if (arrow.DataType.isUtf8(type)) return utf8Data(type as arrow.Utf8, values, field.nullable);
  if (arrow.DataType.isFloat(type) && (type as arrow.Float).precision === arrow.Precision.DOUBLE) {
    if (!values.every((value) => typeof value === "number")) return undefined;
    return arrow.makeData({ type: type as arrow.Float64, length: values.length, nullCount: 0, data: Float64Array.from(values as number[]) });
  }
  if (arrow.DataType.isInt(type) && (type as arrow.Int).bitWidth === 32 && (type as arrow.Int).isSigned) {
    if (!values.every((value) => typeof value === "number" && (value | 0) === value)) return undefined;
    return arrow.makeData({ type: type as arrow.Int32, length: values.length, nullCount: 0, data: Int32Array.from(values as number[]) });
  }
  if (arrow.DataType.isBool(type)) {
    if (!values.every((value) => typeof value === "boolean")) return undefined;
    return arrow.makeData({ type: type as arrow.Bool, length: values.length, nullCount: 0, data: arrow.util.packBools(values as boolean[]) });
  }
  if (arrow.DataType.isList(type)) return stringListData(type as List, values);
  if (arrow.DataType.isFixedSizeList(type)) return float32VectorData(type as FixedSizeList, values);
  return undefined;
}

/** A UTF-8 column: each string's bytes (as `TextEncoder` gives them) one after the other, and their offsets. */
function utf8Data(type: arrow.Utf8, values: unknown[], nullable: boolean): Data | undefined {
  const offsets = new Int32Array(values.length + 1);
  let nullCount = 0;
  let bytes = 0;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === "string") bytes += Buffer.byteLength(value, "utf8");
    else if (value == null && nullable) nullCount += 1;
    else return undefined;
    offsets[index + 1] = bytes;
  }
  const data = Buffer.allocUnsafe(bytes);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (typeof value === "string") data.write(value, offsets[index]!, "utf8");
  }
  const nullBitmap = nullCount > 0 ? arrow.util.packBools(values.map((value) => value != null)) : undefined;
  return arrow.makeData({ type, length: values.length, nullCount, nullBitmap, valueOffsets: offsets, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) });
}

/** A non-null list-of-strings column (`sources`, `steps`, `aliases`): the lists' offsets over one string column of every item. */
function stringListData(type: List, values: unknown[]): Data | undefined {
  const child = type.children[0];
  if (!child || !arrow.DataType.isUtf8(child.type)) return undefined;
  const offsets = new Int32Array(values.length + 1);
  const items: unknown[] = [];
  for (let index = 0; index < values.length; index++) {
    const list = values[index];
    if (!Array.isArray(list)) return undefined;
    for (const item of list) items.push(item);
    offsets[index + 1] = items.length;
  }
  const itemData = utf8Data(child.type as arrow.Utf8, items, false);
  if (itemData === undefined) return undefined;
  return arrow.makeData({ type, length: values.length, nullCount: 0, valueOffsets: offsets, child: itemData });
}

/** A non-null fixed-size list of float32 (`vector`) from one `Float32Array`. */
function float32VectorData(type: FixedSizeList, values: unknown[]): Data | undefined {
  const child = type.children[0];
  if (!child || !arrow.DataType.isFloat(child.type) || (child.type as Float32).precision !== arrow.Precision.SINGLE) return undefined;
  const size = type.listSize;
  if (!values.every((value) => Array.isArray(value) && value.length === size)) return undefined;
  const floats = new Float32Array(values.length * size);
  for (let index = 0; index < values.length; index++) floats.set(values[index] as number[], index * size);
  return arrow.makeData({ type, length: values.length, nullCount: 0, child: arrow.makeData({ type: child.type as Float32, length: floats.length, data: floats }) });
}
