import { formatDateSpan } from "../schema/date-span";
import type { EpisodicItem, MemoryItem } from "../schema/memory-item";

/** Placeholder shown instead of a high-sensitivity vault value. */
export const WITHHELD_SECRET = "[withheld]";

const DAY_FORMAT = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** Headings by timestamp: `Intl` formatting costs microseconds, and packing asks for a line's heading once per budget and again when rendering. */
const dayHeadings = new Map<string, string>();

/** `8 May 2023` from an ISO timestamp (UTC). */
export function formatDayHeading(iso: string): string {
  let heading = dayHeadings.get(iso);
  if (heading === undefined) {
    if (dayHeadings.size >= 10_000) dayHeadings.clear();
    heading = DAY_FORMAT.format(new Date(iso));
    dayHeadings.set(iso, heading);
  }
  return heading;
}

/** A caption that names its picture. */
const SAYS_IMAGE = /\b(?:photos?|pictures?|images?|pics?)\b/i;
/** Where an image summary's caption ends and what was said with it begins (`ingest/offline/resource-extractor.ts`). */
const MESSAGE_AFTER_CAPTION = /\.\s+[^.]*?'s message:/u;

/** True when the caption of an image summary (`Melanie shared a photo of ... . Melanie's message: ...`), not the message said with it, calls it a picture. */
function captionSaysImage(said: string): boolean {
  return SAYS_IMAGE.test(said.split(MESSAGE_AFTER_CAPTION)[0]!);
}

/** Options of {@link memoryLineText} and {@link formatMemoryLine}. */
export interface MemoryLineOptions {
  /** Show a high-sensitivity vault item's secret (the caller has opened it) instead of {@link WITHHELD_SECRET}. @default false */
  revealSecrets?: boolean;
  /** End the line with its source message ids (`[D1:3, D2:4]`); without them the ids stay on the recalled items only. @default true */
  citeSources?: boolean;
  /**
   * The caller shows the day each line was said as a heading (the packer's `### 8 May 2023`), so
   * semantic, procedural and resource lines leave off their own `2023-05-08: `. @default false
   */
  dayInHeading?: boolean;
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
    case "resource": {
      const said = item.uri ? item.summary.split(item.uri).join("").trim() : item.summary;
      // An image is its caption and what was said with it; its address (often a long hashed URL) costs tokens and answers nothing.
      // "image: " only when the caption does not already say it is one ("Melanie shared a photo of ...").
      if (item.resource_type === "image" && said) return `${captionSaysImage(said) ? "" : "image: "}${said}`.replace(/\s+/g, " ").replace(/\s+([.,;:!?])/g, "$1").trim();
      const title = item.title && !item.uri.includes(item.title) ? `${item.title} ` : "";
      const summary = said && said !== item.title ? ` (${said})` : "";
      return `${item.resource_type}: ${title}${item.uri}${summary}`.replace(/\s+/g, " ").trim();
    }
    case "knowledge_vault":
      return `${item.caption}: ${item.sensitivity === "high" && options.revealSecrets !== true ? WITHHELD_SECRET : item.secret}`;
    default:
      return item.text;
  }
}

/**
 * One context line: `- <text> [<sources>]` (`- <text>` with `citeSources: false`), and for semantic, procedural, resource and vault items
 * the day the fact was first said (`- 2023-05-08: ...`; with `dayInHeading`, only vault items keep it). Episodic lines carry no day of their
 * own (the packer groups them under a heading of the day they were said), but an event dated
 * coarser than a day leads with its span as people say it: `- the week of 16 January 2023: ...`,
 * `- January 2023: ...`, `- summer 2022: ...`, `- 2022: ...` (left off when the text names that span already).
 */
export function formatMemoryLine(item: MemoryItem, options: MemoryLineOptions = {}): string {
  const text = memoryLineText(item, options);
  const date = item.type === "core" ? "" : item.type === "episodic" ? eventSpanPrefix(item, text) : options.dayInHeading && item.type !== "knowledge_vault" ? "" : `${item.valid_from.slice(0, 10)}: `;
  const sources = options.citeSources !== false && item.sources.length > 0 ? ` [${item.sources.join(", ")}]` : "";
  return `- ${date}${text}${sources}`;
}

/** The span an event dated coarser than a day leads with, unless its text states it already (`... last year (2022)`). */
function eventSpanPrefix(item: EpisodicItem, text: string): string {
  const precision = item.occurred_precision ?? "day";
  if (item.occurred_at === null || precision === "day") return "";
  const span = formatDateSpan(item.occurred_at, precision);
  return text.includes(span) ? "" : `${span}: `;
}
