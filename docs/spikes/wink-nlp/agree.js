// Agreement between compromise (the reference Engram uses) and wink-nlp on the 788 dev turns:
// offsets rebuild, sentence boundaries, token alignment by character offsets, and per-tag agreement of compromise
// tags Engram reads (usage: node agree.js [fixim])
// against a UPOS mapping (direct) or a derivation from wink's pos/normal/lemma/entities (derived).
const texts = require('./data.js');
const cnlp = require('compromise');
const { parse } = require('./wink-parse.js');
const fs = require('fs');

// compromise's own lexicon (word -> tag), as a name/place list a wink pipeline could ship as JSON
const LEX = cnlp.world().model.one.lexicon;
const lexHas = (w, re) => { const t = LEX[w.normal]; return t !== undefined && (Array.isArray(t) ? t : [t]).some((x) => re.test(x)); };
const MODALS = new Set(['can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must']);
const BE_PRESENT = new Set(['am', 'is', 'are', "'s", "'m", "'re", 'be']);
const POSSESSIVE_PRON = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their', 'mine', 'yours', 'hers', 'ours', 'theirs']);
const alnum = /[\p{L}\p{N}]/u;
const firstAlnum = (text, i) => { while (i < text.length && !alnum.test(text[i])) i++; return i; };

const is = (w, ...p) => p.includes(w.pos);
const isPast = (w) => is(w, 'VERB', 'AUX') && w.lemma !== w.normal && !/ing$/.test(w.normal) && !BE_PRESENT.has(w.normal) && !(/s$/.test(w.normal) && (w.normal === w.lemma + 's' || w.normal === w.lemma + 'es' || w.normal === 'has' || w.normal === 'does'));
const prevContent = (ws, i) => { let j = i - 1; while (j >= 0 && (ws[j].pos === 'ADV' || ws[j].pos === 'PART' && ws[j].normal === 'not')) j--; return ws[j]; };
// predicates on wink token i of tokens ws; ent[i] = entity type covering token i or undefined; group = wink tokens of the compromise term
const MAP = {
  Noun: { kind: 'direct', f: (w) => is(w, 'NOUN', 'PROPN', 'PRON') },
  Pronoun: { kind: 'direct', f: (w) => is(w, 'PRON') },
  ProperNoun: { kind: 'direct', f: (w) => is(w, 'PROPN') },
  Verb: { kind: 'direct', f: (w) => is(w, 'VERB', 'AUX') },
  Adjective: { kind: 'direct', f: (w) => is(w, 'ADJ') },
  Adverb: { kind: 'direct', f: (w) => is(w, 'ADV') },
  Determiner: { kind: 'direct', f: (w) => is(w, 'DET') },
  Conjunction: { kind: 'direct', f: (w) => is(w, 'CCONJ', 'SCONJ') },
  Preposition: { kind: 'direct', f: (w) => is(w, 'ADP') },
  Value: { kind: 'direct', f: (w) => is(w, 'NUM') },
  Auxiliary: { kind: 'direct', f: (w) => is(w, 'AUX') },
  Expression: { kind: 'direct', f: (w) => is(w, 'INTJ') },
  Copula: { kind: 'derived: lemma be', f: (w) => is(w, 'AUX', 'VERB') && w.lemma === 'be' },
  Modal: { kind: 'derived: AUX + modal list', f: (w) => is(w, 'AUX') && MODALS.has(w.normal) },
  Person: { kind: 'proxy: PROPN', f: (w) => is(w, 'PROPN') },
  FirstName: { kind: 'proxy: PROPN', f: (w) => is(w, 'PROPN') },
  Place: { kind: 'proxy: PROPN', f: (w) => is(w, 'PROPN') },
  Organization: { kind: 'proxy: PROPN', f: (w) => is(w, 'PROPN') },
  'Person (lex)': { tag: 'Person', kind: 'derived: PROPN + compromise name lexicon', f: (w) => is(w, 'PROPN') && lexHas(w, /^(FirstName|MaleName|FemaleName|Person|LastName)$/) },
  'Place (lex)': { tag: 'Place', kind: 'derived: PROPN + compromise place lexicon', f: (w) => is(w, 'PROPN') && lexHas(w, /^(Place|City|Country|Region)$/) },
  'Organization (lex)': { tag: 'Organization', kind: 'derived: PROPN + compromise org lexicon', f: (w) => is(w, 'PROPN') && lexHas(w, /^Organization$/) },
  Date: { kind: 'derived: in DATE/TIME/DURATION entity', f: (w, ws, i, ent) => ['DATE', 'TIME', 'DURATION'].includes(ent[i]) },
  Possessive: { kind: "derived: poss. pronoun or +'s", f: (w, ws, i, ent, group) => (is(w, 'PRON') && POSSESSIVE_PRON.has(w.normal)) || group.some((g) => g.pos === 'PART' && g.normal === "'s") },
  Plural: { kind: 'derived: NOUN, lemma != normal', f: (w) => is(w, 'NOUN') && w.lemma !== w.normal },
  Negative: { kind: 'derived: not/never/no', f: (w) => ['not', 'never', "n't"].includes(w.normal) },
  Gerund: { kind: 'derived: VERB/AUX -ing', f: (w) => is(w, 'VERB', 'AUX') && /ing$/.test(w.normal) },
  PastTense: { kind: 'derived: VERB/AUX inflected, not -ing/-s', f: (w) => isPast(w) },
  Participle: { kind: 'derived: past form after have/be', f: (w, ws, i) => isPast(w) && ['have', 'be'].includes(prevContent(ws, i)?.lemma) },
  PresentTense: { kind: 'derived: VERB/AUX not past', f: (w) => is(w, 'VERB', 'AUX') && !isPast(w) },
  Infinitive: { kind: 'derived: VERB base form (normal = lemma)', f: (w) => is(w, 'VERB', 'AUX') && w.normal === w.lemma },
  Imperative: { kind: 'derived: sentence-first VERB base form', f: (w, ws, i) => is(w, 'VERB') && w.normal === w.lemma && w.sentenceStart },
  Particle: { kind: 'derived: ADP/ADV right after VERB', f: (w, ws, i) => is(w, 'ADP', 'ADV') && i > 0 && is(ws[i - 1], 'VERB') },
  Acronym: { kind: 'derived: all-caps word', f: (w) => /^[A-Z]{2,}s?$/.test(w.text) },
};
const COARSE_C = [['Pronoun', 'PRON'], ['ProperNoun', 'PROPN'], ['Noun', 'NOUN'], ['Copula', 'AUX'], ['Modal', 'AUX'], ['Auxiliary', 'AUX'], ['Verb', 'VERB'], ['Adjective', 'ADJ'], ['Adverb', 'ADV'], ['Determiner', 'DET'], ['Conjunction', 'CONJ'], ['Preposition', 'ADP'], ['Value', 'NUM'], ['Expression', 'INTJ']];
const coarseC = (tags) => (COARSE_C.find(([t]) => tags.includes(t)) ?? [, 'OTHER'])[1];
const coarseW = (pos) => (pos === 'CCONJ' || pos === 'SCONJ' ? 'CONJ' : ['PRON', 'PROPN', 'NOUN', 'AUX', 'VERB', 'ADJ', 'ADV', 'DET', 'ADP', 'NUM', 'INTJ'].includes(pos) ? pos : 'OTHER');

const stat = {}; for (const t of Object.keys(MAP)) stat[t] = { c: 0, w: 0, both: 0, pairs: 0 };
let msgs = 0, rebuildOk = 0, sameCount = 0, sameBounds = 0, cTerms = 0, aligned1 = 0, alignedN = 0, unaligned = 0, coarseAgree = 0, coarseN = 0;
let contractions = 0, contrSplitSame = 0, contrImplicitSame = 0, winkUnsplit = {};
const confusion = {}, sentDiffs = [], examples = {}; for (const t of Object.keys(MAP)) examples[t] = { cOnly: {}, wOnly: {} };
const bump = (o, k) => (o[k] = (o[k] || 0) + 1);

for (const text of texts) {
  msgs++;
  const cj = cnlp(text).json({ offset: true, terms: { offset: true } });
  const w = parse(text, { fixIm: process.argv[2] === 'fixim' });
  if (w.rebuilt === text.length && w.tokens.every((t) => text.slice(t.start, t.end) === t.text)) rebuildOk++;
  // sentences
  const cb = cj.map((s) => firstAlnum(text, s.offset.start - (s.terms[0]?.pre.length ?? 0)));
  const wb = w.sentences.map((s) => firstAlnum(text, s.start));
  if (cb.length === wb.length) sameCount++;
  if (cb.length === wb.length && cb.every((b, i) => b === wb[i])) sameBounds++; else if (sentDiffs.length < 400) sentDiffs.push({ text, compromise: cj.map((s) => s.text), wink: w.sentences.map((s) => text.slice(s.start, s.end)) });
  // entity cover + sentence starts
  const ent = new Array(w.tokens.length);
  for (const e of w.entities) for (let i = e.first; i <= e.last; i++) ent[i] = e.type;
  for (const s of w.sentences) w.tokens[s.first].sentenceStart = true;
  const byStart = new Map(w.tokens.map((t, i) => [t.start, i]));
  // flatten compromise terms, grouping a visible term with the "" terms following it (contraction halves)
  const terms = cj.flatMap((s) => s.terms);
  for (let k = 0; k < terms.length; k++) {
    const t = terms[k];
    if (t.text === '') continue;
    cTerms++;
    const hidden = []; while (terms[k + 1 + hidden.length]?.text === '') hidden.push(terms[k + 1 + hidden.length]);
    const start = t.offset.start, end = start + t.offset.length;
    const i0 = byStart.get(start);
    let pairs = [];
    if (i0 === undefined) { unaligned++; continue; }
    let j = i0; while (j < w.tokens.length && w.tokens[j].end < end) j++;
    if (j >= w.tokens.length || w.tokens[j].end !== end) { unaligned++; continue; }
    const group = w.tokens.slice(i0, j + 1);
    if (group.length === 1) aligned1++; else alignedN++;
    if (hidden.length) {
      contractions++;
      if (group.length === 1 + hidden.length) { contrSplitSame++; if (hidden.every((h, x) => group[x + 1].normal === h.implicit)) contrImplicitSame++; }
      else bump(winkUnsplit, t.text.toLowerCase());
    }
    pairs.push([t, i0]);
    if (hidden.length && group.length === 1 + hidden.length) hidden.forEach((h, x) => pairs.push([h, i0 + 1 + x]));
    for (const [term, i] of pairs) {
      const wt = w.tokens[i];
      const cc = coarseC(term.tags), wc = coarseW(wt.pos); coarseN++; if (cc === wc) coarseAgree++; bump(confusion, cc + '->' + wc);
      for (const [tag, m] of Object.entries(MAP)) {
        const c = term.tags.includes(m.tag ?? tag), v = !!m.f(wt, w.tokens, i, ent, group);
        const s = stat[tag]; s.pairs++; if (c) s.c++; if (v) s.w++; if (c && v) s.both++;
        const label = (term.text || '(' + term.implicit + ')') + '/' + wt.pos;
        if (c && !v) bump(examples[tag].cOnly, label); if (v && !c) bump(examples[tag].wOnly, label);
      }
    }
  }
}
const pct = (a, b) => (b ? ((100 * a) / b).toFixed(1) : '-');
console.log(`messages ${msgs}; wink offsets rebuilt exactly ${rebuildOk}/${msgs}`);
console.log(`sentences: same count ${sameCount}/${msgs} (${pct(sameCount, msgs)}%), same boundaries ${sameBounds}/${msgs} (${pct(sameBounds, msgs)}%)`);
console.log(`compromise visible terms ${cTerms}: aligned 1:1 ${aligned1} (${pct(aligned1, cTerms)}%), 1:n ${alignedN} (${pct(alignedN, cTerms)}%), unaligned ${unaligned} (${pct(unaligned, cTerms)}%)`);
console.log(`contractions (compromise term + hidden halves) ${contractions}: wink split into same number of tokens ${contrSplitSame}, and wink normal == compromise implicit for every hidden half ${contrImplicitSame}`);
console.log('wink did not split:', JSON.stringify(Object.entries(winkUnsplit).sort((a, b) => b[1] - a[1]).slice(0, 15)));
console.log(`coarse single-label agreement ${coarseAgree}/${coarseN} (${pct(coarseAgree, coarseN)}%)`);
console.log('top coarse confusions:', JSON.stringify(Object.entries(confusion).filter(([k]) => k.split('->')[0] !== k.split('->')[1]).sort((a, b) => b[1] - a[1]).slice(0, 15)));
console.log('\n| compromise tag | wink mapping | compromise+ | wink+ | both | recall (both/compromise+) | precision (both/wink+) | F1 |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [tag, s] of Object.entries(stat)) {
  const r = s.c ? s.both / s.c : NaN, p = s.w ? s.both / s.w : NaN, f = (2 * s.both) / (s.c + s.w);
  console.log(`| ${tag} | ${MAP[tag].kind} | ${s.c} | ${s.w} | ${s.both} | ${pct(s.both, s.c)}% | ${pct(s.both, s.w)}% | ${(100 * f).toFixed(1)} |`);
}
const top = (o) => Object.entries(o).sort((a, b) => b[1] - a[1]).slice(0, 10).map(([k, v]) => `${k}×${v}`).join(', ');
const ex = Object.entries(examples).map(([t, e]) => `${t}\n  compromise-only: ${top(e.cOnly)}\n  wink-only: ${top(e.wOnly)}`).join('\n');
fs.writeFileSync(process.argv[2] === 'fixim' ? 'disagreements-fixim.txt' : 'disagreements.txt', ex + '\n');
fs.writeFileSync('sentence-diffs.json', JSON.stringify(sentDiffs, null, 1));
