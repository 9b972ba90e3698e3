import { performance } from "node:perf_hooks";
import { Bm25Index, type Bm25Options } from "./bm25";
import { formatTurn, type ConversationTurn } from "./conversation-turn";
import { packTurns, type PackableTurn } from "./pack-turns";

/** What {@link Bm25TurnsBaseline.recall} returns, shaped like Engram's recall result. */
export interface BaselineRecall {
  context: string;
  /** Tokens of `context` (the injected tokenizer). */
  tokens: number;
  /** Ids of the turns in the context. */
  sources: string[];
  /** Wall time of search and packing, milliseconds. */
  durationMs: number;
}

/**
 * Baseline (a) of the bench: BM25 over one conversation's raw turns (each `Speaker: text` plus
 * its image caption, {@link formatTurn}), the ranked turns packed first-fit into the token budget.
 */
export class Bm25TurnsBaseline {
  /** Milliseconds spent tokenizing, indexing and counting tokens of the turns. */
  readonly buildMs: number;
  readonly index: Bm25Index;
  private readonly turns: PackableTurn[];

  constructor(
    turns: readonly ConversationTurn[],
    private readonly countTokens: (text: string) => number,
    options: Bm25Options = {},
  ) {
    const start = performance.now();
    this.turns = turns.map((turn) => {
      const text = formatTurn(turn);
      return { id: turn.id, text, tokens: countTokens(text) };
    });
    this.index = new Bm25Index(this.turns, options);
    this.buildMs = performance.now() - start;
  }

  /** Number of indexed turns. */
  get size(): number {
    return this.turns.length;
  }

  /** Ranks the turns for `query` and packs the matching ones into `tokenBudget` tokens. */
  recall(query: string, tokenBudget: number): BaselineRecall {
    const start = performance.now();
    const ranked = this.index.search(query).map((hit) => this.turns[hit.index]).filter((turn): turn is PackableTurn => turn !== undefined);
    const packed = packTurns(ranked, tokenBudget, this.countTokens);
    return { context: packed.context, tokens: packed.tokens, sources: packed.ids, durationMs: performance.now() - start };
  }
}
