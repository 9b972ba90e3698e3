import type { QuestionRecord, SampleRecord, SystemQuestionOutcome } from "../bench-records";
import { ADVERSARIAL_CATEGORY, categoryName, SCORED_CATEGORIES, type LocomoCategory } from "../categories";
import { mean } from "../metrics/percentile";
import { roundOrNull } from "./summarize";

/** One group's evidence recall and answer coverage at one budget, with and without the graph lists. */
export interface GraphAblationRow {
  group: string;
  questions: number;
  recall: { graph: number | null; noGraph: number | null; delta: number | null };
  /** The graph side's recall over its items' sources alone (relation lines' sources left out). */
  recallItemsOnly: number | null;
  coverage: { graph: number | null; noGraph: number | null; delta: number | null };
}

/** The `--no-graph` ablation of one bench run: same build, same stores, graph lists on and off. */
export interface GraphAblation {
  budget: number;
  /** Scored categories (1 to 4), then `overall` (their micro-average), then adversarial (5) apart. */
  rows: GraphAblationRow[];
  /**
   * Ingest wall time summed over samples, seconds, with the graph agent and without it, and the
   * throughput ratio (without / with). Each sample's side is the mean of two timed ingests into
   * throwaway stores after the store's own, run in the order graph, none, none, graph, so a linear
   * drift in speed cancels (older records: the store's own ingest against one without, run after it).
   */
  ingest: { graphSeconds: number; noGraphSeconds: number | null; throughputRatio: number | null };
  /** Rows of the graph tables summed over samples. */
  rows_per_table: { entities: number; relations: number };
  /** Multi-hop (category 1) questions with evidence in the headline context only with the graph lists, in run order. */
  graph_only: GraphOnlyEvidence[];
}

/** A question some of whose evidence ids the headline context held with the graph lists and not without them. */
export interface GraphOnlyEvidence {
  sampleId: string;
  questionIndex: number;
  question: string;
  /** Evidence ids among the graph recall's sources and not among the no-graph recall's. */
  evidence: string[];
}

/** Category-1 questions whose headline context held evidence only with the graph lists. */
export function graphOnlyEvidence(questions: readonly QuestionRecord[]): GraphOnlyEvidence[] {
  return questions.flatMap((question) => {
    if (question.category !== 1 || !question.noGraph) return [];
    const withGraph = new Set(question.systems.engram.headline.sources);
    const without = new Set(question.noGraph.headline.sources);
    const evidence = question.evidence.filter((id) => withGraph.has(id) && !without.has(id));
    return evidence.length > 0 ? [{ sampleId: question.sampleId, questionIndex: question.questionIndex, question: question.question, evidence }] : [];
  });
}

const averageAt = (outcomes: SystemQuestionOutcome[], budget: number, metric: "recall" | "coverage" | "recallItemsOnly") =>
  roundOrNull(
    mean(
      outcomes
        .map((outcome) => {
          const entry = outcome.budgets.find((candidate) => candidate.budget === budget);
          return metric === "recallItemsOnly" && entry?.recallItemsOnly === undefined ? entry?.recall : entry?.[metric];
        })
        .filter((value): value is number => typeof value === "number"),
    ),
    4,
  );

function row(group: string, questions: QuestionRecord[], budget: number): GraphAblationRow {
  const graph = questions.map((question) => question.systems.engram);
  const noGraph = questions.flatMap((question) => (question.noGraph ? [question.noGraph] : []));
  const pair = (metric: "recall" | "coverage") => {
    const withGraph = averageAt(graph, budget, metric);
    const without = averageAt(noGraph, budget, metric);
    return { graph: withGraph, noGraph: without, delta: withGraph === null || without === null ? null : roundOrNull(withGraph - without, 4) };
  };
  return { group, questions: questions.length, recall: pair("recall"), recallItemsOnly: averageAt(graph, budget, "recallItemsOnly"), coverage: pair("coverage") };
}

/** Summarizes the graph ablation at `budget`; null when the run had none (no question has `noGraph`). */
export function summarizeGraphAblation(questions: readonly QuestionRecord[], samples: readonly SampleRecord[], budget: number): GraphAblation | null {
  if (!questions.some((question) => question.noGraph)) return null;
  const scored = questions.filter((question) => (SCORED_CATEGORIES as readonly number[]).includes(question.category));
  const rows = SCORED_CATEGORIES.map((category) => row(categoryName(category as LocomoCategory), scored.filter((question) => question.category === category), budget));
  rows.push(row("overall", scored, budget));
  rows.push(row(categoryName(ADVERSARIAL_CATEGORY), questions.filter((question) => question.category === ADVERSARIAL_CATEGORY), budget));
  const graphSeconds = samples.reduce((sum, sample) => sum + (sample.engram.ingestSecondsGraph ?? sample.engram.ingestSeconds), 0);
  const timed = samples.every((sample) => sample.engram.ingestSecondsNoGraph !== undefined);
  const noGraphSeconds = timed ? samples.reduce((sum, sample) => sum + (sample.engram.ingestSecondsNoGraph ?? 0), 0) : null;
  return {
    budget,
    rows,
    ingest: { graphSeconds: roundOrNull(graphSeconds, 3)!, noGraphSeconds: roundOrNull(noGraphSeconds, 3), throughputRatio: noGraphSeconds === null || graphSeconds === 0 ? null : roundOrNull(noGraphSeconds / graphSeconds, 3) },
    rows_per_table: {
      entities: samples.reduce((sum, sample) => sum + (sample.engram.rows.entities ?? 0), 0),
      relations: samples.reduce((sum, sample) => sum + (sample.engram.rows.relations ?? 0), 0),
    },
    graph_only: graphOnlyEvidence(questions),
  };
}

const cell = (value: number | null, signed = false) => (value === null ? "n/a" : `${signed && value > 0 ? "+" : ""}${value.toFixed(3)}`);

/** `graph-ablation.md`: the per-category table both ways, ingest time both ways, graph rows. */
export function renderGraphAblationMarkdown(ablation: GraphAblation): string {
  const lines = [
    `# Graph memory ablation (--no-graph)`,
    "",
    `Same build and stores, each question recalled with and without the graph lists; evidence recall and answer coverage at ${ablation.budget} tokens.`,
    "",
    "| category | questions | recall graph | recall no-graph | Δ recall | recall graph, item sources only | coverage graph | coverage no-graph | Δ coverage |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...ablation.rows.map(
      (entry) =>
        `| ${entry.group} | ${entry.questions} | ${cell(entry.recall.graph)} | ${cell(entry.recall.noGraph)} | ${cell(entry.recall.delta, true)} | ${cell(entry.recallItemsOnly)} | ${cell(entry.coverage.graph)} | ${cell(entry.coverage.noGraph)} | ${cell(entry.coverage.delta, true)} |`,
    ),
    "",
    "Recall counts the sources of the context's items and of its `## Entities and relations` lines (a packed relation is a statement of its messages); the item-sources-only column leaves the relation lines' sources out.",
    "",
    `Ingest (summed over samples): ${ablation.ingest.graphSeconds.toFixed(1)} s with the graph agent, ${ablation.ingest.noGraphSeconds === null ? "n/a" : `${ablation.ingest.noGraphSeconds.toFixed(1)} s`} without (each sample's mean of two ingests per side after the store's own, timed graph, none, none, graph); throughput ratio with/without ${cell(ablation.ingest.throughputRatio)}.`,
    "",
    `Graph rows: ${ablation.rows_per_table.entities} entities, ${ablation.rows_per_table.relations} relations.`,
    "",
    `Multi-hop questions with evidence in the headline context only with the graph lists: ${ablation.graph_only.length}.`,
    "",
    ...ablation.graph_only.map((entry) => `- ${entry.sampleId} #${entry.questionIndex} ${entry.question} (${entry.evidence.join(", ")})`),
    ...(ablation.graph_only.length > 0 ? [""] : []),
  ];
  return lines.join("\n");
}
