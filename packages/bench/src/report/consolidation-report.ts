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
  /** Items that absorbed the most others, over all samples. */
  most_merged: (ConsolidationSampleRecord["mostMerged"][number] & { sample_id: string })[];
  /** Promoted facts with their sources. */
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
  const by_category: Record<string, Record<string, BeforeAfter>> = {};
  for (const category of SCORED_CATEGORIES) {
    by_category[categoryName(category)] = cell(
      scored.filter((question) => question.category === category),
      after.filter((question) => question.category === category),
    );
  }
  by_category.overall = cell(scored, after);
  const rowsBefore = passes.reduce((sum, sample) => sum + sample.consolidation!.rowsBefore, 0);
  const rowsAfter = passes.reduce((sum, sample) => sum + sample.consolidation!.rowsAfter, 0);
  const counts: Record<string, number> = {};
  for (const sample of passes) for (const [step, count] of Object.entries(sample.consolidation!.counts)) counts[step] = (counts[step] ?? 0) + count;
  return {
    rows: { before: rowsBefore, after: rowsAfter, change: rowsBefore === 0 ? null : roundOrNull(rowsAfter / rowsBefore - 1, 4) },
    pass_seconds: roundOrNull(passes.reduce((sum, sample) => sum + sample.consolidation!.passSeconds, 0), 3) ?? 0,
    counts,
    by_category,
    most_merged: passes
      .flatMap((sample) => sample.consolidation!.mostMerged.map((entry) => ({ ...entry, sample_id: sample.sampleId })))
      .sort((a, b) => b.absorbed - a.absorbed)
      .slice(0, 10),
    promoted: passes.flatMap((sample) => sample.consolidation!.promoted.map((entry) => ({ ...entry, sample_id: sample.sampleId }))).slice(0, 5),
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
    "Most merged items (items absorbed):",
    "",
    ...report.most_merged.map((entry) => `- ${entry.sample_id} ${entry.id} (${entry.absorbed}): ${entry.text.slice(0, 160)}`),
    "",
    "Promoted facts:",
    "",
    ...(report.promoted.length === 0 ? ["- none"] : report.promoted.map((entry) => `- ${entry.sample_id} ${entry.text.slice(0, 160)} [${entry.sources.join(", ")}]`)),
    "",
  ];
}
