import type { MemoryItem } from "../schema/memory-item";
import { normalizeText } from "../text/normalize-text";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion";
import type { RankedList } from "./search-memories";

/** A memory item with its fused score (higher is better). */
export interface FusedItem {
  item: MemoryItem;
  score: number;
}

/** Options of {@link fuseRankedLists}. */
export interface FuseOptions {
  /** Weight of `importance` (0..1): score × (1 + importanceWeight × importance). @default 0.1 */
  importanceWeight?: number;
  /** RRF weight of each search method. @default { text: 1, vector: 1, time: 1, graph: 1 } */
  methodWeights?: Partial<Record<RankedList["method"], number>>;
}

const DEFAULT_METHOD_WEIGHTS: Record<RankedList["method"], number> = { text: 1, vector: 1, time: 1, graph: 1 };

/**
 * Fuses the per-table lists across memory types. Hits of one method are first merged across
 * tables by their own score (cosine distance ascending for vector and time search, BM25
 * descending for full-text), so a table's best hit ranks high only when it is close to the query;
 * the method rankings are then fused by reciprocal rank fusion (k = 60, Cormack et al., SIGIR
 * 2009), boosted by importance, and de-duplicated by normalized text, keeping the best copy.
 *
 * @returns items best first.
 */
export function fuseRankedLists(lists: RankedList[], options: FuseOptions = {}): FusedItem[] {
  const importanceWeight = options.importanceWeight ?? 0.1;
  const methodWeights = { ...DEFAULT_METHOD_WEIGHTS, ...options.methodWeights };
  const byId = new Map<string, MemoryItem>();
  const methods = new Map<RankedList["method"], { id: string; score: number }[]>();
  for (const list of lists) {
    const merged = methods.get(list.method) ?? [];
    for (const hit of list.hits) {
      byId.set(hit.item.id, hit.item);
      merged.push({ id: hit.item.id, score: hit.score });
    }
    methods.set(list.method, merged);
  }
  const rankings = [...methods.entries()].map(([method, hits]) => ({
    weight: methodWeights[method] ?? 1,
    // Ties broken by id: LanceDB returns hits of equal score in any order, and recall should not vary with it.
    ids: hits.sort((a, b) => (method === "text" ? b.score - a.score : a.score - b.score) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((hit) => hit.id),
  }));
  const fused = reciprocalRankFusion(rankings)
    .map(({ id, score }) => {
      const item = byId.get(id)!;
      return { item, score: score * (1 + importanceWeight * item.importance) };
    })
    .sort((a, b) => b.score - a.score);
  const seenText = new Set<string>();
  return fused.filter(({ item }) => {
    const text = normalizeText(item.text);
    if (seenText.has(text)) return false;
    seenText.add(text);
    return true;
  });
}
