import type { MemoryType } from "../schema/memory-type";
import type { LlmUsage } from "../models/model-usage";

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
  /** Messages per ingest-graph run. @default the Engram's `batching.size` (20) */
  batchSize?: number;
  /** Process a remainder smaller than a batch now instead of holding it (see `batching.maxAgeMs`). @default false */
  flush?: boolean;
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
  /** Messages stored but held pending for a fuller batch (`batching.maxAgeMs`); 0 by default. */
  pending?: number;
  /** Model calls, tokens and time of the call, in total and per graph node (zeros offline). */
  llm?: LlmUsage;
  /** Batches drafted by the offline policy because the model's output stayed invalid (flagged in history as a fallback). */
  fallbackBatches?: number;
}

/**
 * How `add` groups messages into ingest runs (graph runs; one model call each with the LLM policy).
 * Messages are always stored first; batching only decides when they are processed.
 */
export interface BatchingOptions {
  /** Messages per graph run. @default 20 */
  size?: number;
  /**
   * With a value above 0, `add` processes only full batches and holds a smaller remainder pending
   * until later `add` calls fill a batch or its oldest message has waited this long
   * (milliseconds, by the clock, from when it was stored), so the model sees enough context and
   * is called rarely. `add(..., { flush: true })` and `retryPending` process held messages at once.
   * @default 0 (process every message in the same `add` call)
   */
  maxAgeMs?: number;
}
