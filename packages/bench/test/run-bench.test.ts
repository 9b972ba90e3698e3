import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countTokens, parseLocomo } from "@engram/memory";
import { BENCH_OUTPUT_FILES, writeBenchOutputs } from "../src/report/write-outputs";
import { formatNumber } from "../src/report/format-number";
import { renderReportMarkdown } from "../src/report/report-md";
import { runBench, unionMs, type BenchProgress } from "../src/run-bench";
import { fakeMemoryFactory, wrapOpened } from "./fake-memory";
import { WARM_UP_QUERIES } from "../src/warm-up-recalls";

const samples = parseLocomo(JSON.parse(readFileSync(join(__dirname, "__fixtures__", "locomo-tiny.json"), "utf8")) as unknown);

describe("runBench", () => {
  let tempRoot: string;
  beforeEach(() => {
    tempRoot = mkdtempSync(join(tmpdir(), "bench-test-"));
  });
  afterEach(() => {
    rmSync(tempRoot, { recursive: true, force: true });
  });

  it("recalls every question at every budget, scores categories 1-4 and keeps 5 apart", async () => {
    const memory = fakeMemoryFactory(1000);
    const events: BenchProgress[] = [];
    const run = await runBench({ samples, budgets: [1000, 500], memory, tempRoot, onProgress: (event) => events.push(event) });
    const { report } = run;
    expect(report.meta.budgets).toEqual([500, 1000]);
    expect(report.meta.headline_budget).toBe(1000);
    expect(report.questions).toBe(5);
    expect(report.questions_adversarial).toBe(1);
    expect(report.engram.overall.questions_without_evidence).toBe(1);
    expect(report.engram.overall["recall@500"]).toBe(0);
    expect(report.engram.overall["recall@1000"]).toBe(1);
    expect(report.engram.adversarial["recall@1000"]).toBe(1);
    expect(report.full_context.recall).toBe(1);
    // BM25 finds the single evidence turn of "What did Melanie paint?" (id written "D 1:4" in the data)
    const paint = run.questions.find((question) => question.question === "What did Melanie paint?");
    expect(paint?.evidence).toEqual(["D1:4"]);
    expect(paint?.systems.bm25.budgets.map((entry) => entry.recall)).toEqual([1, 1]);
    expect(paint?.systems.bm25.headline.context).toContain("Melanie: That's great! I painted a sunrise over the lake last year. [image: a painting of a sunrise over a lake]");
    // tokens are recounted by the bench, whatever the memory claims
    expect(paint?.systems.engram.headline.tokens).toBe(countTokens(paint?.systems.engram.headline.context ?? ""));
    expect(report.engram.storage_bytes).toBe(1234);
    expect(report.engram.ingest.rows).toEqual({ messages: 8, episodic: 8 });
    expect(report.full_context.tokens_mean).toBeGreaterThan(100);
    // The sample's store, then a store per pass of the warm ingest after the run (two untimed, three timed).
    expect(memory.closed).toBe(6);
    expect(memory.opened.filter((path) => path.includes("engram-bench-warm-"))).toHaveLength(5);
    expect(readdirSync(tempRoot)).toEqual([]);
    expect(events.some((event) => event.phase === "ingest" && event.sampleId === "tiny-1")).toBe(true);
    expect(events.filter((event) => event.phase === "recall").at(-1)).toMatchObject({ done: 6, total: 6 });
  });

  it("writes recall's noted accesses between questions, outside the timed recalls, and records CPU time and load", async () => {
    const base = fakeMemoryFactory(1000);
    const calls: string[] = [];
    const memory = wrapOpened(base, (inner) => ({
      recall: async (...args: Parameters<typeof inner.recall>) => {
        calls.push(args[2].noteAccess === false ? "warm-up" : "recall");
        return inner.recall(...args);
      },
      flushAccess: async () => {
        calls.push("flush");
        // The write takes a while: the next recall waits for its end.
        await new Promise((resolve) => setTimeout(resolve, 5));
        calls.push("flushed");
      },
    }));
    const { report } = await runBench({ samples, budgets: [500, 1000], memory, tempRoot });
    // First the untimed warm-up recalls, which note no access; then, as the fake packs no extra budgets, one recall per
    // budget, then the question's flush, done before the next recall.
    const warmUps = Array.from({ length: WARM_UP_QUERIES.length }, () => "warm-up");
    expect(calls).toEqual([...warmUps, ...Array.from({ length: 6 }, () => ["recall", "recall", "flush", "flushed"]).flat()]);
    expect(report.meta.warm_up_recalls).toBe(WARM_UP_QUERIES.length);
    // The first warm-up recall (the cold one after ingest) is reported per sample, though untimed for latency.
    expect(Object.keys(report.meta.first_recall_ms ?? {})).toEqual(samples.map((sample) => sample.sample_id));
    expect(Object.values(report.meta.first_recall_ms ?? {}).every((ms) => ms >= 0)).toBe(true);
    expect(report.meta.access_flush_ms).toMatchObject({ flushes: 6 });
    expect(report.meta.access_flush_ms?.p50).toBeGreaterThan(0);
    expect(report.meta.cpu_seconds).toBeGreaterThan(0);
    // The recall phases' wall holds their timed recalls and the flushes between them.
    expect(report.meta.phase_seconds.recall_phase).toBeGreaterThanOrEqual(report.meta.phase_seconds.recall);
    expect(report.meta.phase_seconds.recall_phase).toBeGreaterThan(0);
    expect(report.meta.load_average?.start).toBeGreaterThanOrEqual(0);
  });

  it("runs no other sample's opening, setup after ingest or teardown during a sample's recall phase", async () => {
    const base = fakeMemoryFactory(1000);
    const log: { store: string; call: string }[] = [];
    const memory = wrapOpened(
      base,
      (inner, storePath) => ({
        recall: async (...args: Parameters<typeof inner.recall>) => {
          log.push({ store: storePath, call: "recall" });
          await new Promise((resolve) => setImmediate(resolve));
          return inner.recall(...args);
        },
        stats: async (...args: Parameters<typeof inner.stats>) => {
          log.push({ store: storePath, call: "stats" });
          return inner.stats(...args);
        },
        close: async () => {
          log.push({ store: storePath, call: "close" });
          await new Promise((resolve) => setImmediate(resolve));
          log.push({ store: storePath, call: "closed" });
        },
      }),
      (storePath) => log.push({ store: storePath, call: "open" }),
    );
    const twin = samples.map((sample) => ({ ...sample, sample_id: `${sample.sample_id}-twin` }));
    await runBench({ samples: [...samples, ...twin], budgets: [500, 1000], memory, tempRoot, sampleConcurrency: 2 });
    // The stores of the warm second ingest, after every sample ran, are not the samples'.
    const stores = [...new Set(log.map((entry) => entry.store))].filter((store) => !store.includes("engram-bench-warm-"));
    expect(stores).toHaveLength(2);
    for (const store of stores) {
      const first = log.findIndex((entry) => entry.store === store && entry.call === "recall");
      const last = log.length - 1 - [...log].reverse().findIndex((entry) => entry.store === store && entry.call === "recall");
      expect(last).toBeGreaterThan(first);
      expect(log.slice(first, last + 1).filter((entry) => entry.store !== store)).toEqual([]);
    }
    // Each store was closed, and its folder removed, after its own recalls.
    expect(log.filter((entry) => entry.call === "closed" && stores.includes(entry.store))).toHaveLength(2);
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("reports the wall time during which any sample's add ran: overlapping adds count once", async () => {
    const base = fakeMemoryFactory(1000);
    // Each add waits until both have started, then 200 ms: they overlap by at least 200 ms however slow the machine.
    let started = 0;
    let bothStarted: () => void = () => {};
    const barrier = new Promise<void>((resolve) => (bothStarted = resolve));
    const memory = wrapOpened(base, (inner) => ({
      add: async (...args: Parameters<typeof inner.add>) => {
        if (++started === 2) bothStarted();
        await barrier;
        await new Promise((resolve) => setTimeout(resolve, 200));
        return inner.add(...args);
      },
    }));
    const twin = samples.map((sample) => ({ ...sample, sample_id: `${sample.sample_id}-twin` }));
    const { report } = await runBench({ samples: [...samples, ...twin], budgets: [1000], memory, tempRoot, sampleConcurrency: 2 });
    const elapsed = report.meta.ingest_elapsed_seconds!;
    expect(elapsed).toBeGreaterThanOrEqual(0.19);
    // The shared 200 ms count once: the walls' sum holds them twice.
    expect(elapsed).toBeLessThanOrEqual(report.meta.phase_seconds.ingest - 0.19);
    expect(renderReportMarkdown(report)).toContain(`${formatNumber(report.meta.ingest_elapsed_seconds, 2)} s of wall time with any add running`);
  });

  it("ingests every sample again after the run in untimed then timed passes, into new stores it removes, and reports the median timed pass", async () => {
    // Each warm pass's adds sleep a set time: the untimed pass the longest, the timed ones 300, 100 and 200 ms (median 200).
    const passMs = [500, 300, 100, 200];
    let warmAdds = 0;
    const memory = wrapOpened(fakeMemoryFactory(1000), (inner, storePath) => ({
      add: async (...args: Parameters<typeof inner.add>) => {
        const warm = storePath.includes("engram-bench-warm-");
        const ms = warm ? passMs[Math.floor(warmAdds++ / samples.length)]! : 20;
        await new Promise((resolve) => setTimeout(resolve, ms));
        return inner.add(...args);
      },
    }));
    const { report } = await runBench({ samples, budgets: [1000], memory, tempRoot, warmIngestPasses: { untimed: 1, timed: 3 } });
    expect(warmAdds).toBe(4 * samples.length);
    const passes = report.meta.ingest_warm_passes_seconds!;
    expect(passes).toHaveLength(3);
    expect(passes[0]).toBeGreaterThanOrEqual(0.29);
    expect(passes[1]).toBeLessThan(0.19);
    expect(report.meta.ingest_warm_elapsed_seconds).toBe([...passes].sort((a, b) => a - b)[1]);
    expect(report.meta.ingest_warm_elapsed_seconds).toBeGreaterThanOrEqual(0.19);
    expect(report.meta.ingest_warm_elapsed_seconds).toBeLessThan(0.29);
    expect(report.meta.ingest_warm_untimed_passes).toBe(1);
    expect(renderReportMarkdown(report)).toContain(`median pass ${formatNumber(report.meta.ingest_warm_elapsed_seconds, 2)} s`);
    expect(readdirSync(tempRoot)).toEqual([]);
    const { report: without } = await runBench({ samples, budgets: [1000], memory, tempRoot, ingestAgainWarm: false });
    expect(without.meta.ingest_warm_elapsed_seconds).toBeUndefined();
    await expect(runBench({ samples, budgets: [1000], memory, tempRoot, warmIngestPasses: { untimed: 0, timed: 0 } })).rejects.toThrow(RangeError);
  });

  it("unionMs counts overlapping windows once", () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([{ start: 30, end: 40 }, { start: 0, end: 10 }, { start: 5, end: 20 }])).toBe(30);
    expect(unionMs([{ start: 0, end: 100 }, { start: 10, end: 20 }])).toBe(100);
  });

  it("writes report.json, report.md, questions.jsonl and the chart", async () => {
    const run = await runBench({ samples, memory: fakeMemoryFactory(0), tempRoot, meta: { command: "pnpm bench --test", gitCommit: "abc", gitDirty: true } });
    const out = join(tempRoot, "out");
    const paths = await writeBenchOutputs(out, run);
    expect(paths.map((path) => path.slice(out.length + 1))).toEqual([...BENCH_OUTPUT_FILES]);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as Record<string, Record<string, Record<string, unknown>>>;
    for (const key of ["recall@500", "recall@1000", "recall@1500", "recall@3000", "coverage@1500", "tokens_mean", "latency_p50_ms", "latency_p95_ms"]) {
      expect(report.engram?.overall).toHaveProperty([key]);
      expect(report.bm25?.overall).toHaveProperty([key]);
    }
    expect(Object.keys(report.engram?.by_category ?? {})).toEqual(["multi-hop", "temporal", "open-domain", "single-hop"]);
    expect(report.engram?.ingest).toHaveProperty(["messages_per_second"]);
    expect(report.full_context).toHaveProperty(["tokens_mean"]);
    expect(report.meta).toMatchObject({ command: "pnpm bench --test", git_commit: "abc", git_dirty: true });
    expect(typeof report.meta?.date).toBe("string");
    const lines = readFileSync(join(out, "questions.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(6);
    expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ sample_id: "tiny-1", category: 2, engram: { budget: 1500 } });
    expect(readFileSync(join(out, "report.md"), "utf8")).toContain("## Evidence recall by token budget");
    expect(readFileSync(join(out, "recall-vs-tokens.svg"), "utf8")).toContain("<polyline");
  });

  it("rejects bad budgets and a headline budget not measured", async () => {
    await expect(runBench({ samples, budgets: [0], memory: fakeMemoryFactory(0), tempRoot })).rejects.toThrow(RangeError);
    await expect(runBench({ samples, budgets: [500], headlineBudget: 1500, memory: fakeMemoryFactory(0), tempRoot })).rejects.toThrow(RangeError);
  });

  it("removes the store folder when recall fails", async () => {
    const failing = fakeMemoryFactory(0);
    const open = failing.open.bind(failing);
    failing.open = async (path) => ({ ...(await open(path)), recall: async () => Promise.reject(new Error("boom")) });
    await expect(runBench({ samples, memory: failing, tempRoot })).rejects.toThrow("boom");
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("stops when the signal aborts and still removes the store folder", async () => {
    const controller = new AbortController();
    const run = runBench({
      samples,
      memory: fakeMemoryFactory(0),
      tempRoot,
      signal: controller.signal,
      onProgress: (event) => {
        if (event.phase === "recall" && event.done === 2) controller.abort(new Error("stop"));
      },
    });
    await expect(run).rejects.toThrow("stop");
    expect(readdirSync(tempRoot)).toEqual([]);
  });

  it("runs the real Engram (offline policy, hash embedder) end to end", async () => {
    const run = await runBench({ samples, tempRoot, budgets: [200, 1500] });
    const { report } = run;
    expect(report.meta.memory).toMatchObject({ system: "engram", embedder: expect.stringContaining("hash") });
    expect(report.engram.ingest.rows.messages).toBe(8);
    expect(report.engram.storage_bytes).toBeGreaterThan(0);
    for (const budget of [200, 1500]) {
      const recall = report.engram.overall[`recall@${budget}`];
      expect(recall).toBeGreaterThanOrEqual(0);
      expect(recall).toBeLessThanOrEqual(1);
    }
    for (const question of run.questions) {
      for (const entry of question.systems.engram.budgets) expect(entry.tokens).toBeLessThanOrEqual(entry.budget);
    }
    expect(readdirSync(tempRoot)).toEqual([]);
  });
});
