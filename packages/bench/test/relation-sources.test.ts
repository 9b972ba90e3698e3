import type { QuestionRecord } from "../src/bench-records";
import { summarizeGraphAblation, renderGraphAblationMarkdown } from "../src/report/graph-ablation";
import { summarizeSystem } from "../src/report/summarize";
import { packedOutcome } from "../src/run-sample";

const question = { evidence: ["D1:1", "D2:1", "D3:1", "D4:1"], answer: "pottery" };

describe("evidence recall counts packed relation lines", () => {
  it("counts the sources of the context's relation lines beside its items', and keeps the items-only recall apart", () => {
    const packed = { context: "## Entities and relations\n- 2023-05-08: Melanie does pottery", items: [{ sources: ["D1:1"] }], relations: [{ sources: ["D2:1", "D9:9"] }, { sources: ["D1:1"] }] };
    const { sources, outcome } = packedOutcome(1500, packed, 3, question);
    expect(sources).toEqual(["D1:1", "D2:1", "D9:9"]);
    expect(outcome.recall).toBe(0.5);
    expect(outcome.recallItemsOnly).toBe(0.25);
    expect(outcome.coverage).toBe(1);
  });

  it("leaves recallItemsOnly out when the context has no relation lines", () => {
    for (const relations of [undefined, []]) {
      const { outcome } = packedOutcome(1500, { context: "x", items: [{ sources: ["D1:1"] }], ...(relations ? { relations } : {}) }, 3, question);
      expect(outcome.recall).toBe(0.25);
      expect(outcome).not.toHaveProperty("recallItemsOnly");
    }
  });

  it("reports recall both ways: recall_items_only@budget in the summary, and an item-sources-only column in the graph ablation", () => {
    const record = (recall: number, recallItemsOnly?: number): QuestionRecord => {
      const outcome = { budgets: [{ budget: 1500, tokens: 10, latencyMs: 1, recall, coverage: null, itemCount: 1, ...(recallItemsOnly === undefined ? {} : { recallItemsOnly }) }], headline: { budget: 1500, context: "", sources: [], tokens: 10 } };
      return { sampleId: "s", questionIndex: 0, question: "q", goldAnswer: "a", category: 1, categoryName: "multi-hop", evidence: ["D1:1"], fullContextTokens: 1, fullContextCoverage: null, systems: { engram: outcome, bm25: outcome, bm25_dated: outcome }, noGraph: { ...outcome, budgets: [{ ...outcome.budgets[0]!, recall: 0 }] } };
    };
    const questions = [record(1, 0), record(0.5)];
    const cell = summarizeSystem(questions, "engram", [1500], 1500, false);
    expect(cell["recall@1500"]).toBe(0.75);
    expect(cell["recall_items_only@1500"]).toBe(0.25);
    expect(summarizeSystem([record(0.5)], "engram", [1500], 1500, false)).not.toHaveProperty("recall_items_only@1500");
    const ablation = summarizeGraphAblation(questions, [], 1500)!;
    expect(ablation.rows.find((row) => row.group === "multi-hop")).toMatchObject({ recall: { graph: 0.75, noGraph: 0 }, recallItemsOnly: 0.25 });
    expect(renderGraphAblationMarkdown(ablation)).toContain("| multi-hop | 2 | 0.750 | 0.000 | +0.750 | 0.250 |");
  });
});
