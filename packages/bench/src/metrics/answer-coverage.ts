import { contentTokens } from "../text/bench-tokenizer";

/** Answer coverage of one question at one budget; see {@link answerCoverage}. */
export interface AnswerCoverage {
  /** Distinct content tokens of the gold answer found in the context. */
  found: number;
  /** Distinct content tokens of the gold answer. */
  total: number;
  /** `found / total`, in [0, 1]; higher is better. */
  coverage: number;
}

/**
 * LoCoMo message ids (`D3:7`, `D 3:7`) as they may be printed in a context's source lists. They
 * are blanked out before coverage is measured, so listing sources cannot raise coverage.
 */
export const LOCOMO_MESSAGE_ID_PATTERN = /\bD\s*\d+\s*:\s*\d+\b/g;

/** Options of {@link answerCoverage}. */
export interface AnswerCoverageOptions {
  /** Text blanked out of the context before tokenizing (must have the `g` flag). @default LOCOMO_MESSAGE_ID_PATTERN */
  ignorePattern?: RegExp;
}

/**
 * Share of the gold answer's distinct content tokens (lowercased, punctuation and NLTK English
 * stop words removed, no stemming: {@link contentTokens}) that occur as tokens of the recalled
 * context. A cross-check on evidence recall that an item's `sources` cannot move: message ids
 * are removed from the context first.
 *
 * @returns `null` when the answer has no content tokens (the caller skips it and counts it).
 * @example answerCoverage("7 May 2023", "Caroline went on 7 June 2023 [D1:3]") // { found: 2, total: 3, coverage: 2/3 }
 */
export function answerCoverage(answer: string, context: string, options: AnswerCoverageOptions = {}): AnswerCoverage | null {
  return answerCoverageInSet(answer, contextTokenSet(context, options));
}

/** The token set {@link answerCoverage} matches against; reuse it when scoring many answers on one context. */
export function contextTokenSet(context: string, options: AnswerCoverageOptions = {}): Set<string> {
  return new Set(contentTokens(context.replace(options.ignorePattern ?? LOCOMO_MESSAGE_ID_PATTERN, " ")));
}

/** {@link answerCoverage} against a prepared {@link contextTokenSet}. */
export function answerCoverageInSet(answer: string, present: ReadonlySet<string>): AnswerCoverage | null {
  const wanted = new Set(contentTokens(answer));
  if (wanted.size === 0) return null;
  let found = 0;
  for (const token of wanted) if (present.has(token)) found += 1;
  return { found, total: wanted.size, coverage: found / wanted.size };
}
