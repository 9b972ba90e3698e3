import type { QuestionRecord, SampleRecord, SystemQuestionOutcome } from "../src/bench-records";
import type { LocomoCategory } from "../src/categories";
import { graphOnlyEvidence, renderGraphAblationMarkdown, summarizeGraphAblation } from "../src/report/graph-ablation";

function outcome(recall: number, sources: string[]): SystemQuestionOutcome {
  return {
    budgets: [{ budget: 1500, recall, coverage: recall, tokens: 100, latencyMs: 1, itemCount: 1 }],
    headline: { budget: 1500, context: "", sources, tokens: 100 },
  };
}

function question(index: number, category: LocomoCategory, evidence: string[], graph: string[], noGraph: string[]): QuestionRecord {
  const recall = (sources: string[]) => evidence.filter((id) => sources.includes(id)).length / evidence.length;
  return {
    sampleId: "s1",
    questionIndex: index,
    question: `question ${index}?`,
    goldAnswer: "a",
    category,
    categoryName: "x",
    evidence,
    fullContextTokens: 10,
    fullContextCoverage: 1,
    systems: { engram: outcome(recall(graph), graph), bm25: outcome(0, []), bm25_dated: outcome(0, []) },
    noGraph: outcome(recall(noGraph), noGraph),
  };
}

const questions = [
  question(0, 1, ["D1:1", "D2:1"], ["D1:1", "D2:1"], ["D1:1"]),
  question(1, 1, ["D3:1"], ["D3:1"], ["D3:1"]),
  question(2, 4, ["D4:1"], ["D4:1"], []),
  question(3, 1, ["D5:1"], [], ["D5:1"]),
];

describe("graph ablation", () => {
  it("lists the multi-hop evidence only the graph recall's headline context held", () => {
    expect(graphOnlyEvidence(questions)).toEqual([{ sampleId: "s1", questionIndex: 0, question: "question 0?", evidence: ["D2:1"] }]);
  });

  it("reports recall both ways per category and renders the graph-only questions", () => {
    const ablation = summarizeGraphAblation(questions, [], 1500)!;
    const multiHop = ablation.rows.find((row) => row.group === "multi-hop")!;
    expect(multiHop.recall.graph).toBeCloseTo(2 / 3, 3);
    expect(multiHop.recall.noGraph).toBeCloseTo(2.5 / 3, 3);
    expect(ablation.rows.find((row) => row.group === "single-hop")!.recall.delta).toBe(1);
    const markdown = renderGraphAblationMarkdown(ablation);
    expect(markdown).toContain("only with the graph lists: 1.");
    expect(markdown).toContain("- s1 #0 question 0? (D2:1)");
  });

  it("times ingest with each side's mean of two runs, falling back to the store's own ingest in older records", () => {
    const sample = (engram: Partial<SampleRecord["engram"]>): SampleRecord =>
      ({ sampleId: "s1", messages: 10, questions: 4, engram: { ingestSeconds: 10, messagesStored: 10, messagesSkipped: 0, rows: { entities: 3, relations: 4 }, storageBytes: 1, warnings: 0, ...engram } }) as SampleRecord;
    const timed = summarizeGraphAblation(questions, [sample({ ingestSecondsGraph: 8, ingestSecondsNoGraph: 6 })], 1500)!;
    expect(timed.ingest).toEqual({ graphSeconds: 8, noGraphSeconds: 6, throughputRatio: 0.75 });
    expect(timed.rows_per_table).toEqual({ entities: 3, relations: 4 });
    const older = summarizeGraphAblation(questions, [sample({ ingestSecondsNoGraph: 5 })], 1500)!;
    expect(older.ingest).toEqual({ graphSeconds: 10, noGraphSeconds: 5, throughputRatio: 0.5 });
  });
});
