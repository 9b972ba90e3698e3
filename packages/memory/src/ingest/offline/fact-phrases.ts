import { possessive } from "./first-person";

const CONNECTORS = new Set(["of", "de", "da", "do", "del", "la", "le", "upon", "on", "the", "and"]);
const NOT_NAMES = new Set(["I", "I'm", "I've", "I'd", "I'll", "It", "It's", "That", "This", "The", "We", "My", "And", "But", "So"]);

/**
 * The run of capitalized words at the start of `text` ("Lisbon last month" → "Lisbon", "New
 * York City, and" → "New York City"), allowing lowercase connectors inside ("Isle of Man").
 * Undefined when `text` does not start with a capitalized word.
 */
export function leadingProperNoun(text: string): string | undefined {
  const words = text.trim().replace(/^the\s+/i, "").split(/\s+/);
  const kept: string[] = [];
  for (const raw of words) {
    const word = raw.replace(/[^\p{L}\p{N}'.-]+$/u, "").replace(/^[^\p{L}\p{N}]+/u, "");
    const capitalized = /^\p{Lu}/u.test(word);
    if (capitalized && !(kept.length === 0 && NOT_NAMES.has(word))) kept.push(word);
    else if (kept.length > 0 && CONNECTORS.has(word) && word !== "and") kept.push(word);
    else break;
    if (raw !== word && /[,;:!?)]$|\.$/.test(raw)) break;
  }
  while (kept.length > 0 && CONNECTORS.has(kept[kept.length - 1] as string)) kept.pop();
  const name = kept.join(" ").replace(/[.'-]+$/, "");
  return name.length > 1 ? name : undefined;
}

const CLAUSE_END = /\s*(?:[,.!?;:()"“”]|\s[-–—]\s|\s(?:and|but|because|cause|'cause|since|when|which|who|so|though|although|while|if|whenever|lately|recently|nowadays|these days|too|anymore)\b)/i;
/** A phrase cut short: it ends with an article, preposition or possessive ("to", "a", "my"). */
const DANGLING_END = /^(?:a|an|the|to|of|for|with|in|on|at|about|from|by|my|your|our|their|his|her|its|and|or|some|any|both)$/i;
const REJECTED_OBJECT_START =
  /^(?:it|that|this|these|those|them|you|your|ya|him|her|his|how|what|when|where|why|the way|seeing|hearing|to see|to hear|being able|the idea|the thought|the support|the pic|the photo|the picture|the colou?rs?|everything|all of (?:it|this|that)|ur|y'all|em|'em|the fact)\b/i;

/** A word of the parsed sentence an object phrase is cut from: its compromise tags, and where it starts in that phrase's text. */
export interface TaggedWord {
  tags: ReadonlySet<string>;
  start: number;
}

/**
 * The object phrase at the start of `text`, cut at the first clause boundary ("painting, but
 * also" → "painting"), or a quoted title whole ("\"Dune\". I ..." → "\"Dune\""), with "my"/"me"/"myself" rewritten for `speaker`.
 * `words` are the tags of `text`'s words as the message's parse read them, in its whole
 * sentence (offsets index `text`). Undefined when empty, longer than `maxWords` words, or a
 * pronoun or demonstrative ("that", "it", "you").
 */
export function objectPhrase(text: string, speaker: string, words: readonly TaggedWord[], maxWords = 6): string | undefined {
  const quoted = /^\s*(["“])([^"”]{1,80})["”]/.exec(text);
  if (quoted) return `"${quoted[2]}"`;
  const cut = coordinatedPhrase(text, words);
  if (cut === undefined || cut === "" || REJECTED_OBJECT_START.test(cut)) return undefined;
  const phraseWords = cut.split(/\s+/);
  if (phraseWords.length > maxWords || DANGLING_END.test(phraseWords[phraseWords.length - 1] ?? "")) return undefined;
  return firstPersonToName(cut, speaker);
}

/**
 * `text` up to its first clause boundary; when that boundary is "and" or a comma followed by a
 * short noun phrase (at most three words, not a new clause), the phrase runs on to the next one:
 * "dance and fashion so ..." → "dance and fashion", "the self-acceptance and love theme". Undefined
 * when the cut would leave an adjective without its noun ("a safe, inviting place for people to
 * grow" is no "a safe"). The tags are those of `words`, read in the whole sentence ("a safe,
 * inviting place" tags "safe" as an adjective, "safe" alone as a noun), so the main thread parses
 * nothing again.
 */
function coordinatedPhrase(text: string, words: readonly TaggedWord[]): string | undefined {
  const boundary = CLAUSE_END.exec(text);
  const head = (boundary ? text.slice(0, boundary.index) : text).trim();
  if (!boundary || !/^(?:\s*,|\s+and)$/i.test(boundary[0])) return head;
  const nextStart = boundary.index + boundary[0].length;
  const next = text.slice(nextStart).split(CLAUSE_END)[0]?.trim() ?? "";
  const nextWords = next.split(/\s+/).filter((word) => word !== "");
  const firstTags = words.find((word) => word.start >= nextStart)?.tags ?? new Set<string>();
  const lastTags = [...words].reverse().find((word) => word.start < boundary.index)?.tags ?? new Set<string>();
  const startsClause = ["Pronoun", "Determiner", "Adverb", "Conjunction"].some((tag) => firstTags.has(tag)) || (firstTags.has("Verb") && !firstTags.has("Gerund"));
  if (nextWords.length >= 1 && nextWords.length <= 3 && !startsClause) return `${head}${boundary[0].includes(",") ? "," : " and"} ${next}`;
  return lastTags.has("Adjective") && !lastTags.has("Noun") ? undefined : head;
}

/** Rewrites "my", "mine", "me" and "myself" in a short phrase for `speaker`. */
export function firstPersonToName(phrase: string, speaker: string): string {
  return phrase
    .replace(/\b(?:my|mine)\b/gi, possessive(speaker))
    .replace(/\b(?:me|myself)\b/gi, speaker);
}

/** "a" or "an" before `phrase`, by its first letter (a simple vowel rule). */
export function withArticle(phrase: string): string {
  return /^(?:an?|the)\s/i.test(phrase) ? phrase : `${/^[aeiou]/i.test(phrase) ? "an" : "a"} ${phrase}`;
}
