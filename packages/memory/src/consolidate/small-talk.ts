import type { StoredMemoryItem } from "../store/memory-store";
import { contentWords } from "../text/words";
import { applyToWorking, isActive, isDerived, sessionOf, type ConsolidationChange, type WorkingItems } from "./consolidation-change";
import { absorb } from "./merge-near-duplicates";

/** What {@link absorbSmallTalk} needs to place events in their conversation. */
export interface SmallTalkContext {
  /** Most content words (besides the speaker's name) of an event that counts as small talk. */
  maxWords: number;
  /** Message id → session id. */
  sessionOfMessage: ReadonlyMap<string, string>;
  /** Message id → its place in the user's conversation (`seq`). */
  orderOfMessage: ReadonlyMap<string, number>;
  now: string;
}

/**
 * Folds small-talk events into the conversation around them (docs/architecture.md,
 * "Consolidation and forgetting"): an episodic event of at most `maxWords` content words besides
 * its speaker's name ("Caroline: Enjoy your day!", "Gina: It's Shia Labeouf!") is merged into the
 * nearest earlier event of the same session that is not small talk (else the nearest later one),
 * usually the turn it answers. The kept event keeps its id and takes the small event's text
 * (appended, so an answer said in a few words stays findable), sources, highest importance and
 * accesses; its vector must be recomputed for the new text (see `reembedChanged`). A kept event is
 * longer than `maxWords`, so a second pass finds nothing more to fold.
 */
export function absorbSmallTalk(working: WorkingItems, context: SmallTalkContext): ConsolidationChange[] {
  const bySession = new Map<string, StoredMemoryItem[]>();
  for (const item of working.values()) {
    if (item.type !== "episodic" || !isActive(item) || isDerived(item)) continue;
    const session = sessionOf(item, context.sessionOfMessage);
    if (session === "" || item.sources.length === 0) continue;
    bySession.set(session, [...(bySession.get(session) ?? []), item]);
  }
  const orderOf = (item: StoredMemoryItem) => Math.min(...item.sources.map((source) => context.orderOfMessage.get(source) ?? Number.POSITIVE_INFINITY));
  const changes: ConsolidationChange[] = [];
  for (const events of bySession.values()) {
    const ordered = events.map((item) => ({ item, order: orderOf(item) })).filter((event) => Number.isFinite(event.order));
    ordered.sort((a, b) => a.order - b.order || (a.item.id < b.item.id ? -1 : 1));
    const small = ordered.map((event) => isSmallTalk(event.item, context.maxWords));
    const into = new Map<number, StoredMemoryItem[]>();
    for (const [index, event] of ordered.entries()) {
      if (!small[index]) continue;
      const target = nearestNotSmall(small, index);
      if (target !== undefined) into.set(target, [...(into.get(target) ?? []), event.item]);
    }
    for (const [target, absorbed] of into) {
      const kept = ordered[target]!.item;
      const group = [kept, ...absorbed].sort((a, b) => orderOf(a) - orderOf(b));
      const after = { ...absorb(kept, group, context.now), text: group.map((item) => item.text.trim()).join(" ") };
      changes.push({ step: "merge", event: "MERGE", before: kept, after });
      for (const item of absorbed) changes.push({ step: "merge", event: "MERGE", before: item, after: null, into: kept.id });
    }
  }
  return applyToWorking(working, changes);
}

/** Whether `item` says at most `maxWords` content words besides its speaker's name. */
function isSmallTalk(item: StoredMemoryItem, maxWords: number): boolean {
  const speaker = new Set(contentWords(item.type === "episodic" ? item.actor : ""));
  return contentWords(item.text).filter((word) => !speaker.has(word)).length <= maxWords;
}

/** Index of the nearest earlier entry that is not small talk, else the nearest later one. */
function nearestNotSmall(small: readonly boolean[], index: number): number | undefined {
  for (let earlier = index - 1; earlier >= 0; earlier--) if (!small[earlier]) return earlier;
  for (let later = index + 1; later < small.length; later++) if (!small[later]) return later;
  return undefined;
}
