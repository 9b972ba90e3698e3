import type { AnalyzedSentence, Token } from "../ingest/offline/sentences";

/** Verbs that report a state of mind or a chat move, not something done (`I think`, `I hope`, `I bet`). */
const WEAK_VERBS = new Set([
  "think", "thought", "feel", "felt", "know", "knew", "guess", "hope", "hoped", "mean", "meant", "want", "wanted", "wish", "wished",
  "bet", "agree", "appreciate", "appreciated", "see", "saw", "thank", "understand", "believe", "believed", "imagine", "remember",
  "love", "loved", "like", "liked", "enjoy", "enjoyed", "am", "was", "were", "is", "are", "be", "been", "had", "have", "has", "do", "did",
  "get", "got", "can", "could", "will", "would", "should", "must", "may", "might", "say", "said", "tell", "told", "totally", "gotta",
  "need", "needed", "try", "tried", "let", "hear", "heard", "find", "found", "realized", "realize", "noticed", "notice", "admire", "wanna", "gonna",
]);
const CLAUSE_WORDS = new Set(["and", "but", "because", "so", "when", "since", "while", "if", "as", "or", "that", "which", "who", "where", "to"]);
/** Particles that belong to the verb (`signed up for`, `took out`). */
const PARTICLES = new Set(["up", "out", "off", "down", "over", "back", "away", "around"]);
const SKIPPABLE = new Set(["just", "really", "also", "finally", "recently", "actually", "even", "already", "once", "always", "often", "usually", "still", "both", "all"]);

/** One first-person action: `I painted a lake sunrise` → verb `painted`, object `a lake sunrise`. */
export interface FirstPersonAction {
  /** `I` or `we`. */
  subject: string;
  verb: string;
  /** The words after the verb (up to six, to the first punctuation or clause word), containing a noun. */
  object: string;
  past: boolean;
}

const ends = (token: Token) => /[,.!?;:]/.test(token.post);

/**
 * First-person actions in a sentence, from compromise's tags: `I`/`we`, optional adverbs, a verb
 * (not a state of mind or an auxiliary), and a short object phrase holding a noun.
 */
export function firstPersonActions(sentence: AnalyzedSentence): FirstPersonAction[] {
  const tokens = sentence.tokens.filter((token) => token.text !== "");
  const actions: FirstPersonAction[] = [];
  for (let index = 0; index < tokens.length - 2; index += 1) {
    const subject = tokens[index]!.normal;
    if ((subject !== "i" && subject !== "we") || ends(tokens[index]!)) continue;
    let at = index + 1;
    while (at < tokens.length && SKIPPABLE.has(tokens[at]!.normal)) at += 1;
    const verb = tokens[at];
    if (!verb?.tags.has("Verb") || verb.tags.has("Auxiliary") || verb.tags.has("Modal") || verb.tags.has("Copula") || WEAK_VERBS.has(verb.normal) || ends(verb)) continue;
    let verbText = verb.text;
    let objectStart = at + 1;
    while (objectStart < tokens.length && PARTICLES.has(tokens[objectStart]!.normal)) verbText += ` ${tokens[objectStart++]!.text}`;
    const object: Token[] = [];
    for (let next = objectStart; next < tokens.length && object.length < 6; next += 1) {
      const token = tokens[next]!;
      if (CLAUSE_WORDS.has(token.normal) && object.length > 0) break;
      object.push(token);
      if (ends(token)) break;
    }
    // Trailing words that are no part of the thing: `another painting like our`, `guitar about`.
    while (object.length > 0 && (!object.at(-1)!.tags.has("Noun") || object.at(-1)!.tags.has("Pronoun") || object.at(-1)!.tags.has("Preposition"))) object.pop();
    // `I wanna start a dance studio`: an infinitive opens a plan, not a thing done.
    if (object[0]?.tags.has("Infinitive") || !object.some((token) => token.tags.has("Noun") && !token.tags.has("Pronoun"))) continue;
    actions.push({ subject: tokens[index]!.text, verb: verbText, object: sentence.text.slice(object[0]!.start - sentence.start, object.at(-1)!.end - sentence.start).replace(/[,.!?;:"“”]+/g, "").trim(), past: verb.tags.has("PastTense") });
  }
  return actions;
}
