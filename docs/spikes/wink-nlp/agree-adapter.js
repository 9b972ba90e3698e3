// Field-by-field agreement of adapter.js output with compromise's .json() on terms with identical offsets
// (visible terms) and on the "" halves that follow them: pre, post, normal, implicit, and the set of Engram-read tags.
const texts = require('./data.js');
const cnlp = require('compromise');
const { toCompromiseJson } = require('./adapter.js');
const READ = ['Noun', 'Pronoun', 'Verb', 'Adjective', 'Gerund', 'Person', 'Infinitive', 'PastTense', 'Place', 'ProperNoun', 'Determiner', 'Date', 'Value', 'Possessive', 'FirstName', 'Organization', 'Auxiliary', 'Modal', 'Copula', 'PresentTense', 'Preposition', 'Adverb', 'Participle', 'Conjunction', 'Negative', 'Plural', 'Expression', 'Imperative', 'Particle', 'Acronym'];
let n = 0, same = { pre: 0, post: 0, normal: 0, implicit: 0, tags: 0 }, cTerms = 0, hidden = 0, hiddenSame = 0, sentTermCountSame = 0, msgs = 0;
const postDiff = {};
for (const text of texts) {
  const c = cnlp(text).json({ offset: true, terms: { offset: true } }), a = toCompromiseJson(text);
  msgs++;
  if (c.length === a.length && c.every((s, i) => s.terms.length === a[i].terms.length)) sentTermCountSame++;
  const at = new Map(a.flatMap((s) => s.terms).map((t, i, all) => [t.offset.start + ':' + t.offset.length + ':' + (t.text === ''), [t, all[i + 1]]]));
  const cts = c.flatMap((s) => s.terms);
  cts.forEach((t, k) => {
    if (t.text === '') return;
    cTerms++;
    const hit = at.get(t.offset.start + ':' + t.offset.length + ':false');
    if (!hit) return;
    const [u, next] = hit; n++;
    if (u.pre === t.pre) same.pre++;
    if (u.post === t.post) same.post++; else { const k2 = JSON.stringify(t.post) + '→' + JSON.stringify(u.post); postDiff[k2] = (postDiff[k2] || 0) + 1; }
    if (u.normal === t.normal) same.normal++;
    if ((u.implicit ?? '') === (t.implicit ?? '')) same.implicit++;
    const ct = READ.filter((x) => t.tags.includes(x)).join(), ut = READ.filter((x) => u.tags.includes(x)).join();
    if (ct === ut) same.tags++;
    if (cts[k + 1]?.text === '') { hidden++; if (next && next.text === '' && next.implicit === cts[k + 1].implicit) hiddenSame++; }
  });
}
const pct = (a, b) => ((100 * a) / b).toFixed(1) + '%';
console.log(`messages ${msgs}; same sentence count and same term count per sentence: ${sentTermCountSame} (${pct(sentTermCountSame, msgs)})`);
console.log(`visible compromise terms ${cTerms}; adapter term with the same offsets ${n} (${pct(n, cTerms)})`);
for (const [k, v] of Object.entries(same)) console.log(`  same ${k}: ${v} (${pct(v, n)})`);
console.log(`  hidden contraction halves after matched terms ${hidden}; adapter has a "" half with the same implicit ${hiddenSame} (${pct(hiddenSame, hidden)})`);
console.log('top post differences (compromise→adapter):', JSON.stringify(Object.entries(postDiff).sort((x, y) => y[1] - x[1]).slice(0, 8)));
