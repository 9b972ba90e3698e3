import type { StoredMemoryItem } from "../store/memory-store";
import { applyToWorking, isActive, isDerived, olderFirst, unionSources, type ConsolidationChange, type WorkingItems } from "./consolidation-change";
import { nearDuplicateGroups, type NearDuplicateRule } from "./near-duplicates";

/** Types whose near-duplicates a pass merges (core blocks and vault entries are left alone). */
export const MERGED_TYPES = ["episodic", "semantic", "procedural", "resource"] as const;

/**
 * Merges near-duplicate items of one type (docs/architecture.md, "Consolidation and forgetting"):
 * each cluster keeps its oldest item (see `olderFirst`), which takes the union of the cluster's
 * sources, the highest importance, the summed access count and the latest access; the others are
 * removed. Changes: one `MERGE` of the kept item, one `MERGE` (after null) per removed item, whose
 * history row holds the removed item with its vector so `undo` can put it back.
 */
export function mergeNearDuplicates(working: WorkingItems, rule: NearDuplicateRule, now: string): ConsolidationChange[] {
  const changes: ConsolidationChange[] = [];
  for (const type of MERGED_TYPES) {
    const items = [...working.values()].filter((item) => item.type === type && isActive(item) && !isDerived(item)).sort(olderFirst);
    for (const group of nearDuplicateGroups(items, rule)) {
      const [kept, ...merged] = group as [StoredMemoryItem, ...StoredMemoryItem[]];
      changes.push({ step: "merge", event: "MERGE", before: kept, after: absorb(kept, group, now) });
      for (const item of merged) changes.push({ step: "merge", event: "MERGE", before: item, after: null, into: kept.id });
    }
  }
  return applyToWorking(working, changes);
}

/** `kept` with the sources (in the order of `group`), highest importance and accesses of every item of `group`. */
export function absorb<T extends StoredMemoryItem>(kept: T, group: readonly StoredMemoryItem[], now: string): T {
  const accessed = group.map((item) => item.last_accessed_at).filter((at): at is string => at !== null).sort();
  return {
    ...kept,
    sources: unionSources(group),
    importance: Math.max(...group.map((item) => item.importance)),
    access_count: group.reduce((sum, item) => sum + item.access_count, 0),
    last_accessed_at: accessed.at(-1) ?? null,
    updated_at: now,
  };
}
