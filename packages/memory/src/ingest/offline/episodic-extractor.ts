import { withEventSpan, type DatePrecision } from "../../schema/date-span";
import type { CandidateOf } from "../../schema/memory-item";
import type { AnalyzedMessage } from "./analyze-message";
import { renderThirdPerson, type InlineAnnotation } from "./first-person";
import type { DatePrecision as ResolvedPrecision, ResolvedDate } from "./resolve-dates";
import type { AnalyzedSentence } from "./sentences";

/** Event types the offline policy assigns, most to least specific. */
export type OfflineEventType = "life_event" | "plan" | "activity" | "shared_image" | "conversation";

/** Importance per event type: life events and plans matter more than small talk (heuristic, 0..1). */
const IMPORTANCE: Record<OfflineEventType, number> = { life_event: 0.8, plan: 0.6, activity: 0.5, shared_image: 0.35, conversation: 0.3 };

const LIFE_EVENT =
  /\b(?:moved|moving|relocat\w*|married|marry|marrying|wedding|engaged|divorc\w*|break ?up|broke up|pregnan\w*|gave birth|born|adopt\w*|graduat\w*|new job|hired|lost (?:\w+'s |my |his |her |their |the )?job|laid off|fired|quit|retir\w*|promot\w*|passed away|died|funeral|diagnos\w*|surgery|hospital|accident|injur\w*|got hurt|transition\w*|came out|coming out|(?:start|open|launch)(?:ed|ing)? (?:\w+'s |my |a |an |our )?(?:own )?(?:\w+ )?(?:business|company|studio|store|shop|startup)|bought (?:a|our|\w+'s) (?:house|home|car|apartment)|new (?:house|home|apartment))\b/i;
const PLAN = /\b(?:gonna|going to|planning|plan to|plans to|will|'ll|thinking (?:about|of)|can't wait to|looking forward|upcoming|hoping to|want to|wanna|next)\b/i;
const DONE = /\b(?:just|finally|recently|yesterday|last|ago|earlier)\b/i;

/** A caption such as "a photography of a dog" as a noun phrase: "a photo of a dog". */
export function captionPhrase(caption: string): string {
  // Only runs of whitespace and other whitespace characters are rewritten; single spaces stay.
  const clean = trimTrailingDots(caption.trim().replace(/[^\S ]+|\s{2,}/g, " "));
  const phrase = clean.replace(/^(an?|the) photography of\b/i, "a photo of");
  return /^(?:an?|the) (?:photo|picture|image|painting|drawing|screenshot|close up|closeup)\b/i.test(phrase) ? phrase : `a photo of ${phrase}`;
}

/** `text` without trailing dots and spaces. A loop, not `/[.\s]+$/`, which is quadratic on a long run of ". ". */
function trimTrailingDots(text: string): string {
  let end = text.length;
  while (end > 0 && (text.charCodeAt(end - 1) === 46 /* . */ || text.charCodeAt(end - 1) === 32)) end--;
  return text.slice(0, end);
}

/** Resolved dates that point at when something happened (not durations such as "since 2016"). */
export function eventDates(sentences: readonly AnalyzedSentence[]): ResolvedDate[] {
  return sentences.flatMap((sentence) => sentence.dates).filter((date) => !date.label.startsWith("since "));
}

/**
 * The sentences worth keeping: not questions (a statement closed by an agreement tag is kept), not
 * filler. A dated question about the speaker's own doing that the speaker answers next, with no date
 * of its own ("Guess what I did this week? I applied to adoption agencies!"), is kept as well: it
 * is the only place the answer's date is said.
 */
export function informativeSentences(analyzed: AnalyzedMessage): AnalyzedSentence[] {
  const sentences = analyzed.sentences;
  const kept = sentences.filter((sentence) => (!sentence.isQuestion || sentence.isTaggedStatement) && !sentence.isFiller);
  if (kept.length === 0 || eventDates(kept).length > 0) return kept;
  const teaser = sentences.find((sentence) => isDatedTeaser(sentence) && kept.some((answer) => answer.start > sentence.start));
  return teaser === undefined ? kept : sentences.filter((sentence) => sentence === teaser || kept.includes(sentence));
}

/** A question with an event date and the speaker as its subject ("Guess what I did last weekend?"). */
function isDatedTeaser(sentence: AnalyzedSentence): boolean {
  return sentence.isQuestion && !sentence.isFiller && eventDates([sentence]).length > 0 && sentence.tokens.some((token) => token.normal === "i" || token.normal === "we");
}

/** Renders a sentence in the third person with its non-explicit dates annotated inline. */
export function renderSentence(sentence: AnalyzedSentence, speaker: string): string {
  const annotations: InlineAnnotation[] = sentence.dates.filter((date) => !date.explicit).map((date) => ({ end: date.end, label: date.label }));
  return renderThirdPerson(sentence.tokens, speaker, annotations);
}

/** True when `line` opens with the speaker's name as a whole word (Ada's "Adam is moving to Berlin" does not open with Ada). */
function opensWithSpeaker(line: string, speaker: string): boolean {
  return line.startsWith(speaker) && !/^[\p{L}\p{N}]/u.test(line.slice(speaker.length));
}

/** A past-tense action verb ("went", "explored"), not a copula or auxiliary ("was", "had"). */
function hasPastAction(sentences: readonly AnalyzedSentence[]): boolean {
  return sentences.some((sentence) =>
    sentence.tokens.some((token) => token.tags.has("PastTense") && !token.tags.has("Copula") && !token.tags.has("Auxiliary") && !["had", "was", "were"].includes(token.normal)),
  );
}

function classify(kept: readonly AnalyzedSentence[], dates: readonly ResolvedDate[], reference: Date, hasBody: boolean): OfflineEventType {
  if (!hasBody) return "shared_image";
  const text = kept.map((sentence) => sentence.text).join(" ");
  if (LIFE_EVENT.test(text)) return "life_event";
  const today = Date.UTC(reference.getUTCFullYear(), reference.getUTCMonth(), reference.getUTCDate());
  if (dates.some((date) => date.date.getTime() > today)) return "plan";
  const done = DONE.test(text) || hasPastAction(kept);
  if (PLAN.test(text) && !done) return "plan";
  if (dates.length > 0 || done) return "activity";
  return "conversation";
}

/**
 * Drafts one episodic candidate per informative message: its non-question, non-filler sentences
 * in the third person ("I went" → "Caroline went"), each relative date followed by the absolute
 * one ("yesterday (7 May 2023)"), and the shared image's caption ("Caroline shared a photo of
 * ..."). The message time is not written into the text (it is `valid_from`, and recall shows it
 * as a date heading); `occurred_at` is the first event date in the message, else the message time,
 * with its precision and span (`last summer`: the season, from 1 June to 1 September). Pure fillers and question-only
 * messages without an image draft nothing.
 *
 * @param maxTextChars cap on `text`, in characters (the rest is cut at a word boundary).
 */
export function extractEpisodic(analyzed: AnalyzedMessage, maxTextChars: number): CandidateOf<"episodic"> | undefined {
  const { message, speaker, reference } = analyzed;
  const kept = informativeSentences(analyzed);
  const caption = message.image_caption.trim();
  if (kept.length === 0 && caption === "") return undefined;

  const rendered = kept.map((sentence) => renderSentence(sentence, speaker)).filter((line) => line.length > 0);
  let body = rendered.join(" ");
  if (body !== "" && !opensWithSpeaker(body, speaker)) body = `${speaker}: ${body}`;
  const imageLine = caption === "" ? "" : `${speaker} shared ${captionPhrase(caption)}.`;
  const dates = eventDates(kept);
  const text = truncate([body, imageLine].filter((part) => part !== "").join(" "), maxTextChars);

  const eventType = classify(kept, dates, reference, body !== "");
  const first = dates[0];
  const span = withEventSpan((first?.date ?? reference).toISOString(), first === undefined ? "day" : spanPrecision(first.precision));
  return {
    type: "episodic",
    text,
    sources: [message.id],
    valid_from: message.timestamp,
    importance: IMPORTANCE[eventType],
    key: "",
    ...span,
    event_type: eventType,
    actor: speaker,
    summary: truncate(rendered[0] ?? imageLine, 240),
    details: [rendered.slice(1).join(" "), imageLine].filter((part) => part !== "").join(" "),
  };
}

/** The stored precision of a resolved date: a weekend is dated by its week. */
function spanPrecision(precision: ResolvedPrecision): DatePrecision {
  return precision === "weekend" ? "week" : precision;
}

/** Cuts `text` to at most `max` characters at a word boundary, ending with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, Math.max(0, max - 1));
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
