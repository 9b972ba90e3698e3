import type { MemoryItem } from "../schema/memory-item";
import { normalizeText } from "../ingest/reconcile";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion";
import type { RankedList } from "./search-memories";

/** A memory item with its fused score (higher is better). */
export interface FusedItem {
  item: MemoryItem;
  score: number;
}

/** Options of {@link fuseRankedLists}. */
export interface FuseOptions {
  /** Weight of `importance` (0..1): score × (1 + importanceWeight × importance). @default 0.2 */
  importanceWeight?: number;
}

/**
 * Fuses ranked lists across memory types with reciprocal rank fusion (k = 60), boosts by
 * importance, and removes duplicates (the same item in several lists, or items with the same
 * normalized text), keeping the best-scored copy.
 *
 * @returns items best first.
 */
export function fuseRankedLists(lists: RankedList[], options: FuseOptions = {}): FusedItem[] {
  const importanceWeight = options.importanceWeight ?? 0.2;
  const byId = new Map<string, MemoryItem>();
  for (const list of lists) for (const item of list.items) byId.set(item.id, item);
  const fused = reciprocalRankFusion(lists.map((list) => ({ ids: list.items.map((item) => item.id) })))
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
