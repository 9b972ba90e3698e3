import * as fs from "fs";
import { Engram, parseLocomo } from "/work/main/packages/memory/src/index";
async function main() {
  const dir = "/tmp/e2e-db"; const fresh = process.env.FRESH === "1"; if (fresh) fs.rmSync(dir, { recursive: true, force: true });
  const samples = parseLocomo(JSON.parse(fs.readFileSync("/work/shared/data/locomo/locomo-dev.json", "utf8")));
  const engram = await Engram.open({ path: dir });
  let t = Date.now();
  if (fresh) for (const s of samples) { const r = await engram.add(s.messages, { user_id: s.sample_id }); console.log(s.sample_id, r.messages, r.actions, r.durationMs); }
  console.log("ingest ms", Date.now() - t, await engram.stats());
  const budgets = (process.env.BUDGETS ?? "1500").split(",").map(Number);
  const lat: number[] = []; const hit: Record<number, [number, number]> = {}; const bycat: Record<string, [number, number]> = {};
  for (const s of samples) for (const q of s.questions) {
    if (q.category === 5 || q.evidence.length === 0) continue;
    for (const b of budgets) {
      const r = await engram.recall(q.question, { user_id: s.sample_id }, { tokenBudget: b });
      if (b === 1500) lat.push(r.durationMs);
      const src = new Set(r.items.flatMap(i => i.sources));
      const found = q.evidence.filter(e => src.has(e)).length;
      hit[b] = [(hit[b]?.[0] ?? 0) + found, (hit[b]?.[1] ?? 0) + q.evidence.length];
      if (b === 1500) { const k = String(q.category); bycat[k] = [(bycat[k]?.[0] ?? 0) + found, (bycat[k]?.[1] ?? 0) + q.evidence.length]; }
    }
  }
  lat.sort((a, b) => a - b);
  console.log("recall", Object.fromEntries(Object.entries(hit).map(([b, [f, n]]) => [b, (f / n).toFixed(3)])));
  console.log("bycat1500", Object.fromEntries(Object.entries(bycat).map(([b, [f, n]]) => [b, (f / n).toFixed(3)])));
  console.log("p50", lat[Math.floor(lat.length * 0.5)], "p95", lat[Math.floor(lat.length * 0.95)]);
  const r = await engram.recall("When did Caroline go to the LGBTQ support group?", { user_id: "conv-26" }, { tokenBudget: 1500 });
  console.log(r.items.filter(i => i.sources.includes("D1:3")).map(i => [i.type, i.text]));
  console.log(r.context.slice(0, 1500));
  engram.close();
}
main();
