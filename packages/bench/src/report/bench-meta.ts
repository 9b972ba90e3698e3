import { cpus, totalmem } from "node:os";
import { TOKENIZER_NAME } from "@engram/memory";
import { BM25_FORMULA } from "../baselines/bm25";
import { categoryName, MEM0_PAPER_CATEGORY_LABELS, SCORED_CATEGORIES } from "../categories";
import { LOCOMO_MESSAGE_ID_PATTERN } from "../metrics/answer-coverage";
import { maximum, PERCENTILE_METHOD, percentile } from "../metrics/percentile";
import { roundOrNull } from "./summarize";
import { BENCH_TOKENIZER_DESCRIPTION } from "../text/bench-tokenizer";
import { NLTK_ENGLISH_STOP_WORDS } from "../text/stop-words";

/** `report.json`'s `meta`: how the run was made and how every number is defined. */
export interface BenchMeta {
  /** The command line, as the caller gave it. */
  command: string | null;
  git_commit: string | null;
  /** True when the working tree had uncommitted changes. */
  git_dirty: boolean | null;
  /** ISO date-time the run started. */
  date: string;
  /** Wall time of the whole run, seconds. */
  wall_seconds: number;
  /** CPU time of the bench process over the run (user + system, every thread), seconds; absent in older reports. */
  cpu_seconds?: number;
  /** The machine's 1-minute load average at the start and the end of the run (a shared machine slows every timing); absent in older reports. */
  load_average?: { start: number; end: number };
  machine: { cores: number; cpu_model: string; memory_bytes: number; platform: string; arch: string; node: string };
  data: { path: string | null; samples: string[]; messages: number; max_questions_per_sample: number | null };
  budgets: number[];
  /** The budget of `tokens_mean`, `latency_*`, questions.jsonl contexts and answer mode. */
  headline_budget: number;
  tokenizer: string;
  memory: Record<string, string | number>;
  categories: {
    locomo: Record<string, string>;
    mem0_paper_labels: Record<string, string>;
    note: string;
  };
  definitions: Record<string, string>;
  bm25: { k1: number; b: number; idf: string; formula: string; tokenizer: string; stop_words: string; stop_word_list: readonly string[]; document: string; packing: string };
  answer: null | {
    answer_model: string;
    judge_model: string;
    answer_prompt_version: string;
    judge_prompt_version: string;
    systems: string[];
    input_tokens: number;
    output_tokens: number;
  };
  /**
   * Seconds per phase, summed over samples (ingest, Engram recall, BM25 and full-context baselines,
   * answer mode); `recall_phase`: wall seconds of the recall phases, start to end (the timed recalls
   * plus what runs between questions: the access-count writes, scoring, the baselines, and the
   * explain and no-graph recalls when enabled).
   */
  phase_seconds: { ingest: number; recall: number; recall_phase: number; baselines: number; answer: number };
  /** Samples run at once (recall phases still one at a time). */
  sample_concurrency: number;
  /**
   * Wall seconds during which at least one sample's timed `add` ran (the union of the adds' spans):
   * with samples at once their adds overlap, so this is shorter than `phase_seconds.ingest`, which
   * sums each add's own wall; messages over it is the run's ingest throughput. Absent in older reports
   * and with the graph ablation (`--no-graph`), whose samples ingest alone.
   */
  ingest_elapsed_seconds?: number;
  /**
   * Wall seconds of the median timed pass (nearest rank) of the warm ingest: after every sample ran, the same
   * messages ingested again (same samples at once, new throwaway stores), `ingest_warm_untimed_passes`
   * passes untimed, then the passes of `ingest_warm_passes_seconds`. The process has loaded its NLP
   * libraries, the parse worker and the compiled ingest code, and has run the ingest before, so
   * messages over it is the throughput a long-running process gets, without the start-up the first
   * ingest pays once. Absent in older reports, with the graph ablation and when the ingest called a
   * model. (Before session 14 of the project: one pass after an untimed 40-message add.)
   */
  ingest_warm_elapsed_seconds?: number;
  /** Wall seconds of each timed pass of the warm ingest, in order. Absent when it is. */
  ingest_warm_passes_seconds?: number[];
  /** Untimed passes of the warm ingest before its timed ones. Absent when it is. */
  ingest_warm_untimed_passes?: number;
  /**
   * The access-count flushes between questions (`flushAccess`, untimed for latency but part of the
   * recall phases' wall): how many, their milliseconds (nearest-rank p50, p95, max) and their sum in
   * seconds; wall time from the flush's start until its writes landed, while the question's scoring
   * and baselines run beside it in the same thread (so an upper bound of the flush's own time);
   * absent in older reports.
   */
  access_flush_ms?: { flushes: number; p50: number | null; p95: number | null; max: number | null; total_seconds: number };
  /** Untimed warm-up recalls before each sample's timed recall phase (fixed generic queries, no access counts noted); absent in older reports, which had none. */
  warm_up_recalls?: number;
  /**
   * Per sample id, milliseconds of its first warm-up recall: the user's cold first recall after ingest (the items cache
   * read again, its search indexes built, the recall code compiled on first use), which the timed latencies leave out;
   * absent without a warm-up and in older reports.
   */
  first_recall_ms?: Record<string, number>;
}

/** Inputs of {@link buildBenchMeta} that only the run knows. */
export interface BenchMetaInput {
  command: string | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  startedAt: Date;
  wallSeconds: number;
  cpuSeconds?: number;
  loadAverage?: { start: number; end: number };
  dataPath: string | null;
  sampleIds: string[];
  messages: number;
  maxQuestionsPerSample: number | null;
  budgets: number[];
  headlineBudget: number;
  memory: Record<string, string | number>;
  bm25: { k1: number; b: number };
  answer: BenchMeta["answer"];
  phaseSeconds?: BenchMeta["phase_seconds"];
  /** Wall seconds covered by at least one sample's timed `add`. */
  ingestElapsedSeconds?: number;
  /** Wall seconds of each timed pass of the warm ingest ({@link BenchMeta.ingest_warm_passes_seconds}). */
  ingestWarmPassesSeconds?: number[];
  /** Untimed passes before them. */
  ingestWarmUntimedPasses?: number;
  sampleConcurrency?: number;
  /** Untimed warm-up recalls before each sample's recall phase. @default 0 */
  warmUpRecalls?: number;
  /** Milliseconds of each access-count flush between questions, every sample. */
  accessFlushMs?: readonly number[];
  /** Per sample id, milliseconds of its first (warm-up) recall after ingest. */
  firstRecallMs?: Record<string, number>;
  /** The run has the `--no-graph` ablation: each sample ingests alone, after an untimed 40-message warm-up. */
  graphAblation?: boolean;
}

/** Builds {@link BenchMeta}: the run's facts plus the definitions of every metric. */
export function buildBenchMeta(input: BenchMetaInput): BenchMeta {
  const cpuList = cpus();
  return {
    command: input.command,
    git_commit: input.gitCommit,
    git_dirty: input.gitDirty,
    date: input.startedAt.toISOString(),
    wall_seconds: Math.round(input.wallSeconds * 1000) / 1000,
    ...(input.cpuSeconds !== undefined ? { cpu_seconds: Math.round(input.cpuSeconds * 1000) / 1000 } : {}),
    ...(input.loadAverage ? { load_average: { start: Math.round(input.loadAverage.start * 100) / 100, end: Math.round(input.loadAverage.end * 100) / 100 } } : {}),
    machine: {
      cores: cpuList.length,
      cpu_model: cpuList[0]?.model ?? "unknown",
      memory_bytes: totalmem(),
      platform: process.platform,
      arch: process.arch,
      node: process.version,
    },
    data: { path: input.dataPath, samples: input.sampleIds, messages: input.messages, max_questions_per_sample: input.maxQuestionsPerSample },
    budgets: input.budgets,
    headline_budget: input.headlineBudget,
    tokenizer: TOKENIZER_NAME,
    memory: input.memory,
    categories: {
      locomo: Object.fromEntries([...SCORED_CATEGORIES, 5 as const].map((category) => [String(category), categoryName(category)])),
      mem0_paper_labels: Object.fromEntries(Object.entries(MEM0_PAPER_CATEGORY_LABELS)),
      note:
        "Categories use LoCoMo's official names (Maharana et al., 2024). The Mem0 paper (arXiv 2504.19413) labels them differently: " +
        "its single-hop column is category 1, temporal 2, multi-hop 3, open-domain 4. Category 5 (adversarial) is reported apart and not in overall.",
    },
    definitions: {
      averaging: "micro-average over questions: every scored question weighs 1 in overall, whatever its category or sample",
      evidence_recall:
        "per question: distinct evidence ids (whitespace stripped) found among the sources of the items in the recalled context, divided by the distinct evidence ids; questions without evidence are skipped and counted",
      answer_coverage:
        `per question: distinct content tokens of the gold answer that occur among the content tokens of the recalled context, divided by the distinct content tokens of the answer; message ids (${LOCOMO_MESSAGE_ID_PATTERN.source}) are removed from the context first, so listing sources cannot raise it; tokens: ${BENCH_TOKENIZER_DESCRIPTION}`,
      tokens: `context tokens counted by the bench with ${TOKENIZER_NAME} on the returned context string`,
      latency:
        `wall-clock milliseconds around each recall call in the bench process: one sample's recall phase at a time and never beside another sample's ingest, opening, baseline setup (BM25 indexes and full-context counts, before its ingest), setup after ingest (row counts, store size) or teardown (close, folder removal), which overlap each other only; questions one after another; the access counts recall notes are written between questions, outside the timed call (Engram.flushAccess), as an agent's idle time between turns would, so no background write overlaps a timed recall; one recall at the largest budget packs every budget, so all budgets share its latency; ${(input.warmUpRecalls ?? 0) > 0 ? `warm process and store: before each sample's recall phase (and outside its wall), ${input.warmUpRecalls} untimed warm-up recalls (meta.warm_up_recalls) at the same budgets with fixed generic queries that are not from the question set and note no access counts (recall's noteAccess: false), so every context is what it would be without them; they leave out the user's cold first recalls after ingest (the items cache read again, its search indexes built, the recall code compiled on first use), whose first is meta.first_recall_ms;` : "no warm-up recalls (with --llm and the model's topic call): the sample's first recalls after ingest are timed cold;"} latency_* over the headline-budget calls, latency_all_* over the calls at every budget`,
      percentile: PERCENTILE_METHOD,
      ingest:
        "Engram: wall time of add() over each whole conversation, summed (with samples at once their adds overlap: meta.ingest_elapsed_seconds is the wall time during which any ran, and messages over it the run's throughput, start-up included; meta.ingest_warm_elapsed_seconds is the median timed pass of the same messages ingested again into new stores after the run, after untimed passes (meta.ingest_warm_passes_seconds, meta.ingest_warm_untimed_passes): without the start-up); rows counted with stats() after ingest; storage_bytes: apparent size of every file under the store folder after ingest" +
        (input.graphAblation
          ? "; this run has the graph ablation (--no-graph), so each sample ingested alone, after an untimed 40-message warm-up in a throwaway store: not comparable with runs without it, where samples ingest at once, cold"
          : ""),
      full_context: "the whole conversation (session headers with date plus every turn as 'Speaker: text [image: caption]') as context; evidence recall is 1 by construction",
      f1: "token-set F1 (Mem0's evaluation): sets of lowercase words, punctuation removed, stop words kept",
      bleu1: "sentence BLEU-1 as NLTK sentence_bleu(weights=(1,0,0,0)): clipped unigram precision × brevity penalty; same tokens as F1",
      judge_accuracy: "share of judged answers an LLM judge labels CORRECT under generous grading (Mem0's and MIRIX's J)",
    },
    bm25: {
      k1: input.bm25.k1,
      b: input.bm25.b,
      idf: "Robertson/Spärck Jones with +1 inside the log, as Lucene's BM25Similarity: ln(1 + (N − n + 0.5) / (n + 0.5))",
      formula: BM25_FORMULA,
      tokenizer: BENCH_TOKENIZER_DESCRIPTION,
      stop_words: "NLTK English stop words (179 words), written out in packages/bench/src/text/stop-words.ts",
      stop_word_list: NLTK_ENGLISH_STOP_WORDS,
      document: "one document per turn: 'Speaker: text', plus ' [image: caption]' when the turn shared an image (no date, no id)",
      packing: "matching turns in rank order, first fit into the budget (a turn that does not fit is skipped), joined by newlines",
    },
    answer: input.answer,
    phase_seconds: Object.fromEntries(
      Object.entries(input.phaseSeconds ?? { ingest: 0, recall: 0, recall_phase: 0, baselines: 0, answer: 0 }).map(([phase, seconds]) => [phase, Math.round(seconds * 1000) / 1000]),
    ) as BenchMeta["phase_seconds"],
    sample_concurrency: input.sampleConcurrency ?? 1,
    ...(input.ingestElapsedSeconds !== undefined ? { ingest_elapsed_seconds: Math.round(input.ingestElapsedSeconds * 1000) / 1000 } : {}),
    ...(input.ingestWarmPassesSeconds !== undefined && input.ingestWarmPassesSeconds.length > 0
      ? {
          ingest_warm_elapsed_seconds: Math.round(percentile(input.ingestWarmPassesSeconds, 50)! * 1000) / 1000,
          ingest_warm_passes_seconds: input.ingestWarmPassesSeconds.map((seconds) => Math.round(seconds * 1000) / 1000),
          ingest_warm_untimed_passes: input.ingestWarmUntimedPasses ?? 0,
        }
      : {}),
    ...(input.accessFlushMs ? { access_flush_ms: flushSummary(input.accessFlushMs) } : {}),
    warm_up_recalls: input.warmUpRecalls ?? 0,
    ...(input.firstRecallMs && Object.keys(input.firstRecallMs).length > 0 ? { first_recall_ms: input.firstRecallMs } : {}),
  };
}

/** {@link BenchMeta.access_flush_ms} of the flushes' milliseconds. */
function flushSummary(times: readonly number[]): NonNullable<BenchMeta["access_flush_ms"]> {
  const total = times.reduce((sum, time) => sum + time, 0);
  return { flushes: times.length, p50: roundOrNull(percentile(times, 50), 1), p95: roundOrNull(percentile(times, 95), 1), max: roundOrNull(maximum(times), 1), total_seconds: Math.round(total) / 1000 };
}
