import { categoryName, MEM0_PAPER_CATEGORY_LABELS, SCORED_CATEGORIES } from "../categories";
import { consolidationMarkdown } from "./consolidation-report";
import { formatBytes, formatDelta, formatNumber, formatRate, formatVersus, markdownTable } from "./format-number";
import { renderFairnessSections } from "./fairness-md";
import type { MetricCell } from "./metric-cell";
import type { BenchReport, SystemReport } from "./report-json";

interface Row {
  label: string;
  mem0: string;
  engram: MetricCell;
  bm25: MetricCell;
  full?: { coverage: number | null; tokens_mean: number | null };
}

function rowsOf(report: BenchReport): Row[] {
  const rows: Row[] = SCORED_CATEGORIES.map((category) => {
    const name = categoryName(category);
    return {
      label: `${category} ${name}`,
      mem0: MEM0_PAPER_CATEGORY_LABELS[category],
      engram: report.engram.by_category[name] as MetricCell,
      bm25: report.bm25.by_category[name] as MetricCell,
      full: report.full_context.by_category[name],
    };
  });
  rows.push({ label: "**overall**", mem0: "", engram: report.engram.overall, bm25: report.bm25.overall, full: report.full_context });
  return rows;
}

function budgetTable(report: BenchReport, metric: "recall" | "coverage"): string {
  const budgets = report.meta.budgets;
  const header = ["category", "Mem0 paper label", "n", ...budgets.map((budget) => `@${budget}`)];
  if (metric === "coverage") header.push("full context");
  const rows = rowsOf(report).map((row) => {
    const count = metric === "recall" ? row.engram.questions_with_evidence : row.engram.questions - row.engram.questions_without_answer_tokens;
    const cells = [row.label, row.mem0, String(count), ...budgets.map((budget) => formatVersus(row.engram[`${metric}@${budget}`], row.bm25[`${metric}@${budget}`]))];
    if (metric === "coverage") cells.push(formatRate(row.full?.coverage));
    return cells;
  });
  return markdownTable(header, rows);
}

function systemLine(name: string, cell: MetricCell): string[] {
  return [
    name,
    formatNumber(cell.tokens_mean),
    formatNumber(cell.tokens_p95, 0),
    formatNumber(cell.latency_p50_ms, 2),
    formatNumber(cell.latency_p95_ms, 2),
    formatNumber(cell.latency_max_ms, 2),
    formatNumber(cell.latency_all_p95_ms, 2),
  ];
}

function rowsText(system: SystemReport): string {
  return Object.entries(system.ingest.rows)
    .map(([table, count]) => `${table} ${count}`)
    .join(", ");
}

function answerSection(report: BenchReport): string[] {
  const answer = report.meta.answer;
  if (!answer) return [];
  const lines = [
    "## Answer mode",
    "",
    `Answer model \`${answer.answer_model}\` (prompt ${answer.answer_prompt_version}), judge \`${answer.judge_model}\` (prompt ${answer.judge_prompt_version}), ` +
      `context: the ${report.meta.headline_budget}-token recall. LLM tokens used: ${formatNumber(answer.input_tokens, 0)} in, ${formatNumber(answer.output_tokens, 0)} out.`,
    "",
  ];
  for (const system of answer.systems) {
    const section = system === "bm25" ? report.bm25 : report.engram;
    const rows = rowsOf(report).map((row) => {
      const cell = system === "bm25" ? row.bm25 : row.engram;
      return [row.label, row.mem0, String(cell.judged ?? 0), formatRate(cell.judge_accuracy), formatRate(cell.f1), formatRate(cell.bleu1), String(cell.answer_errors ?? 0)];
    });
    lines.push(`${system === "bm25" ? "BM25 baseline" : "Engram"} (errors after retries: ${section.overall.answer_errors ?? 0}):`, "");
    lines.push(markdownTable(["category", "Mem0 paper label", "judged", "J", "F1", "BLEU-1", "errors"], rows), "");
  }
  return lines;
}

/**
 * `report.md`: the report's tables for a person to read in a minute — evidence recall and answer
 * coverage per category and budget (Engram vs BM25 with the difference), tokens and latency,
 * ingest and storage, adversarial questions apart, answer mode, and how each number is defined.
 */
export function renderReportMarkdown(report: BenchReport): string {
  const meta = report.meta;
  const commit = meta.git_commit ? `\`${meta.git_commit.slice(0, 12)}\`${meta.git_dirty ? " (uncommitted changes)" : ""}` : "unknown commit";
  const headline = meta.headline_budget;
  const engram = report.engram;
  const bm25 = report.bm25;
  const diff = report.engram_minus_bm25.overall;
  const lines: string[] = [
    "# LoCoMo bench: Engram against BM25 and full context",
    "",
    `${meta.date} · ${commit} · samples ${meta.data.samples.join(", ")} · ${meta.data.messages} messages · ` +
      `${report.questions} scored questions (categories 1–4) + ${report.questions_adversarial} adversarial apart · ` +
      `${meta.machine.cores} cores (${meta.machine.cpu_model}) · node ${meta.machine.node} · wall ${formatNumber(meta.wall_seconds, 1)} s` +
      (meta.cpu_seconds !== undefined ? ` · CPU ${formatNumber(meta.cpu_seconds, 1)} s` : "") +
      (meta.load_average ? ` · load average ${formatNumber(meta.load_average.start, 2)} at start, ${formatNumber(meta.load_average.end, 2)} at end` : ""),
    "",
    `Command: \`${meta.command ?? "(library call)"}\``,
    "",
    `Memory under test: ${Object.entries(meta.memory).map(([key, value]) => `${key} ${value}`).join(", ")}. ` +
      `Tokens: ${meta.tokenizer}. Rates are micro-averages over questions.`,
    "",
    "Category names are LoCoMo's; the second column gives the label the Mem0 paper uses for the same category.",
    "",
    "## Evidence recall by token budget",
    "",
    "Each cell: Engram vs BM25 over raw turns (Engram − BM25). n = questions with evidence.",
    "",
    budgetTable(report, "recall"),
    "",
    "## Answer coverage by token budget",
    "",
    "Share of the gold answer's content words found in the context (source ids removed first). Each cell: Engram vs BM25 (Engram − BM25).",
    "",
    budgetTable(report, "coverage"),
    "",
    `## Context tokens and recall latency (budget ${headline})`,
    "",
    markdownTable(
      ["system", "tokens mean", "tokens p95", "latency p50 ms", "p95 ms", "max ms", "p95 ms, all budgets"],
      [
        systemLine("Engram", engram.overall),
        systemLine("BM25 over turns", bm25.overall),
        [
          "Engram − BM25",
          formatDelta(diff.tokens_mean, 1),
          formatDelta(diff.tokens_p95, 0),
          formatDelta(diff.latency_p50_ms, 2),
          formatDelta(diff.latency_p95_ms, 2),
          formatDelta(diff.latency_max_ms, 2),
          formatDelta(diff.latency_all_p95_ms, 2),
        ],
        ["Full context", formatNumber(report.full_context.tokens_mean), formatNumber(report.full_context.tokens_p95, 0), "–", "–", "–", "–"],
        ["Engram − full context", formatDelta(report.engram_minus_full_context.overall.tokens_mean, 1), "–", "–", "–", "–", "–"],
      ],
    ),
    "",
    "## Ingest and storage",
    "",
    markdownTable(
      ["system", "seconds", "messages/s", "rows", "on disk"],
      [
        ["Engram", formatNumber(engram.ingest.seconds, 2), formatNumber(engram.ingest.messages_per_second), rowsText(engram), formatBytes(engram.storage_bytes)],
        ["BM25 over turns (index build)", formatNumber(bm25.ingest.seconds, 3), formatNumber(bm25.ingest.messages_per_second), rowsText(bm25), "in memory"],
      ],
    ),
    "",
    ...elapsedIngestLines(meta, engram.ingest.messages),
    llmLine(engram.ingest.llm),
    "",
    "## Adversarial questions (category 5, not in the totals)",
    "",
    markdownTable(
      ["system", "n", ...meta.budgets.map((budget) => `recall@${budget}`)],
      [
        ["Engram", String(engram.adversarial.questions_with_evidence), ...meta.budgets.map((budget) => formatRate(engram.adversarial[`recall@${budget}`]))],
        ["BM25 over turns", String(bm25.adversarial.questions_with_evidence), ...meta.budgets.map((budget) => formatRate(bm25.adversarial[`recall@${budget}`]))],
      ],
    ),
    "",
    ...renderFairnessSections(report),
    ...answerSection(report),
    ...consolidationMarkdown(report.consolidation, meta.budgets),
    "## How the numbers are made",
    "",
    ...Object.entries(meta.definitions).map(([name, text]) => `- **${name.replace(/_/g, " ")}**: ${text.replace(/\.$/, "")}.`),
    `- **BM25 baseline**: k1 = ${meta.bm25.k1}, b = ${meta.bm25.b}; idf ${meta.bm25.idf}; tokens: ${meta.bm25.tokenizer}; stop words: ${meta.bm25.stop_words}; documents: ${meta.bm25.document}; packing: ${meta.bm25.packing}.`,
    `- Questions without evidence (skipped by evidence recall): ${engram.overall.questions_without_evidence}; gold answers without content words (skipped by coverage): ${engram.overall.questions_without_answer_tokens}.`,
    "",
  ];
  return lines.join("\n");
}

/**
 * The wall time any add ran and the messages per second of it, and of the warm second ingest when
 * measured, then a blank line (none for older reports): the table sums each add's wall, which
 * overlap with samples at once.
 */
function elapsedIngestLines(meta: BenchReport["meta"], messages: number): string[] {
  const { ingest_elapsed_seconds: elapsedSeconds, ingest_warm_elapsed_seconds: warmSeconds, ingest_warm_passes_seconds: passes, ingest_warm_untimed_passes: untimed, sample_concurrency: concurrency } = meta;
  if (elapsedSeconds === undefined || elapsedSeconds <= 0) return [];
  const atOnce = `${concurrency} sample${concurrency === 1 ? "" : "s"} at a time`;
  const passList = passes && passes.length > 1 ? ` (passes ${passes.map((seconds) => formatNumber(seconds, 2)).join(", ")} s, after ${untimed ?? 0} untimed)` : "";
  const warm =
    warmSeconds !== undefined && warmSeconds > 0
      ? ` Warm, the same messages ingested again after the run, into new stores (NLP libraries, parse worker and compiled code loaded, the ingest run before): median pass ${formatNumber(warmSeconds, 2)} s, ${formatNumber(messages / warmSeconds)} messages/s${passList}.`
      : "";
  return [`Engram's adds, ${atOnce}, the process's first ingest (start-up included): ${formatNumber(elapsedSeconds, 2)} s of wall time with any add running, ${formatNumber(messages / elapsedSeconds)} messages/s (the table sums each add's own wall).${warm}`, ""];
}

/** The LLM-use line under the ingest table: calls and tokens per ingested message, calls per recall. */
function llmLine(llm: BenchReport["engram"]["ingest"]["llm"]): string {
  if (!llm || llm.ingest_calls + llm.recall_calls === 0) return "LLM use: none (offline ingest policy, offline active retrieval).";
  return (
    `LLM use (from the API's usage fields): ingest ${formatNumber(llm.ingest_calls, 0)} calls (${formatNumber(llm.calls_per_message, 3)} per message), ` +
    `${formatNumber(llm.ingest_prompt_tokens, 0)} prompt + ${formatNumber(llm.ingest_completion_tokens, 0)} completion tokens (${formatNumber(llm.tokens_per_message, 1)} per message); ` +
    `recall ${formatNumber(llm.recall_calls, 0)} calls (${formatNumber(llm.calls_per_recall, 2)} per recall), ${formatNumber(llm.recall_tokens, 0)} tokens.`
  );
}
