import { readFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { Engram, HashEmbedder, parseLocomo } from "@engram/memory";
async function main() {
  const [dataPath, folder, mode] = process.argv.slice(2);
  const samples = parseLocomo(JSON.parse(await readFile(dataPath!, "utf8")) as unknown);
  const sample = samples[1]!;
  const engram = await Engram.open({ path: folder!, embedder: new HashEmbedder() });
  const scope = { user_id: sample.sample_id };
  if ((await engram.stats(scope)).episodic === 0) { const t = performance.now(); await engram.add(sample.messages, scope); console.log("ingest ms", performance.now() - t); }
  for (let pass = 0; pass < 2; pass++) {
    const lat: number[] = []; const flushLat: number[] = []; let gcBefore = 0;
    for (const q of sample.questions) {
      const access = (engram as unknown as { access: { shouldFlush: boolean; flush(): Promise<void> } }).access;
      if (mode === "flush") await access.flush();
      const flushing = access.shouldFlush;
      const t = performance.now();
      await engram.recall(q.question, scope, { tokenBudget: 3000, extraTokenBudgets: [500, 1000, 1500] });
      const ms = performance.now() - t;
      lat.push(ms); if (flushing) flushLat.push(ms);
    }
    const s = [...lat].sort((a, b) => a - b); const at = (p: number) => s[Math.ceil((p / 100) * s.length) - 1]!.toFixed(1);
    console.log(`pass ${pass} n ${s.length} p50 ${at(50)} p95 ${at(95)} max ${at(100)} mean ${(lat.reduce((a, b) => a + b) / lat.length).toFixed(1)}`);
    console.log("top 10:", lat.map((v, i) => [i, Math.round(v)]).sort((a, b) => b[1]! - a[1]!).slice(0, 10).map(([i, v]) => `${i}:${v}`).join(" "), gcBefore);
  }
  await engram.close();
}
main();
