import type { MemoryStore } from "../store/memory-store";

/** Messages stored but not processed yet: held for a fuller batch, or failed (with an error). */
export interface PendingStats {
  messages: number;
  /** Pending messages whose last processing failed (their `error` is set). */
  failed: number;
  /** Ingest runs `retryPending` would make for them, at `batchSize` messages per run, per user. */
  batches: number;
}

/** Counts pending messages, for one user or (`userId` undefined) all. */
export async function readPendingStats(store: MemoryStore, userId: string | undefined, batchSize: number): Promise<PendingStats> {
  const pending = await store.listPendingMessages(userId);
  const perUser = new Map<string, number>();
  for (const message of pending) perUser.set(message.user_id, (perUser.get(message.user_id) ?? 0) + 1);
  const batches = [...perUser.values()].reduce((sum, count) => sum + Math.ceil(count / batchSize), 0);
  return { messages: pending.length, failed: pending.filter((message) => message.error !== null).length, batches };
}
