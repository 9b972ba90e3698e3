import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { Engram, parseLocomo } from "@engram/memory";
import { profiled } from "./cpu-profile";

/**
 * Profiling driver: `tsx packages/bench/src/profile/profile-run.ts <locomo.json> <out-dir>`.
 * Ingests the first LoCoMo sample into a fresh store (CPU profile `ingest.cpuprofile`), recalls
 * every question once at 1,500 tokens to warm up, then again under the profiler
 * (`recall.cpuprofile`). Prints the timings; `summarize-cpu-profile.ts` prints a profile's top
 * self-time functions, and Chrome DevTools or speedscope draw its flame graph.
 */
async function main(): Promise<void> {
  const [dataPath, outDir = "."] = process.argv.slice(2);
  if (!dataPath) throw new Error("usage: profile-run.ts <locomo.json> [out-dir]");
  const [sample] = parseLocomo(JSON.parse(await readFile(dataPath, "utf8")) as unknown);
  if (!sample) throw new Error("no sample");
  const profileAs = <T>(name: string, work: () => Promise<T>): Promise<T> => profiled(join(outDir, `${name}.cpuprofile`), work, 200);
  const folder = await mkdtemp(join(tmpdir(), "engram-profile-"));
  try {
    const engram = await Engram.open({ path: folder });
    const scope = { user_id: sample.sample_id };
    const ingestStart = performance.now();
    const ingestCpu = process.cpuUsage();
    await profileAs("ingest", () => engram.add(sample.messages, scope));
    const ingestMs = performance.now() - ingestStart;
    const ingestCpuMs = cpuMs(process.cpuUsage(ingestCpu));
    process.stdout.write(
      `ingest: ${sample.messages.length} messages in ${ingestMs.toFixed(0)} ms wall (${((sample.messages.length / ingestMs) * 1000).toFixed(0)} msg/s), ${ingestCpuMs.toFixed(0)} ms CPU (${((sample.messages.length / ingestCpuMs) * 1000).toFixed(0)} msg per CPU-second)\n`,
    );
    const cpuPerRecall: number[] = [];
    const recallAll = async () => {
      const latencies: number[] = [];
      cpuPerRecall.length = 0;
      for (const question of sample.questions) {
        const start = performance.now();
        const cpu = process.cpuUsage();
        await engram.recall(question.question, scope, { tokenBudget: 1500 });
        latencies.push(performance.now() - start);
        cpuPerRecall.push(cpuMs(process.cpuUsage(cpu)));
      }
      cpuPerRecall.sort((a, b) => a - b);
      return latencies.sort((a, b) => a - b);
    };
    const at = (latencies: number[], p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]!.toFixed(1);
    const cold = await recallAll();
    process.stdout.write(`recall warm-up: ${cold.length} questions, p50 ${at(cold, 50)} ms, p95 ${at(cold, 95)} ms\n`);
    const warm = await profileAs("recall", recallAll);
    process.stdout.write(`recall profiled: ${warm.length} questions, p50 ${at(warm, 50)} ms, p95 ${at(warm, 95)} ms wall; CPU per recall p50 ${at(cpuPerRecall, 50)} ms, p95 ${at(cpuPerRecall, 95)} ms\n`);
    await engram.close();
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Milliseconds of CPU (user and system, every thread of the process, LanceDB's included). */
function cpuMs(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1000;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
