import type { BudgetOutcome, QuestionRecord, SampleRecord } from "../src/bench-records";
import type { LocomoCategory } from "../src/categories";
import { buildBenchMeta } from "../src/report/bench-meta";
import { renderRecallChart } from "../src/report/chart-svg";
import { renderQuestionsJsonl } from "../src/report/questions-jsonl";
import { buildReport } from "../src/report/report-json";
import { renderReportMarkdown } from "../src/report/report-md";

const budgets = [500, 1000];

function outcome(budget: number, recall: number | null, coverage: number | null, tokens: number, latencyMs: number): BudgetOutcome {
  return { budget, recall, coverage, tokens, latencyMs, itemCount: 1 };
}

function question(
  index: number,
  category: LocomoCategory,
  evidence: string[],
  engram: [BudgetOutcome, BudgetOutcome],
  bm25: [BudgetOutcome, BudgetOutcome],
): QuestionRecord {
  const headline = (entries: BudgetOutcome[]) => ({ budget: 1000, context: `context ${index}`, sources: evidence.slice(0, 1), tokens: entries[1]?.tokens ?? 0 });
  return {
    sampleId: "s1",
    questionIndex: index,
    question: `question ${index}?`,
    goldAnswer: `answer ${index}`,
    category,
    categoryName: { 1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial" }[category],
    evidence,
    fullContextTokens: 9000,
    fullContextCoverage: 1,
    systems: { engram: { budgets: engram, headline: headline(engram) }, bm25: { budgets: bm25, headline: headline(bm25) }, bm25_dated: { budgets: bm25, headline: headline(bm25) } },
  };
}

const questions: QuestionRecord[] = [
  question(0, 1, ["D1:1", "D1:2"], [outcome(500, 0.5, 1, 400, 5), outcome(1000, 1, 1, 900, 10)], [outcome(500, 0, 0, 480, 1), outcome(1000, 0.5, 0.5, 990, 2)]),
  question(1, 1, ["D2:1"], [outcome(500, 1, 0.5, 300, 15), outcome(1000, 1, 1, 800, 30)], [outcome(500, 1, 1, 490, 1), outcome(1000, 1, 1, 995, 2)]),
  question(2, 2, [], [outcome(500, null, null, 200, 25), outcome(1000, null, null, 700, 20)], [outcome(500, null, null, 470, 1), outcome(1000, null, null, 980, 2)]),
  question(3, 5, ["D3:1"], [outcome(500, 1, null, 100, 99), outcome(1000, 1, null, 100, 99)], [outcome(500, 0, null, 400, 1), outcome(1000, 0, null, 900, 1)]),
];

const samples: SampleRecord[] = [
  {
    sampleId: "s1",
    messages: 50,
    questions: 4,
    engram: { ingestSeconds: 2, messagesStored: 50, messagesSkipped: 0, rows: { episodic: 20, semantic: 5, messages: 50 }, storageBytes: 123_456, warnings: 0 },
    bm25: { buildSeconds: 0.01, turns: 50 },
    fullContextTokens: 9000,
  },
];

const metaInput: Parameters<typeof buildBenchMeta>[0] = {
  command: "pnpm bench --data x.json --out y",
  gitCommit: "0123456789abcdef",
  gitDirty: false,
  startedAt: new Date("2025-01-02T03:04:05Z"),
  wallSeconds: 12.5,
  dataPath: "x.json",
  sampleIds: ["s1"],
  messages: 50,
  maxQuestionsPerSample: null,
  budgets,
  headlineBudget: 1000,
  memory: { system: "engram", policy: "offline" },
  bm25: { k1: 1.2, b: 0.75 },
  answer: null,
};
const meta = buildBenchMeta(metaInput);

describe("buildBenchMeta", () => {
  it("says when the ingest time was taken alone and warm (the graph ablation), so it is not compared with plain runs", () => {
    expect(meta.definitions.ingest).not.toContain("warm-up");
    const ablation = buildBenchMeta({ ...metaInput, graphAblation: true });
    expect(ablation.definitions.ingest).toContain("each sample ingested alone, after an untimed 40-message warm-up");
  });
});

describe("buildReport", () => {
  const report = buildReport({ questions, samples, budgets, headlineBudget: 1000, answerMode: false, meta });

  it("micro-averages evidence recall over scored questions with evidence, adversarial apart", () => {
    expect(report.questions).toBe(3);
    expect(report.questions_adversarial).toBe(1);
    expect(report.engram.overall["recall@500"]).toBe(0.75);
    expect(report.engram.overall["recall@1000"]).toBe(1);
    expect(report.bm25.overall["recall@500"]).toBe(0.5);
    expect(report.engram.overall.questions_with_evidence).toBe(2);
    expect(report.engram.overall.questions_without_evidence).toBe(1);
    expect(report.engram.by_category.temporal?.["recall@500"]).toBeNull();
    expect(report.engram.by_category["multi-hop"]?.["recall@500"]).toBe(0.75);
    expect(report.engram.adversarial["recall@500"]).toBe(1);
    expect(Object.keys(report.engram.by_category)).toEqual(["multi-hop", "temporal", "open-domain", "single-hop"]);
  });

  it("reports coverage, tokens and latency at the headline budget with nearest-rank percentiles", () => {
    expect(report.engram.overall["coverage@500"]).toBe(0.75);
    expect(report.engram.overall.tokens_mean).toBe(800); // (900 + 800 + 700) / 3
    expect(report.engram.overall.tokens_p95).toBe(900);
    expect(report.engram.overall.latency_p50_ms).toBe(20); // headline latencies 10, 30, 20
    expect(report.engram.overall.latency_p95_ms).toBe(30);
    expect(report.engram.overall.latency_max_ms).toBe(30);
    expect(report.engram.overall.latency_all_p50_ms).toBe(15); // 5, 15, 25, 10, 30, 20 → rank 3 of sorted = 15
  });

  it("shows Engram minus each baseline for every cell", () => {
    expect(report.engram_minus_bm25.overall["recall@500"]).toBe(0.25);
    expect(report.engram_minus_bm25.overall["recall@1000"]).toBe(0.25);
    expect(report.engram_minus_bm25.overall.tokens_mean).toBeCloseTo(800 - (990 + 995 + 980) / 3, 1);
    expect(report.engram_minus_bm25.by_category["multi-hop"]?.["recall@500"]).toBe(0.25);
    expect(report.engram_minus_bm25.adversarial["recall@500"]).toBe(1);
    expect(report.full_context).toMatchObject({ tokens_mean: 9000, recall: 1, coverage: 1 });
    expect(report.engram_minus_full_context.overall.tokens_mean).toBe(-8200);
    expect(report.engram_minus_full_context.overall["coverage@500"]).toBe(-0.25);
  });

  it("carries ingest, storage and meta", () => {
    expect(report.engram.ingest).toEqual({ seconds: 2, messages: 50, messages_per_second: 25, rows: { episodic: 20, semantic: 5, messages: 50 } });
    expect(report.engram.storage_bytes).toBe(123_456);
    expect(report.bm25.ingest.rows).toEqual({ turns: 50 });
    expect(report.meta.machine.cores).toBeGreaterThan(0);
    expect(report.meta.tokenizer).toContain("cl100k_base");
    expect(report.meta.bm25).toMatchObject({ k1: 1.2, b: 0.75 });
    expect(report.meta.categories.mem0_paper_labels).toMatchObject({ "1": "single-hop", "3": "multi-hop", "4": "open-domain" });
  });

  it("renders markdown tables with both labellings and the differences", () => {
    const markdown = renderReportMarkdown(report);
    expect(markdown).toContain("| 1 multi-hop | single-hop | 2 | 0.750 vs 0.500 (+0.250) | 1.000 vs 0.750 (+0.250) |");
    expect(markdown).toContain("| 3 open-domain | multi-hop | 0 | – vs – (–) | – vs – (–) |");
    expect(markdown).toContain("123.5 kB");
    expect(markdown).toContain("k1 = 1.2, b = 0.75");
    expect(markdown).toContain("`0123456789ab`");
  });

  it("states each conversation's recall gain over BM25, their spread, and the coverage lead over dated BM25", () => {
    const twoSamples = questions.map((record) => (record.questionIndex === 1 ? { ...record, sampleId: "s2" } : record));
    const markdown = renderReportMarkdown(buildReport({ questions: twoSamples, samples: [...samples, { ...samples[0]!, sampleId: "s2" }], budgets, headlineBudget: 1000, answerMode: false, meta }));
    // s1: question 0, 1 vs 0.5; s2: question 1, 1 vs 1; coverage over questions 0 and 1: 1 vs 0.75.
    expect(markdown).toContain("Gain over BM25 in recall@1000 by conversation: s1 +0.500, s2 ±0.000: spread 0.500. Coverage@1000 lead over BM25 with session dates, all scored questions: +0.250.");
  });

  it("draws one solid and one dashed line per category plus overall", () => {
    const svg = renderRecallChart(report);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg.match(/<polyline /g)).toHaveLength(10);
    expect(svg.match(/<polyline [^>]*stroke-dasharray/g)).toHaveLength(5);
  });

  it("writes one JSON line per question with the headline contexts", () => {
    const lines = renderQuestionsJsonl(questions).trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({ sample_id: "s1", question: "question 0?", answer: "answer 0", category: 1, evidence: ["D1:1", "D1:2"] });
    // latency_ms: the headline budget's recall (10 ms at 1,000 tokens, not the 5 ms at 500).
    expect(lines[0]?.engram).toMatchObject({ budget: 1000, context: "context 0", sources: ["D1:1"], tokens: 900, latency_ms: 10 });
    expect(lines.map((line) => (line.engram as { latency_ms: number }).latency_ms)).toEqual([10, 30, 20, 99]);
    expect(lines[0]?.recall).toEqual({ engram: { "@500": 0.5, "@1000": 1 }, bm25: { "@500": 0, "@1000": 0.5 }, bm25_dated: { "@500": 0, "@1000": 0.5 } });
    expect(lines[0]).not.toHaveProperty("no_graph");
  });

  it("adds the no-graph headline context when the run had the graph ablation", () => {
    const [first] = questions;
    const ablated = { ...first!, noGraph: { ...first!.systems.engram, headline: { budget: 1000, context: "without graph", sources: ["D1:2"], tokens: 800 } } };
    const line = JSON.parse(renderQuestionsJsonl([ablated]).trim()) as Record<string, unknown>;
    expect(line.no_graph).toEqual({ budget: 1000, context: "without graph", sources: ["D1:2"], tokens: 800, latency_ms: 10 });
    expect(line.engram).toMatchObject({ context: "context 0" });
  });
});
