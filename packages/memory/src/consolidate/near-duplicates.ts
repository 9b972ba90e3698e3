import { cosineDistance } from "../store/cosine-distance";
import type { StoredMemoryItem } from "../store/memory-store";
import { normalizeText } from "../text/normalize-text";
import { contentWords } from "../text/words";

/** When two items of one type count as near-duplicates (see {@link nearDuplicateGroups}). */
export interface NearDuplicateRule {
  /** Largest cosine distance (0 to 2, lower is closer) of two near-duplicates' vectors. */
  maxDistance: number;
  /** Least share (0..1) of the smaller item's content words found in the other (Szymkiewicz–Simpson overlap). */
  minWordOverlap: number;
}

/**
 * Groups items into near-duplicate clusters (connected components, by union-find): two items are
 * linked when their normalized texts are equal, or when their vectors are within
 * `rule.maxDistance` and their content words overlap by at least `rule.minWordOverlap` (so two
 * sentences about different people or things are not merged because the hash vectors are close).
 * Linking depends only on text and vector, so the clusters of a pass's survivors are singletons
 * (a second pass finds nothing).
 *
 * @returns clusters of two or more items, each in the input order.
 */
export function nearDuplicateGroups(items: readonly StoredMemoryItem[], rule: NearDuplicateRule): StoredMemoryItem[][] {
  const parent = items.map((_, index) => index);
  const find = (index: number): number => {
    while (parent[index] !== index) {
      parent[index] = parent[parent[index]!]!;
      index = parent[index]!;
    }
    return index;
  };
  const normalized = items.map((item) => normalizeText(item.text));
  const words = items.map((item) => new Set(contentWords(item.text)));
  for (let a = 0; a < items.length; a++) {
    for (let b = a + 1; b < items.length; b++) {
      if (find(a) === find(b)) continue;
      const same = normalized[a] === normalized[b];
      if (same || (cosineDistance(items[a]!.vector, items[b]!.vector) <= rule.maxDistance && overlap(words[a]!, words[b]!) >= rule.minWordOverlap)) parent[find(b)] = find(a);
    }
  }
  const groups = new Map<number, StoredMemoryItem[]>();
  for (const [index, item] of items.entries()) groups.set(find(index), [...(groups.get(find(index)) ?? []), item]);
  return [...groups.values()].filter((group) => group.length > 1);
}

/** Overlap coefficient |A ∩ B| / min(|A|, |B|); 0 when either set is empty. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / Math.min(a.size, b.size);
}
