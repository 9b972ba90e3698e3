import type { ConsolidationSampleRecord, QuestionRecord, SampleRecord } from "../bench-records";
import { ADVERSARIAL_CATEGORY, categoryName, SCORED_CATEGORIES } from "../categories";
import { formatDelta, formatRate, markdownTable } from "./format-number";
import { roundOrNull, summarizeSystem } from "./summarize";

/** One metric before and after the pass, and the difference (after − before). */
interface BeforeAfter {
  before: number | null;
  after: number | null;
  delta: number | null;
}

/** The report's `consolidation` section (bench `--consolidate`). */
export interface ConsolidationReport {
  /** Memory rows (six tables, all samples) before and after one pass; `change` = after / before − 1. */
  rows: { before: number; after: number; change: number | null };
  /** Wall time of the passes, seconds, summed over samples. */
  pass_seconds: number;
  /** Changes per step, summed over samples. */
  counts: Record<string, number>;
  /** Evidence recall and answer coverage at each budget, by scored category and overall (micro-averages). */
  by_category: Record<string, Record<string, BeforeAfter>>;
  /**
   * Evidence recall after the pass at each budget, by category, counting no source of a promoted
   * fact (each cites the first mention of its topic in each session, which credits evidence its
   * text does not hold): the part of `by_category`'s "after" that does not rest on those lists.
   */
  recall_without_promoted_sources: Record<string, Record<string, number | null>>;
  /** Items that absorbed the most others, over all samples. */
  most_merged: (ConsolidationSampleRecord["mostMerged"][number] & { sample_id: string })[];
  /** Promoted facts with their sources (up to 10 per sample). */
  promoted: (ConsolidationSampleRecord["promoted"][number] & { sample_id: string })[];
}

/** The consolidation section, or null when the run had no `--consolidate`. */
export function buildConsolidationReport(questions: readonly QuestionRecord[], samples: readonly SampleRecord[], budgets: readonly number[]): ConsolidationReport | null {
  const passes = samples.filter((sample) => sample.consolidation !== undefined);
  if (passes.length === 0) return null;
  const scored = questions.filter((question) => question.category !== ADVERSARIAL_CATEGORY && question.consolidated !== undefined);
  const after = scored.map((question) => ({ ...question, systems: { ...question.systems, engram: { ...question.systems.engram, budgets: question.consolidated!.budgets } } }));
  const cell = (group: readonly QuestionRecord[], afterGroup: readonly QuestionRecord[]) => {
    const before = summarizeSystem(group, "engram", budgets, budgets[0]!, false);
    const later = summarizeSystem(afterGroup, "engram", budgets, budgets[0]!, false);
    const entry: Record<string, BeforeAfter> = {};
    for (const key of budgets.flatMap((budget) => [`recall@${budget}`, `coverage@${budget}`] as const)) {
      const [b, a] = [before[key] ?? null, later[key] ?? null] as [number | null, number | null];
      entry[key] = { before: b, after: a, delta: b !== null && a !== null ? roundOrNull(a - b, 4) : null };
    }
    return entry;
  };
  const unpromoted = scored.map((question) => ({ ...question, systems: { ...question.systems, engram: { ...question.systems.engram, budgets: question.consolidated!.withoutPromotedSources ?? question.consolidated!.budgets } } }));
  const recallOnly = (group: readonly QuestionRecord[]) => {
    const summary = summarizeSystem(group, "engram", budgets, budgets[0]!, false);
    return Object.fromEntries(budgets.map((budget) => [`recall@${budget}`, summary[`recall@${budget}`] ?? null]));
  };
  const by_category: Record<string, Record<string, BeforeAfter>> = {};
  const recall_without_promoted_sources: Record<string, Record<string, number | null>> = {};
  for (const category of SCORED_CATEGORIES) {
    const inCategory = (question: QuestionRecord) => question.category === category;
    by_category[categoryName(category)] = cell(scored.filter(inCategory), after.filter(inCategory));
    recall_without_promoted_sources[categoryName(category)] = recallOnly(unpromoted.filter(inCategory));
  }
  by_category.overall = cell(scored, after);
  recall_without_promoted_sources.overall = recallOnly(unpromoted);
  const rowsBefore = passes.reduce((sum, sample) => sum + sample.consolidation!.rowsBefore, 0);
  const rowsAfter = passes.reduce((sum, sample) => sum + sample.consolidation!.rowsAfter, 0);
  const counts: Record<string, number> = {};
  for (const sample of passes) for (const [step, count] of Object.entries(sample.consolidation!.counts)) counts[step] = (counts[step] ?? 0) + count;
  return {
    rows: { before: rowsBefore, after: rowsAfter, change: rowsBefore === 0 ? null : roundOrNull(rowsAfter / rowsBefore - 1, 4) },
    pass_seconds: roundOrNull(passes.reduce((sum, sample) => sum + sample.consolidation!.passSeconds, 0), 3) ?? 0,
    counts,
    by_category,
    recall_without_promoted_sources,
    most_merged: passes
      .flatMap((sample) => sample.consolidation!.mostMerged.map((entry) => ({ ...entry, sample_id: sample.sampleId })))
      .sort((a, b) => b.absorbed - a.absorbed)
      .slice(0, 10),
    promoted: passes.flatMap((sample) => sample.consolidation!.promoted.map((entry) => ({ ...entry, sample_id: sample.sampleId }))),
  };
}

/** Markdown of the consolidation section (empty without one). */
export function consolidationMarkdown(report: ConsolidationReport | null | undefined, budgets: readonly number[]): string[] {
  if (!report) return [];
  const change = report.rows.change === null ? "" : ` (${formatDelta(report.rows.change * 100, 1)}%)`;
  const cell = (entry: BeforeAfter | undefined) => (entry ? `${formatRate(entry.before)} → ${formatRate(entry.after)} (${formatDelta(entry.delta)})` : "–");
  const rows = Object.entries(report.by_category).map(([name, entry]) => [name, ...budgets.flatMap((budget) => [cell(entry[`recall@${budget}`]), cell(entry[`coverage@${budget}`])])]);
  return [
    "## Consolidation (one pass between two recall phases)",
    "",
    `Memory rows ${report.rows.before} → ${report.rows.after}${change}; pass time ${report.pass_seconds} s; changes: ${Object.entries(report.counts).map(([step, count]) => `${step} ${count}`).join(", ")}.`,
    "",
    "Each cell: before → after the pass (after − before).",
    "",
    markdownTable(["category", ...budgets.flatMap((budget) => [`recall@${budget}`, `coverage@${budget}`])], rows),
    "",
    "Evidence recall after the pass without the promoted facts' sources (a promoted fact cites the first mention of its topic in each session; its text holds none of their details):",
    "",
    markdownTable(
      ["category", ...budgets.map((budget) => `recall@${budget}`)],
      Object.entries(report.recall_without_promoted_sources ?? {}).map(([name, entry]) => [name, ...budgets.map((budget) => formatRate(entry[`recall@${budget}`] ?? null))]),
    ),
    "",
    "Most merged items (items absorbed into each):",
    "",
    ...report.most_merged.map((entry) => `- ${entry.sample_id} ${entry.id} (${entry.absorbed}): ${entry.text.slice(0, 160)}`),
    "",
    "Promoted facts:",
    "",
    ...(report.promoted.length === 0 ? ["- none"] : report.promoted.map((entry) => `- ${entry.sample_id} ${entry.text.slice(0, 160)} [${entry.sources.join(", ")}]`)),
    "",
  ];
}
