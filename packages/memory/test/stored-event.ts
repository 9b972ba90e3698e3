import type { StoredMemoryItem } from "../src/store/memory-store";

/** A fixed vector of `dimensions` values for `seed`: a sine wave, so distinct seeds point in distinct directions. */
export function sineVector(seed: number, dimensions: number): number[] {
  return Array.from({ length: dimensions }, (_, index) => Math.sin(seed * 13.7 + index * 1.3));
}

/**
 * A stored episodic event of `userId` for store tests (vector indexes, compaction, forget): its id, text, one source and
 * its vector given; the user is its actor; every date 1 January 2024, importance 0.5, never recalled.
 */
export function storedEvent(fields: { id: string; userId: string; text: string; source: string; vector: number[] }): StoredMemoryItem {
  const at = "2024-01-01T00:00:00.000Z";
  return {
    type: "episodic", id: fields.id, user_id: fields.userId, agent_id: "engram", session_id: "", text: fields.text,
    created_at: at, updated_at: at, valid_from: at, valid_to: null, sources: [fields.source], importance: 0.5, access_count: 0, last_accessed_at: null,
    key: "", occurred_at: at, occurred_precision: "day", occurred_end: null, event_type: "event", actor: fields.userId, summary: "", details: "",
    vector: fields.vector,
  } as StoredMemoryItem;
}
