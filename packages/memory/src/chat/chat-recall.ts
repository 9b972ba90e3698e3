import type { RecallResult, RecalledItem } from "../recall/recall-types";
import type { DatePrecision } from "../schema/date-span";

/**
 * One recalled memory item as the chat graph keeps it in its state (and so in its checkpoints): a
 * {@link RecalledItem} without the whole `item`, so no stored field beyond what the context shows
 * is copied; `text` is the context line (a high-sensitivity vault value is already withheld).
 */
export interface ChatRecalledItem extends Omit<RecalledItem, "item"> {
  /** When the event happened (episodic) or the fact started to hold, ISO; absent when unknown. */
  date?: string;
  /** How precise `date` is, when coarser than a day (an event of "summer 2022"). */
  precision?: Exclude<DatePrecision, "day">;
}

/** What the chat graph's `recall` node found for the latest user message. */
export interface ChatRecall {
  /** The text recalled for: the latest user message. */
  query: string;
  /** The packed context (`RecallResult.context`): core memory, a timeline under day headings, the knowledge vault; lines with source ids. */
  context: string;
  /** Tokens in `context` (cl100k_base). */
  tokens: number;
  /** Items in the context, in context order. */
  items: ChatRecalledItem[];
}

/** Slims a recall result down to what the chat graph keeps. */
export function toChatRecall(query: string, result: RecallResult): ChatRecall {
  return {
    query,
    context: result.context,
    tokens: result.tokens,
    items: result.items.map(({ id, type, text, sources, score, item }) => {
      const date = item.type === "episodic" ? (item.occurred_at ?? item.valid_from) : item.valid_from;
      const precision = item.type === "episodic" && item.occurred_at !== null ? item.occurred_precision : "day";
      return { id, type, text, sources, score, ...(date ? { date } : {}), ...(precision && precision !== "day" ? { precision } : {}) };
    }),
  };
}
