// A sketch of a wink -> compromise-shaped adapter: returns what Engram's toTokens() reads
// ({ text, offset, terms: [{ text, pre, post, normal, implicit, tags, offset }] } per sentence), with the tags Engram
// reads derived from wink's pos / normal / lemma / entities. Punctuation tokens go to the neighbouring word's pre/post;
// a contraction's pieces become one visible term plus "" terms, as compromise does.
const { parse } = require('./wink-parse.js');
// Names and places from compromise's lexicon (a real implementation would ship this list as JSON; here it is read
// from compromise at load time). Set ADAPTER_NO_LEX=1 to leave Person / Place / Organization out.
const NAME_LEX = new Map();
if (!process.env.ADAPTER_NO_LEX) {
  const lex = require('compromise').world().model.one.lexicon;
  for (const [word, tag] of Object.entries(lex)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    if (tags.some((t) => /^(FirstName|MaleName|FemaleName)$/.test(t))) NAME_LEX.set(word, ['Person', 'FirstName']);
    else if (tags.some((t) => /^(Person|LastName)$/.test(t))) NAME_LEX.set(word, ['Person']);
    else if (tags.some((t) => /^(Place|City|Country|Region)$/.test(t))) NAME_LEX.set(word, ['Place']);
    else if (tags.includes('Organization')) NAME_LEX.set(word, ['Organization']);
  }
}
const MODALS = new Set(['can', 'could', 'will', 'would', 'shall', 'should', 'may', 'might', 'must']);
const BE_PRESENT = new Set(['am', 'is', 'are', "'s", "'m", "'re", 'be']);
const POSS = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their', 'mine', 'yours', 'hers', 'ours', 'theirs']);
const OPENING = /^[“"‘'(\[{¿¡]+$/;
const isVerb = (w) => w.pos === 'VERB' || w.pos === 'AUX';
const isPast = (w) => isVerb(w) && w.lemma !== w.normal && !/ing$/.test(w.normal) && !BE_PRESENT.has(w.normal) && !(/s$/.test(w.normal) && (w.normal === w.lemma + 's' || w.normal === w.lemma + 'es' || w.normal === 'has' || w.normal === 'does'));
function tagsOf(w, ws, i, ent) {
  const t = [];
  switch (w.pos) {
    case 'PRON': t.push('Noun', 'Pronoun'); if (POSS.has(w.normal)) t.push('Possessive'); break;
    case 'PROPN':
      // wink tags a capitalized sentence-first common word PROPN ("Dance is my passion", "Glad you came"): with
      // ADAPTER_DEMOTE=1 such a word not in the name lexicon, and not followed by another proper noun, is a plain noun.
      if (process.env.ADAPTER_DEMOTE && w.sentenceStart && !NAME_LEX.has(w.normal) && ws[i + 1]?.pos !== 'PROPN') { t.push('Noun'); break; }
      t.push('Noun', 'ProperNoun', ...(NAME_LEX.get(w.normal) ?? [])); break;
    case 'NOUN': t.push('Noun', w.lemma !== w.normal ? 'Plural' : 'Singular'); break;
    case 'ADJ': t.push('Adjective'); break;
    case 'ADV': t.push('Adverb'); break;
    case 'DET': t.push('Determiner'); break;
    case 'CCONJ': case 'SCONJ': t.push('Conjunction'); break;
    case 'ADP': t.push('Preposition'); break;
    case 'NUM': t.push('Value'); break;
    case 'INTJ': t.push('Expression'); break;
    case 'PART': if (w.normal === 'not') t.push('Negative'); break;
    case 'VERB': case 'AUX': {
      t.push('Verb');
      if (w.lemma === 'be') t.push('Copula');
      if (MODALS.has(w.normal)) t.push('Modal', 'Auxiliary');
      else if (w.pos === 'AUX' && w.lemma !== 'be') t.push('Auxiliary');
      if (/ing$/.test(w.normal)) t.push('PresentTense', 'Gerund');
      else if (isPast(w)) { t.push('PastTense'); let j = i - 1; while (j >= 0 && (ws[j].pos === 'ADV' || ws[j].normal === 'not')) j--; if (j >= 0 && (ws[j].lemma === 'have' || ws[j].lemma === 'be')) t.push('Participle'); }
      else { t.push('PresentTense'); if (w.normal === w.lemma) t.push('Infinitive'); if (w.sentenceStart && w.pos === 'VERB' && w.normal === w.lemma) t.push('Imperative'); }
    }
  }
  if (w.normal === 'never') t.push('Negative');
  if (ent[i] === 'DATE' || ent[i] === 'TIME' || ent[i] === 'DURATION') t.push('Date');
  if (/^[A-Z]{2,}s?$/.test(w.text)) t.push('Acronym');
  return t;
}
function toCompromiseJson(text, opts = { fixIm: true }) {
  const w = parse(text, opts);
  const ws = w.tokens;
  const ent = new Array(ws.length);
  for (const e of w.entities) for (let i = e.first; i <= e.last; i++) ent[i] = e.type;
  for (const s of w.sentences) ws[s.first].sentenceStart = true;
  return w.sentences.map((s) => {
    const terms = [];
    let pendingPre = '';
    let prevEnd = s.start;
    for (let i = s.first; i <= s.last; i++) {
      const tok = ws[i];
      const gap = text.slice(prevEnd, tok.start);
      prevEnd = tok.end;
      const last = terms[terms.length - 1];
      if (tok.type === 'punctuation') {
        if (OPENING.test(tok.text) && (!last || gap.length > 0)) pendingPre += gap + tok.text;
        else if (last) last.post += gap + tok.text; else pendingPre += gap + tok.text;
        continue;
      }
      if ((tok.contraction || /^['’]/.test(tok.text)) && last && gap === '' && last._end === tok.start) {
        // second piece of a contraction: widen the visible term, add a hidden one
        const head = terms[last._head];
        if (head.implicit == null) head.implicit = head.normal;
        head.text = text.slice(head.offset.start, tok.end); head.normal = head.text.toLowerCase().replace(/’/g, "'"); head.offset.length = tok.end - head.offset.start;
        if (tok.pos === 'PART' && tok.normal === "'s") { head.tags.push('Possessive'); last._end = tok.end; continue; }
        terms.push({ text: '', pre: '', post: '', normal: '', implicit: tok.normal, tags: tagsOf(tok, ws, i, ent), offset: { start: tok.end, length: 0 }, _head: last._head, _end: tok.end });
        continue;
      }
      if (last) last.post += gap;
      const term = { text: tok.text, pre: pendingPre, post: '', normal: tok.normal, implicit: null, tags: tagsOf(tok, ws, i, ent), offset: { start: tok.start, length: tok.end - tok.start }, _end: tok.end };
      if (i === s.first || terms.length === 0) { /* sentence-leading gap belongs to the previous sentence */ }
      pendingPre = '';
      term._head = terms.length; terms.push(term);
    }
    if (terms.length) terms[terms.length - 1].post += text.slice(prevEnd, w.sentences[w.sentences.indexOf(s) + 1]?.start ?? text.length).replace(/^(\S*)\s+$/, '$1 ');
    // a run of proper nouns with a known name in it is a person ("Amy Ellis Nutt", "Matt Patterson")
    for (let a = 0; a < terms.length; a++) {
      if (!terms[a].tags.includes('ProperNoun')) continue;
      let b = a; while (b + 1 < terms.length && terms[b + 1].tags.includes('ProperNoun') && terms[b].post === ' ') b++;
      if (b > a && terms.slice(a, b + 1).some((t) => t.tags.includes('Person'))) for (let c = a; c <= b; c++) if (!terms[c].tags.includes('Person')) terms[c].tags.push('Person');
      a = b;
    }
    for (const t of terms) { delete t._head; delete t._end; }
    const start = terms[0]?.offset.start ?? s.start;
    return { text: text.slice(s.start, s.end), offset: { start, length: s.end - start }, terms };
  });
}
module.exports = { toCompromiseJson };
if (require.main === module) console.log(JSON.stringify(toCompromiseJson(process.argv[2] ?? "Hey Mel! I'm so glad you came. \"Caroline's\" kids can't wait, it's 5pm."), null, 0).replace(/\{"text"/g, '\n{"text"'));
