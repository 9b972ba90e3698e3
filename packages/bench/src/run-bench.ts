import { mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_TOKEN_BUDGET, type LocomoSample } from "@engram/memory";
import { answerQuestions, type AnswerModeOptions } from "./answer/answer-questions";
import type { Bm25Options } from "./baselines/bm25";
import type { BenchMemoryFactory } from "./bench-memory";
import type { QuestionRecord, SampleRecord } from "./bench-records";
import { createEngramMemoryFactory } from "./engram-memory-factory";
import type { MissRecord } from "./explain/miss-report";
import { buildBenchMeta } from "./report/bench-meta";
import { buildReport, type BenchReport } from "./report/report-json";
import { WARM_UP_QUERIES } from "./warm-up-recalls";
import { runSample } from "./run-sample";
import { ExclusivePhaseLock } from "./util/exclusive-phase-lock";
import { mapWithConcurrency } from "./util/map-with-concurrency";

/** The token budgets of issue 3 (cl100k_base tokens). */
export const DEFAULT_BUDGETS: readonly number[] = [500, 1000, 1500, 3000];

/** The budget `tokens_mean`, `latency_*`, questions.jsonl and answer mode use when it is measured. */
export const DEFAULT_HEADLINE_BUDGET = DEFAULT_TOKEN_BUDGET;

/** One progress event of {@link runBench}. */
export interface BenchProgress {
  phase: "ingest" | "recall" | "answer";
  /** The sample being run (absent in the answer phase, which runs over all samples). */
  sampleId?: string;
  /** 0-based position of the sample and the number of samples. */
  sampleIndex?: number;
  samples: number;
  done: number;
  total: number;
}

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  /** Parsed LoCoMo samples (`parseLocomo`), already filtered to the ones to run. */
  samples: readonly LocomoSample[];
  /** Token budgets; sorted and de-duplicated. @default DEFAULT_BUDGETS */
  budgets?: readonly number[];
  /** @default 1500 when measured, else the largest budget */
  headlineBudget?: number;
  /** The memory under test. @default createEngramMemoryFactory() (offline policy, hash embedder) */
  memory?: BenchMemoryFactory;
  /** Answer, judge and score every scored question; off when absent. */
  answer?: AnswerModeOptions;
  /** BM25 parameters. @default { k1: 1.2, b: 0.75 } */
  bm25?: Pick<Bm25Options, "k1" | "b">;
  /** Only the first N questions of each sample (quick runs). */
  maxQuestionsPerSample?: number;
  /**
   * Samples run at once. Their ingests overlap; recall phases run one at a time and never beside
   * an ingest, so latencies are not contended. @default the number of cores, at most the samples
   */
  sampleConcurrency?: number;
  /** Folder for the temporary per-sample stores. @default os.tmpdir() */
  tempRoot?: string;
  /** Keep the store folders (their paths are in the result). @default false */
  keepStores?: boolean;
  /** Per sample, after the recall phase: one consolidation pass, then every question recalled again (the report's consolidation section). @default false */
  consolidate?: boolean;
  /** Also recall without the graph lists and time ingest without the graph agent (`--no-graph`). @default false */
  graphAblation?: boolean;
  /** Facts the caller knows, copied into `meta`. */
  meta?: { command?: string; gitCommit?: string | null; gitDirty?: boolean | null; dataPath?: string };
  /** Classify every missed evidence id at the headline budget into `misses` (one more, untimed recall per question). @default false */
  explain?: boolean;
  /**
   * Untimed warm-up recalls before each sample's timed recall phase (the first of `WARM_UP_QUERIES`,
   * noting no access counts); 0: none (e.g. when recall calls a model, whose latency dwarfs a warm-up
   * and whose calls cost). @default WARM_UP_QUERIES.length (20)
   */
  warmUpRecalls?: number;
  /**
   * After every sample ran, ingest their messages again, as many at once as before, into new
   * throwaway stores: `warmIngestPasses.untimed` passes untimed, then `warmIngestPasses.timed`
   * timed ones, and report the median pass's wall time (`meta.ingest_warm_elapsed_seconds`, each
   * timed pass in `meta.ingest_warm_passes_seconds`): the ingest's throughput in a process that has
   * run it before, its NLP libraries, parse worker and compiled code loaded, as a long-running agent
   * runs it. Not with `graphAblation` (its samples ingest alone), nor when the ingest called a model
   * (each pass would pay for its calls again).
   * @default true
   */
  ingestAgainWarm?: boolean;
  /** Passes of the warm ingest ({@link ingestAgainWarm}). @default { untimed: 2, timed: 3 } */
  warmIngestPasses?: { untimed: number; timed: number };
  onProgress?: (progress: BenchProgress) => void;
  signal?: AbortSignal;
}

/** Result of {@link runBench}. */
export interface BenchRunResult {
  report: BenchReport;
  /** Every question measured (adversarial ones included), in sample then question order. */
  questions: QuestionRecord[];
  samples: SampleRecord[];
  /** Store folders, when `keepStores`. */
  storePaths: string[];
  /** Missed evidence at the headline budget, classified; absent without `explain`. */
  misses?: MissRecord[];
}

/**
 * Runs the LoCoMo benchmark: for each sample, ingests the conversation into a fresh store and
 * recalls every question at every budget with Engram and the BM25 baseline, measures the
 * full-context baseline, optionally answers and judges, and builds `report.json`'s content.
 * Samples run concurrently (`sampleConcurrency`); recall phases run one at a time, never beside an
 * ingest, so latencies are not contended. One recall per question at the largest budget packs
 * the smaller budgets too (`extraTokenBudgets`), with the same contexts as separate recalls.
 *
 * @throws whatever the memory system throws during ingest or recall (the store folder is removed
 * first); an `AbortError` when `signal` aborts.
 */
export async function runBench(options: RunBenchOptions): Promise<BenchRunResult> {
  const startedAt = new Date();
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  const loadAtStart = loadavg()[0]!;
  const budgets = [...new Set(options.budgets ?? DEFAULT_BUDGETS)].sort((a, b) => a - b);
  if (budgets.length === 0 || budgets.some((budget) => !Number.isInteger(budget) || budget <= 0)) {
    throw new RangeError(`budgets must be positive integers, got ${JSON.stringify(options.budgets)}`);
  }
  const headlineBudget = options.headlineBudget ?? (budgets.includes(DEFAULT_HEADLINE_BUDGET) ? DEFAULT_HEADLINE_BUDGET : (budgets[budgets.length - 1] ?? DEFAULT_HEADLINE_BUDGET));
  if (!budgets.includes(headlineBudget)) throw new RangeError(`headline budget ${headlineBudget} is not among the budgets ${budgets.join(",")}`);
  const memory = options.memory ?? createEngramMemoryFactory();
  const bm25 = { k1: options.bm25?.k1 ?? 1.2, b: options.bm25?.b ?? 0.75 };

  const questions: QuestionRecord[] = [];
  const samples: SampleRecord[] = [];
  const storePaths: string[] = [];
  const phaseLock = new ExclusivePhaseLock();
  const concurrency = options.sampleConcurrency ?? Math.max(1, Math.min(availableParallelism(), options.samples.length));
  const phaseSeconds = { ingest: 0, recall: 0, recall_phase: 0, baselines: 0, answer: 0 };
  const accessFlushMs: number[] = [];
  const firstRecallMs: Record<string, number> = {};
  const warmUpRecalls = options.warmUpRecalls ?? WARM_UP_QUERIES.length;
  if (!Number.isInteger(warmUpRecalls) || warmUpRecalls < 0 || warmUpRecalls > WARM_UP_QUERIES.length) throw new RangeError(`warmUpRecalls must be an integer from 0 to ${WARM_UP_QUERIES.length}, got ${warmUpRecalls}`);
  const warmIngestPasses = options.warmIngestPasses ?? WARM_INGEST_PASSES;
  if (!Number.isInteger(warmIngestPasses.untimed) || warmIngestPasses.untimed < 0 || !Number.isInteger(warmIngestPasses.timed) || warmIngestPasses.timed < 1) {
    throw new RangeError(`warmIngestPasses must hold an integer untimed >= 0 and timed >= 1, got ${JSON.stringify(warmIngestPasses)}`);
  }
  const results = await mapWithConcurrency(options.samples, concurrency, (sample, sampleIndex) =>
    runSample(sample, {
      memory,
      budgets,
      headlineBudget,
      tempRoot: options.tempRoot ?? tmpdir(),
      bm25,
      phaseLock,
      ...(options.keepStores ? { keepStore: true } : {}),
      ...(options.explain ? { explain: true } : {}),
      warmUpRecalls,
      ...(options.consolidate ? { consolidate: true } : {}),
      ...(options.graphAblation ? { graphAblation: true } : {}),
      ...(options.maxQuestionsPerSample !== undefined ? { maxQuestions: options.maxQuestionsPerSample } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      onProgress: (progress) => options.onProgress?.({ ...progress, sampleId: sample.sample_id, sampleIndex, samples: options.samples.length }),
    }),
  );
  for (const result of results) {
    questions.push(...result.questions);
    samples.push(result.sample);
    if (options.keepStores) storePaths.push(result.storePath);
    phaseSeconds.ingest += result.phaseSeconds.ingest;
    phaseSeconds.recall += result.phaseSeconds.recall;
    phaseSeconds.recall_phase += result.phaseSeconds.recallPhase;
    phaseSeconds.baselines += result.phaseSeconds.baselines;
    accessFlushMs.push(...result.accessFlushMs);
    if (result.firstRecallMs !== null) firstRecallMs[result.sample.sampleId] = Math.round(result.firstRecallMs * 100) / 100;
  }

  const calledModel = samples.some((sample) => (sample.engram.llm?.ingestCalls ?? 0) > 0);
  const ingestWarmPassesSeconds =
    options.ingestAgainWarm !== false && !options.graphAblation && !calledModel
      ? await ingestAgainWarm(options.samples, memory, options.tempRoot ?? tmpdir(), concurrency, warmIngestPasses, options.signal)
      : undefined;

  let answerMeta = null;
  if (options.answer) {
    const answer = options.answer;
    const answerStart = performance.now();
    await answerQuestions(
      questions,
      answer,
      ({ done, total }) => options.onProgress?.({ phase: "answer", samples: options.samples.length, done, total }),
      options.signal,
    );
    phaseSeconds.answer = (performance.now() - answerStart) / 1000;
    const outcomes = questions.flatMap((question) => Object.values(question.systems).map((system) => system.answer).filter((outcome) => outcome !== undefined));
    answerMeta = {
      answer_model: answer.answerer.modelName,
      judge_model: answer.judge.modelName,
      answer_prompt_version: answer.answerer.promptVersion,
      judge_prompt_version: answer.judge.promptVersion,
      systems: answer.systems ?? ["engram"],
      input_tokens: outcomes.reduce((sum, outcome) => sum + outcome.inputTokens, 0),
      output_tokens: outcomes.reduce((sum, outcome) => sum + outcome.outputTokens, 0),
    };
  }

  const meta = buildBenchMeta({
    command: options.meta?.command ?? null,
    gitCommit: options.meta?.gitCommit ?? null,
    gitDirty: options.meta?.gitDirty ?? null,
    startedAt,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSecondsSince(cpuAtStart),
    loadAverage: { start: loadAtStart, end: loadavg()[0]! },
    dataPath: options.meta?.dataPath ?? null,
    sampleIds: options.samples.map((sample) => sample.sample_id),
    messages: samples.reduce((sum, sample) => sum + sample.messages, 0),
    maxQuestionsPerSample: options.maxQuestionsPerSample ?? null,
    budgets,
    headlineBudget,
    memory: memory.description,
    bm25,
    answer: answerMeta,
    phaseSeconds,
    accessFlushMs,
    warmUpRecalls,
    firstRecallMs,
    // With the graph ablation each sample ingests alone: the adds never overlap.
    ...(options.graphAblation ? {} : { ingestElapsedSeconds: unionMs(results.map((result) => result.ingestWindowMs)) / 1000 }),
    ...(ingestWarmPassesSeconds !== undefined ? { ingestWarmPassesSeconds, ingestWarmUntimedPasses: warmIngestPasses.untimed } : {}),
    sampleConcurrency: concurrency,
    graphAblation: options.graphAblation === true,
  });
  const report = buildReport({ questions, samples, budgets, headlineBudget, answerMode: options.answer !== undefined, meta });
  return { report, questions, samples, storePaths, ...(options.explain ? { misses: results.flatMap((result) => result.misses) } : {}) };
}

/** Passes of the warm ingest: untimed, then timed (see `RunBenchOptions.ingestAgainWarm`). */
export const WARM_INGEST_PASSES = { untimed: 2, timed: 3 } as const;

/**
 * The wall seconds of each timed pass of the warm ingest: `passes.untimed` passes, then
 * `passes.timed` timed ones, each adding every sample's messages again, `concurrency` samples at
 * a time as the timed ingest ran them, into new stores (removed after each pass); a pass's time is
 * the wall during which any of its adds ran. The first untimed pass also starts the offline
 * policy's parse worker again if the recall phases outlasted its idle time (30 s). Nothing of it
 * reaches the report but its times.
 */
async function ingestAgainWarm(
  samples: readonly LocomoSample[],
  memory: BenchMemoryFactory,
  tempRoot: string,
  concurrency: number,
  passes: { untimed: number; timed: number },
  signal: AbortSignal | undefined,
): Promise<number[]> {
  const timed: number[] = [];
  for (let pass = 0; pass < passes.untimed + passes.timed; pass++) {
    const folder = await mkdtemp(join(tempRoot, "engram-bench-warm-"));
    try {
      const windows = await mapWithConcurrency(samples, concurrency, async (sample, index) => {
        const opened = await memory.open(await mkdtemp(join(folder, `${index}-`)));
        try {
          const start = performance.now();
          await opened.add(sample.messages, { user_id: sample.sample_id }, { ...(signal ? { signal } : {}) });
          return { start, end: performance.now() };
        } finally {
          await opened.close();
        }
      });
      if (pass >= passes.untimed) timed.push(unionMs(windows) / 1000);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
  return timed;
}

/** CPU seconds (user and system, every thread of the process) since `start`. */
function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

/** Milliseconds covered by at least one of the `[start, end]` windows (overlaps counted once). */
export function unionMs(windows: readonly { start: number; end: number }[]): number {
  let covered = 0;
  let reach = Number.NEGATIVE_INFINITY;
  for (const { start, end } of [...windows].sort((a, b) => a.start - b.start)) {
    if (end <= reach) continue;
    covered += end - Math.max(start, reach);
    reach = end;
  }
  return covered;
}
