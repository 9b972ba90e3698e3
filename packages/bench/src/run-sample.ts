import { mkdtemp, rm } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { countTokens, type LocomoSample } from "@engram/memory";
import { Bm25TurnsBaseline } from "./baselines/bm25-turns-baseline";
import type { Bm25Options } from "./baselines/bm25";
import { formatConversation } from "./baselines/conversation-turn";
import type { BenchMemory, BenchMemoryFactory, BenchRecallResult } from "./bench-memory";
import type { BudgetOutcome, HeadlineContext, QuestionRecord, SampleRecord, SystemQuestionOutcome } from "./bench-records";
import { ADVERSARIAL_CATEGORY, categoryName } from "./categories";
import { classifyMisses, indexItemsBySource } from "./explain/classify-misses";
import type { MissRecord } from "./explain/miss-report";
import { answerCoverageInSet, contextTokenSet } from "./metrics/answer-coverage";
import { evidenceRecall } from "./metrics/evidence-recall";
import { baselineContextLines, engramItemLines, speakerAttributed, type AttributedLine } from "./metrics/speaker-attribution";
import { directoryBytes } from "./util/directory-bytes";
import { ExclusivePhaseLock } from "./util/exclusive-phase-lock";
import { consolidateAndRecall } from "./consolidation/consolidate-and-recall";
import { warmUpRecalls } from "./warm-up-recalls";

/** Progress inside one sample. */
export interface SampleProgress {
  phase: "ingest" | "recall";
  done: number;
  total: number;
}

/** Options of {@link runSample}. */
export interface RunSampleOptions {
  memory: BenchMemoryFactory;
  /** Ascending token budgets. */
  budgets: readonly number[];
  headlineBudget: number;
  /** Folder the temporary store folder is created in. */
  tempRoot: string;
  /** Keep the store folder instead of removing it. @default false */
  keepStore?: boolean;
  /** Only the first N questions of the sample. */
  maxQuestions?: number;
  bm25?: Bm25Options;
  onProgress?: (progress: SampleProgress) => void;
  /** Checked before ingest, after ingest and before each question. */
  signal?: AbortSignal;
  /** Shared with samples run at the same time: ingests run together, a recall phase alone. */
  phaseLock?: ExclusivePhaseLock;
  /** Classify every missed evidence id at the headline budget (one more, untimed recall per question). @default false */
  explain?: boolean;
  /** Untimed warm-up recalls before the timed recall phase (`warm-up-recalls.ts`). @default 0 */
  warmUpRecalls?: number;
  /** After the recall phase, run one consolidation pass and recall every question again (`consolidated` in each record). @default false */
  consolidate?: boolean;
  /**
   * The graph ablation (`--no-graph`): every question is also recalled without the graph lists from
   * the same store, and the conversation is also ingested into a second store without the graph
   * agent (timed, then removed). @default false
   */
  graphAblation?: boolean;
}

/** What {@link runSample} measured. */
export interface RunSampleResult {
  sample: SampleRecord;
  questions: QuestionRecord[];
  /** Where the store was (already removed unless `keepStore`). */
  storePath: string;
  /** Seconds spent per phase: ingest, Engram recall (the timed calls), the recall phase's wall (start to end, what runs between questions included), the BM25 and full-context baselines. */
  phaseSeconds: { ingest: number; recall: number; recallPhase: number; baselines: number };
  /** When the timed `add` began and ended (`performance.now()` milliseconds of this process): samples run at once overlap. */
  ingestWindowMs: { start: number; end: number };
  /** Missed evidence at the headline budget, classified; empty without `explain`. */
  misses: MissRecord[];
  /** Milliseconds of each access-count flush between questions (`flushAccess`, from its start until its writes landed, while the question's scoring runs beside it), in question order. */
  accessFlushMs: number[];
  /** Milliseconds of the first warm-up recall: the user's cold first recall after ingest (JIT, cache reload, search indexes); null without a warm-up. */
  firstRecallMs: number | null;
}

function outcomeAt(budget: number, context: string, tokens: number, latencyMs: number, sources: readonly string[], itemCount: number, evidence: readonly string[], goldAnswer: string): BudgetOutcome {
  return {
    budget,
    tokens,
    latencyMs,
    recall: evidenceRecall(evidence, sources)?.recall ?? null,
    coverage: answerCoverageInSet(goldAnswer, contextTokenSet(context))?.coverage ?? null,
    itemCount,
  };
}

/**
 * One of Engram's packed contexts scored at `budget`: the distinct sources of its items and
 * relation lines (a packed relation is a statement of its messages), its tokens, and its outcome;
 * with relation lines, also the recall of the items' sources alone (`recallItemsOnly`).
 */
export function packedOutcome(
  budget: number,
  packed: { context: string; items: readonly { sources: readonly string[] }[]; relations?: readonly { sources: readonly string[] }[] },
  latencyMs: number,
  question: Pick<LocomoSample["questions"][number], "evidence" | "answer">,
) {
  const itemSources = packed.items.flatMap((item) => item.sources);
  const relations = packed.relations ?? [];
  const sources = [...new Set([...itemSources, ...relations.flatMap((relation) => relation.sources)])];
  const tokens = countTokens(packed.context);
  const outcome = outcomeAt(budget, packed.context, tokens, latencyMs, sources, packed.items.length, question.evidence, question.answer);
  if (relations.length > 0) outcome.recallItemsOnly = evidenceRecall(question.evidence, itemSources)?.recall ?? null;
  return { sources, tokens, outcome };
}

/**
 * Runs one LoCoMo sample: ingests the whole conversation into a fresh store in a temporary folder,
 * then recalls every question once per budget with Engram and the BM25 baseline, and measures
 * the full-context baseline. The store is closed and its folder removed at the end, also on error.
 */
export async function runSample(sample: LocomoSample, options: RunSampleOptions): Promise<RunSampleResult> {
  const scope = { user_id: sample.sample_id };
  const questions = options.maxQuestions === undefined ? sample.questions : sample.questions.slice(0, options.maxQuestions);
  const storePath = await mkdtemp(join(options.tempRoot, `engram-bench-${sample.sample_id.replace(/[^\w.-]/g, "_")}-`));
  const lock = options.phaseLock ?? new ExclusivePhaseLock();
  try {
    // Opening, the baseline setup, the setup after ingest and the teardown hold the lock shared, as ingests do: none runs beside another sample's timed recalls.
    const memory = await lock.run(false, () => options.memory.open(storePath, options.graphAblation ? { graph: true } : {}));
    try {
      options.signal?.throwIfAborted();
      // The baselines' indexes are built before the ingest (they do not need it), beside other samples' ingests, not between two recall phases.
      const { bm25, bm25Dated, fullContextTokens, conversationTokens, setupBaselineMs } = await lock.run(false, async () => {
        const baselinesStart = performance.now();
        const bm25 = new Bm25TurnsBaseline(sample.messages, countTokens, options.bm25);
        const bm25Dated = new Bm25TurnsBaseline(sample.messages, countTokens, { ...options.bm25, dated: true });
        const conversation = formatConversation(sample.messages);
        const fullContextTokens = countTokens(conversation);
        const conversationTokens = contextTokenSet(conversation);
        return { bm25, bm25Dated, fullContextTokens, conversationTokens, setupBaselineMs: performance.now() - baselinesStart };
      });
      options.onProgress?.({ phase: "ingest", done: 0, total: sample.messages.length });
      // With the graph ablation both ingests of a sample run alone: shared, one would interleave with
      // another sample's ingest and the other might not, and their times would not compare.
      const alone = options.graphAblation === true;
      let ingestSeconds = 0;
      const ingestWindowMs = { start: 0, end: 0 };
      const added = await lock.run(alone, async () => {
        // Untimed: the first ingest of the process would also pay for loading and compiling the ingest code.
        if (alone) await warmUpIngest(sample, `${storePath}-warm-up`, options.memory, options.signal);
        const ingestStart = performance.now();
        const result = await memory.add(sample.messages, scope, {
          signal: options.signal,
          onProgress: ({ done, total }) => options.onProgress?.({ phase: "ingest", done, total }),
        });
        ingestWindowMs.start = ingestStart;
        ingestWindowMs.end = performance.now();
        ingestSeconds = (ingestWindowMs.end - ingestStart) / 1000;
        return result;
      });
      // After the store's own ingest (a warm-up for both sides: the first full ingest of a sample ran up to twice as
      // slow as a later one of the same build, conv-26 9.0 s against 4.6 s), timed graph, none, none, graph into
      // throwaway stores, each side's mean kept: an ABBA design, a linear drift of the machine's speed cancels.
      const ablationSeconds = options.graphAblation
        ? await lock.run(true, async () => {
            const time = (graph: boolean) => timeIngest(sample, storePath, options, graph);
            const graphFirst = await time(true);
            const noGraph = ((await time(false)) + (await time(false))) / 2;
            return { noGraph, graph: (graphFirst + (await time(true))) / 2 };
          })
        : undefined;
      options.signal?.throwIfAborted();
      const { rows, storageBytes } = await lock.run(false, async () => ({ rows: await memory.stats(scope), storageBytes: await directoryBytes(storePath) }));
      const speakers = new Map(sample.messages.map((message) => [message.id, message.speaker]));
      const speakerOf = (id: string) => speakers.get(id);
      let baselineMs = setupBaselineMs;
      let recallMs = 0;
      const largest = options.budgets[options.budgets.length - 1]!;
      const smaller = options.budgets.slice(0, -1);

      const records: QuestionRecord[] = [];
      const misses: MissRecord[] = [];
      const accessFlushMs: number[] = [];
      if (options.explain && !memory.list) throw new Error("explain needs a memory system that lists its items");
      const list = memory.list?.bind(memory);
      const bySource = options.explain && list ? await lock.run(false, async () => indexItemsBySource(await list(scope, { includeInvalid: true }))) : null;
      const recallLlm = { recalls: 0, recallCalls: 0, recallPromptTokens: 0, recallCompletionTokens: 0 };
      options.onProgress?.({ phase: "recall", done: 0, total: questions.length });
      let recallPhaseMs = 0;
      let firstRecallMs: number | null = null;
      await lock.run(true, async () => {
        // Untimed, outside the recall phase's wall: a warm process for the timed recalls, noting no access counts.
        const warmUpMs = await warmUpRecalls(memory, scope, { count: options.warmUpRecalls ?? 0, tokenBudget: largest, ...(smaller.length > 0 ? { extraTokenBudgets: smaller } : {}), signal: options.signal });
        firstRecallMs = warmUpMs[0] ?? null;
        const recallPhaseStart = performance.now();
        for (const [questionIndex, question] of questions.entries()) {
          options.signal?.throwIfAborted();
          const engram: SystemQuestionOutcome = { budgets: [], headline: emptyHeadline(options.headlineBudget) };
          const baseline: SystemQuestionOutcome = { budgets: [], headline: emptyHeadline(options.headlineBudget) };
          const baselineDated: SystemQuestionOutcome = { budgets: [], headline: emptyHeadline(options.headlineBudget) };
          let engramLines: AttributedLine[] = [];
          // One recall at the largest budget packs the smaller ones from the same fused list (the
          // same contexts as separate recalls); its latency counts for every budget.
          const recallAt = async (budget: number, extraTokenBudgets?: number[]) => {
            const start = performance.now();
            const recalled = await memory.recall(question.question, scope, { tokenBudget: budget, signal: options.signal, ...(extraTokenBudgets ? { extraTokenBudgets } : {}) });
            const latencyMs = performance.now() - start;
            recallMs += latencyMs;
            recallLlm.recalls += 1;
            recallLlm.recallCalls += recalled.llm?.calls ?? 0;
            recallLlm.recallPromptTokens += recalled.llm?.promptTokens ?? 0;
            recallLlm.recallCompletionTokens += recalled.llm?.completionTokens ?? 0;
            return { recalled, latencyMs };
          };
          const first = await recallAt(largest, smaller.length > 0 ? smaller : undefined);
          let noGraph: SystemQuestionOutcome | undefined;
          if (options.graphAblation) {
            const start = performance.now();
            const recalled = await memory.recall(question.question, scope, { tokenBudget: largest, graph: false, signal: options.signal, ...(smaller.length > 0 ? { extraTokenBudgets: smaller } : {}) });
            noGraph = ablationOutcome(recalled, options, performance.now() - start, question);
          }
          const packedByBudget = [];
          for (const budget of options.budgets) {
            const extra = first.recalled.extraContexts?.find((entry) => entry.tokenBudget === budget);
            packedByBudget.push(
              budget === largest ? { ...first.recalled, latencyMs: first.latencyMs } : extra ? { ...extra, latencyMs: first.latencyMs } : await recallAt(budget).then(({ recalled, latencyMs: ms }) => ({ ...recalled, latencyMs: ms })),
            );
          }
          // The access counts this question's recalls noted are written now, untimed, as an agent's idle
          // time between turns would, while the untimed scoring and baselines below run; the write ends
          // before the next timed recall. With `explain`, its recall notes accesses too: written after it.
          const flushing = bySource ? undefined : timeFlush(memory, accessFlushMs);
          // Awaited (and a failure thrown) below; handled now so a failure while scoring is not an unhandled rejection.
          flushing?.catch(() => undefined);
          for (const [budgetIndex, budget] of options.budgets.entries()) {
            const packed = packedByBudget[budgetIndex]!;
            const { context, items } = packed;
            const { sources, tokens, outcome } = packedOutcome(budget, packed, packed.latencyMs, question);
            engram.budgets.push(outcome);
            if (budget === options.headlineBudget) {
              engram.headline = { budget, context, sources, tokens };
              engramLines = engramItemLines(items, context);
            }

            const baselineStart = performance.now();
            for (const [system, outcome] of [
              [bm25, baseline],
              [bm25Dated, baselineDated],
            ] as const) {
              const packed = system.recall(question.question, budget);
              outcome.budgets.push(outcomeAt(budget, packed.context, packed.tokens, packed.durationMs, packed.sources, packed.sources.length, question.evidence, question.answer));
              if (budget === options.headlineBudget) outcome.headline = { budget, context: packed.context, sources: packed.sources, tokens: packed.tokens };
            }
            baselineMs += performance.now() - baselineStart;
          }
          if (bySource) {
            const explained = await memory.recall(question.question, scope, { tokenBudget: options.headlineBudget, explain: true, signal: options.signal });
            if (!explained.explain) throw new Error("the memory system returned no explain");
            const packedSources = new Set([...explained.items, ...(explained.relations ?? [])].flatMap((entry) => entry.sources));
            for (const miss of classifyMisses(question.evidence, packedSources, bySource, explained.explain)) {
              misses.push({ sampleId: sample.sample_id, questionIndex, category: question.category, categoryName: categoryName(question.category), ...miss });
            }
          }
          records.push({
            sampleId: sample.sample_id,
            questionIndex,
            question: question.question,
            goldAnswer: question.answer,
            category: question.category,
            categoryName: categoryName(question.category),
            evidence: question.evidence,
            fullContextTokens,
            fullContextCoverage: answerCoverageInSet(question.answer, conversationTokens)?.coverage ?? null,
            systems: { engram, bm25: baseline, bm25_dated: baselineDated },
            ...(question.category === ADVERSARIAL_CATEGORY && question.evidence.length > 0
              ? {
                  attribution: {
                    engram: speakerAttributed(question.evidence, engramLines, speakerOf),
                    bm25: speakerAttributed(question.evidence, baselineContextLines(baseline.headline.context, baseline.headline.sources), speakerOf),
                    bm25_dated: speakerAttributed(question.evidence, baselineContextLines(baselineDated.headline.context, baselineDated.headline.sources), speakerOf),
                  },
                }
              : {}),
            ...(noGraph ? { noGraph } : {}),
          });
          // A background write never overlaps the next timed recall.
          await (bySource ? timeFlush(memory, accessFlushMs) : flushing);
          options.onProgress?.({ phase: "recall", done: questionIndex + 1, total: questions.length });
        }
        recallPhaseMs = performance.now() - recallPhaseStart;
      });
      const consolidation = options.consolidate
        ? await lock.run(true, () =>
            consolidateAndRecall(memory, {
              scope,
              questions,
              budgets: options.budgets,
              signal: options.signal,
              outcome: (budget, packed, latencyMs, question) => packedOutcome(budget, packed, latencyMs, question).outcome,
            }),
          )
        : undefined;
      consolidation?.budgets.forEach((budgets, index) => {
        records[index]!.consolidated = { budgets, withoutPromotedSources: consolidation.withoutPromotedSources[index]! };
      });
      return {
        storePath,
        phaseSeconds: { ingest: ingestSeconds, recall: recallMs / 1000, recallPhase: recallPhaseMs / 1000, baselines: baselineMs / 1000 },
        ingestWindowMs,
        questions: records,
        misses,
        accessFlushMs,
        firstRecallMs,
        sample: {
          sampleId: sample.sample_id,
          messages: sample.messages.length,
          questions: questions.length,
          engram: {
            ingestSeconds: Math.round(ingestSeconds * 1000) / 1000,
            ...(ablationSeconds ? { ingestSecondsNoGraph: Math.round(ablationSeconds.noGraph * 1000) / 1000, ingestSecondsGraph: Math.round(ablationSeconds.graph * 1000) / 1000 } : {}),
            messagesStored: added.messages.stored,
            messagesSkipped: added.messages.skipped,
            rows,
            storageBytes,
            warnings: added.warnings.length,
            llm: {
              ingestCalls: added.llm?.calls ?? 0,
              ingestPromptTokens: added.llm?.promptTokens ?? 0,
              ingestCompletionTokens: added.llm?.completionTokens ?? 0,
              ...recallLlm,
            },
          },
          bm25: { buildSeconds: Math.round(bm25.buildMs) / 1000, turns: bm25.size },
          fullContextTokens,
          ...(consolidation ? { consolidation: consolidation.sample } : {}),
        },
      };
    } finally {
      await lock.run(false, async () => memory.close());
    }
  } finally {
    if (!options.keepStore) await lock.run(false, () => rm(storePath, { recursive: true, force: true }));
  }
}

/** `memory.flushAccess()` (when it has one), its milliseconds pushed to `times` once it resolved. */
async function timeFlush(memory: BenchMemory, times: number[]): Promise<void> {
  if (!memory.flushAccess) return;
  const start = performance.now();
  await memory.flushAccess();
  times.push(performance.now() - start);
}

/**
 * Ingests the sample's first 40 messages into a throwaway store at `path` with the graph agent (the
 * store is removed after): untimed, so a timed ingest after it does not pay for loading and
 * compiling the ingest code, nor for starting the parse worker.
 */
async function warmUpIngest(sample: LocomoSample, path: string, factory: BenchMemoryFactory, signal?: AbortSignal): Promise<void> {
  const memory = await factory.open(path, { graph: true });
  try {
    await memory.add(sample.messages.slice(0, WARM_UP_INGEST_MESSAGES), { user_id: sample.sample_id }, { signal });
  } finally {
    await memory.close();
    await rm(path, { recursive: true, force: true });
  }
}

/** Messages of an untimed warm-up ingest ({@link warmUpIngest}). */
const WARM_UP_INGEST_MESSAGES = 40;

/** Seconds to ingest the conversation into a fresh store with or without the graph agent (the store is removed). */
async function timeIngest(sample: LocomoSample, storePath: string, options: RunSampleOptions, graph: boolean): Promise<number> {
  const path = `${storePath}-${graph ? "graph" : "no-graph"}`;
  const memory = await options.memory.open(path, { graph });
  try {
    const start = performance.now();
    await memory.add(sample.messages, { user_id: sample.sample_id }, { signal: options.signal });
    return (performance.now() - start) / 1000;
  } finally {
    await memory.close();
    await rm(path, { recursive: true, force: true });
  }
}

/** The no-graph recall's outcomes per budget (from one recall packing every budget). */
function ablationOutcome(
  recalled: BenchRecallResult,
  options: RunSampleOptions,
  latencyMs: number,
  question: LocomoSample["questions"][number],
): SystemQuestionOutcome {
  const outcome: SystemQuestionOutcome = { budgets: [], headline: emptyHeadline(options.headlineBudget) };
  for (const budget of options.budgets) {
    const packed = budget === options.budgets.at(-1) ? recalled : recalled.extraContexts?.find((entry) => entry.tokenBudget === budget);
    if (!packed) continue;
    const scored = packedOutcome(budget, packed, latencyMs, question);
    outcome.budgets.push(scored.outcome);
    if (budget === options.headlineBudget) outcome.headline = { budget, context: packed.context, sources: scored.sources, tokens: scored.tokens };
  }
  return outcome;
}

function emptyHeadline(budget: number): HeadlineContext {
  return { budget, context: "", sources: [], tokens: 0 };
}
