/** One turn ready to pack, with its token count precomputed. */
export interface PackableTurn {
  id: string;
  /** The line placed in the context. */
  text: string;
  /** Tokens of `text` alone. */
  tokens: number;
}

/** Result of {@link packTurns}. */
export interface PackedTurns {
  /** The chosen lines joined by newlines, in rank order. */
  context: string;
  /** Tokens of `context` as `countTokens` counts it; never above the budget. */
  tokens: number;
  /** Ids of the turns in the context, in context order. */
  ids: string[];
}

/**
 * Packs ranked turns into a token budget, first fit in rank order: each turn is added when the
 * running total (its tokens plus one per newline separator) still fits, else skipped, and
 * packing goes on with the next. The joined context is then recounted with `countTokens` and
 * trailing turns dropped while it is over budget. The running total is conservative (BPE often
 * merges a line's last punctuation with the newline, e.g. `.\n`), so a few tokens of the budget
 * may stay unused; the reported `tokens` is always the exact recount.
 *
 * @param ranked turns, best first.
 * @param tokenBudget most tokens of the context.
 * @param countTokens the tokenizer (Engram's `countTokens`, cl100k_base).
 */
export function packTurns(ranked: readonly PackableTurn[], tokenBudget: number, countTokens: (text: string) => number): PackedTurns {
  const chosen: PackableTurn[] = [];
  let total = 0;
  for (const turn of ranked) {
    const cost = turn.tokens + (chosen.length > 0 ? 1 : 0);
    if (total + cost > tokenBudget) continue;
    chosen.push(turn);
    total += cost;
  }
  let context = chosen.map((turn) => turn.text).join("\n");
  let tokens = countTokens(context);
  while (tokens > tokenBudget && chosen.length > 0) {
    chosen.pop();
    context = chosen.map((turn) => turn.text).join("\n");
    tokens = countTokens(context);
  }
  return { context, tokens, ids: chosen.map((turn) => turn.id) };
}
