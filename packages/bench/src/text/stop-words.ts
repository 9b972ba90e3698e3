/**
 * NLTK's English stop-word list (`nltk.corpus.stopwords.words("english")`, 179 words, from the
 * Snowball project's list), written out here so the bench depends on no stop-word package. The
 * bench tokenizer removes apostrophes before matching, so each entry with an apostrophe is also
 * kept without it (`don't` → `dont`).
 *
 * Source: https://www.nltk.org/nltk_data/ (corpus "stopwords"), Bird, Klein and Loper,
 * "Natural Language Processing with Python", 2009.
 */
export const NLTK_ENGLISH_STOP_WORDS: readonly string[] = [
  "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "you're", "you've", "you'll",
  "you'd", "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "she's",
  "her", "hers", "herself", "it", "it's", "its", "itself", "they", "them", "their", "theirs",
  "themselves", "what", "which", "who", "whom", "this", "that", "that'll", "these", "those", "am",
  "is", "are", "was", "were", "be", "been", "being", "have", "has", "had", "having", "do", "does",
  "did", "doing", "a", "an", "the", "and", "but", "if", "or", "because", "as", "until", "while",
  "of", "at", "by", "for", "with", "about", "against", "between", "into", "through", "during",
  "before", "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
  "under", "again", "further", "then", "once", "here", "there", "when", "where", "why", "how", "all",
  "any", "both", "each", "few", "more", "most", "other", "some", "such", "no", "nor", "not", "only",
  "own", "same", "so", "than", "too", "very", "s", "t", "can", "will", "just", "don", "don't",
  "should", "should've", "now", "d", "ll", "m", "o", "re", "ve", "y", "ain", "aren", "aren't",
  "couldn", "couldn't", "didn", "didn't", "doesn", "doesn't", "hadn", "hadn't", "hasn", "hasn't",
  "haven", "haven't", "isn", "isn't", "ma", "mightn", "mightn't", "mustn", "mustn't", "needn",
  "needn't", "shan", "shan't", "shouldn", "shouldn't", "wasn", "wasn't", "weren", "weren't", "won",
  "won't", "wouldn", "wouldn't",
];

const STOP_WORD_SET = new Set<string>([
  ...NLTK_ENGLISH_STOP_WORDS,
  ...NLTK_ENGLISH_STOP_WORDS.map((word) => word.replace(/'/g, "")),
]);

/** True when `word` (lowercased, apostrophes removed) is in {@link NLTK_ENGLISH_STOP_WORDS}. */
export function isBenchStopWord(word: string): boolean {
  return STOP_WORD_SET.has(word);
}
