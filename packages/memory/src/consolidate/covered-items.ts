import type { MemoryType } from "../schema/memory-type";
import type { StoredMemoryItem } from "../store/memory-store";
import { contentWords } from "../text/words";
import { applyToWorking, isActive, isDerived, type ConsolidationChange, type WorkingItems } from "./consolidation-change";

/** Types an item can be covered by, for each type that can be covered (see {@link removeCoveredItems}). */
const COVERED_BY: Partial<Record<MemoryType, readonly MemoryType[]>> = {
  resource: ["episodic"],
  semantic: ["episodic"],
  procedural: ["episodic"],
};

/**
 * Removes items another item of a richer type already says (docs/architecture.md, "Consolidation
 * and forgetting"): a resource (a shared photo: caption and message) drawn from exactly the same
 * messages as an episodic event that holds at least `minContainment` (0..1) of its content words.
 * The episodic event keeps its id and sources (the same messages); the resource's history row
 * (`MERGE`, after null) holds it with its vector so `undo` can put it back.
 */
export function removeCoveredItems(working: WorkingItems, minContainment: number): ConsolidationChange[] {
  const bySources = new Map<string, StoredMemoryItem[]>();
  for (const item of working.values()) {
    if (!isActive(item) || isDerived(item) || item.sources.length === 0) continue;
    const key = [...item.sources].sort().join("\u0000");
    bySources.set(key, [...(bySources.get(key) ?? []), item]);
  }
  const changes: ConsolidationChange[] = [];
  for (const group of bySources.values()) {
    for (const item of group) {
      const richer = COVERED_BY[item.type];
      if (!richer) continue;
      const words = new Set(contentWords(item.text));
      const cover = group.find((other) => richer.includes(other.type) && containment(words, contentWords(other.text)) >= minContainment);
      if (cover) changes.push({ step: "merge", event: "MERGE", before: item, after: null, into: cover.id });
    }
  }
  return applyToWorking(working, changes);
}

/** Share of `words` found in `other`; 0 for no words. */
function containment(words: ReadonlySet<string>, other: readonly string[]): number {
  if (words.size === 0) return 0;
  const set = new Set(other);
  let found = 0;
  for (const word of words) if (set.has(word)) found++;
  return found / words.size;
}
