import type * as chrono from "chrono-node";
import { loadChrono, nlp } from "../../text/nlp-libraries";
import { EVENT_NOUNS } from "../../graph/event-patterns";
import { addDays, formatDay, formatMonth, formatWeekday, utcDay } from "./format-date";

/** How precise a resolved date is. */
export type DatePrecision = "day" | "week" | "weekend" | "month" | "season" | "year";

/** A time expression found in a text and resolved against the time the text was said. */
export interface ResolvedDate {
  /** The expression as written, e.g. `last Saturday`. */
  text: string;
  /** UTF-16 offsets of the expression in the input; `end` exclusive. */
  start: number;
  end: number;
  /** Midnight UTC of the (first) day the expression points at. */
  date: Date;
  precision: DatePrecision;
  /**
   * The absolute date in words, e.g. `7 May 2023`, `the week before 9 June 2023`, `June 2023`,
   * `2022`, `since 2016`: the style of LoCoMo's gold answers (arXiv 2402.17753).
   */
  label: string;
  /** True when the expression already states its day or month with the year: it needs no annotation. */
  explicit: boolean;
  /** True when only a weekday was said ("on Tuesday"), resolved to the nearest one. */
  weekday?: boolean;
}

const RELATIVE_WORDS =
  /\b(?:yesterday|today|tonight|tomorrow|ago|last|next|this|past|previous|coming|morning|afternoon|evening|night|week|weekend|month|year)\b/i;
/**
 * A lone word chrono reads as a date but that is usually just a word: any lowercase word ("sun",
 * "sat", "may", "march") other than the relative-day words, and a bare three-letter abbreviation
 * ("Sat"; "on Sat" is kept).
 */
const LONE_AMBIGUOUS = /^(?:(?:on\s+)?(?!(?:yesterday|today|tonight|tomorrow)$)[a-z]+|[A-Z][a-z]{2}\.?)$/;
const BARE_DURATION =
  /^(?:for\s+)?(?:the\s+)?(?:past\s+|last\s+)?(?:\d+|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:a\s+)?few|(?:a\s+)?couple(?:\s+of)?|several)\s+(?:years?|months?|weeks?|days?|hours?|minutes?)$/i;
/** A span of hours, minutes or seconds ("in 1 hour 52 minutes", "49 minutes"): how long, never a day. */
const TIME_OF_DAY_DURATION =
  /^(?:(?:in|for|within|after|about|around|under|over)\s+)?(?:(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|half\s+an?|(?:a\s+)?few|(?:a\s+)?couple(?:\s+of)?)\s+(?:hours?|hrs?|minutes?|mins?|seconds?|secs?)(?:,?\s+(?:and\s+)?)?)+$/i;
/** A weekday said as a habit ("on Tuesdays", "Tuesday evenings"): no single day. */
const HABITUAL_AFTER = /^\s*(?:mornings|afternoons|evenings|nights)\b/i;
const APPROXIMATE = /\b(?:few|couple|several|some)\b/i;
const NUMBER_WORD = String.raw`(?:\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|a few|a couple of|several)`;

/**
 * Finds the time expressions of `text` and resolves each against `reference` (the time the text
 * was said), in UTC: chrono-node's casual English parser (https://github.com/wanasit/chrono), plus
 * a few expressions it misses ("last summer", "two weekends ago", "the other day", "for 4 years").
 *
 * Bare abbreviations ("sun", "sat", lowercase "may") and times of day without a date are ignored.
 *
 * @example resolveDates("I went yesterday", new Date("2023-05-08T13:56:00Z"))[0].label // "7 May 2023"
 */
export function resolveDates(text: string, reference: Date): ResolvedDate[] {
  const resolved: ResolvedDate[] = [];
  const spelled = spellWeekdaysForChrono(text);
  const results = mayHoldChronoDate(spelled) ? loadChrono().parse(spelled, asLocalWallClock(reference)) : [];
  let parsed: ParsedTerm[] | undefined;
  const terms = () => (parsed ??= (nlp(text).json({ offset: true, terms: { offset: true } }) as { terms: ParsedTerm[] }[]).flatMap((sentence) => sentence.terms));
  for (const result of results) {
    const date = fromChrono(result, text, reference);
    if (date && !(date.weekday && HABITUAL_AFTER.test(text.slice(date.end))) && !isHowLong(date, text, terms)) resolved.push(date);
  }
  for (const extra of extraExpressions(text, reference)) {
    if (!resolved.some((r) => extra.start < r.end && extra.end > r.start)) resolved.push(extra);
  }
  // "Next month I'm starting classes on Tuesday": the weekday lies inside that month, not in this week.
  const coarseRelative = resolved.some((date) => !date.explicit && ["month", "season", "year"].includes(date.precision) && /\b(?:next|coming|last|past|previous)\b/i.test(date.text));
  return resolved.filter((date) => !(coarseRelative && date.weekday)).sort((a, b) => a.start - b.start);
}

/** chrono-node's English time units (`TIME_UNIT_DICTIONARY` of src/locales/en/constants.ts), abbreviations included. */
const CHRONO_UNITS = "s|sec|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks|mo|mon|mos|month|months|qtr|quarter|quarters|y|yr|year|years";
/** Words of chrono-node's English month and weekday dictionaries, its casual day and time words, and "weekend"/"weekday". */
const CHRONO_WORDS =
  "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|" +
  "sunday|monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tue|wed|thurs|thur|thu|fri|sat|weekend|weekday|" +
  "now|today|tonight|tomorrow|overmorrow|tmr|tmrw|yesterday|night|morning|afternoon|evening|midnight|midday|noon";
/** chrono-node's English number words (`NUMBER_PATTERN`) that may stand before a time unit ("a few weeks", "two d"). */
const CHRONO_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?|few|several|the|half|couple|of";
/**
 * A necessary condition for chrono-node 2.10's casual English parsers to find anything in a
 * text: each of them (src/locales/en/configuration.ts, src/common/parsers) needs a digit, a month
 * or weekday name, a casual day or time word ("tomorrow", "tonight", "noon"), or a time unit
 * after a number or after this/last/past/next/after (chrono reads "pasty" as "past year" and
 * "lasts" as "last second"; `fromChrono` drops those). Most chat sentences have none (seven in
 * ten of the dev set's), and then cost one regular expression instead of chrono's twenty-odd
 * parsers and refiners. `chrono-prefilter.test.ts` checks it against the installed chrono-node.
 */
const MAY_HOLD_CHRONO_DATE = new RegExp(
  String.raw`\d|(?<!\p{L})(?:${CHRONO_WORDS}|${CHRONO_UNITS.split("|").filter((unit) => unit.length > 2).join("|")})(?!\p{L})|(?<!\p{L})(?:this|last|past|next|after|${CHRONO_NUMBER_WORDS})\s*(?:${CHRONO_UNITS})(?!\p{L})`,
  "iu",
);

/** Whether chrono-node may find a time expression in `text` ({@link MAY_HOLD_CHRONO_DATE}); false means it finds none. */
export function mayHoldChronoDate(text: string): boolean {
  return MAY_HOLD_CHRONO_DATE.test(text);
}

/**
 * chrono-node's weekday dictionary has "tue", "tue." and "thurs" but not "tues" or "weds", so "I joined
 * last Tues" had no date. Each is rewritten to chrono's dotted form of the same length ("Tue.",
 * "Wed."), which keeps every result's offsets in `text`. "weds" in lowercase is left alone: it is
 * also a verb ("she weds him").
 */
function spellWeekdaysForChrono(text: string): string {
  return text.replace(/\b(tue)s\b/gi, "$1.").replace(/\b(Wed|WED)s\b/g, "$1.");
}

/** "in a day", "in one week": how long something took, or when something is to come. */
const IN_ONE_UNIT = /^in\s+(?:a|an|one)\s+(?:day|week|month|year)$/i;
/** Where a clause ends: sentence or clause punctuation, or a conjunction between clauses. */
const CLAUSE_BREAK = /[.!?;,:]|\b(?:and|but|so|because|cause|while|though|although|then)\b/gi;
/** Characters of a clause read on each side of the phrase, at most (bounds the work on crafted text). */
const CLAUSE_REACH = 150;
const FUTURE = /\b(?:will|shall|gonna|going to|wanna|won[’']t)\b|[’']ll\b/i;
const COPULA_BEFORE = /\b(?:is|are|[’']s|[’']re)\s*$/i;
/** Words compromise does not tag as past here: "read" has one spelling for both; "done" goes untagged after "was". */
const PAST_AS_WRITTEN = new Set(["read", "done"]);

type ParsedTerm = { normal: string; tags: string[]; offset: { start: number } };

/**
 * True when `date` is "in a day" (week, month, year) said of how long something took, not of
 * when: "Rome wasn't built in a day", "I read the whole book in a week". That is when its clause
 * has a finished action (a past tense or participle verb, compromise's `PastTense` or
 * `Participle`, not a copula or auxiliary) and no future marker ("will", "'ll", "going to").
 * A date stays a date after "is"/"are" ("My exam is in a week") and with present or -ing verbs
 * ("We fly to Rome in a week", "I'm moving in a month"), and after an event's noun (tagged Noun,
 * so not "learned to play") when the verb is no finished action or is one of signing up, booking
 * or tickets ("I just signed up for a race in a month": the race is a month away); a finished
 * action on an event stays how long ("We planned the whole wedding in a month"). What one can do
 * or usually does in a day is how long only with a verb that completes a work and its object ("I
 * can finish a painting in a day", "I usually read a book in a week"); "I can finally retire in a
 * year" is when.
 * `terms` parses `text` once, when needed.
 */
function isHowLong(date: ResolvedDate, text: string, terms: () => ParsedTerm[]): boolean {
  if (!IN_ONE_UNIT.test(date.text.trim())) return false;
  const from = Math.max(0, date.start - CLAUSE_REACH);
  const to = Math.min(text.length, date.end + CLAUSE_REACH);
  let start = from;
  for (const match of text.slice(from, date.start).matchAll(CLAUSE_BREAK)) start = from + match.index + match[0].length;
  const after = text.slice(date.end, to);
  const end = date.end + (after.search(CLAUSE_BREAK) + 1 || after.length + 1) - 1;
  const before = text.slice(start, date.start);
  if (FUTURE.test(before) || FUTURE.test(text.slice(date.end, end)) || COPULA_BEFORE.test(before)) return false;
  const all = terms();
  // A verb, not a noun compromise reads as one after a determiner or adjective ("the fence", "the whole book"), nor a particle ("up").
  const isVerb = (index: number) => {
    const { normal, tags } = all[index]!;
    if (PAST_AS_WRITTEN.has(normal)) return true;
    const previous = all[index - 1]?.tags ?? [];
    return tags.includes("Verb") && !["Copula", "Auxiliary", "Particle"].some((tag) => tags.includes(tag)) && !previous.includes("Determiner") && !previous.includes("Adjective");
  };
  // The verb nearest before the phrase decides ("I've decided to move in a month": move), else the first after it.
  let verb = -1;
  for (let index = firstTermFrom(all, start); index < all.length && all[index]!.offset.start < date.start; index++) if (isVerb(index)) verb = index;
  if (verb < 0) {
    for (let index = firstTermFrom(all, date.end); index < all.length && all[index]!.offset.start < end; index++) {
      if (isVerb(index)) {
        verb = index;
        break;
      }
    }
  }
  if (verb < 0) return false;
  // An infinitive answers to the verb before "to": "learned to knit in a month" took a month; after a verb of intent
  // ("decided to move in a month", "planning to visit") it is to come.
  if (all[verb - 1]?.normal === "to" && verb >= 2 && isVerb(verb - 2)) {
    if (INTENT.test(all[verb - 2]!.normal)) return false;
    verb -= 2;
  }
  const { normal, tags, offset } = all[verb]!;
  const finished = PAST_AS_WRITTEN.has(normal) || tags.includes("PastTense") || tags.includes("Participle");
  // "I just signed up for a race in a month": the race is to come. Not "I planned the whole wedding in a month" (a finished action took a month).
  const nounBefore = all[firstTermFrom(all, date.start) - 1];
  if (nounBefore?.tags.includes("Noun") && EVENT_BEFORE.test(before) && (!finished || SIGN_UP.test(normal) || TICKETS.test(before))) return false;
  // "I can finish a painting in a day", "I usually read a book in a week": what one can do in a day, no day.
  if (ABILITY_OR_HABIT.test(text.slice(start, offset.start)) && COMPLETION.test(normal) && OBJECT_TAGS.some((tag) => all[verb + 1]?.tags.includes(tag))) return true;
  const lead = text.slice(Math.max(start, offset.start - 12), offset.start);
  // "We're getting married", "I'm scheduled to": a state now, not a finished action; "I've got an interview": having.
  if (PRESENT_BE_OR_GET.test(lead) || (normal === "got" && HAVE.test(lead))) return false;
  return finished;
}

/** An event's noun right before the phrase ("a race in a month", "my exam in a week"): the event is to come. */
const EVENT_BEFORE = new RegExp(String.raw`\b(?:${EVENT_NOUNS}|exam|test|interview|appointment|trip|flight|vacation|holiday|surgery|audition|deadline|birthday|anniversary)s?\s*$`, "i");
/** An ability or a habit before the verb ("I can finish", "I'm able to paint", "I usually read"); not "can't" ("I can't wait to start"). */
const ABILITY_OR_HABIT = /\b(?:can(?!['’]t)|able to|usually|always|typically|normally|often|generally)\b/i;
/** Verbs that complete a piece of work: only these, with an object, make an ability a duration ("finish a painting"); "I can retire in a year" is when. */
const COMPLETION = /^(?:finish|complete|read|write|paint|knit|crochet|sew|build|make|cook|bake|draw|solve|assemble|memorize|memorise)$/;
/** Tags of the word that opens a verb's object ("a painting", "my scarf", "two books", "books"). */
const OBJECT_TAGS = ["Determiner", "Possessive", "Noun", "Value", "Adjective"];
/** Verbs of signing up or booking: after them an event's noun is to come even though the verb is past ("signed up for a race in a month"). */
const SIGN_UP = /^(?:sign|signed|register|registered|enrol|enroll|enrolled|book|booked|reserve|reserved|enter|entered|invite|invited)$/;
/** Tickets got or bought for an event: the event is to come ("Got tickets for a concert in a week"). */
const TICKETS = /\btickets?\b/i;
/** Verbs of intent, whose infinitive is still to come ("decided to move", "hoping to visit"). */
const INTENT = /^(?:decid|plan|want|hop|intend|suppos|schedul|go|need|expect|aim|promis|agree|arrang|prepar|tr[yi]|wish|mean|set)/;
/** Present be or get right before a participle ("I'm scheduled", "is done", "getting married"). */
const PRESENT_BE_OR_GET = /(?:\b(?:am|is|are|get|gets|getting)|[’']m|[’']re|[’']s)\s+$/i;
/** Have right before "got" ("I've got an interview"): possession, now. */
const HAVE = /(?:\b(?:have|has)|[’']ve)\s+$/i;

/** Index of the first of `terms` (in text order) that starts at or after `start` (binary search). */
function firstTermFrom(terms: readonly ParsedTerm[], start: number): number {
  let low = 0;
  let high = terms.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (terms[middle]!.offset.start < start) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * chrono-node's casual parsers ("last night", "this morning") read the process's local time zone
 * even when given `timezone: "UTC"`. Shifting the reference so that its local wall-clock time
 * equals its UTC time, and reading only the parsed components (never `date()`), keeps every
 * result in UTC whatever the process's `TZ`.
 */
function asLocalWallClock(reference: Date): chrono.ParsingReference {
  return { instant: new Date(reference.getTime() + reference.getTimezoneOffset() * 60_000) };
}

function fromChrono(result: chrono.ParsedResult, source: string, reference: Date): ResolvedDate | undefined {
  const written = result.text;
  const lower = written.toLowerCase();
  const start = result.start;
  const certain = (["day", "weekday", "month", "year"] as const).some((component) => start.isCertain(component));
  if (!certain && !RELATIVE_WORDS.test(written)) return undefined;
  // "for 4 years", "3 months": a duration, not a date (chrono reads it as "in 4 years").
  if (BARE_DURATION.test(written.trim()) || TIME_OF_DAY_DURATION.test(written.trim())) return undefined;
  if (LONE_AMBIGUOUS.test(written.trim())) return undefined;
  const year = start.get("year") ?? reference.getUTCFullYear();
  const month = start.get("month") ?? reference.getUTCMonth() + 1;
  const day = start.get("day") ?? 1;
  const date = utcDay(year, month, day);
  const refDay = formatDay(reference);
  const base = { text: source.slice(result.index, result.index + written.length), start: result.index, end: result.index + written.length };
  const before = /\b(?:last|past|previous|ago|before)\b/i.test(lower);
  const after = /\b(?:next|coming|after)\b/i.test(lower);
  const approx = APPROXIMATE.test(lower) ? "around " : "";

  if (/\bweekends?\b/.test(lower)) {
    const label = before ? `the weekend before ${refDay}` : after ? `the weekend after ${refDay}` : `the weekend of ${formatDay(date)}`;
    return { ...base, date, precision: "weekend", label, explicit: false };
  }
  if (/\bweeks?\b/.test(lower)) {
    // chrono puts "this week" on its Sunday, which opens the ISO week before the one meant.
    const day = /\bthis week\b/.test(lower) ? utcDay(reference.getUTCFullYear(), reference.getUTCMonth() + 1, reference.getUTCDate()) : date;
    let label = `the week of ${formatDay(day)}`;
    if (/^(?:the )?(?:last|past|previous) week$|^(?:a|one) week ago$|^the week before$/.test(lower)) label = `the week before ${refDay}`;
    else if (/^(?:the )?(?:next|coming) week$/.test(lower)) label = `the week after ${refDay}`;
    return { ...base, date: day, precision: "week", label: approx + label, explicit: false };
  }
  if (!start.isCertain("day") && start.isCertain("weekday")) {
    const weekday = formatWeekday(date);
    const sameDay = formatDay(date) === refDay;
    const relation = date.getTime() < reference.getTime() ? "before" : "after";
    const label = sameDay ? refDay : `${formatDay(date)}, the ${weekday} ${relation} ${refDay}`;
    return { ...base, date, precision: "day", label, explicit: false, weekday: true };
  }
  if (start.isCertain("day") || /\b(?:yesterday|today|tonight|tomorrow|morning|afternoon|evening|night)\b/i.test(lower)) {
    const explicit = start.isCertain("year") && /\d{4}/.test(written);
    return { ...base, date, precision: "day", label: approx + formatDay(date), explicit };
  }
  if (start.isCertain("month") || /\bmonths?\b/.test(lower)) {
    const monthDate = utcDay(year, month, 1);
    const explicit = start.isCertain("year") && /\d{4}/.test(written);
    return { ...base, date: monthDate, precision: "month", label: approx + formatMonth(monthDate), explicit };
  }
  if (start.isCertain("year") || /\byears?\b/.test(lower)) {
    const explicit = /^\s*(?:in\s+)?\d{4}\s*$/.test(written);
    return { ...base, date: utcDay(year, 1, 1), precision: "year", label: `${approx}${year}`, explicit };
  }
  return undefined;
}

const SEASONS: Record<string, number> = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 12 };

const SEASON = /\b(last|this|next|past)\s+(spring|summer|fall|autumn|winter)\b/gi;
const WEEKENDS_AGO = new RegExp(String.raw`\b(${NUMBER_WORD})\s+weekends\s+ago\b`, "gi");
const THE_OTHER_DAY = /\bthe other day\b/gi;
const YEARS_UP_TO_NOW = new RegExp(String.raw`\b(?:(for\s+(?:the\s+(?:past|last)\s+)?)(${NUMBER_WORD})\s+years?\b|(${NUMBER_WORD})\s+years?\s+(?:now|already)\b)`, "gi");
/** A word each expression of {@link extraExpressions} needs: most sentences have none and cost this one test. */
const MAY_HOLD_EXTRA_EXPRESSION = /spring|summer|fall|autumn|winter|weekends|other day|year/i;

/** Expressions chrono-node does not parse; small and explicit on purpose. */
function extraExpressions(text: string, reference: Date): ResolvedDate[] {
  const found: ResolvedDate[] = [];
  if (!MAY_HOLD_EXTRA_EXPRESSION.test(text)) return found;
  const refYear = reference.getUTCFullYear();
  const refMonth = reference.getUTCMonth() + 1;
  const refDay = formatDay(reference);

  for (const match of text.matchAll(SEASON)) {
    const which = (match[1] ?? "").toLowerCase();
    const season = (match[2] ?? "").toLowerCase();
    const first = SEASONS[season] ?? 6;
    const year = seasonYear(which, first, refYear, refMonth);
    const label = season === "winter" ? `winter ${year}/${String(year + 1).slice(2)}` : `${season} ${year}`;
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length, date: utcDay(year, first, 1), precision: "season", label, explicit: false });
  }

  for (const match of text.matchAll(WEEKENDS_AGO)) {
    const count = parseCount(match[1] ?? "two", reference);
    const date = addDays(utcDay(refYear, refMonth, reference.getUTCDate()), -7 * count);
    const label = `${(match[1] ?? "").toLowerCase()} weekends before ${refDay}`;
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length, date, precision: "weekend", label, explicit: false });
  }

  for (const match of text.matchAll(THE_OTHER_DAY)) {
    const date = addDays(utcDay(refYear, refMonth, reference.getUTCDate()), -3);
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length, date, precision: "week", label: `a few days before ${refDay}`, explicit: false });
  }

  // Durations up to now: "for 4 years" (with have/been), "seven years now", "5 years already".
  const perfect = /\b(?:have|has|'ve|’ve|been)\b/i.test(text);
  for (const match of text.matchAll(YEARS_UP_TO_NOW)) {
    if (match[1] && !perfect) continue;
    const count = match[2] ?? match[3] ?? "";
    const since = resolveYearsAgo(count, reference);
    if (since === undefined) continue;
    found.push({ text: match[0], start: match.index, end: match.index + match[0].length, date: utcDay(since, 1, 1), precision: "year", label: `since ${since}`, explicit: false });
  }
  return found;
}

/**
 * Year in which the named season starts. Seasons span three months from `first` (winter: December
 * to February). "last"/"past": the latest season already over; "this": the current year's (a
 * winter under way started the year before); "next": the first one not yet begun.
 */
function seasonYear(which: string, first: number, refYear: number, refMonth: number): number {
  const winter = first === 12;
  if (which === "this") return winter && refMonth <= 2 ? refYear - 1 : refYear;
  if (which === "next") return winter ? (refMonth === 12 ? refYear + 1 : refYear) : refMonth < first ? refYear : refYear + 1;
  if (winter) return refMonth <= 2 ? refYear - 2 : refYear - 1;
  return refMonth > first + 2 ? refYear : refYear - 1;
}

/**
 * The resolved date as a phrase that can follow a verb: "on 7 May 2023", "in June 2023",
 * "in 2022", "the week before 9 June 2023", "since 2016".
 */
export function datePhrase(date: ResolvedDate): string {
  if (/^(?:the|since|around|a few|\w+ weekends)\b/i.test(date.label)) return date.label;
  return date.precision === "day" ? `on ${date.label}` : `in ${date.label}`;
}

/** Resolves "<count> years ago" with chrono (which reads number words), giving the year. */
function resolveYearsAgo(count: string, reference: Date): number | undefined {
  const parsed = loadChrono().parse(`${count} years ago`, asLocalWallClock(reference))[0];
  return parsed?.start.get("year") ?? undefined;
}

function parseCount(count: string, reference: Date): number {
  const year = resolveYearsAgo(count, reference);
  return year === undefined ? 2 : Math.max(1, reference.getUTCFullYear() - year);
}
