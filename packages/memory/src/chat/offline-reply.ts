import { formatDateSpan } from "../schema/date-span";
import type { ChatRecall, ChatRecalledItem } from "./chat-recall";

/** What the chat agent says without a chat model when it recalled nothing relevant. */
export const NOTHING_RECALLED_REPLY = "I don't remember anything about that yet.";

const DATE_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

function itemDate(item: ChatRecalledItem): string | undefined {
  if (item.date === undefined) return undefined;
  const date = new Date(item.date);
  if (Number.isNaN(date.getTime())) return undefined;
  return item.precision === undefined ? DATE_FORMAT.format(date) : formatDateSpan(item.date, item.precision);
}

/** One recalled item as a reply line: `[7 May 2023] Caroline went to ... (D1:3, D1:5)`. */
export function formatRecalledLine(item: ChatRecalledItem): string {
  const date = itemDate(item);
  const datePrefix = date !== undefined && !item.text.includes(date) ? `[${date}] ` : "";
  const sources = item.sources.length > 0 ? ` (${item.sources.slice(0, 4).join(", ")}${item.sources.length > 4 ? ", ..." : ""})` : "";
  return `${datePrefix}${item.text.replace(/\s+/g, " ").trim()}${sources}`;
}

/** Options of {@link formatOfflineReply}. */
export interface OfflineReplyOptions {
  /** Most recalled items quoted. @default 3 */
  maxItems?: number;
  /** One line per item instead of a single line (one reply per input line, for pipes). @default false */
  multiline?: boolean;
}

/**
 * The chat agent's reply when no chat model is configured: the best-scored recalled items, with
 * their dates and source message ids (`From memory: [2 May 2024] Ada lives in Lisbon (m7)`), or
 * {@link NOTHING_RECALLED_REPLY}. It never says anything that is not in memory. Core memory is left
 * out: recall always includes it whatever the message, so it says nothing about this message.
 */
export function formatOfflineReply(recall: Pick<ChatRecall, "items"> | null, options: OfflineReplyOptions = {}): string {
  const items = (recall?.items ?? [])
    .filter((item) => item.type !== "core")
    .sort((a, b) => b.score - a.score)
    .slice(0, options.maxItems ?? 3);
  if (items.length === 0) return NOTHING_RECALLED_REPLY;
  const lines = items.map(formatRecalledLine);
  return options.multiline ? `From memory:\n${lines.map((line) => `  - ${line}`).join("\n")}` : `From memory: ${lines.join(" | ")}`;
}
