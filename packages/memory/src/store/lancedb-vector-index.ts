import * as lancedb from "@lancedb/lancedb";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import { columnsOf } from "./table-schemas";

/** IVF partitions probed per ANN query. */
export const ANN_PROBES = 20;
/** Candidates re-ranked by exact distance per result wanted. */
export const ANN_REFINE_FACTOR = 10;
/** PQ training needs at least this many rows. */
const MIN_ANN_ROWS = 256;

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
  /** Memory tables that already have an ANN index on `vector`; the tables indexed are added. */
  indexed: Set<MemoryType>;
  /** Rows of a memory table, all users. */
  count(type: MemoryType): Promise<number>;
  /** Builds the index on `vector` of one table. */
  createIndex(type: MemoryType, config: lancedb.Index): Promise<void>;
}

/**
 * Builds an ANN index (IVF_PQ, cosine; about √rows partitions, 16 dimensions per PQ sub-vector)
 * on `vector` of each memory table that holds at least `minRows` rows (all users together) and
 * has none yet. Later rows are searched exactly beside the index until `optimize` adds them to
 * it. PQ training needs at least 256 rows, so `minRows` below that counts as 256.
 *
 * @returns the tables indexed by this call.
 */
export async function ensureVectorIndexes(target: VectorIndexTarget, minRows: number): Promise<MemoryType[]> {
  const built: MemoryType[] = [];
  for (const type of MEMORY_TYPES) {
    if (target.indexed.has(type)) continue;
    const rows = await target.count(type);
    if (rows < Math.max(MIN_ANN_ROWS, minRows)) continue;
    const config = lancedb.Index.ivfPq({
      distanceType: "cosine",
      numPartitions: Math.max(1, Math.round(Math.sqrt(rows))),
      numSubVectors: Math.max(1, Math.floor(target.dimensions / 16)),
    });
    await target.createIndex(type, config);
    target.indexed.add(type);
    built.push(type);
  }
  return built;
}
