import type { TripletDraft } from "../graph/triplet-draft";
import type { Candidate } from "../schema/memory-item";
import type { MemoryType } from "../schema/memory-type";
import type { StoredMessage } from "../schema/message";
import type { ModelCallListener } from "../models/model-usage";
import type { CollisionResolver } from "./collision-resolver";

/**
 * Candidates drafted for one batch, per memory type (an empty list: the type is not touched), and
 * the relations for graph memory (`graph`, absent or empty: the graph agent is not called).
 */
export type DraftedCandidates = Record<MemoryType, Candidate[]> & { graph?: TripletDraft[] };

/** Options passed to {@link IngestPolicy.draft}. */
export interface DraftOptions {
  signal?: AbortSignal;
  /** Earlier messages of the same user (oldest first, at most a few), for context. */
  previousMessages?: StoredMessage[];
  /** Receives each model request (tokens, time) for accounting. */
  onModelCall?: ModelCallListener;
  /** Receives recoverable problems, e.g. a candidate dropped for citing no message of the batch. */
  onWarning?: (warning: string) => void;
  /**
   * Called when the policy gave up on its model for this batch (invalid output after a re-ask)
   * and drafted it with the offline policy instead; the batch is flagged with `reason`.
   */
  onFallback?: (reason: string) => void;
}

/** Options a memory agent passes to {@link IngestPolicy.reconcileCollisions}. */
export interface CollisionOptions {
  signal?: AbortSignal;
  onModelCall?: ModelCallListener;
  /** Graph node asking, e.g. `semanticAgent`, for accounting. */
  node: string;
}

/**
 * What drives the meta-manager: from a batch of stored messages, decide which memory types the
 * batch touches and draft candidate items for each. The offline policy uses rules and NLP
 * libraries; the LLM policy makes one routing-plus-extraction call.
 *
 * Candidates must be honest: `sources` lists only the ids of the messages their text was drawn
 * from. `valid_from` is the message time (ISO); dates inside the text are absolute.
 */
export interface IngestPolicy {
  /** `offline` or `llm:<model>`; recorded in history as the cause. */
  readonly name: string;
  draft(messages: StoredMessage[], options?: DraftOptions): Promise<DraftedCandidates>;
  /**
   * Builds the resolver a memory agent uses for real collisions (one batched call per agent), or
   * returns undefined to keep the model-free rules. The offline policy has none.
   */
  reconcileCollisions?(type: MemoryType, options: CollisionOptions): CollisionResolver | undefined;
  /**
   * Optional: does the message-only part of drafting `messages` ahead of time (the offline policy
   * parses them with compromise), while earlier batches are reconciled and written, so `draft`
   * finds it done. Yields to the event loop between messages; never rejects.
   */
  prepare?(messages: StoredMessage[]): Promise<void>;
}
