import { readFile, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { performance } from "node:perf_hooks";
import { Engram, HashEmbedder, LanceDbMemoryStore, parseLocomo } from "@engram/memory";
import { syntheticEpisodicItems } from "../scale/scale-data";

/**
 * Profiling driver for one large user (a user past `inProcessSearchMaxRows`, searched in LanceDB):
 * `node --import tsx --conditions=@engram/source packages/bench/src/profile/big-user.ts <locomo.json> <store> [extra-rows] [build]`.
 * With build 1 (default) it ingests the first LoCoMo sample and appends `extra-rows` (default
 * 50,000) synthetic episodic items to the same user, then recalls the sample's first 60 questions
 * at 1,500 tokens twice (the first round warms up), printing p50/p95 per round, the time of each
 * store method (calls overlap, so their sum exceeds the wall time) and writing `<store>.cpuprofile`
 * of the second round. Build 0 reuses the store.
 */
async function main(): Promise<void> {
  const [dataPath, storePath, extraText = "50000", build = "1"] = process.argv.slice(2);
  const [sample] = parseLocomo(JSON.parse(await readFile(dataPath!, "utf8")) as unknown);
  const embedder = new HashEmbedder();
  const store = await LanceDbMemoryStore.open({ path: storePath!, dimensions: embedder.dimensions, embedderId: embedder.modelId });
  const timing = new Map<string, { ms: number; calls: number }>();
  const timed = new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        const started = performance.now();
        const result = value.apply(target, args);
        const key = `${String(prop)}${typeof args[0] === "string" && String(prop) !== "textSearch" ? `(${args[0]})` : ""}`;
        const done = () => {
          const entry = timing.get(key) ?? { ms: 0, calls: 0 };
          entry.ms += performance.now() - started;
          entry.calls += 1;
          timing.set(key, entry);
        };
        if (result && typeof (result as Promise<unknown>).then === "function") return (result as Promise<unknown>).finally(done);
        done();
        return result;
      };
    },
  });
  // No ANN index: the user's vector search is exact, as it is below `annMinUserRows`.
  const engram = await Engram.open({ store: timed as LanceDbMemoryStore, embedder, annIndexAfterRows: Infinity });
  const user = sample!.sample_id;
  if (build === "1") {
    await engram.add(sample!.messages, { user_id: user });
    const extra = Number(extraText);
    for (let done = 0; done < extra; done += 10_000) {
      const items = (await syntheticEpisodicItems(1, Math.min(10_000, extra - done), embedder)).map((item, index) => ({ ...item, id: `big-${done + index}`, user_id: user }));
      await store.appendNewItems("episodic", items);
    }
    await store.optimize();
    process.stdout.write(`built: ${JSON.stringify(await engram.stats({ user_id: user }))}\n`);
  }
  const questions = sample!.questions.slice(0, 60);
  const session = new Session(); session.connect(); await session.post("Profiler.enable");
  for (const round of [0, 1]) {
    if (round === 1) await session.post("Profiler.start");
    const wall: number[] = [];
    for (const q of questions) {
      const t = performance.now();
      await engram.recall(q.question, { user_id: user }, { tokenBudget: 1500 });
      wall.push(performance.now() - t);
      await engram.flushAccess();
    }
    wall.sort((a, b) => a - b);
    if (round === 1) for (const [key, entry] of [...timing].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15)) process.stdout.write(`  ${key}: ${entry.calls} calls, ${(entry.ms / entry.calls).toFixed(1)} ms each, ${(entry.ms / questions.length).toFixed(1)} ms per recall\n`);
    timing.clear();
    process.stdout.write(`round ${round}: p50 ${wall[Math.floor(wall.length / 2)]!.toFixed(1)} p95 ${wall[Math.floor(wall.length * 0.95)]!.toFixed(1)} ms\n`);
  }
  const { profile } = await session.post("Profiler.stop");
  await writeFile(`${storePath}.cpuprofile`, JSON.stringify(profile));
  await engram.close();
}
main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
