import type { AnalyzedMessage } from "../ingest/offline/analyze-message";
import type { AnalyzedSentence } from "../ingest/offline/sentences";
import type { EntityType } from "../schema/graph-row";
import { activityMentions, isPastime } from "./activity-patterns";
import { endsInQuestionMark, eventMentions, gatedMatches, type EventPredicate } from "./event-patterns";
import { firstPersonActions } from "./first-person-actions";
import type { EntityMention, TripletDraft } from "./triplet-draft";

/** Relation words → the predicate they state (possessive family and friends). */
const RELATION_PREDICATE: Record<string, string> = {
  husband: "partner", wife: "partner", partner: "partner", spouse: "partner", boyfriend: "partner", girlfriend: "partner",
  fiance: "partner", "fiancé": "partner", fiancee: "partner", "fiancée": "partner",
  son: "child", daughter: "child", kid: "child", kids: "child", child: "child", children: "child", baby: "child",
  mom: "parent", mother: "parent", dad: "parent", father: "parent", parents: "parent",
  brother: "sibling", sister: "sibling", siblings: "sibling", grandma: "grandparent", grandmother: "grandparent",
  grandpa: "grandparent", grandfather: "grandparent", aunt: "relative", uncle: "relative", cousin: "relative",
  friend: "friend", "best friend": "friend", friends: "friend", boss: "boss", mentor: "mentor", roommate: "roommate",
  neighbor: "neighbor", neighbour: "neighbor",
};
/** How a group without a name is called as a node: `my children` → `Melanie's kids`. */
const GROUP_NAME: Record<string, string> = { kid: "kids", kids: "kids", child: "kids", children: "kids", baby: "kids", parents: "parents", friends: "friends", siblings: "siblings" };
const PETS = "dog|dogs|puppy|pup|cat|cats|kitten|kitty|bird|parrot|fish|hamster|guinea pig|rabbit|bunny|horse|turtle|snake|lizard|gecko";

const alternation = (words: readonly string[]): string => [...words].sort((a, b) => b.length - a.length).join("|");
const REL = alternation(Object.keys(RELATION_PREDICATE));
/** A capitalized name of one or two words (no possessive). */
const NAME = String.raw`\p{Lu}[\p{L}-]{1,30}(?:\s\p{Lu}[\p{L}-]{1,30})?`;
/** Who a clause is about: `I`, `we`, `my kids`, `Melanie`, `Melanie's sister`. */
const SUBJECT = String.raw`(I|[Ww]e|[Mm]y\s+(?:${REL})|${NAME}(?:'s\s+(?:${REL}))?)`;
/**
 * A noun phrase object: up to six words, stopping at punctuation or a clause word. Words are
 * bounded (at most 40 letters, split only at spaces), so a match costs a bounded time per start.
 */
const PHRASE = String.raw`((?:(?!(?:and|but|because|so|when|since|with|while|if|as|or|too)\b)[\p{L}\p{N}'&-]{1,40}(?:\s+|(?![\p{L}\p{N}'&-]))){1,6})`;

const FAMILY = new RegExp(String.raw`\b(${NAME}'s|[Mm]y|[Oo]ur)\s+(?:(?:little|big|older|younger|best|dear|two|three|oldest|youngest|eldest|new)\s+)*(${REL})\b(?:,?\s+(?:named\s+|called\s+)?(${NAME}))?`, "gu");
const COPULA_RELATION = new RegExp(String.raw`\b(${NAME}) is my (?:(?:little|big|older|younger|best)\s+)*(${REL})\b`, "gu");
const PET = new RegExp(String.raw`${SUBJECT}\b\s*(?:have|has|had|got|adopted|rescued|own|owns)\s+(?:a|an|another)\s+(?:(?:new|little|cute|rescue)\s+)?(${PETS})\s+(?:named|called)\s+(${NAME})`, "gu");
const MY_PET = new RegExp(String.raw`\b[Mm]y\s+(?:(?:new|little|old|sweet)\s+)*(${PETS})\s*,?\s+(${NAME})\b`, "gu");
const WORKS = new RegExp(String.raw`${SUBJECT}\b\s*(?:work|works|worked|am working|'m working|is working|started working)\s+(?:at|for)\s+(?:the\s+|a\s+|an\s+)?${PHRASE}`, "gu");
const LIVES = new RegExp(String.raw`${SUBJECT}\b\s*(?:live|lives|am living|'m living|moved|moved back|relocated|just moved)\s+(?:in|to)\s+(?:the\s+)?${PHRASE}`, "gu");
const FROM = new RegExp(String.raw`${SUBJECT}\b\s*(?:am|'m|is|are|'re)\s+(?:originally\s+)?from\s+(?:the\s+)?${PHRASE}`, "gu");
const LIKES = new RegExp(String.raw`${SUBJECT}\b\s*(?:(?:really|also|absolutely|just|totally|both|all)\s+)?(love|loves|like|likes|enjoy|enjoys|adore|adores|am into|'m into|is into|are into)\s+(?:to\s+)?${PHRASE}`, "gu");
const IS_A = new RegExp(String.raw`${SUBJECT}\b\s*(?:am|'m|is)\s+(?:a|an)\s+${PHRASE}`, "gu");
const VISITED = new RegExp(String.raw`${SUBJECT}\b\s*(?:went|traveled|travelled|visited|flew|drove|took a trip)\s+(?:back\s+)?(?:to\s+)?(${NAME})`, "gu");
const ACTIVITY = new RegExp(String.raw`${SUBJECT}\b\s*(?:went|go|goes|going|started|took up|tried)\s+(?:to\s+)?(\p{Ll}+ing)\b`, "gu");
const TOOK_UP = new RegExp(String.raw`${SUBJECT}\b\s*(?:took up|signed up for|joined|started|am learning|'m learning|learned|practice|practise|play|plays|played)\s+(?:a\s+|an\s+|the\s+)?${PHRASE}`, "gu");
const READ = new RegExp(String.raw`${SUBJECT}\b\s*(?:read|am reading|'m reading|finished reading|just read|is reading)\s+["“]([^"”]{2,80})["”]`, "gu");
const FAVORITE = new RegExp(String.raw`\b(${NAME}'s|[Mm]y)\s+favou?rite\s+([\p{L}-]+(?:\s[\p{L}-]+)?)\s+(?:is|was|are)\s+${PHRASE}`, "gu");

/** What the object of each first-person event is. */
const EVENT_OBJECT_TYPE: Record<EventPredicate, EntityType> = {
  acquired: "thing", attended: "event", enjoyed_work: "thing", lost_job: "concept", started: "organization", plans: "concept", did_with_family: "event",
};

/**
 * Cheap word tests run before each pattern (a pattern's verb or noun must be in the sentence): most
 * sentences state no relation, and a pattern that opens with a subject alternation tries every position.
 */
const GATE = {
  family: new RegExp(String.raw`\b(?:${REL})\b`, "iu"),
  copula: /\bis my\b/,
  pet: new RegExp(String.raw`\b(?:${PETS})\b`, "i"),
  works: /\bwork/i,
  lives: /\b(?:live|lives|living|moved|relocated)\b/i,
  from: /\bfrom\b/i,
  isA: /(?:\bam|'m|\bis)\s+an?\b/i,
  gerund: /ing\b/,
  tookUp: /\b(?:took up|signed up|joined|started|learning|learned|practi[cs]e|play|plays|played)\b/i,
  read: /\bread/i,
  visited: /\b(?:went|traveled|travelled|visited|flew|drove|took a trip)\b/i,
  likes: /\b(?:love|loves|like|likes|enjoy|enjoys|adore|adores|into)\b/i,
  favorite: /favou?rite/i,
};

const VAGUE_OBJECTS = /^(?:it|that|this|them|you|him|her|us|me|there|here|those|these|one|so|a|the|some|lot|lots|a lot|much|more|what|how|doing|being|being able|something|anything|everything|nothing|people|stuff|things|everyone|someone|anyone|others)$/i;
/** Objects that open a clause rather than name a thing (`how it shows ...`, `that you chose ...`). */
const CLAUSE_START = /^(?:how|that|what|when|where|why|which|who|it|its|it's|this|these|those|you|your|i|we|they|he|she|if|to be|being)\b/i;
const FIRST_PERSON = /^(?:I|we|We)$/;

/** Everything a pattern needs about the sentence and who speaks. */
interface Context {
  speaker: string;
  sentence: AnalyzedSentence;
  source: string;
  at: string;
  out: TripletDraft[];
}

/**
 * True when a capitalized subject is a name to compromise (`Person`, `ProperNoun`, ...), not a
 * sentence's first common word (`Pottery is ...`, `Looks like ...`); `I`, `we` and `my ...` pass.
 */
function isNamedSubject(sentence: AnalyzedSentence, phrase: string, speaker: string): boolean {
  if (FIRST_PERSON.test(phrase) || /^[Mm]y\s/.test(phrase)) return true;
  const first = phrase.split(/['\s]/)[0]!;
  if (first === speaker || first === speaker.split(" ")[0]) return true;
  const token = sentence.tokens.find((candidate) => candidate.text.replace(/['’]s$/, "") === first);
  return token !== undefined && (token.tags.has("Person") || token.tags.has("FirstName") || token.tags.has("Place") || token.tags.has("Organization")) && !token.tags.has("Pronoun");
}

/** The node a subject phrase names: `I`/`we` → the speaker, `my kids` → `Melanie's kids`, `Mel's sister` → `Mel's sister`. */
function subjectMention(phrase: string, speaker: string): EntityMention {
  if (FIRST_PERSON.test(phrase)) return { name: speaker, type: "person" };
  const mine = /^[Mm]y\s+(.+)$/.exec(phrase);
  if (mine) return { name: `${speaker}'s ${groupName(mine[1]!)}`, type: "person" };
  const owned = /^(.+?)'s\s+(.+)$/.exec(phrase);
  if (owned) return { name: `${owned[1]}'s ${groupName(owned[2]!)}`, type: "person" };
  return { name: phrase, type: "person" };
}

function groupName(relation: string): string {
  const lower = relation.toLowerCase();
  return GROUP_NAME[lower] ?? lower;
}

/** Objects that are a stretch of time (`a few weeks`, `last week`), not a thing done. */
const TIME_SPANS = /^(?:(?:a|the|last|next|this|that|first|a\s+few|a\s+couple(?:\s+of)?|few|couple(?:\s+of)?|two|three|several|many)\s+)*(?:second|minute|hour|day|night|week|weekend|month|year|time|step|while)s?$/i;

/** A phrase that opens with a stretch of time (`last year reminds me`): a clause, not a thing. */
const TIME_START = /^(?:last|next|this|that)\s+(?:night|day|week|weekend|month|year|time|summer|winter|spring|fall|autumn)\b/i;

/** The object phrase cleaned: a leading preposition, determiners and trailing stop words dropped; null when vague, a clause or a time span. */
function cleanObject(phrase: string | undefined): string | null {
  if (!phrase) return null;
  // `and understand each other`, `across`: a clause or a lone particle, not a thing.
  if (/^(?:and|but|or|so|across|along|around|away|back|out|up|down|off|over)\b/i.test(phrase.trim())) return null;
  const words = phrase
    .trim()
    .replace(/^(?:for|about|with|through|on|into|at|in|of)\s+/i, "")
    .replace(/^(?:the|a|an|my|our|his|her|their|some|all|to)\s+/i, "").replace(/\s+(?:a lot|so much|very much|too|now|again|lately|today|yesterday|there|here)$/i, "");
  const cleaned = words.replace(/\s+(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|few|several|many|\d+)\s+(?:days?|weeks?|months?|years?)\b.*$/i, "").replace(/\s+(?:last|this|next|in|on|at|for|from|after|before|during|every|yesterday|today|tonight|recently|now)\b.*$/i, "")
    // What the cut left dangling: `another painting like our`, `acoustic guitar about`.
    .replace(/(?:\s+(?:like|about|with|of|to|our|my|their|his|her|your|the|a|an))+$/i, "")
    .trim();
  if (cleaned.length < 2 || VAGUE_OBJECTS.test(cleaned) || TIME_SPANS.test(cleaned) || TIME_START.test(cleaned) || CLAUSE_START.test(cleaned) || /^(?:the|a|an|to|my|your)$/i.test(cleaned)) return null;
  return cleaned.split(/\s+/).length > 5 ? null : cleaned;
}

/** True when the last word of `phrase` in the sentence is a noun or gerund to compromise (no "I'm a bit tired"). */
export function endsInNoun(sentence: AnalyzedSentence, phrase: string): boolean {
  const last = phrase.trim().split(/\s+/).at(-1)?.toLowerCase() ?? "";
  const token = sentence.tokens.find((candidate) => candidate.normal === last || candidate.text.toLowerCase() === last);
  return token !== undefined && (token.tags.has("Noun") || token.tags.has("Gerund")) && !token.tags.has("Pronoun");
}

function push(context: Context, subject: EntityMention, predicate: string, object: EntityMention, text: string): void {
  if (subject.name.toLowerCase() === object.name.toLowerCase()) return;
  if (!isNamedSubject(context.sentence, subject.name.startsWith(`${context.speaker}'s `) || subject.name === context.speaker ? "I" : subject.name, context.speaker)) return;
  if (context.out.some((known) => known.subject.name === subject.name && known.predicate === predicate && known.object.name.toLowerCase() === object.name.toLowerCase())) return;
  context.out.push({ subject, predicate, object, text, sources: [context.source], valid_from: context.at });
}

/** The verb of a likes-triplet in the third person: `I love` → `loves`, `my kids love` → `love`. */
function likeVerb(subject: string, verb: string): string {
  const base = verb.replace(/^(?:'m|am|'re|are)\s*/, "").replace(/s$/, "");
  if (base === "into" || /into$/.test(verb)) return /s$|^we$/i.test(subject) ? "are into" : "is into";
  const plural = /^we$/i.test(subject) || (/s$/.test(subject) && !/^I$/.test(subject) && /^my\s|'s\s/i.test(subject));
  return plural ? base : `${base}s`;
}

function thing(name: string, type: EntityType = "thing"): EntityMention {
  return { name, type };
}

/** First-person events (`graph/event-patterns.ts`), the speaker their subject. */
function eventRelations(text: string, context: Context): void {
  for (const event of eventMentions(text, (phrase) => endsInNoun(context.sentence, phrase))) {
    push(context, { name: context.speaker, type: "person" }, event.predicate, thing(event.object, EVENT_OBJECT_TYPE[event.predicate]), `${context.speaker} ${event.statement.replace(/\b[Mm]y\b/g, `${context.speaker}'s`)}`);
  }
}

/** Possessive family and friends: `Melanie's sister Ann`, `my kids`, `Ann is my sister`. */
function familyRelations(text: string, context: Context): void {
  for (const match of gatedMatches(text, GATE.family, FAMILY)) {
    const owner = /^(?:my|our)$/i.test(match[1]!) ? context.speaker : match[1]!.replace(/'s$/, "");
    const relation = match[2]!.toLowerCase();
    const predicate = RELATION_PREDICATE[relation] ?? "relative";
    const name = match[3];
    if (!name && !GROUP_NAME[relation] && !["partner", "parent", "sibling", "grandparent"].includes(predicate)) continue;
    const object: EntityMention = name ? { name, type: "person" } : { name: `${owner}'s ${groupName(relation)}`, type: "person" };
    push(context, { name: owner, type: "person" }, predicate, object, name ? `${owner}'s ${relation} is ${name}` : `${owner} has ${/s$/.test(relation) ? relation : `a ${relation}`}`);
  }
  for (const match of gatedMatches(text, GATE.copula, COPULA_RELATION)) {
    const relation = match[2]!.toLowerCase();
    push(context, { name: context.speaker, type: "person" }, RELATION_PREDICATE[relation] ?? "relative", { name: match[1]!, type: "person" }, `${context.speaker}'s ${relation} is ${match[1]}`);
  }
}

/** Pets with names: `I have a dog named Max`, `my cat Luna`. */
function petRelations(text: string, context: Context): void {
  for (const match of gatedMatches(text, GATE.pet, PET)) {
    const subject = subjectMention(match[1]!, context.speaker);
    push(context, subject, "has_pet", { name: match[3]!, type: "pet" }, `${subject.name} has a ${match[2]} named ${match[3]}`);
  }
  for (const match of gatedMatches(text, GATE.pet, MY_PET)) {
    push(context, { name: context.speaker, type: "person" }, "has_pet", { name: match[2]!, type: "pet" }, `${context.speaker} has a ${match[1]} named ${match[2]}`);
  }
}

/** Relations of one pattern whose object is a noun phrase. */
function phraseRelations(text: string, context: Context, gate: RegExp, pattern: RegExp, predicate: string, type: EntityType, verb: string, needsNoun: boolean): void {
  for (const match of gatedMatches(text, gate, pattern)) {
    const object = cleanObject(match.at(-1));
    if (!object || (needsNoun && !endsInNoun(context.sentence, object))) continue;
    const subject = subjectMention(match[1]!, context.speaker);
    push(context, subject, predicate, thing(object, type), `${subject.name} ${verb} ${object}`);
  }
}

/**
 * Relations stated in one analyzed message, offline: patterns over each sentence with compromise's
 * tags checking that objects are nouns. First person (`I`, `we`, `my ...`) is the speaker. Patterns:
 * possessive family (`X's sister Y`, `my kids`), `Y is my sister`, pets with names, `works at`,
 * `lives in` / `moved to` / `from`, likes (`love`, `enjoy`, `into`), copulas (`I'm a nurse`),
 * trips to named places, activities (`went camping`), quoted books read and favourites. Questions
 * are skipped. Every triplet cites the message alone.
 */
export function extractTriplets(analyzed: AnalyzedMessage): TripletDraft[] {
  const out: TripletDraft[] = [];
  for (const sentence of analyzed.sentences) {
    const context: Context = { speaker: analyzed.speaker, sentence, source: analyzed.message.id, at: analyzed.message.timestamp, out };
    const text = sentence.text.replace(/[’‘]/g, "'");
    // A question (`Got a new car, huh?` too) states no relation; only the event patterns read a
    // statement with a tag (`I started my own store, pretty cool, huh?`) (docs/architecture.md, "Graph memory").
    if (sentence.isQuestion || endsInQuestionMark(sentence.text)) {
      eventRelations(text, context);
      continue;
    }
    familyRelations(text, context);
    petRelations(text, context);
    phraseRelations(text, context, GATE.works, WORKS, "works_at", "organization", "works at", false);
    phraseRelations(text, context, GATE.lives, LIVES, "lives_in", "place", "lives in", false);
    phraseRelations(text, context, GATE.from, FROM, "from", "place", "is from", false);
    phraseRelations(text, context, GATE.isA, IS_A, "is_a", "concept", "is a", true);
    for (const match of gatedMatches(text, GATE.gerund, ACTIVITY)) {
      if (!isPastime(match[2]!)) continue;
      const subject = subjectMention(match[1]!, context.speaker);
      push(context, subject, "does_activity", thing(match[2]!.toLowerCase(), "event"), `${subject.name} does ${match[2]!.toLowerCase()}`);
    }
    phraseRelations(text, context, GATE.tookUp, TOOK_UP, "does_activity", "event", "does", true);
    phraseRelations(text, context, GATE.read, READ, "read", "thing", "read", false);
    for (const match of gatedMatches(text, GATE.visited, VISITED)) {
      const subject = subjectMention(match[1]!, context.speaker);
      if (!/^(?:I|The|My|We)$/.test(match[2]!)) push(context, subject, "visited", thing(match[2]!, "place"), `${subject.name} visited ${match[2]}`);
    }
    for (const match of gatedMatches(text, GATE.likes, LIKES)) {
      const object = cleanObject(match[3]);
      if (!object || !endsInNoun(sentence, object)) continue;
      const subject = subjectMention(match[1]!, context.speaker);
      push(context, subject, "likes", thing(object, "concept"), `${subject.name} ${likeVerb(match[1]!, match[2]!)} ${object}`);
    }
    for (const mention of activityMentions(text)) {
      const object = thing(mention.object, mention.predicate === "visited" ? "place" : "event");
      push(context, { name: context.speaker, type: "person" }, mention.predicate, object, `${context.speaker} ${mention.predicate === "visited" ? "visited" : "does"} ${mention.object}`);
    }
    eventRelations(text, context);
    // Anything else the speaker did: `I painted a lake sunrise` → Melanie --did--> lake sunrise.
    for (const action of firstPersonActions(sentence)) {
      // `I moved from my home country`: where the speaker is from, not an event `from my home country`.
      const origin = /^(?:moved|came|emigrated|relocated)$/i.test(action.verb) ? /^from\s+(.+)$/i.exec(action.object) : null;
      if (origin) {
        const place = cleanObject(origin[1]);
        if (place) push(context, { name: context.speaker, type: "person" }, "from", thing(place, "place"), `${context.speaker} is from ${place}`);
        continue;
      }
      const object = cleanObject(action.object);
      // `I went to a pride parade`: no `did a pride parade` beside `attended pride parade`.
      const bare = object?.toLowerCase();
      const stated = (known: TripletDraft) => known.text.toLowerCase().includes(bare!) || (known.predicate in EVENT_OBJECT_TYPE && bare!.includes(known.object.name.toLowerCase()));
      if (object && bare && !context.out.some((known) => known.sources[0] === context.source && stated(known))) {
        push(context, { name: context.speaker, type: "person" }, action.past ? "did" : "does", thing(object, "event"), `${context.speaker} ${action.verb.toLowerCase()} ${action.object.replace(/\b[Mm]y\b/g, `${context.speaker}'s`).replace(/\b[Oo]ur\b/g, "their")}`);
      }
    }
    for (const match of gatedMatches(text, GATE.favorite, FAVORITE)) {
      const owner = /^my$/i.test(match[1]!) ? context.speaker : match[1]!.replace(/'s$/, "");
      const object = cleanObject(match[3]);
      if (object) push(context, { name: owner, type: "person" }, "favorite", thing(object, "concept"), `${owner}'s favorite ${match[2]!.toLowerCase()} is ${object}`);
    }
  }
  return out;
}
