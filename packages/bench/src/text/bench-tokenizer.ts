import { isBenchStopWord } from "./stop-words";

/** How {@link benchWords} and {@link contentTokens} split text; copied into every report. */
export const BENCH_TOKENIZER_DESCRIPTION =
  "lowercase; apostrophes (' and ’) deleted; split on every character that is not a Unicode letter or digit; " +
  "no stemming; content tokens also drop NLTK's 179 English stop words";

/**
 * Lowercased word tokens of `text`, in order: apostrophes deleted (`Caroline's` → `carolines`),
 * then split on anything that is not a Unicode letter or digit. No stemming. Used for F1 and
 * BLEU-1 (stop words kept) and, through {@link contentTokens}, for BM25 and answer coverage.
 *
 * @example benchWords("Caroline's LGBTQ+ group, 7 May!") // ["carolines", "lgbtq", "group", "7", "may"]
 */
export function benchWords(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, "").match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** {@link benchWords} without NLTK English stop words, in order, duplicates kept. */
export function contentTokens(text: string): string[] {
  return benchWords(text).filter((word) => !isBenchStopWord(word));
}
