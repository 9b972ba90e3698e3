import { readFile, writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { Engram, HashEmbedder, parseLocomo } from "@engram/memory";

/**
 * Recall driver over a store ingested once:
 * `pnpm engram import <locomo.json> --db <store>`, then
 * `node --cpu-prof --import tsx --conditions=@engram/source packages/bench/src/profile/recall-store.ts <locomo.json> <store> [rounds] [contexts.jsonl]`.
 * Recalls every question of every sample as the bench does (budget 3,000, the smaller budgets
 * packed from the same recall, access counts written between questions), `rounds` times (the first
 * warms up), and prints wall and CPU percentiles per round (with the event loop's idle time inside
 * each recall: what it waited on LanceDB rather than ran JavaScript) and the slowest recalls of the last.
 * With `contexts.jsonl`, writes the first round's contexts there, one line per question and budget
 * (`{ user, question, budget, context }`), to check that a speed change left every context as it was
 * (run both versions on copies of one store).
 */
async function main(): Promise<void> {
  const [dataPath, storePath, roundsText = "3", contextsPath] = process.argv.slice(2);
  if (!dataPath || !storePath) throw new Error("usage: recall-store.ts <locomo.json> <store> [rounds] [contexts.jsonl]");
  const samples = parseLocomo(JSON.parse(await readFile(dataPath, "utf8")) as unknown);
  const engram = await Engram.open({ path: storePath, embedder: new HashEmbedder(), citeSources: false });
  const at = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil((p / 100) * values.length) - 1)]!.toFixed(1);
  const contexts: string[] = [];
  for (let round = 0; round < Number(roundsText); round += 1) {
    const wall: number[] = [];
    const cpu: number[] = [];
    const idle: number[] = [];
    const slow: { ms: number; cpuMs: number; question: string; user: string }[] = [];
    for (const sample of samples) {
      const scope = { user_id: sample.sample_id };
      for (const question of sample.questions) {
        const start = performance.now();
        const used = process.cpuUsage();
        const loop = performance.eventLoopUtilization();
        const recalled = await engram.recall(question.question, scope, { tokenBudget: 3000, extraTokenBudgets: [500, 1000, 1500] });
        const ms = performance.now() - start;
        const usage = process.cpuUsage(used);
        idle.push(performance.eventLoopUtilization(loop).idle);
        wall.push(ms);
        cpu.push((usage.user + usage.system) / 1000);
        slow.push({ ms, cpuMs: cpu.at(-1)!, question: question.question, user: sample.sample_id });
        if (round === 0 && contextsPath) {
          for (const { tokenBudget, context } of [{ tokenBudget: 3000, context: recalled.context }, ...(recalled.extraContexts ?? [])]) {
            contexts.push(JSON.stringify({ user: sample.sample_id, question: question.question, budget: tokenBudget, context }));
          }
        }
        await engram.flushAccess();
      }
    }
    process.stdout.write(`round ${round}: ${wall.length} recalls, wall p50 ${at(wall, 50)} p95 ${at(wall, 95)} ms; CPU p50 ${at(cpu, 50)} p95 ${at(cpu, 95)} ms; event loop idle p50 ${at(idle, 50)} p95 ${at(idle, 95)} ms\n`);
    if (round === Number(roundsText) - 1) {
      for (const entry of slow.sort((a, b) => b.ms - a.ms).slice(0, 12)) process.stdout.write(`  ${entry.ms.toFixed(1)} ms (CPU ${entry.cpuMs.toFixed(1)}) ${entry.user}: ${entry.question}\n`);
    }
  }
  await engram.close();
  if (contextsPath) await writeFile(contextsPath, `${contexts.join("\n")}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
