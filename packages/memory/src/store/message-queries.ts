import { quoteLiteral, type Filter } from "./filter";
import type { ListMessagesOptions, MessageOutcome } from "./memory-store";

/**
 * The `messages` queries every {@link MemoryStore} adapter runs, built once so the adapters agree
 * on them: which rows, and which fields come back opened.
 */

/** Messages not processed yet, of one user or (no `userId`) of every user. */
export function pendingMessagesFilter(userId?: string): Filter {
  const filter: Filter = { processed_at: { $isNull: true } };
  if (userId !== undefined) filter.user_id = userId;
  return filter;
}

/** The filter of `listMessages`, or null when it can match nothing (an empty `ids`). */
export function listMessagesFilter(userId: string, options: ListMessagesOptions): Filter | null {
  const filter: Filter = { user_id: userId };
  if (options.seq !== undefined) filter.seq = options.seq;
  if (options.seqs) {
    // No position in the list (or `seq` given and not in it): nothing.
    if (options.seqs.length === 0 || (options.seq !== undefined && !options.seqs.includes(options.seq))) return null;
    if (options.seq === undefined) filter.seq = { $in: options.seqs };
  }
  if (options.ids) {
    if (options.ids.length === 0) return null;
    filter.id = { $in: options.ids };
  }
  return filter;
}

/** Which free-text fields a read opens: all of them, only `content` (for processing), or none. */
export type MessageReveal = "all" | "content" | false;

/** {@link MessageReveal} of a `ListMessagesOptions.reveal`. */
export function messageReveal(reveal: ListMessagesOptions["reveal"]): MessageReveal {
  return reveal === true ? "all" : reveal === "content" ? "content" : false;
}

/** Pending messages in processing order: by user, then arrival. */
export function byUserThenArrival(a: { user_id: string; seq: number }, b: { user_id: string; seq: number }): number {
  return a.user_id.localeCompare(b.user_id) || a.seq - b.seq;
}

/** The LanceDB `update` values (SQL literals by `quoteLiteral`) of `markMessages`: processed (`error` cleared), or pending with `error` (2,000 characters at most, NUL removed). */
export function messageOutcomeValuesSql(outcome: MessageOutcome): Record<string, string> {
  if ("processedAt" in outcome) return { processed_at: quoteLiteral(outcome.processedAt), error: "NULL" };
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips NUL, which a SQL literal cannot hold
  return { error: quoteLiteral(outcome.error.slice(0, 2000).replace(/\u0000/g, "")) };
}
