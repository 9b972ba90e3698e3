import { categoryName, SCORED_CATEGORIES } from "../categories";
import { formatDelta, formatNumber, formatRate, formatVersus, markdownTable } from "./format-number";
import type { MetricCell } from "./metric-cell";
import type { BenchReport } from "./report-json";

/**
 * The report.md sections that check the comparison is fair: BM25 with session dates beside the
 * undated BM25 (the dates' tokens count in its budget), Engram against both on each conversation
 * alone (a change should help both, not fit one), and the adversarial attribution share.
 */
export function renderFairnessSections(report: BenchReport): string[] {
  const budgets = report.meta.budgets;
  const headline = report.meta.headline_budget;
  const rows = (cell: (name: string) => { dated: MetricCell; undated: MetricCell }, label: string, name: string) => {
    const { dated, undated } = cell(name);
    return [label, String(dated.questions_with_evidence), ...budgets.map((budget) => formatVersus(dated[`recall@${budget}`], undated[`recall@${budget}`])), formatVersus(dated[`coverage@${headline}`], undated[`coverage@${headline}`]), formatNumber(dated.tokens_mean)];
  };
  const byName = (name: string) =>
    name === "overall"
      ? { dated: report.bm25_dated.overall, undated: report.bm25.overall }
      : name === "adversarial"
        ? { dated: report.bm25_dated.adversarial, undated: report.bm25.adversarial }
        : { dated: report.bm25_dated.by_category[name] as MetricCell, undated: report.bm25.by_category[name] as MetricCell };
  const datedRows = [...SCORED_CATEGORIES.map((category) => rows(byName, `${category} ${categoryName(category)}`, categoryName(category))), rows(byName, "**overall**", "overall"), rows(byName, "5 adversarial", "adversarial")];
  const sampleRows = Object.entries(report.by_sample).map(([sampleId, cells]) => [
    sampleId,
    String(cells.engram.questions_with_evidence),
    ...budgets.map((budget) => `${formatVersus(cells.engram[`recall@${budget}`], cells.bm25[`recall@${budget}`])}; dated ${formatRate(cells.bm25_dated[`recall@${budget}`])}`),
    `${formatVersus(cells.engram[`coverage@${headline}`], cells.bm25[`coverage@${headline}`])}; dated ${formatRate(cells.bm25_dated[`coverage@${headline}`])}`,
  ]);
  const attribution = report.adversarial_attribution;
  const gains = Object.entries(report.by_sample).map(([sampleId, cells]) => ({ sampleId, gain: gainOver(cells.engram, cells.bm25, `recall@${headline}`) }));
  const known = gains.flatMap(({ gain }) => (gain === null ? [] : [gain]));
  const spread = known.length > 1 ? `: spread ${formatRate(Math.max(...known) - Math.min(...known))}` : "";
  const coverageLead = gainOver(report.engram.overall, report.bm25_dated.overall, `coverage@${headline}`);
  return [
    "## BM25 with session dates",
    "",
    `Each BM25 line led by its session day (\`[8 May 2023] Caroline: ...\`), as the Mem0 paper's RAG baselines date their chunks; the dates count in the budget, ranking is unchanged. Each cell: dated vs undated BM25 (difference). Coverage at ${headline} tokens.`,
    "",
    markdownTable(["category", "n", ...budgets.map((budget) => `recall@${budget}`), `coverage@${headline}`, "tokens mean"], datedRows),
    "",
    "## Per conversation",
    "",
    `Scored questions of each conversation alone. Evidence recall, then coverage at ${headline} tokens: Engram vs BM25 (Engram − BM25); dated: BM25 with session dates.`,
    "",
    markdownTable(["sample", "n", ...budgets.map((budget) => `recall@${budget}`), `coverage@${headline}`], sampleRows),
    "",
    `Gain over BM25 in recall@${headline} by conversation: ${gains.map(({ sampleId, gain }) => `${sampleId} ${formatDelta(gain)}`).join(", ")}${spread}. Coverage@${headline} lead over BM25 with session dates, all scored questions: ${formatDelta(coverageLead)}.`,
    "",
    "## Adversarial attribution",
    "",
    `Share of the ${attribution.questions} adversarial questions with evidence whose ${headline}-token context cites an evidence message on a line naming its speaker (an answerer can then see who said it and refuse a misattribution): Engram ${formatRate(attribution.engram)}, BM25 ${formatRate(attribution.bm25)}, BM25 dated ${formatRate(attribution.bm25_dated)}.`,
    "",
  ];
}

/** `engram[metric] − baseline[metric]`, or null when either is missing. */
function gainOver(engram: MetricCell, baseline: MetricCell, metric: `recall@${number}` | `coverage@${number}`): number | null {
  const first = engram[metric];
  const second = baseline[metric];
  return typeof first === "number" && typeof second === "number" ? first - second : null;
}
