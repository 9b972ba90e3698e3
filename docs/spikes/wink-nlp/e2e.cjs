// End-to-end effect: drafts the 788 dev turns with Engram's offline policy (source in /work/main, run via tsx, read only),
// once as is (compromise) and once with every `nlp(text).json({ offset: true, terms: { offset: true } })` answered by
// adapter.js (wink). Conjugation / "I <word>" lookups and recall still use compromise. Drafts one message at a time,
// with the previous turns of its session as previousMessages. usage: MODE=compromise|wink node --import tsx e2e.cjs
const Module = require('module');
const fs = require('fs');
const mode = process.env.MODE || 'compromise';
if (mode === 'wink') {
  const { toCompromiseJson } = require('/tmp/spike-wink/adapter.js');
  const origLoad = Module._load;
  let wrapped;
  Module._load = function (request, parent, isMain) {
    const loaded = origLoad.apply(this, arguments);
    if (request !== 'compromise') return loaded;
    if (wrapped) return wrapped;
    const real = typeof loaded === 'function' ? loaded : loaded.default;
    // compromise parses only when something other than the offset JSON is asked of the document
    wrapped = function (text, ...rest) {
      let doc;
      const real_ = () => (doc ??= real(text, ...rest));
      return new Proxy({}, {
        get(_, prop) {
          if (prop === 'json') return (opts) => (opts && opts.offset && opts.terms && opts.terms.offset ? toCompromiseJson(text) : real_().json(opts));
          const value = real_()[prop];
          return typeof value === 'function' ? value.bind(real_()) : value;
        },
      });
    };
    Object.assign(wrapped, real);
    return wrapped;
  };
}
const { createOfflinePolicy } = require('/work/main/packages/memory/src/ingest/offline/offline-policy.ts');
const d = require('/work/shared/data/locomo/locomo-dev.json');
async function run() {
  const policy = createOfflinePolicy({ parseWorker: false });
  const out = [];
  let seq = 0;
  for (const [si, s] of d.entries()) {
    const conv = s.conversation;
    const sessions = Object.keys(conv).filter((k) => /^session_\d+$/.test(k)).sort((a, b) => +a.split('_')[1] - +b.split('_')[1]);
    for (const key of sessions) {
      const when = new Date(Date.UTC(2023, 4, 1) + (+key.split('_')[1]) * 86400000).toISOString();
      const previous = [];
      for (const turn of conv[key]) {
        const message = { id: `m${seq}`, user_id: 'u', agent_id: 'a', session_id: `${si}-${key}`, role: 'user', speaker: turn.speaker, content: turn.text, timestamp: when, image_caption: '', image_url: '', ingested_at: when, seq: seq++, processed_at: null, error: null };
        const drafted = await policy.draft([message], { previousMessages: previous.slice(-4) });
        out.push({ id: message.id, text: turn.text, drafted });
        previous.push(message);
      }
    }
  }
  return out;
}
(async () => {
  const out = await run();
  fs.writeFileSync(`/tmp/spike-wink/e2e-${mode}.json`, JSON.stringify(out));
  console.log(mode, out.length, 'messages drafted');
  // warm timing of the whole draft (one message per draft call, main thread only): two more passes
  const times = [];
  for (let pass = 0; pass < 2; pass++) { const t0 = process.hrtime.bigint(); await run(); times.push(Number(process.hrtime.bigint() - t0) / 1e6 / out.length); }
  console.log(JSON.stringify({ mode, draftMsPerMsg: times.map((x) => +x.toFixed(3)), msgPerSec: times.map((x) => Math.round(1000 / x)) }));
  process.exit(0);
})();
