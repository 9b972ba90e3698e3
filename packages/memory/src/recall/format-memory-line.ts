import type { MemoryItem } from "../schema/memory-item";

/** `2023-05-07` from an ISO timestamp. */
function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Placeholder shown instead of a high-sensitivity vault value. */
export const WITHHELD_SECRET = "[withheld]";

/** Options of {@link memoryLineText} and {@link formatMemoryLine}. */
export interface MemoryLineOptions {
  /** Show a high-sensitivity vault item's secret (the caller has opened it) instead of {@link WITHHELD_SECRET}. @default false */
  revealSecrets?: boolean;
}

/**
 * The text an item contributes to the context, without date and sources. A high-sensitivity vault
 * item shows only its caption and {@link WITHHELD_SECRET}, unless `options.revealSecrets`.
 */
export function memoryLineText(item: MemoryItem, options: MemoryLineOptions = {}): string {
  switch (item.type) {
    case "core":
      return item.value || item.text;
    case "procedural":
      return item.steps.length > 0 ? `${item.summary}: ${item.steps.map((step, index) => `${index + 1}. ${step}`).join(" ")}` : item.text;
    case "resource":
      return [item.resource_type, item.title, item.uri, item.summary && item.summary !== item.title ? `: ${item.summary}` : ""]
        .filter(Boolean)
        .join(" ")
        .replace(" :", ":");
    case "knowledge_vault":
      return `${item.caption}: ${item.sensitivity === "high" && options.revealSecrets !== true ? WITHHELD_SECRET : item.secret}`;
    default:
      return item.text;
  }
}

/**
 * One context line: `- <date>: <text> [<sources>]`. Episodic items show when the event happened,
 * other items when the fact was first said; core items show no date, and neither does a text
 * that already names a year (the offline policy writes absolute dates into episodic text).
 */
export function formatMemoryLine(item: MemoryItem, options: MemoryLineOptions = {}): string {
  const text = memoryLineText(item, options);
  const showDate = item.type !== "core" && !/\b(19|20)\d\d\b/.test(text);
  const date = showDate ? `${day(item.type === "episodic" ? (item.occurred_at ?? item.valid_from) : item.valid_from)}: ` : "";
  const sources = item.sources.length > 0 ? ` [${item.sources.join(", ")}]` : "";
  return `- ${date}${text}${sources}`;
}
