import { performance } from "node:perf_hooks";
import { Bm25Index, type Bm25Options } from "./bm25";
import { formatSessionDay, formatTurn, type ConversationTurn } from "./conversation-turn";
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

/** Options of {@link Bm25TurnsBaseline}. */
export interface Bm25TurnsBaselineOptions extends Bm25Options {
  /**
   * Lead each packed line with its session's day, `[8 May 2023] Speaker: text`, as the RAG
   * baselines of the Mem0 paper (Chhikara et al., arXiv 2504.19413) give their chunks dates; the
   * date's tokens count in the budget. Ranking is unchanged: the index holds the undated text.
   * @default false
   */
  dated?: boolean;
}

/**
 * Baseline (a) of the bench: BM25 over one conversation's raw turns (each `Speaker: text` plus
 * its image caption, {@link formatTurn}, dated with `options.dated`), the ranked turns packed
 * first-fit into the token budget.
 */
export class Bm25TurnsBaseline {
  /** Milliseconds spent tokenizing, indexing and counting tokens of the turns. */
  readonly buildMs: number;
  readonly index: Bm25Index;
  private readonly turns: PackableTurn[];

  constructor(
    turns: readonly ConversationTurn[],
    private readonly countTokens: (text: string) => number,
    options: Bm25TurnsBaselineOptions = {},
  ) {
    const start = performance.now();
    const { dated, ...bm25 } = options;
    const undated = turns.map((turn) => ({ id: turn.id, text: formatTurn(turn) }));
    this.turns = undated.map(({ id, text }, index) => {
      const line = dated ? `[${formatSessionDay(turns[index]!.timestamp)}] ${text}` : text;
      return { id, text: line, tokens: countTokens(line) };
    });
    this.index = new Bm25Index(undated, bm25);
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
