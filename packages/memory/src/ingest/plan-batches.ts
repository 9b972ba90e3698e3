import type { StoredMessage } from "../schema/message";

/** Input of {@link planBatches}. */
export interface PlanBatchesInput {
  /** Messages to process, in arrival order (`seq`). */
  queue: StoredMessage[];
  /** Messages per batch (a positive integer). */
  batchSize: number;
  /** Hold a remainder smaller than a batch for at most this long, milliseconds; 0 never holds. */
  maxAgeMs: number;
  /** Current time, milliseconds since the epoch. */
  nowMs: number;
  /** Process the remainder now, however young. */
  flush?: boolean;
}

/** Result of {@link planBatches}. */
export interface BatchPlan {
  /** Messages to run now, in order (whole batches, plus the remainder unless held). */
  run: StoredMessage[];
  /** Messages of the remainder held pending for a fuller batch (0 when none). */
  held: number;
}

/**
 * The hold-back-the-last-batch rule of `add`: with `maxAgeMs` above 0, a remainder smaller than
 * `batchSize` waits (stays pending) for a later call that fills its batch, unless `flush` is set
 * or its oldest message was ingested `maxAgeMs` or longer ago. Pure: no clock, no store.
 */
export function planBatches(input: PlanBatchesInput): BatchPlan {
  const { queue, batchSize, maxAgeMs } = input;
  if (maxAgeMs <= 0) return { run: queue, held: 0 };
  const remainder = queue.length % batchSize;
  const oldest = queue[queue.length - remainder]?.ingested_at;
  const expired = oldest !== undefined && input.nowMs - Date.parse(oldest) >= maxAgeMs;
  if (remainder === 0 || input.flush || expired) return { run: queue, held: 0 };
  return { run: queue.slice(0, queue.length - remainder), held: remainder };
}
