import { compromiseModule, nlp } from "../../text/nlp-libraries";
import type { Token } from "./sentences";

/** A label inserted in parentheses right after the word that ends at `end` (a content offset). */
export interface InlineAnnotation {
  end: number;
  label: string;
}

/** Third-person forms of the verbs that follow "I" irregularly or as contractions. */
const IRREGULAR_PRESENT: ReadonlyMap<string, string> = new Map([
  ["am", "is"],
  ["'m", "is"],
  ["have", "has"],
  ["'ve", "has"],
  ["do", "does"],
  ["be", "is"],
  ["are", "is"],
]);
const CONTRACTED_VERB: Record<string, string> = { am: "is", have: "has", would: "would", had: "had", will: "will", shall: "will" };
const SKIPPED_BEFORE_VERB = new Set(["Adverb", "Negative"]);
/** Pronouns that never join "I" in a subject ("this and I want" starts a clause). */
const NOT_A_CONJUNCT = new Set(["this", "that", "these", "those", "it", "something", "everything", "anything", "nothing", "all"]);

/** Words between "I" and its verb that compromise may tag otherwise ("I still work": `still` as an adjective). */
const ADVERBS_BEFORE_VERB = new Set(["still", "also", "just", "really", "always", "never", "usually", "often", "only", "even", "actually", "finally", "sometimes", "totally", "truly", "definitely", "absolutely", "100%", "kinda", "sorta", "personally", "honestly", "mostly", "rarely", "already"]);

/** Verbs whose past tense is spelled like the present ("I put it on" may be past): left as written. */
const SAME_IN_PAST = new Set(["put", "read", "set", "cut", "hit", "let", "quit", "hurt", "cost", "spread", "shut", "bet", "burst", "cast", "fit", "split", "upset", "beat", "broadcast"]);

/** Words {@link presentCache}, {@link verbAfterICache} and {@link pastFormCache} each hold at most; emptied when full (their keys are message words, from every user). */
const MAX_CACHED_WORDS = 5000;
const presentCache = new Map<string, string>();

function cacheWord<T>(cache: Map<string, T>, word: string, value: T): void {
  if (cache.size >= MAX_CACHED_WORDS) cache.clear();
  cache.set(word, value);
}

/** Third-person singular present of a verb ("love" → "loves"), via compromise's conjugator; cached. */
export function thirdPersonPresent(verb: string): string {
  const known = IRREGULAR_PRESENT.get(verb);
  if (known) return known;
  const cached = presentCache.get(verb);
  if (cached !== undefined) return cached;
  const conjugated = (nlp(verb).verbs().conjugate()[0] as { PresentTense?: unknown } | undefined)?.PresentTense;
  // compromise leaves a word it reads as an adjective alone ("live"): English spelling rules then.
  const form = typeof conjugated === "string" && conjugated.length > 0 && conjugated !== verb ? conjugated : regularThirdPerson(verb);
  cacheWord(presentCache, verb, form);
  return form;
}

/** "live" → "lives", "watch" → "watches", "try" → "tries", "go" → "goes". */
function regularThirdPerson(verb: string): string {
  if (/(?:s|sh|ch|x|z|o)$/.test(verb)) return `${verb}es`;
  if (/[^aeiou]y$/.test(verb)) return `${verb.slice(0, -1)}ies`;
  return `${verb}s`;
}

/** compromise's verb conjugator (its `methods().two.transform.verb`), typed for the two calls made here. */
interface VerbTransform {
  toInfinitive(word: string, model: object, tense: string): string | undefined;
  conjugate(infinitive: string, model: object): { PastTense?: string };
}

const pastFormCache = new Map<string, boolean>();

/**
 * Whether `word` is the past tense of another verb by compromise's conjugation model ("drew" of
 * "draw", "sang" of "sing"): its lexicon reads some such words otherwise in context ("I drew it"
 * tags "drew", a first name in the lexicon, as a present verb), which would render "Caroline
 * drews". The infinitive must be a word of the lexicon and `word` no infinitive there: the
 * model's suffix rules also make "play" the past of a "plie". Cached.
 */
function isPastForm(word: string): boolean {
  let known = pastFormCache.get(word);
  if (known === undefined) {
    const compromise = compromiseModule();
    const model = compromise.model() as { one: { lexicon: Record<string, string | undefined> } };
    const verb = (compromise.methods() as { two: { transform: { verb: VerbTransform } } }).two.transform.verb;
    const infinitive = verb.toInfinitive(word, model, "PastTense");
    known =
      infinitive !== undefined &&
      infinitive !== word &&
      model.one.lexicon[infinitive] !== undefined &&
      model.one.lexicon[word] !== "Infinitive" &&
      verb.conjugate(infinitive, model).PastTense === word;
    cacheWord(pastFormCache, word, known);
  }
  return known;
}

const verbAfterICache = new Map<string, boolean>();

/** Whether compromise reads `word` as a verb right after "I" ("work" in "I work"), for a word it tagged otherwise in context. */
function isVerbAfterI(word: string): boolean {
  let known = verbAfterICache.get(word);
  if (known === undefined) {
    known = nlp(`I ${word}`).terms().eq(1).has("#PresentTense") || nlp(`I ${word}`).terms().eq(1).has("#Infinitive");
    cacheWord(verbAfterICache, word, known);
  }
  return known;
}

/** `name`'s possessive: `Gina's`. */
export function possessive(name: string): string {
  return `${name}'s`;
}

function isFirstPersonSubject(token: Token): boolean {
  return token.normal === "i" || token.implicit === "i";
}

function isPresentVerb(token: Token): boolean {
  const tags = token.tags;
  if (!tags.has("Verb") || tags.has("PastTense") || tags.has("Modal") || tags.has("Gerund") || tags.has("Participle")) return false;
  // "I am writing", "I have acquired", "I do remember": compromise tags such an auxiliary with no tense.
  return tags.has("PresentTense") || tags.has("Infinitive") || (tags.has("Auxiliary") && IRREGULAR_PRESENT.has(token.normal));
}

/**
 * Renders tokens in the third person for `speaker`: "I"/"me"/"myself" become the name, "my"/"mine"
 * its possessive, and the verb right after "I" agrees ("I love" → "Ada loves", "I'm" → "Ada is",
 * "I don't" → "Ada doesn't"). "We", "us" and "our" are kept (who "we" are is not known), as is
 * anything inside quotation marks. Each annotation's label is inserted in parentheses after the
 * word that ends at its offset: "yesterday (7 May 2023)".
 *
 * @returns the rendered text, trimmed.
 */
export function renderThirdPerson(tokens: readonly Token[], speaker: string, annotations: readonly InlineAnnotation[] = []): string {
  const overrides = new Map<number, string>();
  let inQuote = false;
  let out = "";
  const pending = [...annotations].sort((a, b) => a.end - b.end);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (/["“]/.test(token.pre)) inQuote = true;
    let text = overrides.get(i) ?? token.text;
    if (!inQuote && !overrides.has(i)) text = rewriteToken(tokens, i, speaker, overrides) ?? text;
    let annotation = "";
    const reach = token.end + token.post.replace(/\s.*$/s, "").length;
    while (pending.length > 0 && (pending[0] as InlineAnnotation).end <= reach && token.text !== "") {
      annotation += ` (${(pending.shift() as InlineAnnotation).label})`;
    }
    out += token.pre + text + annotation + token.post;
    if (/["”]/.test(token.post)) inQuote = false;
  }
  for (const rest of pending) out += ` (${rest.label})`;
  return withImpliedSubject(tokens, out.trim(), speaker);
}

/**
 * A sentence that drops its subject and opens with a past-tense verb ("Lost my job yesterday",
 * "Took a short trip to Rome") gets the speaker as its subject: "Jon lost Jon's job yesterday".
 */
function withImpliedSubject(tokens: readonly Token[], rendered: string, speaker: string): string {
  const [first, second] = tokens;
  if (!first?.tags.has("PastTense") || first.tags.has("Noun") || first.tags.has("Adjective") || first.normal === "been" || /^["“]/.test(first.pre) || /\?\s*$/.test(rendered)) return rendered;
  // "Excited for ...", "Impressed by ...", "Got your back": a feeling or an idiom, not a dropped "I".
  if (second && (second.tags.has("Preposition") || /^(?:your|you)$/.test(second.normal))) return rendered;
  const lead = rendered.match(/^\W*/)?.[0] ?? "";
  return `${lead}${speaker} ${rendered.slice(lead.length, lead.length + 1).toLowerCase()}${rendered.slice(lead.length + 1)}`;
}

/** The replacement of token `i`, or undefined to keep it; may set overrides for the tokens after it. */
function rewriteToken(tokens: readonly Token[], i: number, speaker: string, overrides: Map<number, string>): string | undefined {
  const token = tokens[i] as Token;
  const normal = token.normal;
  // A compound keeps its words: "me-time" is one term whose normal is "me-time" (the parse glues hyphenated words,
  // as compromise did), so "some me-time" is no "some Melanie-time" (golden case).
  if (normal === "me" || normal === "myself") return speaker;
  if (normal === "my" || normal === "mine") return possessive(speaker);
  if (!isFirstPersonSubject(token)) return undefined;

  const next = tokens[i + 1];
  // A contraction: "I'm" is the token "I'm" plus a hidden "am".
  if (token.text.length > 1 && next && next.text === "" && next.implicit) {
    overrides.set(i + 1, "");
    const verb = CONTRACTED_VERB[next.implicit] ?? next.implicit;
    if (next.implicit === "would" && tokens[i + 2]?.normal === "been") return `${speaker} had`;
    return `${speaker} ${verb}`;
  }
  // "Mel and I love": the verb stays plural (a coordinated subject, not ", and I love"). Not after
  // a word that is no person ("into this and I want": a new clause), nor after the object of a
  // preposition ("I went to Mel and I love it").
  const previous = tokens[i - 1];
  const beforeThat = tokens[i - 2];
  const coordinated =
    previous !== undefined && ["and", "or", "&", "nor"].includes(previous.normal) && beforeThat !== undefined && !/[,;:.!?]/.test(beforeThat.post) &&
    (beforeThat.tags.has("Noun") || beforeThat.tags.has("Pronoun")) && !NOT_A_CONJUNCT.has(beforeThat.normal) && !tokens[i - 3]?.tags.has("Preposition");
  if (coordinated || next?.normal === "and") return speaker;

  let j = i + 1;
  const skipped = (token: Token) => token.text !== "" && (ADVERBS_BEFORE_VERB.has(token.normal) || [...SKIPPED_BEFORE_VERB].some((tag) => token.tags.has(tag)));
  while (j < tokens.length && skipped(tokens[j] as Token)) j++;
  const verb = tokens[j];
  if (!verb) return speaker;
  // After an adverb compromise may read the verb as a noun ("I still work"): ask it about "I <word>" alone.
  // Right after "I" a bare lowercase noun can only be a verb ("I mentor a teen"), unless punctuation or a name comes between.
  const directlyAfter = j === i + 1 && !/[,;:.!?)]/.test(token.post) && /^\p{Ll}/u.test(verb.text);
  const untaggedVerb =
    (j > i + 1 || directlyAfter) && verb.implicit === "" && !verb.tags.has("Verb") && verb.tags.has("Noun") && !verb.tags.has("Plural") && !verb.tags.has("ProperNoun") && !verb.tags.has("Pronoun") && (directlyAfter || isVerbAfterI(verb.normal));
  if (verb.implicit === "do" && /^do/i.test(verb.text)) {
    overrides.set(j, verb.text.replace(/^do(?=n)/i, (d) => (d[0] === "D" ? "Does" : "does")).replace(/^do$/i, "does"));
  } else if (
    verb.implicit === "" &&
    (isPresentVerb(verb) || untaggedVerb) &&
    !SAME_IN_PAST.has(verb.normal) &&
    !/^(?:can|could|will|would|shall|should|may|might|must|gotta|wanna|gonna)$/.test(verb.normal) &&
    !isPastForm(verb.normal)
  ) {
    const conjugated = thirdPersonPresent(verb.normal);
    overrides.set(j, /^[A-Z]/.test(verb.text) ? conjugated[0]?.toUpperCase() + conjugated.slice(1) : conjugated);
  }
  return speaker;
}
