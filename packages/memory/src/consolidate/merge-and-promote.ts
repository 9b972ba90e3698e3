import type { SemanticItem } from "../schema/memory-item";
import type { StoredMemoryItem } from "../store/memory-store";
import { applyToWorking, isActive, isDerived, olderFirst, sessionOf, unionSources, type ConsolidationChange, type WorkingItems } from "./consolidation-change";
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

/**
 * Promotes facts repeated across sessions (docs/architecture.md, "Consolidation and forgetting"):
 * a cluster of near-duplicate episodic items from at least `minSessions` distinct sessions (see
 * `sessionOf`) becomes
 * one semantic item keeping the oldest item's id, text and vector, with every source; the episodic
 * items are removed (each history row holds it with its vector). A cluster of fewer sessions is
 * left to {@link mergeNearDuplicates}.
 */
export function promoteRepeatedFacts(working: WorkingItems, rule: NearDuplicateRule & { minSessions: number }, now: string, sessionOfMessage: ReadonlyMap<string, string>): ConsolidationChange[] {
  const changes: ConsolidationChange[] = [];
  const episodes = [...working.values()].filter((item) => item.type === "episodic" && isActive(item) && !isDerived(item)).sort(olderFirst);
  for (const group of nearDuplicateGroups(episodes, rule)) {
    const sessions = new Set(group.map((item) => sessionOf(item, sessionOfMessage)).filter((session) => session !== ""));
    if (sessions.size < rule.minSessions) continue;
    const oldest = group[0]!;
    if (oldest.type !== "episodic") continue;
    const { sources, importance, access_count, last_accessed_at } = absorb(oldest, group, now);
    const fact: SemanticItem & { vector: number[] } = {
      type: "semantic",
      id: oldest.id,
      user_id: oldest.user_id,
      agent_id: oldest.agent_id,
      session_id: oldest.session_id,
      text: oldest.text,
      created_at: oldest.created_at,
      updated_at: now,
      valid_from: group.map((item) => item.valid_from).sort()[0]!,
      valid_to: null,
      sources,
      importance,
      access_count,
      last_accessed_at,
      key: oldest.key,
      name: oldest.actor,
      summary: oldest.summary || oldest.text,
      details: `repeated in ${sessions.size} sessions`,
      source: oldest.actor,
      vector: oldest.vector,
    };
    for (const item of group) changes.push({ step: "promote", event: "MERGE", before: item, after: null, into: fact.id });
    changes.push({ step: "promote", event: "ADD", before: null, after: fact });
  }
  return applyToWorking(working, changes);
}
