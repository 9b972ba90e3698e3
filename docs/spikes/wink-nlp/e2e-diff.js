// Compares the drafts of e2e.cjs: per store, candidates drafted with compromise vs with the wink adapter, how many are
// identical (same text, or for graph the same subject|predicate|object), and how many messages draft exactly the same.
const a = require('./e2e-compromise.json'), b = require('./e2e-wink.json');
const key = (store, c) => (store === 'graph' ? `${c.subject.name}|${c.predicate}|${c.object.name}` : store === 'semantic' ? `${c.name}::${c.text}` : store === 'core' ? `${c.key}::${c.text}` : c.text);
const stats = {}; let sameMsgs = 0; const examples = {};
for (let i = 0; i < a.length; i++) {
  let same = true;
  for (const store of Object.keys(a[i].drafted)) {
    const s = (stats[store] ??= { compromise: 0, wink: 0, identical: 0 });
    const ka = a[i].drafted[store].map((c) => key(store, c)), kb = b[i].drafted[store].map((c) => key(store, c));
    s.compromise += ka.length; s.wink += kb.length;
    const pool = [...kb]; for (const k of ka) { const j = pool.indexOf(k); if (j >= 0) { s.identical++; pool.splice(j, 1); } }
    if (ka.length !== kb.length || ka.some((k, j) => k !== kb[j])) {
      same = false;
      (examples[store] ??= []).push({ text: a[i].text.slice(0, 160), compromiseOnly: ka.filter((k) => !kb.includes(k)).map((x) => x.slice(0, 200)), winkOnly: kb.filter((k) => !ka.includes(k)).map((x) => x.slice(0, 200)) });
    }
  }
  if (same) sameMsgs++;
}
console.log(`messages with identical drafts in every store: ${sameMsgs}/${a.length}`);
console.log('| store | compromise candidates | wink candidates | identical |'); console.log('|---|---|---|---|');
for (const [k, s] of Object.entries(stats)) console.log(`| ${k} | ${s.compromise} | ${s.wink} | ${s.identical} |`);
require('fs').writeFileSync('e2e-diff-examples.json', JSON.stringify(examples, null, 1));
for (const [k, v] of Object.entries(examples)) console.log(k, 'differing messages:', v.length);
