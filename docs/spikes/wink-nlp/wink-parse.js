// What Engram would need from wink per message: tokens (value, pos, normal, lemma, precedingSpaces, type,
// contractionFlag), character offsets rebuilt from precedingSpaces + value, sentence splits (token spans -> char
// offsets) and entities (type + token span).
const winkNLP = require('wink-nlp');
const model = require('wink-eng-lite-web-model');
const nlp = winkNLP(model);
const its = nlp.its;
// wink-eng-lite-web-model 1.8.1 leaves "I'm" unsplit and tags it PROPN: with fixIm, "I'm" is rewritten "I am"
// before parsing and offsets are mapped back, so "I" covers "I" and "am" covers "'m" (like wink's own "it" + "'s").
const IM = /\b([Ii])['’]([Mm])\b/g;
function rewriteIm(text) {
  if (!IM.test(text)) return null;
  IM.lastIndex = 0;
  let out = '', from = 0; const orig = [];
  for (const m of text.matchAll(IM)) {
    for (let i = from; i < m.index; i++) { orig.push(i); }
    out += text.slice(from, m.index) + m[1] + ' a' + m[2];
    orig.push(m.index, m.index + 1, m.index + 1, m.index + 2);
    from = m.index + 3;
  }
  for (let i = from; i <= text.length; i++) orig.push(i);
  out += text.slice(from);
  return { text: out, orig };
}
function parse(text, { lemma = true, fixIm = false } = {}) {
  const rw = fixIm ? rewriteIm(text) : null;
  const doc = nlp.readDoc(rw ? rw.text : text);
  const tokens = doc.tokens();
  const value = tokens.out(its.value), pos = tokens.out(its.pos), normal = tokens.out(its.normal);
  const spaces = tokens.out(its.precedingSpaces), type = tokens.out(its.type), contr = tokens.out(its.contractionFlag);
  const lem = lemma ? tokens.out(its.lemma) : null;
  const out = new Array(value.length);
  let at = 0;
  for (let i = 0; i < value.length; i++) {
    at += spaces[i].length;
    out[i] = { text: value[i], pos: pos[i], normal: normal[i], lemma: lem ? lem[i] : undefined, type: type[i], contraction: contr[i], start: at, end: at + value[i].length };
    at += value[i].length;
  }
  if (rw) { for (const t of out) { t.start = rw.orig[t.start]; t.end = rw.orig[t.end]; t.text = text.slice(t.start, t.end); } at = rw.orig[at]; }
  const sentences = doc.sentences().out(its.span).map(([a, b]) => ({ start: out[a].start, end: out[b].end, first: a, last: b }));
  const entities = doc.entities().out(its.detail).map((d, i) => d); // value + type
  const spans = doc.entities().out(its.span);
  for (let i = 0; i < entities.length; i++) entities[i] = { type: entities[i].type, first: spans[i][0], last: spans[i][1] };
  return { tokens: out, sentences, entities, rebuilt: at };
}
module.exports = { parse, nlp, its };
