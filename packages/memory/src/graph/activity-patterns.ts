/** One activity or trip a first-person sentence states, before it becomes a triplet. */
export interface ActivityMention {
  predicate: "does_activity" | "visited";
  /** Lowercase activity (`swimming`, `pottery`) or the place as written (`Rome`). */
  object: string;
}

/** Gerunds that are not pastimes (`going`, `looking forward`, `thinking`). */
const NOT_PASTIMES = new Set([
  "looking", "working", "trying", "thinking", "doing", "getting", "going", "feeling", "having", "making", "taking", "chasing",
  "caring", "saying", "telling", "talking", "wondering", "hoping", "planning", "wanting", "coming", "being", "seeing", "using",
  "keeping", "starting", "missing", "waiting", "dealing", "struggling", "transitioning", "something", "nothing", "anything",
  "everything", "morning", "evening", "thing", "ring", "king", "spring", "during", "bring", "sing", "living", "learning", "helping",
  "spending", "figuring", "supporting", "sharing", "showing", "finding", "putting", "giving", "exploring", "building", "growing",
  "amazing", "interesting", "exciting", "inspiring", "outgoing", "ongoing", "boring", "relaxing", "calming", "refreshing",
  "rewarding", "challenging", "loving", "understanding", "following", "pursuing", "reminding", "reaching", "happening",
  "paying", "dreaming", "creating", "playing", "wedding", "meaning", "ceiling", "traumatizing",
]);

/** True when a lowercase gerund names a pastime (`swimming`), not a chat verb or a state (`looking`, `transitioning`). */
export function isPastime(gerund: string): boolean {
  return !NOT_PASTIMES.has(gerund.toLowerCase());
}
/** A first-person clause: `I`, `we`, `my family`, `the kids and I`. */
const FIRST_PERSON_WORD = /\b(?:I|we|We|my|My|our|Our)\b/;
/** `go swimming`, `went camping`, `love painting`, `been running`, `off to go hiking`. */
const PASTIME = /\b(?:go|goes|went|going|gone|love|loves|loved|enjoy|enjoys|enjoyed|started|start|tried|been|took up|do|did|into)\s+(?:(?:some|more|a\s+lot\s+of|lots\s+of|a\s+little|together|again|out)\s+)?(\p{Ll}{3,20}ing)\b/gu;
/** `a pottery class`, `painting lessons`, `a dance workshop`. */
const CLASS = /\b(?:a|an|the|my|our|some)\s+(?:new\s+)?(\p{Ll}{3,20})\s+(?:class|classes|lesson|lessons|course|workshop|club)\b/gu;
/** `took a short trip last week to Rome`, `a road trip to Yosemite`. */
const TRIP = /\b(?:trip|vacation|holiday|getaway|flew|drove)\b(?:\s+[\p{L}\d]+){0,4}?\s+to\s+(\p{Lu}\p{Ll}{2,20}(?:\s\p{Lu}\p{Ll}{2,20})?)/gu;
const NOT_PLACES = new Set(["The", "My", "Our", "This", "That", "It", "We"]);
/** Text ending in someone else as the subject: `My sister ` (went hiking), `our kids ` (love swimming). */
const OTHER_SUBJECT_BEFORE = /\b(?:my|our)\s+\p{L}+(?:\s+\p{L}+)?\s+$/iu;

/**
 * Pastimes and trips a first-person sentence states, by pattern (docs/architecture.md, "Graph
 * memory"): a gerund after a verb of doing or liking (`I'm off to go swimming`, `we love painting
 * together`), the subject of a class (`I signed up for a pottery class`), and a trip to a
 * capitalized place (`took a short trip last week to Rome`). Sentences without a first-person
 * word state nothing here, nor does a pastime whose subject is someone of the speaker's (`My sister
 * went hiking`).
 */
export function activityMentions(sentence: string): ActivityMention[] {
  if (!FIRST_PERSON_WORD.test(sentence)) return [];
  const found: ActivityMention[] = [];
  const add = (mention: ActivityMention) => {
    if (!found.some((known) => known.predicate === mention.predicate && known.object === mention.object)) found.push(mention);
  };
  for (const match of sentence.matchAll(PASTIME)) {
    // "My sister went hiking" is the sister's pastime, not the speaker's.
    if (isPastime(match[1]!) && !OTHER_SUBJECT_BEFORE.test(sentence.slice(0, match.index))) add({ predicate: "does_activity", object: match[1]! });
  }
  for (const match of sentence.matchAll(CLASS)) if (isPastime(match[1]!)) add({ predicate: "does_activity", object: match[1]! });
  for (const match of sentence.matchAll(TRIP)) if (!NOT_PLACES.has(match[1]!)) add({ predicate: "visited", object: match[1]! });
  return found;
}
