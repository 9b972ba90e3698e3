import type { Embedder } from "../embed/embedder";
import type { MemoryType } from "../schema/memory-type";
import type { Filter } from "../store/filter";
import type { MemoryStore, StoreSearchHit } from "../store/memory-store";
import type { RecallTopics } from "./recall-types";

/** One ranked list from one search of one table. */
export interface RankedList {
  type: MemoryType;
  /** `vector` (cosine), `text` (BM25 full-text) or `time` (vector search inside the query's time range). */
  method: "vector" | "text" | "time";
  /** Best first; `score` is a cosine distance (vector, time: lower is better) or a BM25 score (text: higher is better). */
  hits: StoreSearchHit[];
}

/** Options of {@link searchMemories}. */
export interface SearchMemoriesOptions {
  userId: string;
  types: MemoryType[];
  /** Items whose `valid_to` is at or before this ISO time are left out. */
  asOf: string;
  /** Items per list. @default 40 */
  limit?: number;
}

/** Filter keeping items still valid at `asOf`. */
export function validAt(asOf: string): Filter {
  return { $or: [{ valid_to: { $isNull: true } }, { valid_to: { $gt: asOf } }] };
}

/**
 * Hybrid search (docs/architecture.md, "Recall: active retrieval"): for each memory type, an exact cosine vector search of the
 * query embedding and a BM25 full-text search of the keywords and entities, both filtered by user
 * and validity; when the query names a time range, a third list searches the episodic events
 * whose span overlaps it (an event of "summer 2022" matches a question about July 2022). The lists are fused later by reciprocal rank fusion.
 */
export async function searchMemories(
  topics: RecallTopics,
  options: SearchMemoriesOptions,
  deps: { store: MemoryStore; embedder: Embedder },
): Promise<RankedList[]> {
  const limit = options.limit ?? 40;
  const [vector] = await deps.embedder.embedMany([topics.searchText]);
  const textQuery = [...new Set([...topics.entities, ...topics.keywords])].join(" ");
  const valid = validAt(options.asOf);
  const searches = options.types.flatMap((type) => {
    const lists: Promise<RankedList>[] = [
      deps.store.vectorSearch(type, options.userId, vector!, { limit, filter: valid }).then((hits) => ({ type, method: "vector" as const, hits })),
      deps.store.textSearch(type, options.userId, textQuery, { limit, filter: valid }).then((hits) => ({ type, method: "text" as const, hits })),
    ];
    if (type === "episodic" && topics.timeRange) {
      const { start, end } = topics.timeRange;
      // An event overlaps the range: its span (occurred_at to occurred_end), or its instant when it has no end.
      const inRange: Filter = {
        $or: [
          { ...valid, occurred_at: { $lt: end }, occurred_end: { $gt: start } },
          { ...valid, occurred_at: { $gte: start, $lt: end }, occurred_end: { $isNull: true } },
        ],
      };
      lists.push(
        deps.store.vectorSearch(type, options.userId, vector!, { limit, filter: inRange }).then((hits) => ({ type, method: "time" as const, hits })),
      );
    }
    return lists;
  });
  return Promise.all(searches);
}
