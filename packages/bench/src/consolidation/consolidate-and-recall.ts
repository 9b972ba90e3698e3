import { performance } from "node:perf_hooks";
import type { LocomoSample } from "@engram/memory";
import type { BenchConsolidateResult, BenchMemory, BenchScope } from "../bench-memory";
import type { BudgetOutcome, ConsolidationSampleRecord } from "../bench-records";

/** Items listed in `mostMerged` and `promoted` per sample. */
const LISTED = 10;

/** Options of {@link consolidateAndRecall}. */
export interface ConsolidateAndRecallOptions {
  scope: BenchScope;
  questions: readonly LocomoSample["questions"][number][];
  /** Ascending token budgets. */
  budgets: readonly number[];
  /** Measures one recall's context at one budget (the same as the recall phase before the pass). */
  outcome: (budget: number, recalled: { context: string; tokens: number; items: readonly { id?: string; sources: readonly string[] }[] }, latencyMs: number, question: LocomoSample["questions"][number]) => BudgetOutcome;
  signal?: AbortSignal;
}

/**
 * Bench `--consolidate`: runs one consolidation pass on the sample's user, then recalls every
 * question again (one recall at the largest budget packing the smaller ones), so the report can
 * put recall and coverage before and after the pass side by side, from the same ingest.
 *
 * @throws Error when the memory under test has no `consolidate`.
 */
export async function consolidateAndRecall(memory: BenchMemory, options: ConsolidateAndRecallOptions): Promise<{ sample: ConsolidationSampleRecord; budgets: BudgetOutcome[][]; withoutPromotedSources: BudgetOutcome[][] }> {
  if (!memory.consolidate) throw new Error("--consolidate needs a memory system with consolidate()");
  const started = performance.now();
  const pass = await memory.consolidate({ user: options.scope.user_id });
  const passSeconds = (performance.now() - started) / 1000;
  const largest = options.budgets[options.budgets.length - 1]!;
  const smaller = options.budgets.slice(0, -1);
  const promoted = new Set(pass.changes.filter((change) => change.step === "promote" && !change.removed).map((change) => change.memoryId));
  // A promoted fact cites a message of every session that mentions its topic: evidence recall also measured without that credit.
  const withoutPromoted = <T extends { items: readonly { id?: string; sources: readonly string[] }[] }>(packed: T): T => ({ ...packed, items: packed.items.map((item) => (item.id !== undefined && promoted.has(item.id) ? { ...item, sources: [] } : item)) });
  const budgets: BudgetOutcome[][] = [];
  const withoutPromotedSources: BudgetOutcome[][] = [];
  for (const question of options.questions) {
    options.signal?.throwIfAborted();
    const start = performance.now();
    const recalled = await memory.recall(question.question, options.scope, { tokenBudget: largest, signal: options.signal, ...(smaller.length > 0 ? { extraTokenBudgets: smaller } : {}) });
    const latencyMs = performance.now() - start;
    const outcomes: BudgetOutcome[] = [];
    const unpromoted: BudgetOutcome[] = [];
    for (const budget of options.budgets) {
      const packed = budget === largest ? recalled : recalled.extraContexts?.find((extra) => extra.tokenBudget === budget);
      if (packed) {
        outcomes.push(options.outcome(budget, packed, latencyMs, question));
        unpromoted.push(options.outcome(budget, withoutPromoted(packed), latencyMs, question));
      } else {
        // A system without `extraContexts` is recalled once per budget, as in the recall phase.
        const again = performance.now();
        const alone = await memory.recall(question.question, options.scope, { tokenBudget: budget, signal: options.signal });
        const ms = performance.now() - again;
        outcomes.push(options.outcome(budget, alone, ms, question));
        unpromoted.push(options.outcome(budget, withoutPromoted(alone), ms, question));
      }
    }
    budgets.push(outcomes);
    withoutPromotedSources.push(unpromoted);
  }
  return { sample: summarizePass(pass, passSeconds), budgets, withoutPromotedSources };
}

function summarizePass(pass: BenchConsolidateResult, passSeconds: number): ConsolidationSampleRecord {
  const absorbed = new Map<string, number>();
  for (const change of pass.changes) if (change.removed && change.into) absorbed.set(change.into, (absorbed.get(change.into) ?? 0) + 1);
  const textOf = new Map(pass.changes.filter((change) => change.into && change.intoText).map((change) => [change.into!, change.intoText!]));
  return {
    rowsBefore: pass.rows.before,
    rowsAfter: pass.rows.after,
    passSeconds: Math.round(passSeconds * 1000) / 1000,
    counts: pass.counts,
    mostMerged: [...absorbed.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, LISTED)
      .map(([id, count]) => ({ id, text: textOf.get(id) ?? "", absorbed: count })),
    promoted: pass.changes
      .filter((change) => change.step === "promote" && !change.removed)
      .slice(0, LISTED)
      .map((change) => ({ id: change.memoryId, text: change.text, sources: [...change.sources] })),
  };
}
