import { contentWords, stem } from "../../text/words";
import type { ResolvedDate } from "./resolve-dates";

/** One word of a parsed sentence (a compromise term). Offsets index the message content. */
export interface Token {
  /** The word as written; "" for the hidden half of a contraction ("I'm" → "I'm" + ""). */
  text: string;
  /** Punctuation and spaces before and after the word. */
  pre: string;
  post: string;
  /** Lowercased normal form, e.g. `i'm`. */
  normal: string;
  /** The expanded word of a contraction half, e.g. `i` then `am`; "" when none. */
  implicit: string;
  /** compromise tags, e.g. `Verb`, `PastTense`, `Person` (https://observablehq.com/@spencermountain/compromise-tags). */
  tags: ReadonlySet<string>;
  start: number;
  end: number;
}

/** A sentence of a message with its tokens, time expressions and classification. */
export interface AnalyzedSentence {
  /** The sentence as written (secrets already masked). */
  text: string;
  start: number;
  end: number;
  tokens: Token[];
  /** Time expressions in the sentence; offsets index the message content. */
  dates: ResolvedDate[];
  /** Ends with a question mark (a tagged statement too: graph, self, family and semantic facts skip both). */
  isQuestion: boolean;
  /**
   * A statement closed by an agreement tag ("Sunflowers mean warmth, right?"): the speaker says
   * what it asks about, so the event text keeps it; see {@link isTaggedStatement}.
   */
  isTaggedStatement: boolean;
  /** Greeting, thanks, praise or another chat filler with no information of its own. */
  isFiller: boolean;
}

/** The shape of `compromise` `.json({ offset: true, terms: { offset: true } })` that is used here. */
export interface CompromiseSentenceJson {
  text: string;
  offset: { start: number; length: number };
  terms: { text: string; pre: string; post: string; normal: string; implicit?: string | null; tags: string[]; offset: { start: number; length: number } }[];
}

/** Converts compromise's sentence JSON to {@link Token}s. */
export function toTokens(sentence: CompromiseSentenceJson): Token[] {
  return sentence.terms.map((term) => ({
    text: term.text,
    pre: term.pre,
    post: term.post,
    normal: term.normal,
    implicit: term.implicit ?? "",
    tags: new Set(term.tags),
    start: term.offset.start,
    end: term.offset.start + term.offset.length,
  }));
}

/**
 * Chat filler vocabulary, stemmed: greetings, thanks, praise, agreement and sign-offs. A
 * sentence whose remaining content words number fewer than the threshold is filler.
 */
const FILLER_STEMS = new Set(
  [
    "hey", "hi", "hello", "bye", "goodbye", "thanks", "thank", "thx", "welcome", "wow", "woah", "whoa", "cool", "awesome",
    "great", "amazing", "nice", "sweet", "good", "glad", "happy", "congrats", "congratulations", "see", "talk", "soon",
    "later", "care", "luck", "fun", "hope", "proud", "agree", "totally", "absolutely", "definitely", "sure", "yep", "yeah",
    "yes", "nope", "no", "ok", "okay", "omg", "haha", "lol", "wait", "keep", "mean", "means", "kind", "words", "word",
    "appreciate", "inspiring", "inspire", "sounds", "sound", "looks", "look", "seems", "seem", "lovely", "gorgeous",
    "beautiful", "incredible", "fantastic", "wonderful", "super", "stoked", "thrilled", "excited", "exciting",
    "right", "true", "lucky", "ah", "aww", "hmm", "man", "dude", "buddy", "pal", "cheers", "stay", "safe",
    "alright", "fine", "well", "anytime", "pleasure", "hear", "hearing", "doing", "going", "anything", "something",
    "everything", "way", "time", "lot", "thing", "things", "chat", "catch", "missed", "miss", "long", "cheer", "let",
    "youve", "youll", "youd", "weve", "theyre", "theyve", "lets", "whats", "hows", "theres", "heres", "ill", "doesnt",
    "arent", "havent", "hasnt", "wouldnt", "couldnt", "shouldnt", "cant", "wont", "gonna", "wanna", "gotta", "ya", "yall", "u", "btw", "oh", "definitely", "glad", "really", "pretty",
    "nah", "sorry", "pic", "pics", "photo", "photos", "picture", "feel", "feeling", "future",
  ].map(stem),
);

/**
 * A capitalized word the speaker may address, closing its clause: after a greeting or thanks
 * (group 1: "Hey Priya!", "Thanks, Priya!", "Good night, Priya!"), or after a comma or at the start
 * ("Mel, look!", "Oh, Hawaii!": a name only when compromise tags it `Person`).
 */
const VOCATIVE = /(?:\b((?:[Hh]ey|[Hh]i|[Hh]ello|[Tt]hanks|[Tt]hank you|[Bb]ye|[Gg]oodbye|[Nn]ight|[Mm]orning|[Cc]ongrats|[Cc]ongratulations|[Cc]heers),?)|^|,)\s*(\p{Lu}\p{Ll}+)(?=\s*[!?.,]|$)/gu;

/** Chat phrases whose words are content elsewhere ("job", "night", "worries", "beans"). */
// Only a phrase that fills its clause: "Great job!" is chat, "I got a great job!" is news.
const CHAT_PHRASE = /(?<=^|[,.!?;:]\s*)(?:(?:great|good|nice)\s+(?:job|one|work|night|morning|evening|call|point|question)|well\s+done|no\s+(?:worries|problem|problems|biggie)|cool\s+beans|same\s+here|my\s+pleasure|you\s+bet|got\s+it|not\s+bad|go\s+for\s+it|love\s+(?:that|it|this)|night\s+night|hugs)(?=\s*(?:[,.!?;:]|$))/gi;

/**
 * Classifies a sentence as chat filler: fewer than `minContentWords` content words once stop
 * words, filler vocabulary and chat phrases ("Great job!", "No worries!"), the names in
 * `ignoredNames` (lowercased: the speakers and their short forms) and a person addressed
 * ("Thanks, Caroline!", "Hey Gina!": a word of `personNames`, lowercased, those compromise tags
 * `Person`) are removed. "Thanks, Melanie! That's really sweet." is filler; "Pottery!" and "I went
 * to a LGBTQ support group yesterday" are not.
 */
export function isFillerSentence(text: string, ignoredNames: ReadonlySet<string>, minContentWords: number, personNames: ReadonlySet<string> = new Set()): boolean {
  const withoutNames = text.replace(VOCATIVE, (match, greeting: string | undefined, name: string) =>
    greeting || personNames.has(name.toLowerCase()) ? match.slice(0, -name.length) : match,
  );
  const withoutChat = withoutNames.replace(CHAT_PHRASE, " ");
  const remaining = contentWords(withoutChat).filter((word) => !FILLER_STEMS.has(word) && !ignoredNames.has(word));
  return remaining.length < minContentWords;
}

/** An agreement tag closing a sentence (", right?", ", isn't it?", ", don't you think?"); "huh" and "eh" ask, they seek no agreement. */
const AGREEMENT_TAG = /,\s*(?:right|(?:is|was|are|were|do|does|did|have|has)n[’']t (?:it|they|he|she|we)|don[’']t you think)\s*\?["'”’)]*\s*$/i;
/** A question's opening, after any interjections ("So where…", "Are you…", "Didn't she…"): a question word or an inverted verb. */
const QUESTION_OPENING =
  /^[^\p{L}]*(?:(?:so|and|but|oh|well|hey|ok|okay|now|then)\b[\s,]*)*(?:what|where|when|why|who|whom|whose|which|how|am|is|are|was|were|do|does|did|have|has|had|can|could|will|won[’']t|would|shall|should|may|might|must)(?:n[’']t)?\b/iu;
/** Words of the listener: a statement about them asks them to confirm it ("You went to Paris, right?"). */
const SECOND_PERSON = /\b(?:you|your|yours|yourself|yourselves)\b/i;

/**
 * True for a statement the speaker closes with an agreement tag: "Sunflowers mean warmth and
 * happiness, right?", "It was fun, wasn't it?", "Roses stand for love, don't you think?". It
 * states what it asks about, so it counts as said. Not when the part before the tag is a question
 * ("So where did you go, right?", "Are you moving, right?") or about the listener ("You went to
 * Paris, right?": the asker's guess, not the asker's news).
 */
export function isTaggedStatement(text: string): boolean {
  const tag = AGREEMENT_TAG.exec(text);
  if (!tag) return false;
  const statement = text.slice(0, tag.index);
  return !QUESTION_OPENING.test(statement) && !SECOND_PERSON.test(statement);
}

/** Lowercased stems of names to ignore as content: each speaker's name and its 3-letter-plus prefixes ("mel"). */
export function ignoredNameStems(speakers: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const speaker of speakers) {
    const lower = speaker.toLowerCase().split(/\s+/)[0] ?? "";
    for (let length = 3; length <= lower.length; length++) names.add(stem(lower.slice(0, length)));
  }
  return names;
}
