// The offline policy's tagger: wink-nlp (https://winkjs.org/wink-nlp/, with wink-eng-lite-web-model) answering the one
// call the offline parse made of compromise, `nlp(text).json({ offset: true, terms: { offset: true } })`, in the same
// shape (CompromiseSentenceJson in sentences.ts): sentences with offsets, terms with text, pre, post, normal, implicit,
// tags, offset. wink tags the dev set's 788 turns in about a sixth of compromise's CPU (142-167 ms against 844-919 ms,
// docs/spikes/wink-nlp/s13-product) with the same bench quality; its tags (Universal POS) are mapped to compromise's,
// and what the lite model lacks (named entities, organizations) is added from wink-lexicon.json, lists read from
// compromise's model by scripts/build-wink-lexicon.cjs (the -t pasts are a hand-written list below). Plain CommonJS: the parse worker requires it without the
// TypeScript loader of the main thread, and the main thread's fallback requires the same file (identical parses).
"use strict";
const winkNLP = require("wink-nlp");
const model = require("wink-eng-lite-web-model");
const LEXICON = require("./wink-lexicon.json");
const nlp = winkNLP(model);
const its = nlp.its;

// Names (word or words -> the tags of its kind, LEXICON.nameKinds: first name, other person name, place, organization):
// compromise's lexicon words it tagged Person / Place / Organization; the lite model has no entities beyond dates,
// times, numbers. One-word names are looked up per token; names of several words ("abu dhabi", "los angeles",
// "barack obama", 410 of the 5,977) over consecutive terms, longest first (MULTI_NAMES: first word -> candidates).
const [, PERSON, PLACE] = LEXICON.nameKinds;
const NAME_LEX = new Map();
const MULTI_NAMES = new Map();
for (const [name, kind] of Object.entries(LEXICON.names)) {
  const words = name.split(" ");
  if (words.length === 1) NAME_LEX.set(name, LEXICON.nameKinds[kind]);
  else {
    if (!MULTI_NAMES.has(words[0])) MULTI_NAMES.set(words[0], []);
    MULTI_NAMES.get(words[0]).push({ words, tags: LEXICON.nameKinds[kind] });
  }
}
for (const candidates of MULTI_NAMES.values()) candidates.sort((a, b) => b.words.length - a.words.length);
// compromise's organization suffix words ("labs", "university", "inc").
const ORG_WORDS = new Set(LEXICON.orgWords);
// -t pasts -> infinitive. Hand-written (a closed class, not generated): the -t pasts that wink-eng-lite-web-model
// 1.8.1 tags as nouns or adjectives after a subject (learnt, spelt, knelt, dwelt, spilt, spoilt, leant, earnt: checked
// with "I ___ it last week." and "She ___ it.") and those it gets right there but is not sure of elsewhere; compromise
// 14.17 tags all of them PastTense after "I" except "leant" (which it reads as an infinitive). Not "bent" (compromise and
// wink both read an adjective).
const T_PASTS = new Map(Object.entries({
  burnt: "burn", crept: "creep", dealt: "deal", dreamt: "dream", dwelt: "dwell", earnt: "earn", felt: "feel",
  kept: "keep", knelt: "kneel", leant: "lean", leapt: "leap", learnt: "learn", meant: "mean", slept: "sleep",
  smelt: "smell", spelt: "spell", spilt: "spill", spoilt: "spoil", swept: "sweep", wept: "weep",
}));

// wink-eng-lite-web-model 1.8.1 leaves "I'm" unsplit and tags it PROPN: "I'm" is rewritten "I am" before parsing and
// offsets are mapped back, so "I" covers "I" and "am" covers "'m" (like wink's own "it" + "'s").
const IM = /\b([Ii])['’]([Mm])\b/g;
function rewriteIm(text) {
  if (!IM.test(text)) return null;
  IM.lastIndex = 0;
  let out = "";
  let from = 0;
  const orig = [];
  for (const m of text.matchAll(IM)) {
    for (let i = from; i < m.index; i++) orig.push(i);
    out += `${text.slice(from, m.index)}${m[1]} a${m[2]}`;
    orig.push(m.index, m.index + 1, m.index + 1, m.index + 2);
    from = m.index + 3;
  }
  for (let i = from; i <= text.length; i++) orig.push(i);
  out += text.slice(from);
  return { text: out, orig };
}

// wink's tokens with character offsets rebuilt from precedingSpaces + value, its sentences and entities.
function parse(text) {
  const rw = rewriteIm(text);
  const doc = nlp.readDoc(rw ? rw.text : text);
  const tokens = doc.tokens();
  const value = tokens.out(its.value);
  const pos = tokens.out(its.pos);
  const normal = tokens.out(its.normal);
  const spaces = tokens.out(its.precedingSpaces);
  const type = tokens.out(its.type);
  const contr = tokens.out(its.contractionFlag);
  const lem = tokens.out(its.lemma);
  const out = new Array(value.length);
  let at = 0;
  for (let i = 0; i < value.length; i++) {
    at += spaces[i].length;
    out[i] = { text: value[i], pos: pos[i], normal: normal[i], lemma: lem[i], type: type[i], contraction: contr[i], start: at, end: at + value[i].length };
    at += value[i].length;
  }
  if (rw) {
    for (const t of out) {
      t.start = rw.orig[t.start];
      t.end = rw.orig[t.end];
      t.text = text.slice(t.start, t.end);
    }
  }
  for (const t of out) {
    // wink lemmatizes a capitalized "Been" (a sentence's first word) to itself, which reads as a present infinitive
    // ("Been having some tough times lately" then looks like an instruction): its lemma is "be", as lowercase.
    if (t.normal === "been" && (t.pos === "AUX" || t.pos === "VERB")) t.lemma = "be";
  }
  retagTPasts(out);
  readContractedHave(out);
  const sentences = doc
    .sentences()
    .out(its.span)
    .filter(([a, b]) => a <= b && out[a] && out[b])
    .map(([a, b]) => ({ start: out[a].start, end: out[b].end, first: a, last: b }));
  const details = doc.entities().out(its.detail);
  const spans = doc.entities().out(its.span);
  const entities = details.map((d, i) => ({ type: d.type, first: spans[i][0], last: spans[i][1] }));
  return { tokens: out, sentences, entities };
}

const SUBJECT_PRONOUNS = new Set(["i", "you", "we", "they", "he", "she", "it"]);

/**
 * A -t past ("learnt", "spelt", "knelt", "burnt") that wink tags other than a verb, right after its subject (a subject
 * pronoun, a name or a noun; adverbs between are skipped: "I never learnt") or after "have" ("I have learnt"), is a
 * verb: compromise's neighbour rule tagged a word after "I" a verb and guessed its tense from the ending, and the
 * drafts rewrite "I learnt" for the speaker ("Ada learnt"), which needs the verb. Elsewhere ("burnt toast", "the
 * spelt flour") wink's noun or adjective stands. Sets `pos` and `lemma` in place.
 */
function retagTPasts(tokens) {
  for (let i = 1; i < tokens.length; i++) {
    const w = tokens[i];
    const infinitive = T_PASTS.get(w.normal);
    if (infinitive === undefined || w.pos === "VERB" || w.pos === "AUX") continue;
    let j = i - 1;
    while (j > 0 && (tokens[j].pos === "ADV" || tokens[j].normal === "not")) j--;
    const before = tokens[j];
    const subject = (before.pos === "PRON" && SUBJECT_PRONOUNS.has(before.normal)) || before.pos === "PROPN" || before.pos === "NOUN";
    if (!subject && !(before.pos === "AUX" && before.lemma === "have")) continue;
    w.pos = "VERB";
    w.lemma = infinitive;
  }
}

const ADVERB_OR_NOT = (w) => w.pos === "ADV" || w.normal === "not" || w.normal === "never";

/**
 * The "'d" of "I'd" and the "'s" of "she's" hide "had" / "has" before a past participle ("I'd finished the book",
 * "I'd already seen it", "She's been busy", "She's gone"), and "would" / "is" elsewhere ("I'd go", "She's here"):
 * wink's `normal` is always "would" / "is", compromise reads the next verb (adverbs and "not" skipped) as done here
 * ("I'd better go" is "had" too, as compromise has it). Sets `normal` "had" / "has", `lemma` "have" and marks the
 * token `contractedHave` (tagged Verb, Auxiliary as compromise does), so the participle after it is tagged Participle.
 */
function readContractedHave(tokens) {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const w = tokens[i];
    const d = /^['’]d$/i.test(w.text) && w.normal === "would";
    const s = /^['’]s$/i.test(w.text) && w.normal === "is";
    if (!d && !s) continue;
    let k = i + 1;
    while (k < tokens.length && ADVERB_OR_NOT(tokens[k]) && tokens[k].normal !== "better") k++;
    const next = tokens[k];
    if (!next) continue;
    const participle = next.normal === "been" || (isVerb(next) && isPast(next)) || (d && next.normal === "better");
    if (!participle) continue;
    w.normal = d ? "had" : "has";
    w.lemma = "have";
    w.pos = "AUX";
    w.contractedHave = true;
  }
}

// compromise's lexicon keys drop accents ("tomas" for "Tomás").
const lexKey = (normal) => normal.normalize("NFD").replace(/\p{M}/gu, "");
const nameTags = (w) => NAME_LEX.get(w.normal) ?? NAME_LEX.get(lexKey(w.normal));
// "to Austin", "in Sydney", "from Jordan": a name compromise's lexicon has as a person but not a first name is a place
// after these (compromise's rule); a first name stays a person ("to Caroline").
const PLACE_BEFORE = new Set(["to", "in", "from"]);
function nameTagsAt(w, ws, i) {
  const tags = nameTags(w);
  return tags === PERSON && PLACE_BEFORE.has(ws[i - 1]?.normal) ? PLACE : tags;
}

const MODALS = new Set(["can", "could", "will", "would", "shall", "should", "may", "might", "must"]);
const BE_PRESENT = new Set(["am", "is", "are", "'s", "'m", "'re", "be"]);
const POSS = new Set(["my", "your", "his", "her", "its", "our", "their", "mine", "yours", "hers", "ours", "theirs"]);
const SUBORDINATING_WH = new Set(["when", "where"]);
// What a clause's subject starts with (a question's "when" is followed by its verb instead: "When is it?").
const CLAUSE_START = new Set(["PRON", "PROPN", "NOUN", "DET", "NUM", "ADJ"]);
const OPENING = /^[“"‘'([{¿¡]+$/;
const isVerb = (w) => w.pos === "VERB" || w.pos === "AUX";
const isPast = (w) =>
  isVerb(w) &&
  w.lemma !== w.normal &&
  !/ing$/.test(w.normal) &&
  !BE_PRESENT.has(w.normal) &&
  !(/s$/.test(w.normal) && (w.normal === `${w.lemma}s` || w.normal === `${w.lemma}es` || w.normal === "has" || w.normal === "does"));

function tagsOf(w, ws, i, ent) {
  if (w.contractedHave) return ["Verb", "Auxiliary"];
  const t = [];
  switch (w.pos) {
    case "PRON":
      t.push("Noun", "Pronoun");
      if (POSS.has(w.normal)) t.push("Possessive");
      break;
    case "PROPN":
      // wink tags a capitalized sentence-first common word PROPN ("Dance is my passion", "Glad you came"): such a word
      // not in the name lexicon, and not followed by another proper noun, is a plain noun.
      if (w.sentenceStart && !nameTags(w) && ws[i + 1]?.pos !== "PROPN") {
        t.push("Noun");
        break;
      }
      t.push("Noun", "ProperNoun", ...(nameTagsAt(w, ws, i) ?? []));
      break;
    case "NOUN":
      t.push("Noun", w.lemma !== w.normal ? "Plural" : "Singular");
      break;
    case "ADJ":
      t.push("Adjective");
      break;
    case "ADV":
      // "when" / "where" opening a clause ("Started when I was young", "I remember where we met") subordinate it:
      // compromise tags them Conjunction and Preposition (the drafts read "Preposition" after a verb, first-person.ts);
      // wink's Universal POS keeps the wh-adverb ADV.
      if (SUBORDINATING_WH.has(w.normal) && ws[i + 1] && CLAUSE_START.has(ws[i + 1].pos)) t.push("Conjunction", "Preposition");
      else t.push("Adverb");
      break;
    case "DET":
      t.push("Determiner");
      break;
    case "CCONJ":
    case "SCONJ":
      t.push("Conjunction");
      break;
    case "ADP":
      t.push("Preposition");
      break;
    case "NUM":
      t.push("Value");
      break;
    case "INTJ":
      t.push("Expression");
      break;
    case "PART":
      if (w.normal === "not") t.push("Negative");
      break;
    case "VERB":
    case "AUX": {
      t.push("Verb");
      if (w.lemma === "be") t.push("Copula");
      if (MODALS.has(w.normal)) t.push("Modal", "Auxiliary");
      else if (w.pos === "AUX" && w.lemma !== "be") t.push("Auxiliary");
      if (/ing$/.test(w.normal)) t.push("PresentTense", "Gerund");
      else if (isPast(w)) {
        t.push("PastTense");
        let j = i - 1;
        while (j >= 0 && (ws[j].pos === "ADV" || ws[j].normal === "not")) j--;
        if (j >= 0 && (ws[j].lemma === "have" || ws[j].lemma === "be")) t.push("Participle");
      } else {
        t.push("PresentTense");
        if (w.normal === w.lemma) t.push("Infinitive");
        if (w.sentenceStart && w.pos === "VERB" && w.normal === w.lemma) t.push("Imperative");
      }
    }
  }
  if (w.normal === "never") t.push("Negative");
  if (ent[i] === "DATE" || ent[i] === "TIME" || ent[i] === "DURATION") t.push("Date");
  if (/^[A-Z]{2,}s?$/.test(w.text)) t.push("Acronym");
  return t;
}

// Tokens that are only whitespace (wink's "\n" tokens): no term, part of the gap between terms.
const isSpace = (tok) => tok.type === "tabCRLF" || /^\s+$/.test(tok.text);
// An emoji, or what wink cuts off one as its own token (the variation selector of "❤️", a joiner, a skin tone).
const EMOJI_PART = /^(?:\u{FE0E}|\u{FE0F}|\u{200D}|[\u{1F3FB}-\u{1F3FF}])+$/u;
const isEmoji = (tok) => tok.type === "emoji" || EMOJI_PART.test(tok.text);
// Punctuation (and an emoji glued to a word, which compromise keeps in the word's post: "it❤️", "great!🌟") rather than a word.
const isPunct = (tok) => tok.type === "punctuation" || isEmoji(tok);
// Punctuation inside a chunk without spaces that compromise leaves inside one term: "q1.pdf", "scripts/deploy.sh".
const GLUE = /^[./:@_\-~#+=&%\\|]+$/;

// wink's sentences as token ranges, cut at newlines (compromise starts a sentence on each line) and joined where
// wink cut with no space between ("quarterly-report-q1." + "pdf", "./" + "scripts/deploy." + "sh", "doing!" + "🌟").
function sentenceRanges(ws, sentences) {
  const ranges = [];
  for (const s of sentences) {
    let first = -1;
    for (let i = s.first; i <= s.last + 1; i++) {
      const end = i > s.last || (isSpace(ws[i]) && ws[i].text.includes("\n"));
      if (end) {
        if (first >= 0) {
          let last = i - 1;
          while (last > first && isSpace(ws[last])) last--;
          ranges.push({ first, last });
        }
        first = -1;
      } else if (first < 0 && !isSpace(ws[i])) first = i;
    }
  }
  const merged = [];
  for (const r of ranges) {
    const prev = merged[merged.length - 1];
    // no space between the two, or the first is only a list number ("1." + "Run pnpm test ...", same line)
    const listNumber = prev && r.first === prev.last + 1 && ws[prev.first].type === "number" && prev.last === prev.first + 1 && /^[.)]$/.test(ws[prev.last].text);
    if (prev && (ws[prev.last].end === ws[r.first].start || listNumber)) prev.last = r.last;
    else merged.push({ ...r });
  }
  return merged.map((r) => ({ ...r, start: ws[r.first].start, end: ws[r.last].end }));
}

const isTitleCase = (text) => /^\p{Lu}[\p{Ll}'’]/u.test(text);

/** compromise's test for a word that may be part of an organization's name (its 3rd-pass org-word rule, `isOrg`). */
function isOrgLike(term, index) {
  if (term.tags.includes("FirstName") || term.tags.includes("Place")) return false;
  if (term.tags.includes("ProperNoun") || term.tags.includes("Organization") || term.tags.includes("Acronym")) return true;
  if (!isTitleCase(term.text)) return false;
  return index > 0 || term.tags.includes("Singular");
}

/**
 * compromise's org-word rule: an organization suffix word ("Labs", "University", "Corp") after an org-like word makes
 * it and the org-like words before it an Organization ("Finch Labs", "Acme Corp", "Stanford University"); the graph
 * takes such a subject for a name (extract-triplets `isNamedSubject`). Tags `terms` in place.
 */
function tagOrganizations(terms) {
  for (let i = 1; i < terms.length; i++) {
    if (!ORG_WORDS.has(terms[i].normal) || !isOrgLike(terms[i - 1], i - 1)) continue;
    for (let t = i; t >= 0 && (t === i || isOrgLike(terms[t], t)); t--) {
      const tags = terms[t].tags;
      for (const tag of ["Noun", "ProperNoun", "Organization"]) if (!tags.includes(tag)) tags.push(tag);
    }
  }
}

const NAME_TAGS = new Set(["Person", "FirstName", "Place", "Organization"]);
const startsUpper = (text) => /^[\p{Lu}\d]/u.test(text);
// A term's normal as a lexicon word: no accents, no possessive ("Hong Kong's").
const nameWord = (term) => lexKey(term.normal).replace(/['’]s$/, "");

/**
 * Names of several words from the lexicon ("Abu Dhabi", "Los Angeles", "Barack Obama", "American Express") over
 * consecutive terms separated by spaces only, longest first, written as names are (first and last word capitalized:
 * "east side" or "the who" in lowercase chat are no names): each term gets the name's kind instead of its own word's
 * ("Abu" alone is a first name). Tags `terms` in place and marks them `_name`.
 */
function tagMultiWordNames(terms) {
  for (let a = 0; a < terms.length; a++) {
    if (!startsUpper(terms[a].text)) continue;
    const candidates = MULTI_NAMES.get(nameWord(terms[a]));
    if (!candidates) continue;
    const match = candidates.find(({ words }) => {
      const last = a + words.length - 1;
      if (last >= terms.length || !startsUpper(terms[last].text)) return false;
      for (let k = 0; k < words.length; k++) {
        const t = terms[a + k];
        if (t.text === "" || nameWord(t) !== words[k]) return false;
        if (k < words.length - 1 && !/^\s+$/.test(t.post)) return false;
      }
      return true;
    });
    if (!match) continue;
    for (let k = 0; k < match.words.length; k++) {
      const t = terms[a + k];
      t.tags = t.tags.filter((tag) => !NAME_TAGS.has(tag) && tag !== "Adjective" && tag !== "Verb");
      for (const tag of ["Noun", "ProperNoun", ...match.tags]) if (!t.tags.includes(tag)) t.tags.push(tag);
      t._name = true;
    }
    a += match.words.length - 1;
  }
}

/** compromise-shaped `.json({ offset: true, terms: { offset: true } })` of `text`, from wink. */
function toCompromiseJson(text) {
  const w = parse(text);
  const ws = w.tokens;
  const ent = new Array(ws.length);
  for (const e of w.entities) for (let i = e.first; i <= e.last; i++) ent[i] = e.type;
  const sentences = sentenceRanges(ws, w.sentences);
  for (const s of sentences) ws[s.first].sentenceStart = true;
  return sentences.map((s, si) => {
    const terms = [];
    let pendingPre = "";
    // the text's leading whitespace is the first term's pre; between sentences it is the previous one's last post
    let prevEnd = si === 0 ? 0 : s.start;
    for (let i = s.first; i <= s.last; i++) {
      const tok = ws[i];
      if (isSpace(tok)) continue;
      const gap = text.slice(prevEnd, tok.start);
      prevEnd = tok.end;
      const last = terms[terms.length - 1];
      const next = ws[i + 1];
      if (tok.text === "%" && gap === "" && last?.tags.includes("Value") && last._end === tok.start) {
        // "100%" is one term, a percent, as compromise has it (wink cuts the sign off): "I 100% agree" keeps its verb next.
        last.text += "%";
        last.normal += "%";
        last.offset.length += 1;
        last._end = tok.end;
        last.tags.push("Percent");
        continue;
      }
      if (isEmoji(tok) && (last?._emoji ? gap === "" && last._end === tok.start : !last || gap.length > 0)) {
        // an emoji standing apart ("Hi 👋 there", "🎉 So stoked", "😊😊") is a term of its own tagged Emoji, as compromise has it
        if (last?._emoji) {
          last.text += tok.text;
          last.normal += tok.text;
          last.offset.length += tok.text.length;
          last._end = tok.end;
          continue;
        }
        if (last) last.post += gap;
        else pendingPre += gap;
        terms.push({ text: tok.text, pre: pendingPre, post: "", normal: tok.text, implicit: null, tags: ["Emoji"], offset: { start: tok.start, length: tok.end - tok.start }, _end: tok.end, _head: terms.length, _emoji: true });
        pendingPre = "";
        continue;
      }
      if (isPunct(tok)) {
        // punctuation opening a chunk ("./scripts", "(the") is the next word's pre, as compromise has it
        const gluedToNextToken = i < s.last && next && next.start === tok.end && !isSpace(next);
        if (pendingPre !== "" && gap === "") pendingPre += tok.text;
        else if ((OPENING.test(tok.text) || gluedToNextToken) && (!last || gap.length > 0)) {
          if (last) last.post += gap;
          pendingPre += (last ? "" : gap) + tok.text;
        }
        else if (last) last.post += gap + tok.text;
        else pendingPre += gap + tok.text;
        continue;
      }
      if ((tok.contraction || /^['’]/.test(tok.text)) && last && gap === "" && last._end === tok.start) {
        // second piece of a contraction: widen the visible term, add a hidden one
        const head = terms[last._head];
        const headNormal = head.normal;
        head.text = text.slice(head.offset.start, tok.end);
        head.normal = head.text.toLowerCase().replace(/’/g, "'");
        head.offset.length = tok.end - head.offset.start;
        if (tok.pos === "PART" && tok.normal === "'s") {
          head.tags.push("Possessive");
          last._end = tok.end;
          continue;
        }
        if (head.implicit == null) head.implicit = headNormal;
        terms.push({ text: "", pre: "", post: "", normal: "", implicit: tok.normal, tags: tagsOf(tok, ws, i, ent), offset: { start: tok.end, length: 0 }, _head: last._head, _end: tok.end });
        continue;
      }
      if (last && gap === "" && pendingPre === "" && last.implicit == null && GLUE.test(last.post) && last.offset.start + last.offset.length + last.post.length === tok.start) {
        // a word glued to the previous one by punctuation ("q1" "." "pdf"): one term, as compromise has it
        last.text = text.slice(last.offset.start, tok.end);
        last.normal = last.text.toLowerCase();
        last.post = "";
        last.offset.length = tok.end - last.offset.start;
        last._end = tok.end;
        continue;
      }
      if (last) last.post += gap;
      else pendingPre += gap;
      const term = { text: tok.text, pre: pendingPre, post: "", normal: tok.normal, implicit: null, tags: tagsOf(tok, ws, i, ent), offset: { start: tok.start, length: tok.end - tok.start }, _end: tok.end };
      pendingPre = "";
      term._head = terms.length;
      terms.push(term);
    }
    // the rest up to the next sentence (its punctuation and whitespace, newlines included) is the last term's post
    if (terms.length) terms[terms.length - 1].post += pendingPre + text.slice(prevEnd, sentences[si + 1]?.start ?? text.length);
    tagMultiWordNames(terms);
    tagOrganizations(terms);
    // a run of proper nouns with a known name in it is a person ("Amy Ellis Nutt", "Matt Patterson")
    // (a multi-word name from the lexicon keeps its own kind: "Abu Dhabi" is no person for "Abu")
    for (let a = 0; a < terms.length; a++) {
      if (!terms[a].tags.includes("ProperNoun") || terms[a].tags.includes("Organization") || terms[a]._name) continue;
      let b = a;
      while (b + 1 < terms.length && terms[b + 1].tags.includes("ProperNoun") && !terms[b + 1]._name && terms[b].post === " ") b++;
      if (b > a && terms.slice(a, b + 1).some((t) => t.tags.includes("Person"))) for (let c = a; c <= b; c++) if (!terms[c].tags.includes("Person")) terms[c].tags.push("Person");
      a = b;
    }
    for (const t of terms) {
      delete t._head;
      delete t._end;
      delete t._emoji;
      delete t._name;
    }
    const start = terms[0]?.offset.start ?? s.start;
    return { text: text.slice(s.start, s.end), offset: { start, length: s.end - start }, terms };
  });
}

module.exports = { toCompromiseJson };
