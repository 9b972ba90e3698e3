// Wall ms of the parse worker answering the 788 dev turns in batches of 20 (start-up timed apart), ENGRAM_TAGGER picks the tagger.
import { readFileSync } from "node:fs";
import { ParseWorker } from "/work/wt-wink/packages/memory/src/ingest/offline/parse-worker";
const dev = JSON.parse(readFileSync("/work/shared/data/locomo/locomo-dev.json", "utf8"));
const texts: string[] = [];
for (const s of dev) for (const [k, v] of Object.entries(s.conversation)) if (/^session_\d+$/.test(k)) for (const t of v as any[]) texts.push(t.text);
(async () => {
  const w = new ParseWorker();
  let t0 = performance.now();
  await w.parse(["Hello there."]);
  const startup = performance.now() - t0;
  const passes: number[] = [];
  for (let p = 0; p < 3; p++) {
    t0 = performance.now();
    for (let i = 0; i < texts.length; i += 20) await w.parse(texts.slice(i, i + 20));
    passes.push(performance.now() - t0);
  }
  console.log(JSON.stringify({ tagger: process.env.ENGRAM_TAGGER ?? "compromise", texts: texts.length, startupMs: Math.round(startup), passesMs: passes.map(Math.round) }));
  process.exit(0);
})();
