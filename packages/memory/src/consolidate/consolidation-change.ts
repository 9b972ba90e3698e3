import type { HistoryEvent } from "../schema/message";
import type { StoredMemoryItem } from "../store/memory-store";

/** The consolidation steps, in the order a pass runs them. */
export const CONSOLIDATION_STEPS = ["merge", "promote", "summarize", "reflect", "archive"] as const;
export type ConsolidationStep = (typeof CONSOLIDATION_STEPS)[number];

/**
 * One change a consolidation pass makes to one memory item: `before` null for a new item (a
 * promoted fact, a session summary, an insight), `after` null for an item removed (merged away or
 * promoted). Each change becomes one history row whose cause is `consolidate:<pass id>`.
 */
export interface ConsolidationChange {
  step: ConsolidationStep;
  event: HistoryEvent;
  before: StoredMemoryItem | null;
  after: StoredMemoryItem | null;
  /** For an item merged away or promoted: the id of the item that now holds it. */
  into?: string;
}

/** The items of one user, by id, as a pass changes them step by step. */
export type WorkingItems = Map<string, StoredMemoryItem>;

/**
 * The session an item belongs to: its own `session_id`, or else the session of its first source
 * message (`sessionOfMessage`: message id → session id); "" when unknown.
 */
export function sessionOf(item: StoredMemoryItem, sessionOfMessage: ReadonlyMap<string, string>): string {
  if (item.session_id !== "") return item.session_id;
  for (const source of item.sources) {
    const session = sessionOfMessage.get(source);
    if (session) return session;
  }
  return "";
}

/** Items that take part in consolidation: still valid (`valid_to` null) and not archived. */
export function isActive(item: StoredMemoryItem): boolean {
  return item.valid_to === null && !item.archived_at;
}

/** Applies `changes` to `working` (in place) and returns them, for a step's result. */
export function applyToWorking(working: WorkingItems, changes: ConsolidationChange[]): ConsolidationChange[] {
  for (const change of changes) {
    if (change.after) working.set(change.after.id, change.after);
    else if (change.before) working.delete(change.before.id);
  }
  return changes;
}

/** Key prefix of a fact a pass promoted: `promoted|<speaker>|<topic stem>` (see `promoteRepeatedTopics`). */
export const PROMOTED_KEY = "promoted|";

/** True for a fact a consolidation pass promoted from repeated episodes (key `promoted|...`). */
export function isPromotedFact(item: { key: string }): boolean {
  return item.key.startsWith(PROMOTED_KEY);
}

/**
 * True for the items a pass itself writes from others: session summaries (key `session_summary|...`),
 * insights (key `insight|...`) and promoted facts (key `promoted|...`). Merge, promote and cover
 * leave them alone, so a later pass does not fold a summary into the events it repeats.
 */
export function isDerived(item: { key: string }): boolean {
  return item.key.startsWith("session_summary|") || item.key.startsWith("insight|") || isPromotedFact(item);
}

/** Older first: `created_at`, then `valid_from`, then id (the item a merge keeps is the first). */
export function olderFirst(a: StoredMemoryItem, b: StoredMemoryItem): number {
  return a.created_at.localeCompare(b.created_at) || a.valid_from.localeCompare(b.valid_from) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The union of the items' sources, in the order of the items, each once. */
export function unionSources(items: readonly StoredMemoryItem[]): string[] {
  return [...new Set(items.flatMap((item) => item.sources))];
}
