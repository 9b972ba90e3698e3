import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseLocomo } from "@engram/memory";
import type { BenchMemoryFactory } from "../src/bench-memory";
import { renderReportMarkdown } from "../src/report/report-md";
import { runBench } from "../src/run-bench";
import { fakeMemoryFactory } from "./fake-memory";

const samples = parseLocomo(JSON.parse(readFileSync(join(__dirname, "__fixtures__", "locomo-tiny.json"), "utf8")) as unknown);

type FakeRecall = Awaited<ReturnType<Awaited<ReturnType<BenchMemoryFactory["open"]>>["recall"]>>;
type FakePass = Awaited<ReturnType<NonNullable<Awaited<ReturnType<BenchMemoryFactory["open"]>>["consolidate"]>>>;

/** The fake memory whose consolidation pass returns `pass`; recall after it returns `after`. */
function passFactory(after: FakeRecall, pass: FakePass): BenchMemoryFactory {
  const base = fakeMemoryFactory(0);
  return {
    description: base.description,
    async open(storePath) {
      const memory = await base.open(storePath);
      let consolidated = false;
      return {
        ...memory,
        recall: async (query, scope, options) => (consolidated ? after : memory.recall(query, scope, options)),
        async consolidate() {
          consolidated = true;
          return pass;
        },
      };
    },
  };
}

/** The fake memory, whose consolidation pass forgets every turn: recall after it finds nothing. */
const consolidatingFactory = () =>
  passFactory(
    { context: "", tokens: 0, items: [] },
    {
      rows: { before: 10, after: 6 },
      durationMs: 5,
      counts: { merge: 4 },
      changes: [1, 2, 3].map((index) => ({ step: "merge", memoryType: "episodic", memoryId: `e${index}`, text: "t", sources: [], removed: true, into: "keep", intoText: "kept item" })),
    },
  );

/** The fake memory, whose pass promotes one fact naming every message: recall after it returns only that fact. */
const promotingFactory = () =>
  passFactory(
    { context: "Ada often mentions pottery (in 3 sessions).", tokens: 9, items: [{ id: "fact", type: "semantic", sources: samples.flatMap((sample) => sample.messages.map((message) => message.id)) }] },
    { rows: { before: 10, after: 11 }, durationMs: 5, counts: { promote: 1 }, changes: [{ step: "promote", memoryType: "semantic", memoryId: "fact", text: "Ada often mentions pottery (in 3 sessions).", sources: ["D1:1", "D2:1"], removed: false }] },
  );

describe("bench --consolidate", () => {
  let tempRoot: string;
  beforeEach(() => {
    tempRoot = mkdtempSync(join(tmpdir(), "bench-consolidate-"));
  });
  afterEach(() => rmSync(tempRoot, { recursive: true, force: true }));

  it("recalls again after one pass and reports rows, pass time and recall before and after per category", async () => {
    const run = await runBench({ samples, memory: consolidatingFactory(), tempRoot, budgets: [500, 1500], consolidate: true });
    const section = run.report.consolidation!;
    expect(section.rows).toEqual({ before: 10 * samples.length, after: 6 * samples.length, change: -0.4 });
    expect(section.counts).toEqual({ merge: 4 * samples.length });
    expect(section.by_category.overall?.["recall@1500"]).toEqual({ before: 1, after: 0, delta: -1 });
    expect(section.most_merged[0]).toMatchObject({ id: "keep", text: "kept item", absorbed: 3 });
    expect(run.questions.every((question) => question.consolidated?.budgets.map((entry) => entry.recall ?? 0).every((recall) => recall === 0))).toBe(true);
    expect(renderReportMarkdown(run.report)).toContain("## Consolidation (one pass between two recall phases)");
  });

  it("lists promoted facts with their sources and measures recall without the promoted facts' sources", async () => {
    const run = await runBench({ samples, memory: promotingFactory(), tempRoot, budgets: [1500], consolidate: true });
    const section = run.report.consolidation!;
    expect(section.promoted[0]).toMatchObject({ text: "Ada often mentions pottery (in 3 sessions).", sources: ["D1:1", "D2:1"] });
    expect(section.by_category.overall?.["recall@1500"]?.after).toBe(1);
    expect(section.recall_without_promoted_sources.overall).toEqual({ "recall@1500": 0 });
    const markdown = renderReportMarkdown(run.report);
    expect(markdown).toContain("- tiny-1 Ada often mentions pottery (in 3 sessions). [D1:1, D2:1]");
    expect(markdown).toContain("without the promoted facts' sources");
  });

  it("refuses a memory without consolidate", async () => {
    await expect(runBench({ samples, memory: fakeMemoryFactory(0), tempRoot, consolidate: true })).rejects.toThrow(/consolidate/);
  });

  it("leaves the section out without --consolidate", async () => {
    const run = await runBench({ samples, memory: consolidatingFactory(), tempRoot, budgets: [1500] });
    expect(run.report.consolidation).toBeUndefined();
  });
});
