import * as lancedb from "@lancedb/lancedb";
import { ValidationError } from "../errors/engram-error";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { StoreTableName } from "./memory-store";
import { columnsOf } from "./table-schemas";
import { SerialByKey } from "../util/serial-by-key";

/** IVF partitions probed per ANN query. */
export const ANN_PROBES = 20;
/** Candidates re-ranked by exact distance per result wanted. */
export const ANN_REFINE_FACTOR = 10;
/**
 * A user's rows in an ANN-indexed memory table below which vector search skips the index and
 * compares the query with each of the user's rows (exact); see `LanceDbMemoryStoreOptions.annMinUserRows`.
 */
export const DEFAULT_ANN_MIN_USER_ROWS = 10_000;
/**
 * `LanceDbMemoryStoreOptions.annMinUserRows`, checked.
 * @throws ValidationError unless 0 or more (`Infinity` allowed).
 */
export function parseAnnMinUserRows(value: number | undefined): number {
  if (value === undefined) return DEFAULT_ANN_MIN_USER_ROWS;
  if (typeof value !== "number" || !(value >= 0)) throw new ValidationError(`annMinUserRows must be 0 or more (Infinity: never the ANN index), got ${String(value)}`);
  return value;
}
/** PQ training needs at least this many rows. */
export const MIN_ANN_ROWS = 256;
/**
 * Scalar (BTREE) indexes built beside the ANN index: `user_id` narrows every user-scoped query
 * (the prefilter of a search, a count) to the user's rows without scanning the column; `id` is
 * the other merge key of `upsertItems`.
 */
export const SCALAR_INDEX_COLUMNS = ["user_id", "id"] as const;

const searchColumnLists = new Map<string, string[]>();

/** The columns a search returns: the item's columns and its score, never the vector. */
export function searchColumns(type: MemoryType, score: "_distance" | "_score"): string[] {
  const key = `${type}:${score}`;
  let columns = searchColumnLists.get(key);
  if (!columns) {
    columns = [...Object.keys(columnsOf(type)), score];
    searchColumnLists.set(key, columns);
  }
  return columns;
}

/** What {@link ensureVectorIndexes} needs from the store. */
export interface VectorIndexTarget {
  /** Vector length of the store. */
  dimensions: number;
  /** Memory tables that have an ANN index on `vector`; set to LanceDB's list for each table checked. */
  indexed: Set<MemoryType>;
  /** Memory tables that have their scalar indexes ({@link SCALAR_INDEX_COLUMNS}); set to LanceDB's list for each table checked. */
  scalarIndexed: Set<MemoryType>;
  /** Rows of a memory table, all users. */
  count(type: MemoryType): Promise<number>;
  /** The indexes of one table (LanceDB's `listIndices`). */
  listIndices(type: MemoryType): Promise<lancedb.IndexConfig[]>;
  /** Builds an index on `column` of one table. */
  createIndex(type: MemoryType, column: string, config: lancedb.Index): Promise<void>;
  /** The table's key in this process, the same for every store opened on its folder (one index build at a time per key). */
  tableKey(type: MemoryType): string;
}

/** The index builds of this process, one chain per table of a store folder ({@link VectorIndexTarget.tableKey}). */
const tableIndexBuilds = new SerialByKey();

/**
 * Builds, on each memory table that holds at least `minRows` rows (all users together), what it
 * lacks of: an ANN index (IVF_PQ, cosine; about √rows partitions, 16 dimensions per PQ
 * sub-vector) on `vector`, and BTREE indexes on {@link SCALAR_INDEX_COLUMNS}. Later rows are
 * searched exactly beside the indexes until `optimize` adds them. PQ training needs at least 256
 * rows, so `minRows` below that counts as 256. What a table lacks is read from LanceDB
 * (`listIndices`, one call per table past `minRows`), not from `indexed`: another store opened on
 * the folder may have built an index since (it is not built twice) or dropped it
 * ({@link dropUntrainableVectorIndex}; it is built again). The tables are checked in parallel; a
 * table's check and build wait for another one of the same table in this process (two `add` calls
 * do not train one index twice: the second reads the index the first built).
 *
 * @returns the tables given an ANN index by this call.
 */
export async function ensureVectorIndexes(target: VectorIndexTarget, minRows: number): Promise<MemoryType[]> {
  const built = await Promise.all(MEMORY_TYPES.map((type) => tableIndexBuilds.run(target.tableKey(type), () => ensureTableIndexes(target, type, minRows))));
  return MEMORY_TYPES.filter((_, index) => built[index]);
}

/** {@link ensureVectorIndexes} on one table. @returns whether it built the table's ANN index. */
async function ensureTableIndexes(target: VectorIndexTarget, type: MemoryType, minRows: number): Promise<boolean> {
  const rows = await target.count(type);
  if (rows < Math.max(MIN_ANN_ROWS, minRows)) return false;
  const columns = new Set((await target.listIndices(type)).flatMap((index) => index.columns));
  if (!SCALAR_INDEX_COLUMNS.every((column) => columns.has(column))) {
    for (const column of SCALAR_INDEX_COLUMNS) await target.createIndex(type, column, lancedb.Index.btree());
  }
  target.scalarIndexed.add(type);
  if (columns.has("vector")) {
    target.indexed.add(type);
    return false;
  }
  target.indexed.delete(type);
  const config = lancedb.Index.ivfPq({
    distanceType: "cosine",
    numPartitions: Math.max(1, Math.round(Math.sqrt(rows))),
    numSubVectors: Math.max(1, Math.floor(target.dimensions / 16)),
  });
  await target.createIndex(type, "vector", config);
  target.indexed.add(type);
  return true;
}

/**
 * How one vector search runs: `"ann"` through the table's ANN index (its candidates, prefiltered
 * by the query's filter, re-ranked by exact distance), `"exact"` by comparing the query with every
 * row the filter keeps (LanceDB's `bypassVectorIndex`; the same as a table without an index).
 */
export type VectorSearchRoute = "ann" | "exact";

/**
 * The route of a search of `userId`'s rows: exact on a table without an ANN index, and for a user
 * with fewer than `annMinUserRows` rows in the table. A prefiltered IVF search probes a few
 * partitions, and a user's few rows are spread over all of them, so it finds few of them; an
 * exact search over a few thousand rows costs about as much (LanceDB: "It is recommended to call
 * bypass_vector_index() if you know that the filter is highly selective"). `annMinUserRows` 0
 * uses the index for every user; `Infinity` never. `userRows` is called only when it decides.
 */
export async function vectorSearchRoute(indexed: boolean, annMinUserRows: number, userRows: () => Promise<number>): Promise<VectorSearchRoute> {
  if (!indexed || annMinUserRows === Number.POSITIVE_INFINITY) return "exact";
  if (annMinUserRows <= 0) return "ann";
  return (await userRows()) >= annMinUserRows ? "ann" : "exact";
}

/**
 * The cosine vector query of `where`'s rows of `table` by `route`, returning {@link searchColumns}: the `limit` nearest. On the
 * exact route only those closer than `maxDistance` when given (LanceDB's `distanceRange`, its upper bound excluded). On the
 * ANN route `maxDistance` is not applied here: LanceDB 0.39 applies `distanceRange` to the PQ-compressed distances inside the
 * index, before the exact re-rank, and so dropped even an item identical to the query; the caller filters the re-ranked hits
 * (`LanceDbMemoryStore.vectorSearch`). `bounds` are parsed already (`parseVectorSearchOptions`).
 */
export function vectorSearchQuery(table: lancedb.Table, type: MemoryType, vector: number[], where: string, bounds: { limit: number; maxDistance?: number }, route: VectorSearchRoute): lancedb.VectorQuery {
  const query = table.vectorSearch(vector).distanceType("cosine").where(where).select(searchColumns(type, "_distance")).limit(bounds.limit);
  if (route === "ann") return query.nprobes(ANN_PROBES).refineFactor(ANN_REFINE_FACTOR);
  if (bounds.maxDistance !== undefined) query.distanceRange(undefined, bounds.maxDistance);
  return query.bypassVectorIndex();
}

/**
 * Drops the ANN index of memory table `name` (other tables have none: a no-op) when the table holds fewer than {@link MIN_ANN_ROWS}
 * rows (all users): when every row the index covers is deleted, LanceDB's compaction (`optimize`)
 * trains the index again on the rows added since, and fails with "Not enough rows to train PQ", so
 * a forget or a delete that left a small table could not compact nor prune it. `indexed` loses the
 * table first, so searches from then on route exact ({@link vectorSearchRoute}), and
 * `ensureVectorIndexes` builds the index again once the table has enough rows. Whether the table
 * has the index is read from LanceDB (`listIndices`), not from `indexed`: another store opened on
 * the folder may have built it since this one read its indexes. `run` makes one LanceDB call with
 * the store's retries and errors.
 *
 * @returns true when an index was dropped.
 */
export async function dropUntrainableVectorIndex(table: lancedb.Table, name: StoreTableName, indexed: Set<MemoryType>, run: <T>(action: string, work: () => Promise<T>) => Promise<T>): Promise<boolean> {
  if (!(MEMORY_TYPES as readonly string[]).includes(name) || (await run("count", () => table.countRows())) >= MIN_ANN_ROWS) return false;
  const vectorIndexes = (await run("list indexes", () => table.listIndices())).filter((config) => config.columns.includes("vector"));
  indexed.delete(name as MemoryType);
  for (const index of vectorIndexes) await run("drop index", () => table.dropIndex(index.name));
  return vectorIndexes.length > 0;
}
