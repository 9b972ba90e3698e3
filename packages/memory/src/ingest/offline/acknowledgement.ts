/**
 * An assistant confirming an action the user asked for: an acknowledgement verb, said by "I" or
 * with the subject dropped ("Saved your work email.", "I'll keep the link.", "Stored it in the
 * vault.", "Thanks, I'll remember that."), after any chat openers. The object is checked apart
 * ({@link ACKNOWLEDGED_OBJECT}).
 */
const CONFIRMATION =
  /^(?:(?:ok(?:ay)?|sure|thanks|thank you|done|got it|noted|great|alright|all right|perfect|of course|no problem)\b[\s,!.:-]*)*(?:i(?:[’']ve| have)? |i(?:[’']ll| will) |will )?(?:saved|save|stored|store|noted|note|updated|update|added|add|recorded|record|remembered|remember|kept|keep|filed|file|logged|log|deleted|delete|removed|remove|changed|change|replaced|replace|put|set|remind|scheduled|schedule|done|got)\b(.*)$/i;

/**
 * What an acknowledgement may name after its verb: the user's own thing or a pronoun, at most a
 * few words ("your five deployment steps", "it in the vault", "the link", "that", "you"), with
 * no digit, link or name of its own: "I'll remind you on 18 May to buy flowers" carries a date.
 */
const ACKNOWLEDGED_OBJECT =
  /^\s*(?:(?:your|the|it|that|this|these|those|them|you|down)\b(?:\s+[a-z][\w-]*){0,4})?(?:\s+(?:in|to|into|for)\s+(?:the|your|my)?\s*(?:vault|memory|notes|list|profile|calendar|you))?\s*[.!]*\s*$/;

/** Openers of a reaction: praise, sympathy, thanks or surprise ("What a view!", "Poor Pixel.", "Sounds like a good balance."). */
const REACTION_OPENER =
  /^(?:what an?|how|poor|sounds|that sounds|that[’']s|that is|it[’']s|congratulations|congrats|nice|enjoy|good|great|well done|noted|got it|lovely|wow|oh|ah|aw+|sorry|thanks|thank you|glad|happy|awesome|amazing|cool|fantastic|wonderful|perfect|beautiful|interesting|impressive)\b/i;
/** Most words a reaction has; an exclamation opened by a reaction word may have up to {@link MAX_EXCLAIMED_REACTION_WORDS}. */
const MAX_REACTION_WORDS = 8;
const MAX_EXCLAIMED_REACTION_WORDS = 12;

/**
 * True for an assistant's sentence that states no fact: a confirmation of an action the user
 * asked for ("Saved your work email.", "Stored it in the vault.", "I'll keep the link."), or a
 * short reaction (no digit): an exclamation of at most eight words ("What a view!", "Enjoy the
 * classes!") or twelve when praise opens it ("Congratulations, that's a great time for a half
 * marathon!"), or at most eight words opened by praise, sympathy or thanks ("Poor Pixel.",
 * "Sounds like a good balance."). An assistant's sentence with information stays: "After
 * pushing the tag you run ./scripts/deploy.sh staging, ..." (docs/architecture.md, "Policies").
 * The message itself is stored either way; only its derived memory items are skipped.
 */
export function isAssistantAcknowledgement(sentence: string): boolean {
  const text = sentence.trim();
  if (text === "" || /\d|:\/\/|[/\\`@#]/.test(text)) return false;
  const confirmation = CONFIRMATION.exec(text);
  if (confirmation && ACKNOWLEDGED_OBJECT.test(confirmation[1] ?? "")) return true;
  if (/\?\s*$/.test(text)) return false;
  const words = text.split(/\s+/).length;
  const exclaimed = /!\s*$/.test(text);
  const opened = REACTION_OPENER.test(text);
  return (words <= MAX_REACTION_WORDS && (exclaimed || opened)) || (words <= MAX_EXCLAIMED_REACTION_WORDS && exclaimed && opened);
}
