import type { RecallResult, RecalledItem } from "@engram/memory";

/** What the chat agent says when it recalled nothing relevant. */
export const NOTHING_RECALLED_REPLY = "I don't remember anything about that yet.";

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** The date an item is about: when an event happened, else when the fact started to hold. */
function itemDate(item: RecalledItem): string | undefined {
  const iso = item.item.type === "episodic" ? (item.item.occurred_at ?? item.item.valid_from) : item.item.valid_from;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : DATE_FORMAT.format(date);
}

/** One recalled item as a reply line: `[7 May 2023] Caroline went to ... (D1:3, D1:5)`. */
export function formatRecalledLine(item: RecalledItem): string {
  const date = itemDate(item);
  const datePrefix = date !== undefined && !item.text.includes(date) ? `[${date}] ` : "";
  const sources = item.sources.length > 0 ? ` (${item.sources.slice(0, 4).join(", ")}${item.sources.length > 4 ? ", ..." : ""})` : "";
  return `${datePrefix}${item.text.replace(/\s+/g, " ").trim()}${sources}`;
}

/** Options of {@link formatOfflineReply}. */
export interface OfflineReplyOptions {
  /** Most recalled items quoted. @default 3 */
  maxItems?: number;
  /** One line per item (terminal) instead of a single line (pipes: one reply per input line). */
  multiline?: boolean;
}

/**
 * The reply of the chat agent when no chat model is configured: the best-scored recalled items,
 * with their dates and source message ids, or {@link NOTHING_RECALLED_REPLY}. Core memory is left
 * out: recall always includes it whatever the message, so it says nothing about this message.
 */
export function formatOfflineReply(result: RecallResult, options: OfflineReplyOptions = {}): string {
  const items = result.items
    .filter((item) => item.type !== "core")
    .sort((a, b) => b.score - a.score)
    .slice(0, options.maxItems ?? 3);
  if (items.length === 0) return NOTHING_RECALLED_REPLY;
  const lines = items.map(formatRecalledLine);
  return options.multiline ? `From memory:\n${lines.map((line) => `  - ${line}`).join("\n")}` : `From memory: ${lines.join(" | ")}`;
}
