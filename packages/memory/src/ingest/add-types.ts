import type { MemoryType } from "../schema/memory-type";

/** Reconciliation outcomes (Mem0, arXiv 2504.19413, section 2.1, plus INVALIDATE and MERGE). */
export const RECONCILE_ACTIONS = ["ADD", "UPDATE", "INVALIDATE", "MERGE", "NOOP"] as const;
export type ReconcileAction = (typeof RECONCILE_ACTIONS)[number];

/** Progress of a long `add`, reported after each batch. */
export interface AddProgress {
  /** Messages processed so far. */
  done: number;
  total: number;
}

/** Options of `Engram.add`. */
export interface AddOptions {
  /** Messages per ingest-graph run. @default 20 */
  batchSize?: number;
  onProgress?: (progress: AddProgress) => void;
  signal?: AbortSignal;
}

/** Result of `Engram.add`. */
export interface AddResult {
  messages: {
    /** Messages passed in. */
    received: number;
    /** New messages stored and processed. */
    stored: number;
    /** Messages whose id was already stored (re-import): nothing was done for them. */
    skipped: number;
  };
  /** Reconciliation outcomes counted over all types. */
  actions: Record<ReconcileAction, number>;
  /** Reconciliation outcomes per memory type. */
  byType: Record<MemoryType, Record<ReconcileAction, number>>;
  /** Wall time, milliseconds. */
  durationMs: number;
  /** Recoverable problems (e.g. a message stored but not understood). */
  warnings: string[];
}
