/** One first-person event a sentence states, before it becomes a triplet (the subject is the speaker). */
export interface EventMention {
  /** `acquired`, `attended`, `enjoyed_work`, `lost_job`, `started`, `plans`, `did_with_family`. */
  predicate: EventPredicate;
  /** The thing, event or work as written: `new shoes`, `pride parade`, `"Becoming Nicole" by Amy Ellis Nutt`. */
  object: string;
  /** The triplet as a sentence after the speaker's name: `bought new shoes`, `went to a pride parade`. */
  statement: string;
}

/** Predicates of first-person events (docs/architecture.md, "Graph memory"). */
export type EventPredicate = "acquired" | "attended" | "enjoyed_work" | "lost_job" | "started" | "plans" | "did_with_family";

/** Words each pattern needs: a sentence without them is not matched against it (most sentences state no event). */
const GATE = {
  acquired: /\b(?:bought|purchased|got|picked up|ordered)\b/i,
  attended: /\b(?:went|attended|joined|participated|took part|volunteered|was at|performed|spoke|saw)\b/i,
  workBy: /["“][^"”]{2,60}["”]\s+by\s/,
  lostJob: /\b(?:lost|quit|left) my\b/i,
  started: /\b(?:started|opened|launched|founded)\b/i,
  plans: /\b(?:thinking|considering|planning|hoping|decided|want|going) (?:of|about|on|to)\b|\bconsidering\b/i,
  tookFamily: /\b(?:took|brought) (?:the|my|our)\b/i,
};

/** `pattern`'s matches in `text`, none when `gate` finds no word the pattern needs (one regex test skips most sentences). */
export function gatedMatches(text: string, gate: RegExp, pattern: RegExp): Iterable<RegExpMatchArray> {
  return gate.test(text) ? text.matchAll(pattern) : [];
}

/** Words of time that end an object (`the game last night`, `work with my dad tomorrow`). */
const TIME_WORDS = "last|next|this|tonight|today|yesterday|tomorrow|after|before";
/** A stretch of time that ends an object (`a divorce two years ago`). */
const SPAN = String.raw`(?:\d+|two|three|four|five|six|seven|eight|nine|ten|few|several|many|couple\s+of)\s+(?:minute|hour|day|week|month|year)s?`;
/** A word of an event's name: no clause or time word (`fair to show`, `concert last night`). */
const EVENT_WORD = String.raw`(?!(?:to|and|but|so|or|for|with|at|in|on|of|that|which|it|was|${TIME_WORDS})\s)[\p{L}+'&-]{1,30}\s+`;
/** Nothing but adverbs before the verb: the sentence's own first word, `I`, or `we` (a subjectless turn `Just got ...` is the speaker's). */
const FIRST = String.raw`(?:^|[.!?,;]\s*|\b(?:I|we|We)\s+)(?:(?:just|finally|recently|also|actually|even|then)\s+)*`;
/** A noun phrase of one to five words, stopping at punctuation or a clause word. */
const THING = String.raw`((?:(?!(?:a|an|ago|and|but|because|so|when|since|with|while|if|as|or|too|to|for|at|from|on|in|of|${TIME_WORDS}|someday|soon|eventually|now|again|that|which|${SPAN})\b)[\p{L}\p{N}][\p{L}\p{N}'&-]{0,29}(?:\s+|(?![\p{L}\p{N}'&-]))){1,5})`;
const DETERMINER = String.raw`(?:a|an|some|the|this|these|those|my|our|two|three|a\s+pair\s+of|a\s+couple\s+of)\s+`;

/** `I bought a new bike`, `Just got some new shoes`: things the speaker acquired. */
const ACQUIRED = new RegExp(`${FIRST}(bought|purchased|got|picked up|ordered)\\s+(?:myself\\s+|us\\s+)?${DETERMINER}${THING}`, "giu");
/** Words that end an object gotten but never bought (`got a chance`, `got a call`). */
const NOT_ACQUIRED = /\b(?:chance|call|message|text|email|feeling|idea|sense|lot|bit|job|offer|time|moment|way|look|glimpse|kick|grip|hold|clue|point|break|cold|flu|news|letter|response|reply|answer|question|result|promotion|raise|award|compliment|hug|ride|shot|taste|step|start|deal|headache|migraine|fever|infection|injury|divorce|hair\s?cut|sleep|rest|nap|sunburn)s?$/i;

/** Nouns of things one attends: the last word of an attended event's phrase (also read by the offline date rules). */
export const EVENT_NOUNS = "parade|festival|concert|conference|convention|workshop|meeting|meetup|group|rally|march|fair|show|event|party|class|camp|retreat|competition|contest|tournament|program|programme|session|reading|talk|lecture|seminar|game|match|exhibit|exhibition|museum|gallery|gala|fundraiser|ceremony|wedding|protest|vigil|service|performance|play|recital|screening|premiere|race|marathon|club|drive|night|summit";
/**
 * What may follow an event's noun: no letter or hyphen (`drive-thru`), and no further word of the
 * noun phrase (`night market`): the end, punctuation, or a clause, time or place word.
 */
const EVENT_END = String.raw`(?![\p{L}\p{N}-])(?=\s*(?:$|[^\p{L}\p{N}\s]|(?:${TIME_WORDS}|and|but|so|or|because|when|while|where|which|who|that|to|at|in|on|with|for|of|from|by|about|near|during|since|until|was|were|is|are|had|has|have|again|too|there|here|once|together|downtown|nearby|earlier|every|as|like|over|I|we|it|(?:mon|tues|wednes|thurs|fri|satur|sun)day|weekend|ago|a\s+(?:few|couple)|${SPAN}|\p{L}+ly)\b))`;
/** `I went to a pride parade`, `we attended the conference`, `I joined a mentorship program`. */
const ATTENDED = new RegExp(`${FIRST}(went to|attended|joined|participated in|took part in|volunteered at|was at|performed at|spoke at)\\s+(?:${DETERMINER})?((?:${EVENT_WORD}){0,4}(?:${EVENT_NOUNS})s?)${EVENT_END}`, "giu");
/** `this pride parade I went to`, `the concert we saw`: an event named before the clause that attends it. */
const ATTENDED_BEFORE = new RegExp(String.raw`\b(?:the|this|that|a|an)\s+((?:${EVENT_WORD}){0,3}(?:${EVENT_NOUNS}))\s+(?:that\s+|which\s+)?(?:I|we)\s+(?:(?:just|recently|also)\s+)?(went to|attended|saw|joined|was at)\b`, "giu");

/** `"Becoming Nicole" by Amy Ellis Nutt`: a quoted title with its maker, in a first-person or subjectless sentence. */
const WORK_BY = /["“]([^"”]{2,60})["”]\s+by\s+(\p{Lu}[\p{L}.'-]{0,30}(?:\s+\p{Lu}[\p{L}.'-]{0,30}){0,3})/gu;

/** `Lost my job as a banker`, `I quit my job at the bank`. */
const LOST_JOB = new RegExp(`${FIRST}(lost|quit|left)\\s+my\\s+(job|position|career)(?:\\s+(as|at)\\s+(?:a\\s+|an\\s+|the\\s+)?([\\p{L}-]{2,30}(?:\\s+(?!(?:${TIME_WORDS}|so|and|but|on|in|at|for|since|because|to)\\b)[\\p{L}-]{2,30})?))?`, "giu");
/** `I started my own business`, `we opened a bakery`, `I launched my own clothing store`. */
const STARTED = new RegExp(`${FIRST}(started|opened|launched|founded)\\s+(?:up\\s+)?(?:my|our|a|an)\\s+(?:own\\s+)?((?:[\\p{L}-]{2,30}\\s+){0,2}(?:business|company|studio|store|shop|startup|bakery|restaurant|cafe|brand|line|blog|channel|podcast|band|charity|nonprofit|organization|clinic|practice|firm|agency))\\b`, "giu");
/** `I'm thinking of working with trans people`, `I decided to become a counselor`. */
const PLANS = new RegExp(String.raw`\b(?:I'm|I\s+am|I've|I\s+have|I)\s+(?:(?:really|still|seriously|also|finally)\s+)*(?:thinking\s+of|thinking\s+about|considering|planning\s+on|planning\s+to|hoping\s+to|decided\s+to|want\s+to|going\s+to)\s+(becom(?:e|ing)|pursu(?:e|ing)|work(?:ing)?\s+(?:with|in|as)|study(?:ing)?|go(?:ing)?\s+into|train(?:ing)?\s+(?:as|to\s+be))\s+(?:a\s+|an\s+|the\s+)?${THING}`, "giu");
/** `I took the kids to the museum`, `we took our family on a road trip`. */
const TOOK_FAMILY = new RegExp(`${FIRST}(took|brought)\\s+(?:the|my|our)\\s+(kids|children|family|son|daughter|boys|girls|husband|wife|parents)\\s+(to|on)\\s+(?:${DETERMINER})?${THING}`, "giu");

/**
 * The clause before a quoted work says the speaker talks of it: `I` or `we` opens it (`I keep
 * rereading`, `We loved`) or a verb or adverb does (`Just finished`, `Loved`), and no other person
 * comes between (`My sister loves`, `I think she loves`).
 */
const SPEAKER_CLAUSE = /(?:^|[.!?;:,]\s*)(?:(?:I|we)(?:'m|'ve|'d|'re)?|just|finally|recently|also|really|currently|still|\p{L}+(?:ed|ing))(?:\s+(?!(?:he|she|they|you|my|his|her|their|your|our)\b)\p{Ll}[\p{L}']*){0,5}\s*$/iu;

/** The sentence ends in a question mark (closing quotes and brackets aside). */
const IS_QUESTION = /\?[\s"”')\]]*$/u;

/** True when `sentence` ends in a question mark: it asks, or it is a statement with a tag (`..., huh?`). */
export function endsInQuestionMark(sentence: string): boolean {
  return IS_QUESTION.test(sentence);
}
/** A tag after a statement (`..., pretty cool, huh?`, `... - right?`, `..., didn't you?`). */
const TAG = /(?:,|\s[-–—])\s*(?:[\p{L}']+\s+){0,2}?(?:huh|eh|right|yeah|no|ok|okay|you know|isn't it|wasn't it|don't you think|didn't you|don't you|aren't you|haven't you)\s*\?[\s"”')\]]*$/iu;
/** A question word or inverted verb opening the sentence: the sentence asks, whatever its end. */
const ASKS = /^\W*(?:what|where|when|why|how|who|whom|whose|which|do|does|did|are|is|was|were|have|has|had|can|could|will|would|should|shall|may|might|am)\b/i;
/** The match opens with `I` or `we` written out (not a subjectless turn). */
const SAID_BY_SPEAKER = /^(?:I|we)\s/i;

/** Longest stretch before a quote that is read for its clause: six words fit, and each quote costs at most this (no rescan of the sentence). */
const CLAUSE_WINDOW = 200;

/** The text before `index` from its clause's start, at most {@link CLAUSE_WINDOW} characters; "" when the clause is longer. */
function clauseBefore(sentence: string, index: number): string {
  const from = Math.max(0, index - CLAUSE_WINDOW);
  const before = sentence.slice(from, index);
  return from === 0 ? before : before.replace(/^[^.!?;:,]*/, "");
}

/**
 * The speaker talks of the quoted work after `clause` (see {@link SPEAKER_CLAUSE}), or the quote
 * opens its clause in a first-person sentence (`"Brave" by Sara Bareilles means a lot to me`); in a
 * tag question only after `I`/`we`.
 */
function speaksOfWork(sentence: string, clause: string, tagged: boolean): boolean {
  if (/(?:^|[.!?;:,])\s*$/.test(clause)) return /\b(?:I|me|my|we|us|our)\b/i.test(sentence);
  return SPEAKER_CLAUSE.test(clause) && (!tagged || /(?:^|[.!?;:,]\s*)(?:I|we)\b/i.test(clause));
}

const clean = (phrase: string): string => phrase.trim().replace(/\s+/g, " ");
const base = (verb: string): string => verb.toLowerCase().replace(/\s+/g, " ");

/**
 * First-person events a sentence states, by pattern (docs/architecture.md, "Graph memory"): things
 * bought or gotten (`Just got some new shoes`), events attended (`I went to a pride parade`, `this
 * pride parade I went to`; the phrase ends in an event noun), a quoted work and its maker (`I loved
 * "Becoming Nicole" by Amy Ellis Nutt`), a job lost (`Lost my job as a banker`), a business started
 * (`I started my own clothing store`), a path planned (`I'm thinking of working with trans people`),
 * and an outing with family (`I took the kids to the museum`). A sentence that names none of the
 * patterns' verbs is skipped by one regex test. A question (ending in `?`, tag questions such as
 * `Got a new car, huh?` included) states nothing: a subjectless turn is the speaker's only when it
 * is a statement. `endsInNoun` tells whether a phrase of the sentence ends in a noun (compromise's
 * tags); objects of `acquired`, `lost_job` and `plans` must (`I got my hair cut` states no purchase).
 */
export function eventMentions(sentence: string, endsInNoun: (phrase: string) => boolean): EventMention[] {
  const found: EventMention[] = [];
  // A question states nothing; a statement with a tag (`I started my own store, pretty cool, huh?`)
  // states the events whose subject `I`/`we` is written out: `Got a new car, huh?` may be the listener's.
  const tagged = endsInQuestionMark(sentence);
  if (tagged && (!TAG.test(sentence) || ASKS.test(sentence))) return found;
  const said = (match: RegExpMatchArray): boolean => !tagged || SAID_BY_SPEAKER.test(match[0]);
  const add = (mention: EventMention) => {
    if (!found.some((known) => known.predicate === mention.predicate && known.object.toLowerCase() === mention.object.toLowerCase())) found.push(mention);
  };
  for (const match of gatedMatches(sentence, GATE.acquired, ACQUIRED)) {
    const object = clean(match[2]!);
    if (said(match) && !NOT_ACQUIRED.test(object) && !/^(?:to|it|them|one)\b/i.test(object) && endsInNoun(object)) add({ predicate: "acquired", object, statement: `got ${object}` });
  }
  for (const match of gatedMatches(sentence, GATE.attended, ATTENDED)) if (said(match)) add({ predicate: "attended", object: clean(match[2]!), statement: `${base(match[1]!)} ${clean(match[2]!)}` });
  for (const match of gatedMatches(sentence, GATE.attended, ATTENDED_BEFORE)) add({ predicate: "attended", object: clean(match[1]!), statement: `${base(match[2]!)} ${clean(match[1]!)}` });
  for (const match of gatedMatches(sentence, GATE.workBy, WORK_BY)) {
    if (speaksOfWork(sentence, clauseBefore(sentence, match.index!), tagged)) {
      const work = `"${match[1]!.trim()}" by ${match[2]!.trim().replace(/\.$/, "")}`;
      add({ predicate: "enjoyed_work", object: work, statement: `talked about ${work}` });
    }
  }
  for (const match of gatedMatches(sentence, GATE.lostJob, LOST_JOB)) {
    if (!said(match) || (match[4] && !endsInNoun(match[4]))) continue;
    const object = match[4] ? `${match[2]!.toLowerCase()} ${match[3]!.toLowerCase()} ${clean(match[4])}` : match[2]!.toLowerCase();
    add({ predicate: "lost_job", object, statement: `${base(match[1]!)} a ${object}` });
  }
  for (const match of gatedMatches(sentence, GATE.started, STARTED)) if (said(match)) add({ predicate: "started", object: clean(match[2]!), statement: `${base(match[1]!)} a ${clean(match[2]!)}` });
  for (const match of gatedMatches(sentence, GATE.plans, PLANS)) {
    const object = `${clean(match[1]!)} ${clean(match[2]!)}`.toLowerCase();
    if (!endsInNoun(match[2]!)) continue;
    add({ predicate: "plans", object, statement: `plans ${object}` });
  }
  for (const match of gatedMatches(sentence, GATE.tookFamily, TOOK_FAMILY)) {
    if (!said(match)) continue;
    const object = clean(match[4]!);
    add({ predicate: "did_with_family", object, statement: `${base(match[1]!)} the ${match[2]!.toLowerCase()} ${match[3]} ${object}` });
  }
  return found;
}
