import type { Candidate } from "../schema/memory-item";
import type { MemoryType } from "../schema/memory-type";
import type { StoredMessage } from "../schema/message";

/** Candidates drafted for one batch, per memory type (an empty list: the type is not touched). */
export type DraftedCandidates = Record<MemoryType, Candidate[]>;

/** Options passed to {@link IngestPolicy.draft}. */
export interface DraftOptions {
  signal?: AbortSignal;
  /** Earlier messages of the same user (oldest first, at most a few), for context. */
  previousMessages?: StoredMessage[];
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
}
