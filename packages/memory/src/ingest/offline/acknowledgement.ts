import type { Token } from "./sentences";

/** A word of the sentence with its compromise tags, `start` counted from the sentence's first character. */
type TaggedWord = { tags: ReadonlySet<string>; start: number };

/** Chat openers a confirmation may follow ("Thanks, I'll keep the link.", "Done, saved your email."). */
const CHAT_OPENERS = String.raw`(?:(?:ok(?:ay)?|sure|thanks|thank you|done|got it|noted|great|alright|all right|perfect|of course|no problem)\b[\s,!.:-]*)*`;
/** Past forms that confirm an action with the subject dropped ("Saved your work email."); no form that is also an instruction's verb ("Put", "Set"). */
const PAST_ACTION = "saved|stored|noted|updated|added|recorded|remembered|kept|filed|logged|deleted|removed|changed|replaced|scheduled";
/** Base forms of a promised action, only after "I'll", "I will" or "will" ("I'll keep the link."); alone they are instructions ("Keep it in the fridge."). */
const PROMISED_ACTION = "save|store|note|update|add|record|remember|keep|file|log|delete|remove|change|replace|schedule|put|set|remind";

/**
 * An assistant confirming an action the user asked for, after any chat openers: a past form, with
 * "I", "I've" or no subject ("Saved your work email.", "I've added it to your notes."), or a base
 * form after "I'll", "I will" or "will" ("Thanks, I'll keep the link."). A base form without that
 * is an instruction ("Add the garlic last.", "Remember the store closes early.") and never matches.
 * The object is checked apart ({@link ACKNOWLEDGED_OBJECT}).
 */
const CONFIRMATION = new RegExp(
  String.raw`^${CHAT_OPENERS}(?:(?:i(?:[’']ve| have)? )?(?:${PAST_ACTION})|(?:i(?:[’']ll| will) |will )(?:${PROMISED_ACTION}))\b(.*)$`,
  "i",
);

/**
 * What an acknowledgement may name after its verb: the user's own thing or a pronoun, at most a
 * few words ("your five deployment steps", "it in the vault", "the link", "that", "you"), with
 * no digit, link or name of its own: "I'll remind you on 18 May to buy flowers" carries a date.
 */
const ACKNOWLEDGED_OBJECT =
  /^\s*(?:(?:your|the|it|that|this|these|those|them|you|down)\b(?:\s+[a-z][\w-]*){0,4})?(?:\s+(?:in|to|into|for)\s+(?:the|your|my)?\s*(?:vault|memory|notes|list|profile|calendar|you))?\s*[.!]*\s*$/;

/**
 * Openers of a reaction: interjections, praise, sympathy, thanks or wishes ("What a", "Poor",
 * "Congratulations on", "Nice to meet you", "Sounds like"), each with its trailing punctuation.
 * "It's" and "Good news" are no openers: they lead statements ("It's due on Friday.").
 */
const REACTION_OPENER =
  /^(?:what an?|how|so|poor|congratulations(?: on)?|congrats(?: on)?|nice to (?:meet|see|hear from) you|good luck(?: with| on)?|best of luck(?: with| on)?|have fun(?: with| at)?|enjoy|sounds like|that sounds(?: like)?|sounds|that[’']s|that is|thanks(?: for)?|thank you(?: for)?|sorry(?: to hear)?(?: about)?|glad to hear|good to (?:know|hear)|well done|oh no|oh|ah|aw+|wow|yay|nice|lovely|awesome|amazing|cool|great|fantastic|wonderful|perfect|beautiful|interesting|impressive|happy|noted|got it)\b[\s,!.:;-]*/i;
/** A name the reaction addresses, closing it ("Nice to meet you, Ada!"). */
const ADDRESSED_NAME = /,\s*\p{Lu}\p{Ll}+\s*[.!]*\s*$/u;
/** Most words the noun phrase after a reaction's openers may have ("Congratulations on the move!"). */
const MAX_REACTION_PHRASE_WORDS = 4;
/** Tags of a word that says something of its own: a verb (other than a gerund), a date, a number or a name. */
const INFORMATIVE_TAGS = ["Verb", "Date", "Value", "ProperNoun", "Person", "Place", "Organization"];
/** Tags of a word after which compromise's verb is a noun ("a view", "interesting work"). */
const NOUN_BEFORE = ["Determiner", "Adjective", "Possessive"];

/**
 * True when the words of `text` from `start` to `end` (what follows a reaction's openers) are at
 * most a short noun phrase, as tagged in the whole sentence (`words`: "What a view!": "view" is a
 * noun there); after "Poor" one name may stand ("Poor Pixel.").
 */
function isShortNounPhrase(text: string, start: number, end: number, afterPoor: boolean, words: readonly TaggedWord[]): boolean {
  const phrase = text.slice(start, end).trim();
  if (phrase === "") return true;
  if (/[,:;]/.test(phrase)) return false;
  const count = phrase.split(/\s+/).length;
  if (count > MAX_REACTION_PHRASE_WORDS) return false;
  if (afterPoor && count === 1) return true;
  // A verb right after a determiner or adjective is a noun compromise misread ("Interesting work!").
  const informative = (tags: ReadonlySet<string>, index: number) =>
    !tags.has("Gerund") && INFORMATIVE_TAGS.some((tag) => tags.has(tag) && !(tag === "Verb" && NOUN_BEFORE.some((before) => words[index - 1]?.tags.has(before))));
  return words.every(({ tags, start: at }, index) => at < start || at >= end || !informative(tags, index));
}

/** True for a reaction: one or more openers and at most a short noun phrase ("What a view!", "Poor Pixel.", "Congratulations on the move!"). */
function isReaction(text: string, words: readonly TaggedWord[]): boolean {
  const end = text.replace(ADDRESSED_NAME, "").replace(/[.!]+\s*$/, "").length;
  let start = 0;
  let afterPoor = false;
  for (let opener = REACTION_OPENER.exec(text.slice(start, end)); opener !== null && opener[0] !== ""; opener = REACTION_OPENER.exec(text.slice(start, end))) {
    afterPoor = /^poor\b/i.test(opener[0]);
    start += opener[0].length;
  }
  return start > 0 && isShortNounPhrase(text, start, end, afterPoor, words);
}

/**
 * True for an assistant's sentence that states no fact: a confirmation of an action the user
 * asked for ("Saved your work email.", "Stored it in the vault.", "I'll keep the link."), or a
 * reaction: openers and at most a four-word noun phrase, with no verb of its own (a gerund may
 * stand), no date, number or name other than a closing addressed name ("What a view!", "Poor
 * Pixel.", "Congratulations on the move!", "Nice to meet you, Ada!"). A sentence with a digit or
 * link, a question, an instruction ("Add the garlic last.") or any clause after the openers
 * ("Thanks, your flight leaves from Terminal Two.") stays, as does one with no opener ("Your
 * train leaves from platform nine!") (docs/architecture.md, "Policies"). The message itself is
 * stored either way; only its derived memory items are skipped.
 * @param tokens the sentence's tokens, offsets counted from the message's first character.
 * @param sentenceStart offset of `sentence` in the message.
 */
export function isAssistantAcknowledgement(sentence: string, tokens: readonly Token[], sentenceStart: number): boolean {
  const text = sentence.trim();
  // The sentence's own parse (tokens count from the message's first character), not a second one.
  const lead = sentenceStart + sentence.length - sentence.trimStart().length;
  const words = tokens.map((token) => ({ tags: token.tags, start: token.start - lead }));
  if (text === "" || /\d|:\/\/|[/\\`@#]/.test(text) || /\?\s*$/.test(text)) return false;
  const confirmation = CONFIRMATION.exec(text);
  if (confirmation && ACKNOWLEDGED_OBJECT.test(confirmation[1] ?? "")) return true;
  return isReaction(text, words);
}
