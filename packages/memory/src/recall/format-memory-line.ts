import type { MemoryItem } from "../schema/memory-item";

/** Placeholder shown instead of a high-sensitivity vault value. */
export const WITHHELD_SECRET = "[withheld]";

const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** `8 May 2023` from an ISO timestamp (UTC). */
export function formatDayHeading(iso: string): string {
  return DAY_FORMAT.format(new Date(iso));
}

/**
 * The text an item contributes to the context, without date and sources. A high-sensitivity vault
 * item shows only its caption and {@link WITHHELD_SECRET}.
 */
export function memoryLineText(item: MemoryItem): string {
  switch (item.type) {
    case "core":
      return item.value || item.text;
    case "procedural":
      return item.steps.length > 0 ? `${item.summary}: ${item.steps.map((step, index) => `${index + 1}. ${step}`).join(" ")}` : item.text;
    case "resource": {
      const title = item.title && !item.uri.includes(item.title) ? `${item.title} ` : "";
      const said = item.uri ? item.summary.split(item.uri).join("").trim() : item.summary;
      const summary = said && said !== item.title ? ` (${said})` : "";
      return `${item.resource_type}: ${title}${item.uri}${summary}`.replace(/\s+/g, " ").trim();
    }
    case "knowledge_vault":
      return `${item.caption}: ${item.sensitivity === "high" ? WITHHELD_SECRET : item.secret}`;
    default:
      return item.text;
  }
}

/**
 * One context line: `- <text> [<sources>]`, and for semantic, procedural, resource and vault items
 * the day the fact was first said (`- 2023-05-08: ...`). Episodic lines carry no date of their
 * own: the packer groups them under a heading of the day they were said.
 */
export function formatMemoryLine(item: MemoryItem): string {
  const text = memoryLineText(item);
  const date = item.type === "core" || item.type === "episodic" ? "" : `${item.valid_from.slice(0, 10)}: `;
  const sources = item.sources.length > 0 ? ` [${item.sources.join(", ")}]` : "";
  return `- ${date}${text}${sources}`;
}
