import { eng as ENGLISH_STOP_WORDS } from "stopword";
// wink-porter2-stemmer ships no types: a function from word to stem.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const porter2: (word: string) => string = require("wink-porter2-stemmer");

const STOP_WORDS = new Set<string>([
  ...ENGLISH_STOP_WORDS,
  // pronouns and chat fillers the stopword list keeps
  "i", "me", "my", "mine", "you", "your", "yours", "we", "us", "our", "he", "him", "his", "she", "her", "hers",
  "they", "them", "their", "it", "its", "im", "ive", "id", "youre", "thats", "dont", "didnt", "wasnt", "isnt",
  "oh", "wow", "yeah", "yes", "hey", "hi", "really", "just", "so", "too", "very", "much", "lot", "lots", "thanks",
  "thank", "get", "got", "go", "going", "gonna", "do", "does", "did", "what", "when", "where", "who", "which", "why",
  "how", "would", "could", "should", "can", "will", "shall", "may", "might", "must", "has", "have", "had", "been",
]);

/** Lowercased word tokens (letters, digits, inner apostrophes removed), in order. */
export function words(text: string): string[] {
  return (text.toLowerCase().replace(/['’]/g, "").match(/[\p{L}\p{N}]+/gu) ?? []);
}

/** True for English stop words and chat fillers (stopword's `eng` list plus pronouns). */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

/** Stems of recent words (a vocabulary repeats: the stemmer is the costly part of term lists); cleared when full. */
const stems = new Map<string, string>();
const MAX_STEMS = 100_000;

/** Porter2 stem of a lowercased word (Snowball English, via wink-porter2-stemmer); stems of recent words are remembered. */
export function stem(word: string): string {
  let stemmed = stems.get(word);
  if (stemmed === undefined) {
    stemmed = porter2(word);
    if (stems.size >= MAX_STEMS) stems.clear();
    stems.set(word, stemmed);
  }
  return stemmed;
}

/** Stemmed content words of `text`: {@link words} without stop words, each {@link stem}med. */
export function contentWords(text: string): string[] {
  return words(text)
    .filter((word) => !isStopWord(word))
    .map(stem);
}
