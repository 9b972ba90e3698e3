import type { EpisodicItem } from "../schema/memory-item";
import type { StoredMemoryItem } from "../store/memory-store";
import { shouldArchive } from "../recall/retention";
import { applyToWorking, isActive, olderFirst, sessionOf, unionSources, type ConsolidationChange, type WorkingItems } from "./consolidation-change";

/** `event_type` of a session summary item. */
export const SESSION_SUMMARY_EVENT = "session_summary";

/** Reconciliation key of the summary of one session (one summary per session: a pass never writes a second). */
export function sessionSummaryKey(sessionId: string): string {
  return `session_summary|${sessionId}`;
}

/** A session with enough events to summarize, and the events (oldest first). */
export interface SessionToSummarize {
  sessionId: string;
  events: (EpisodicItem & { vector: number[] })[];
}

/**
 * Sessions a pass summarizes: those with at least `minEvents` active episodic events, whose
 * latest event was told at least `afterDays` days before `now` (an "old" session), and that have
 * no summary yet. Summaries themselves are never summarized again.
 */
export function sessionsToSummarize(working: WorkingItems, options: { minEvents: number; afterDays: number; now: Date; sessionOfMessage: ReadonlyMap<string, string> }): SessionToSummarize[] {
  const summarized = new Set<string>();
  const bySession = new Map<string, (EpisodicItem & { vector: number[] })[]>();
  for (const item of working.values()) {
    const session = sessionOf(item, options.sessionOfMessage);
    if (item.type !== "episodic" || session === "") continue;
    if (item.event_type === SESSION_SUMMARY_EVENT) summarized.add(session);
    else if (isActive(item)) bySession.set(session, [...(bySession.get(session) ?? []), item]);
  }
  const cutoff = options.now.getTime() - options.afterDays * 86_400_000;
  return [...bySession.entries()]
    .filter(([sessionId, events]) => !summarized.has(sessionId) && events.length >= options.minEvents && Math.max(...events.map((event) => Date.parse(event.valid_from))) <= cutoff)
    .map(([sessionId, events]) => ({ sessionId, events: events.sort(olderFirst) }))
    .sort((a, b) => olderFirst(a.events[0]!, b.events[0]!));
}

/**
 * The extractive summary of a session, offline: its `sentences` highest-importance events (ties:
 * the earlier), in the order they were told. @returns the chosen events.
 */
export function extractiveSummary(session: SessionToSummarize, sentences: number): (EpisodicItem & { vector: number[] })[] {
  const ranked = [...session.events].sort((a, b) => b.importance - a.importance || olderFirst(a, b));
  const chosen = new Set(ranked.slice(0, sentences));
  return session.events.filter((event) => chosen.has(event));
}

/**
 * The summary item of a session: an episodic item (`event_type` {@link SESSION_SUMMARY_EVENT},
 * key {@link sessionSummaryKey}) dated at the session's first event; `sources` are the messages
 * its text rests on (the chosen events' sources), not the whole session, so recall credits only
 * those. The events stay as they are: a summary adds a way in, it removes nothing.
 */
export function sessionSummaryItem(session: SessionToSummarize, text: string, basis: readonly StoredMemoryItem[], ids: { id: string; now: string; vector: number[] }): EpisodicItem & { vector: number[] } {
  const first = session.events[0]!;
  return {
    ...first,
    id: ids.id,
    session_id: session.sessionId,
    text,
    summary: text,
    details: `summary of session ${session.sessionId} (${session.events.length} events)`,
    event_type: SESSION_SUMMARY_EVENT,
    sources: unionSources(basis),
    importance: Math.max(...basis.map((item) => item.importance)),
    access_count: 0,
    last_accessed_at: null,
    created_at: ids.now,
    updated_at: ids.now,
    key: sessionSummaryKey(session.sessionId),
    vector: ids.vector,
  };
}

/** Archives the items whose retention at `now` is below `threshold` (never core or vault items): one UPDATE each, `archived_at` = now. */
export function archiveForgotten(working: WorkingItems, threshold: number, now: Date, baseStabilityDays: number): ConsolidationChange[] {
  const at = now.toISOString();
  const changes: ConsolidationChange[] = [];
  for (const item of working.values()) {
    if (threshold <= 0 || !shouldArchive(item, now, threshold, { baseStabilityDays })) continue;
    changes.push({ step: "archive", event: "UPDATE", before: item, after: { ...item, archived_at: at, updated_at: at } });
  }
  return applyToWorking(working, changes);
}
