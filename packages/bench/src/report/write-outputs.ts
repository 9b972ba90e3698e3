import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderMissesJsonl, renderMissTable } from "../explain/miss-report";
import type { BenchRunResult } from "../run-bench";
import { renderRecallChart } from "./chart-svg";
import { renderQuestionsJsonl } from "./questions-jsonl";
import { renderReportMarkdown } from "./report-md";
import { renderGraphAblationMarkdown, type GraphAblation } from "./graph-ablation";

/** Names of the files {@link writeBenchOutputs} writes. */
export const BENCH_OUTPUT_FILES = ["report.json", "report.md", "questions.jsonl", "recall-vs-tokens.svg"] as const;

/**
 * Writes `report.json`, `report.md`, `questions.jsonl` and `recall-vs-tokens.svg` into `outDir`
 * (created if missing; files there are overwritten); with `run.misses` (`--explain`), also
 * `misses.jsonl` and a missed-evidence section at the end of report.md.
 *
 * @returns the paths written, in {@link BENCH_OUTPUT_FILES} order, then misses.jsonl.
 */
export async function writeBenchOutputs(outDir: string, run: BenchRunResult): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const contents = [
    `${JSON.stringify(run.report, null, 2)}\n`,
    run.misses ? `${renderReportMarkdown(run.report)}\n${renderMissTable(run.misses, run.report.meta.headline_budget)}` : renderReportMarkdown(run.report),
    renderQuestionsJsonl(run.questions),
    renderRecallChart(run.report),
  ];
  const paths = BENCH_OUTPUT_FILES.map((name) => join(outDir, name));
  if (run.misses) {
    contents.push(renderMissesJsonl(run.misses));
    paths.push(join(outDir, "misses.jsonl"));
  }
  await Promise.all(paths.map((path, index) => writeFile(path, contents[index] ?? "", "utf8")));
  return paths;
}

/** Writes `graph-ablation.md` and `graph-ablation.json` into `outDir`. @returns their paths. */
export async function writeGraphAblation(outDir: string, ablation: GraphAblation): Promise<string[]> {
  const paths = [join(outDir, "graph-ablation.md"), join(outDir, "graph-ablation.json")];
  await writeFile(paths[0]!, renderGraphAblationMarkdown(ablation), "utf8");
  await writeFile(paths[1]!, `${JSON.stringify(ablation, null, 2)}\n`, "utf8");
  return paths;
}
