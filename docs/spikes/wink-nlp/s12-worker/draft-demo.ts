// Drafts every message of examples/demo-conversation.jsonl and the 788 dev turns with the offline policy
// (main-thread parse; ENGRAM_TAGGER picks the tagger) and writes the drafted texts per message.
import { readFileSync, writeFileSync } from "node:fs";
import { createOfflinePolicy } from "/work/wt-wink/packages/memory/src/ingest/offline/offline-policy";
const tagger = process.env.ENGRAM_TAGGER === "wink" ? "wink" : "compromise";
const policy = createOfflinePolicy({ parseWorker: false });
type Msg = { id: string; speaker: string; role: "user" | "assistant"; content: string; timestamp: string; session: string };
const sets: Record<string, Msg[]> = {};
sets.demo = readFileSync("/work/wt-wink/examples/demo-conversation.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l));
const dev = JSON.parse(readFileSync("/work/shared/data/locomo/locomo-dev.json", "utf8"));
sets.dev = [];
for (const s of dev) {
  const conv = s.conversation;
  for (const key of Object.keys(conv).filter((k) => /^session_\d+$/.test(k))) {
    const when = new Date(Date.UTC(2023, 4, 1) + +key.split("_")[1]! * 86400000).toISOString();
    for (const t of conv[key]) sets.dev.push({ id: t.dia_id, speaker: t.speaker, role: "user", content: t.text, timestamp: when, session: `${s.sample_id}-${key}` });
  }
}
(async () => {
  const out: Record<string, unknown[]> = {};
  for (const [name, msgs] of Object.entries(sets)) {
    out[name] = [];
    const prevBySession = new Map<string, any[]>();
    let seq = 0;
    for (const m of msgs) {
      const message = { id: m.id, user_id: "u", agent_id: "a", session_id: m.session, role: m.role, speaker: m.speaker, content: m.content, timestamp: m.timestamp, image_caption: "", image_url: "", ingested_at: m.timestamp, seq: seq++, processed_at: null, error: null } as any;
      const previous = prevBySession.get(m.session) ?? [];
      const d: any = await policy.draft([message], { previousMessages: previous.slice(-4) });
      const texts: Record<string, string[]> = {};
      for (const [k, v] of Object.entries(d)) if (Array.isArray(v)) texts[k] = v.map((c: any) => c.text ?? c.title ?? JSON.stringify(c));
      (out[name] as unknown[]).push({ id: m.id, content: m.content, texts });
      previous.push(message);
      prevBySession.set(m.session, previous);
    }
  }
  writeFileSync(`/tmp/wink/drafts-${tagger}.json`, JSON.stringify(out));
  console.log(tagger, Object.entries(out).map(([k, v]) => `${k} ${v.length}`).join(", "));
  process.exit(0);
})();
