import { RETRIEVAL_SYSTEMS, type QuestionRecord, type RetrievalSystem, type SampleRecord } from "../bench-records";
import { buildConsolidationReport, type ConsolidationReport } from "./consolidation-report";
import { ADVERSARIAL_CATEGORY, categoryName, SCORED_CATEGORIES } from "../categories";
import { maximum, mean, percentile } from "../metrics/percentile";
import type { BenchMeta } from "./bench-meta";
import type { MetricCell } from "./metric-cell";
import { differenceOfCells, roundOrNull, summarizeSystem } from "./summarize";

/** Ingest numbers of one system, summed over samples. */
export interface IngestSummary {
  /** Wall time, seconds (Engram: `add` over every conversation; BM25: building the indexes). */
  seconds: number;
  messages: number;
  messages_per_second: number | null;
  /** Rows per table after ingest (Engram: per memory type plus `messages` and `history`; BM25: `turns`). */
  rows: Record<string, number>;
  /**
   * Model use (Engram with a chat model; zeros offline): calls and tokens from the API's usage
   * fields, in total and per ingested message; recall calls per recall (one per question and budget).
   */
  llm?: {
    ingest_calls: number;
    ingest_prompt_tokens: number;
    ingest_completion_tokens: number;
    calls_per_message: number | null;
    tokens_per_message: number | null;
    recall_calls: number;
    recall_tokens: number;
    calls_per_recall: number | null;
  };
}

/** One retrieval system's section of the report. */
export interface SystemReport {
  /** Micro-average over every question of categories 1 to 4. */
  overall: MetricCell;
  /** Per LoCoMo category name (multi-hop, temporal, open-domain, single-hop). */
  by_category: Record<string, MetricCell>;
  /** Category 5, apart, not in `overall`. */
  adversarial: MetricCell;
  ingest: IngestSummary;
  /** Bytes on disk of the stores after ingest, summed over samples (0 for in-memory baselines). */
  storage_bytes: number;
}

/** The full-context baseline: the whole conversation as context. */
export interface FullContextReport {
  /** Tokens of the whole conversation, per question (mean over scored questions). */
  tokens_mean: number | null;
  tokens_p95: number | null;
  tokens_max: number | null;
  /** Evidence recall is 1 by construction. */
  recall: 1;
  /** Answer coverage of the whole conversation (an upper bound for every budget). */
  coverage: number | null;
  by_category: Record<string, { tokens_mean: number | null; coverage: number | null }>;
}

/** `report.json`. */
export interface BenchReport {
  engram: SystemReport;
  bm25: SystemReport;
  /** BM25 over turns whose packed lines lead with their session day (the date's tokens count in the budget). */
  bm25_dated: SystemReport;
  /** Scored questions of each sample alone, per system (the overall cell of each). */
  by_sample: Record<string, Record<RetrievalSystem, MetricCell>>;
  /**
   * Adversarial questions with evidence: per system, the share whose headline context names the
   * speaker on a line citing an evidence message (see `QuestionRecord.attribution`); null without any.
   */
  adversarial_attribution: Record<RetrievalSystem, number | null> & { questions: number };
  full_context: FullContextReport;
  /** Engram minus baseline for every cell both have. */
  engram_minus_bm25: { overall: Record<string, number | null>; by_category: Record<string, Record<string, number | null>>; adversarial: Record<string, number | null> };
  engram_minus_full_context: { overall: Record<string, number | null>; by_category: Record<string, Record<string, number | null>> };
  /** Scored questions (categories 1 to 4). */
  questions: number;
  questions_adversarial: number;
  /** Bench `--consolidate`: rows, pass time, recall and coverage before and after one pass. */
  consolidation?: ConsolidationReport;
  samples: {
    sample_id: string;
    messages: number;
    questions: number;
    engram: SampleRecord["engram"];
    bm25: SampleRecord["bm25"];
    full_context_tokens: number;
  }[];
  meta: BenchMeta;
}

/** Inputs of {@link buildReport}. */
export interface BuildReportInput {
  questions: readonly QuestionRecord[];
  samples: readonly SampleRecord[];
  budgets: readonly number[];
  headlineBudget: number;
  answerMode: boolean;
  meta: BenchMeta;
}

function ingestSummary(samples: readonly SampleRecord[], system: RetrievalSystem): IngestSummary {
  const messages = samples.reduce((sum, sample) => sum + sample.messages, 0);
  const seconds = samples.reduce((sum, sample) => sum + (system === "engram" ? sample.engram.ingestSeconds : sample.bm25.buildSeconds), 0);
  const rows: Record<string, number> = {};
  for (const sample of samples) {
    const sampleRows = system === "engram" ? sample.engram.rows : { turns: sample.bm25.turns };
    for (const [table, count] of Object.entries(sampleRows)) rows[table] = (rows[table] ?? 0) + count;
  }
  const summary: IngestSummary = { seconds: roundOrNull(seconds, 3) ?? 0, messages, messages_per_second: roundOrNull(seconds > 0 ? messages / seconds : null, 1), rows };
  if (system === "engram" && samples.some((sample) => sample.engram.llm)) summary.llm = llmSummary(samples, messages);
  return summary;
}

function llmSummary(samples: readonly SampleRecord[], messages: number): NonNullable<IngestSummary["llm"]> {
  const sum = (pick: (llm: NonNullable<SampleRecord["engram"]["llm"]>) => number) => samples.reduce((total, sample) => total + (sample.engram.llm ? pick(sample.engram.llm) : 0), 0);
  const calls = sum((llm) => llm.ingestCalls);
  const tokens = sum((llm) => llm.ingestPromptTokens + llm.ingestCompletionTokens);
  const recalls = sum((llm) => llm.recalls);
  return {
    ingest_calls: calls,
    ingest_prompt_tokens: sum((llm) => llm.ingestPromptTokens),
    ingest_completion_tokens: sum((llm) => llm.ingestCompletionTokens),
    calls_per_message: roundOrNull(messages > 0 ? calls / messages : null, 4),
    tokens_per_message: roundOrNull(messages > 0 ? tokens / messages : null, 1),
    recall_calls: sum((llm) => llm.recallCalls),
    recall_tokens: sum((llm) => llm.recallPromptTokens + llm.recallCompletionTokens),
    calls_per_recall: roundOrNull(recalls > 0 ? sum((llm) => llm.recallCalls) / recalls : null, 4),
  };
}

/** Builds `report.json` from the per-question and per-sample records of a run. */
export function buildReport(input: BuildReportInput): BenchReport {
  const scored = input.questions.filter((question) => question.category !== ADVERSARIAL_CATEGORY);
  const adversarial = input.questions.filter((question) => question.category === ADVERSARIAL_CATEGORY);
  const byCategory = (category: number) => scored.filter((question) => question.category === category);
  const systemReport = (system: RetrievalSystem): SystemReport => ({
    overall: summarizeSystem(scored, system, input.budgets, input.headlineBudget, input.answerMode),
    by_category: Object.fromEntries(
      SCORED_CATEGORIES.map((category) => [categoryName(category), summarizeSystem(byCategory(category), system, input.budgets, input.headlineBudget, input.answerMode)]),
    ),
    adversarial: summarizeSystem(adversarial, system, input.budgets, input.headlineBudget, false),
    ingest: ingestSummary(input.samples, system),
    storage_bytes: system === "engram" ? input.samples.reduce((sum, sample) => sum + sample.engram.storageBytes, 0) : 0,
  });
  const engram = systemReport("engram");
  const bm25 = systemReport("bm25");
  const bm25_dated = systemReport("bm25_dated");
  const by_sample = Object.fromEntries(
    input.samples.map((sample) => {
      const ofSample = scored.filter((question) => question.sampleId === sample.sampleId);
      return [sample.sampleId, Object.fromEntries(RETRIEVAL_SYSTEMS.map((system) => [system, summarizeSystem(ofSample, system, input.budgets, input.headlineBudget, input.answerMode)]))];
    }),
  ) as BenchReport["by_sample"];
  const attributed = adversarial.filter((question) => question.attribution !== undefined);
  const adversarial_attribution = {
    questions: attributed.length,
    ...Object.fromEntries(RETRIEVAL_SYSTEMS.map((system) => [system, roundOrNull(mean(attributed.map((question) => (question.attribution![system] ? 1 : 0))), 4)])),
  } as BenchReport["adversarial_attribution"];
  const fullContextCell = (group: readonly QuestionRecord[]) => ({
    tokens_mean: roundOrNull(mean(group.map((question) => question.fullContextTokens)), 1),
    coverage: roundOrNull(mean(group.map((question) => question.fullContextCoverage).filter((value): value is number => value !== null)), 4),
  });
  const fullTokens = scored.map((question) => question.fullContextTokens);
  const full_context: FullContextReport = {
    ...fullContextCell(scored),
    tokens_p95: percentile(fullTokens, 95),
    tokens_max: maximum(fullTokens),
    recall: 1,
    by_category: Object.fromEntries(SCORED_CATEGORIES.map((category) => [categoryName(category), fullContextCell(byCategory(category))])),
  };
  const minusFull = (cell: MetricCell, full: { tokens_mean: number | null; coverage: number | null }) => {
    const difference: Record<string, number | null> = {
      tokens_mean: cell.tokens_mean !== null && full.tokens_mean !== null ? roundOrNull(cell.tokens_mean - full.tokens_mean, 1) : null,
    };
    for (const budget of input.budgets) {
      const coverage = cell[`coverage@${budget}`];
      difference[`coverage@${budget}`] = typeof coverage === "number" && full.coverage !== null ? roundOrNull(coverage - full.coverage, 4) : null;
    }
    return difference;
  };
  return {
    engram,
    bm25,
    bm25_dated,
    by_sample,
    adversarial_attribution,
    full_context,
    engram_minus_bm25: {
      overall: differenceOfCells(engram.overall, bm25.overall),
      by_category: Object.fromEntries(
        Object.entries(engram.by_category).map(([name, cell]) => [name, differenceOfCells(cell, bm25.by_category[name] ?? cell)]),
      ),
      adversarial: differenceOfCells(engram.adversarial, bm25.adversarial),
    },
    engram_minus_full_context: {
      overall: minusFull(engram.overall, full_context),
      by_category: Object.fromEntries(
        Object.entries(engram.by_category).map(([name, cell]) => [name, minusFull(cell, full_context.by_category[name] ?? { tokens_mean: null, coverage: null })]),
      ),
    },
    questions: scored.length,
    questions_adversarial: adversarial.length,
    ...withConsolidation(buildConsolidationReport(input.questions, input.samples, input.budgets)),
    samples: input.samples.map((sample) => ({
      sample_id: sample.sampleId,
      messages: sample.messages,
      questions: sample.questions,
      engram: sample.engram,
      bm25: sample.bm25,
      full_context_tokens: sample.fullContextTokens,
    })),
    meta: input.meta,
  };
}

function withConsolidation(report: ConsolidationReport | null): { consolidation?: ConsolidationReport } {
  return report ? { consolidation: report } : {};
}
