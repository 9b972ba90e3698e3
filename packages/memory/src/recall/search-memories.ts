import type { Embedder } from "../embed/embedder";
import type { MemoryType } from "../schema/memory-type";
import type { Filter } from "../store/filter";
import { compileFilter } from "../store/match-filter";
import { columnSet } from "../store/table-schemas";
import type { MemoryStore, StoreSearchHit } from "../store/memory-store";
import type { RecallTopics } from "./recall-types";
import { searchItemsByVector } from "./search-items-by-vector";
import type { UserItemsCache, WeightedTextQuery } from "./user-items-cache";
import { compareTies } from "../util/compare-ties";

/** One ranked list from one search of one table. */
export interface RankedList {
  type: MemoryType;
  /**
   * `vector` (cosine), `text` (BM25 full-text), `time` (vector search inside the query's time range)
   * or `graph` (items behind the relations graph search reached; `recall/search-graph.ts`), or
   * `entity` (items about the people the query names; `recall/search-entity-items.ts`), or `turn`
   * (items citing the raw turns a BM25 search of the user's messages found, or those turns; `recall/search-turns.ts`).
   */
  method: "vector" | "text" | "time" | "graph" | "entity" | "turn";
  /** Best first; `score` is a cosine distance (vector, time: lower is better), a BM25 score (text: higher is better) or a rank (graph, turn: lower is better). */
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
  /** The query's embedding, when the caller already has it (one embedding per query). */
  vector?: number[];
  /** Also search archived items (`archived_at` set). @default false */
  includeArchived?: boolean;
}

/** Filter keeping items still valid at `asOf`. */
export function validAt(asOf: string): Filter {
  return { $or: [{ valid_to: { $isNull: true } }, { valid_to: { $gt: asOf } }] };
}

/** `filter` and, unless `includeArchived`, not archived (`archived_at` null): what recall and `list` search by default. */
export function excludingArchived(filter: Filter, includeArchived = false): Filter {
  return includeArchived ? filter : { ...filter, archived_at: { $isNull: true } };
}

/**
 * Filter keeping the episodic events valid at `asOf` whose span overlaps `[start, end)`: the span
 * `occurred_at` to `occurred_end`, or the instant `occurred_at` when the event has no end.
 */
function overlapsRange(valid: Filter, start: string, end: string): Filter {
  return {
    $or: [
      { ...valid, occurred_at: { $lt: end }, occurred_end: { $gt: start } },
      { ...valid, occurred_at: { $gte: start, $lt: end }, occurred_end: { $isNull: true } },
    ],
  };
}

/**
 * Hybrid search (docs/architecture.md, "Recall: active retrieval"): for each memory type, an exact cosine vector search of the
 * query embedding and a BM25 full-text search of the keywords and entities, both filtered by user
 * and validity; when the query names a time range, a third list searches the episodic events
 * whose span overlaps it (an event of "summer 2022" matches a question about July 2022). When the topics carry
 * `expansions` (`recall/expand-query.ts`), the full-text list ranks by the keywords' BM25 score plus
 * {@link EXPANSION_TERM_WEIGHT} times the expansions' BM25 score. The lists are fused later by reciprocal rank fusion.
 *
 * With `deps.cache`, a user's small tables are searched in process, by vector (same results as
 * the store's exact search) and by BM25 (`UserItemsCache.searchText`: statistics over the user's
 * rows), so a warm recall of such a user queries no table; tables where the user has no rows cost nothing.
 */
export async function searchMemories(
  topics: RecallTopics,
  options: SearchMemoriesOptions,
  deps: { store: MemoryStore; embedder: Embedder; cache?: UserItemsCache },
): Promise<RankedList[]> {
  const limit = options.limit ?? 40;
  const vector = options.vector ?? (await deps.embedder.embedMany([topics.searchText]))[0]!;
  const textQuery = [...new Set([...topics.entities, ...topics.keywords])].join(" ");
  const expansion = topics.expansions?.length ? { query: topics.expansions.join(" "), weight: EXPANSION_TERM_WEIGHT } : undefined;
  const valid = excludingArchived(validAt(options.asOf), options.includeArchived);
  const searchType = async (type: MemoryType): Promise<RankedList[]> => {
    const cached = deps.cache ? await deps.cache.items(type, options.userId) : null;
    if (cached && cached.length === 0) return [{ type, method: "vector", hits: [] }, { type, method: "text", hits: [] }];
    const inRange = type === "episodic" && topics.timeRange ? topics.timeRange : null;
    if (cached && deps.cache) {
      // The same filters as the store's searches, evaluated on the cached items: no store query.
      // The validity filter is evaluated once per item; text search still scores over every cached row.
      const validItems = cached.filter(compileFilter(valid, columnSet(type)));
      const validSet = new Set(validItems);
      const lists: RankedList[] = [
        { type, method: "vector", hits: searchItemsByVector(validItems, vector, { limit, keep: () => true }) },
        { type, method: "text", hits: deps.cache.searchText(cached, textQuery, { limit, keep: (item) => validSet.has(item), expansion }) },
      ];
      if (inRange) {
        const keep = compileFilter(overlapsRange({}, inRange.start, inRange.end), columnSet(type)); // validItems passed `valid` already
        lists.push({ type, method: "time", hits: searchItemsByVector(validItems, vector, { limit, keep }) });
      }
      return lists;
    }
    const lists: Promise<RankedList>[] = [
      deps.store.vectorSearch(type, options.userId, vector, { limit, filter: valid }).then((hits) => ({ type, method: "vector" as const, hits })),
      textSearchExpanded(deps.store, type, options.userId, textQuery, { limit, filter: valid, expansion }).then((hits) => ({ type, method: "text" as const, hits })),
    ];
    if (inRange) {
      const filter = overlapsRange(valid, inRange.start, inRange.end);
      lists.push(deps.store.vectorSearch(type, options.userId, vector, { limit, filter }).then((hits) => ({ type, method: "time" as const, hits })));
    }
    return Promise.all(lists);
  };
  return (await Promise.all(options.types.map(searchType))).flat();
}

/**
 * Weight of the query's expansion terms in the full-text list: an item's BM25 score for the
 * expansions counts this much of its score for the query's own keywords. On the LoCoMo dev set
 * (`pnpm bench` against `--no-expansion`, evidence recall@1500 0.832): 0.841 at 0.3 (two runs), 0.839
 * at 0.5, and 0.832 with the expansions as a fused list of their own at RRF weight 0.5 or 0.25
 * (docs/architecture.md, "Recall: active retrieval").
 */
export const EXPANSION_TERM_WEIGHT = 0.3;

/**
 * The store's full-text search of `query`, and with `expansion` a second search of the expansion
 * query whose scores add at its weight; items only one of the two searches returned (each its best
 * `limit`) count 0 for the other, so on a large table the sum can miss an item just past both limits.
 */
async function textSearchExpanded(
  store: MemoryStore,
  type: MemoryType,
  userId: string,
  query: string,
  options: { limit: number; filter: Filter; expansion?: WeightedTextQuery },
): Promise<StoreSearchHit[]> {
  const { expansion, ...searchOptions } = options;
  const [hits, expanded] = await Promise.all([store.textSearch(type, userId, query, searchOptions), expansion ? store.textSearch(type, userId, expansion.query, searchOptions) : []]);
  if (!expansion || expanded.length === 0) return hits;
  const summed = new Map(hits.map((hit) => [hit.item.id, { ...hit }]));
  for (const hit of expanded) {
    const known = summed.get(hit.item.id);
    if (known) known.score += expansion.weight * hit.score;
    else summed.set(hit.item.id, { ...hit, score: expansion.weight * hit.score });
  }
  return [...summed.values()].sort((a, b) => b.score - a.score || compareTies(a.item, b.item)).slice(0, options.limit);
}
