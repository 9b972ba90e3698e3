import type { JudgeLabel } from "./answer/answer-types";
import type { LocomoCategory } from "./categories";

/** The retrieval systems compared on every question: Engram and the BM25-over-turns baseline. */
export const RETRIEVAL_SYSTEMS = ["engram", "bm25", "bm25_dated"] as const;
export type RetrievalSystem = (typeof RETRIEVAL_SYSTEMS)[number];

/** One system's recall of one question at one token budget. */
export interface BudgetOutcome {
  /** Token budget asked for (cl100k_base tokens). */
  budget: number;
  /** Tokens of the context actually returned (cl100k_base, recounted by the bench). */
  tokens: number;
  /** Wall time around the recall call, milliseconds. */
  latencyMs: number;
  /** Evidence recall in [0, 1] over the sources of the context's items and relation lines; `null` when the question has no evidence ids. */
  recall: number | null;
  /** Evidence recall over the items' sources alone, when the context has relation lines (else `recall` is that already). */
  recallItemsOnly?: number | null;
  /** Answer coverage in [0, 1]; `null` when the gold answer has no content tokens. */
  coverage: number | null;
  /** Items (Engram) or turns (BM25) in the context. */
  itemCount: number;
}

/** The context a system recalled at the headline budget (kept for questions.jsonl and answering). */
export interface HeadlineContext {
  budget: number;
  context: string;
  sources: string[];
  tokens: number;
}

/** Answer mode's outcome for one question and system. */
export interface AnswerOutcome {
  /** The generated answer; `null` when the answer call failed. */
  answer: string | null;
  /** The judge's label; `null` when no answer or the judge call failed. */
  label: JudgeLabel | null;
  reasoning: string | null;
  /** Token-set F1 in [0, 1]; `null` without an answer. */
  f1: number | null;
  /** BLEU-1 in [0, 1]; `null` without an answer. */
  bleu1: number | null;
  /** Why the answer or judge call failed, after retries. */
  error?: string;
  /** Tokens used by the answer and judge calls together. */
  inputTokens: number;
  outputTokens: number;
}

/** One system's results on one question. */
export interface SystemQuestionOutcome {
  /** One entry per budget, in ascending budget order. */
  budgets: BudgetOutcome[];
  headline: HeadlineContext;
  answer?: AnswerOutcome;
}

/** Everything measured on one LoCoMo question. */
export interface QuestionRecord {
  sampleId: string;
  /** Position of the question in its sample's `qa` list (0-based). */
  questionIndex: number;
  question: string;
  goldAnswer: string;
  category: LocomoCategory;
  categoryName: string;
  /** Evidence ids, cleaned of stray spaces. */
  evidence: string[];
  /** Tokens of the whole conversation (the full-context baseline). */
  fullContextTokens: number;
  /** Answer coverage of the whole conversation; `null` when the answer has no content tokens. */
  fullContextCoverage: number | null;
  systems: Record<RetrievalSystem, SystemQuestionOutcome>;
  /**
   * Adversarial questions (category 5) with evidence: per system, whether the headline context
   * holds an evidence message on a line that names the message's speaker (so an answerer can
   * see who said it and refuse a misattribution). Absent for other questions.
   */
  attribution?: Record<RetrievalSystem, boolean>;
  /** With `--consolidate`: Engram's recall of the question again after one consolidation pass, per budget. */
  consolidated?: {
    budgets: BudgetOutcome[];
    /** The same contexts measured as if the facts the pass promoted had no sources: how much of `budgets`' evidence recall only their source lists bring. */
    withoutPromotedSources?: BudgetOutcome[];
  };
  /** With `--no-graph`: Engram recalled from the same store without the graph memory's lists. */
  noGraph?: SystemQuestionOutcome;
}

/** With `--consolidate`: what one sample's consolidation pass did. */
export interface ConsolidationSampleRecord {
  rowsBefore: number;
  rowsAfter: number;
  /** Wall time of the pass, seconds. */
  passSeconds: number;
  /** Changes per step. */
  counts: Record<string, number>;
  /** The items that absorbed the most others (merged away or promoted into them), most first. */
  mostMerged: { id: string; text: string; absorbed: number }[];
  /** Facts promoted from episodic to semantic, with their sources. */
  promoted: { id: string; text: string; sources: string[] }[];
}

/** Per-sample ingest and storage measurements. */
export interface SampleRecord {
  sampleId: string;
  messages: number;
  questions: number;
  engram: {
    /** Wall time of `add` over the whole conversation, seconds. */
    ingestSeconds: number;
    /** With `--no-graph`: the mean of two timed `add`s into throwaway stores without the graph agent (after `ingestSeconds`' ingest; order graph, none, none, graph), seconds. */
    ingestSecondsNoGraph?: number;
    /** With `--no-graph`: the mean of two timed `add`s into throwaway stores with the graph agent (before and after the two without), seconds. */
    ingestSecondsGraph?: number;
    messagesStored: number;
    messagesSkipped: number;
    /** Rows per table after ingest (memory types, `messages`, `history`). */
    rows: Record<string, number>;
    /** Bytes on disk of the store folder after ingest. */
    storageBytes: number;
    warnings: number;
    /** Model calls and tokens of ingest and of every recall (all budgets); absent when none were counted. */
    llm?: {
      ingestCalls: number;
      ingestPromptTokens: number;
      ingestCompletionTokens: number;
      recalls: number;
      recallCalls: number;
      recallPromptTokens: number;
      recallCompletionTokens: number;
    };
  };
  bm25: {
    /** Wall time of formatting, token counting and indexing the turns, seconds. */
    buildSeconds: number;
    turns: number;
  };
  fullContextTokens: number;
  /** With `--consolidate`: the pass made between the two recall phases. */
  consolidation?: ConsolidationSampleRecord;
}
