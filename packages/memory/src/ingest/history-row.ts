import type { MemoryItem } from "../schema/memory-item";
import type { HistoryRow } from "../schema/message";

/** What {@link historyRow} records. */
export interface HistoryRowInput {
  id: string;
  event: HistoryRow["event"];
  /** The item before the change (null for ADD). */
  before: MemoryItem | null;
  /** The item after the change (null for DELETE). */
  after: MemoryItem | null;
  /** Who changed it, e.g. `ingest:offline` or `api:update`. */
  cause: string;
  /** Message ids behind the change. */
  sources: string[];
  /** ISO time of the change. */
  at: string;
}

/** One `history` row: the item before and after a change, as JSON, for reconciliation and the facade alike. */
export function historyRow(input: HistoryRowInput): HistoryRow {
  const item = (input.after ?? input.before)!;
  return {
    id: input.id,
    memory_id: item.id,
    memory_type: item.type,
    user_id: item.user_id,
    event: input.event,
    before: input.before ? JSON.stringify(input.before) : null,
    after: input.after ? JSON.stringify(input.after) : null,
    cause: input.cause,
    sources: input.sources,
    created_at: input.at,
  };
}
