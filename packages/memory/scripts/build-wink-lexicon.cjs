#!/usr/bin/env node
// Builds src/ingest/offline/wink-lexicon.json, the word lists the wink-nlp adapter (wink-adapter.cjs) adds to
// wink-eng-lite-web-model's tags, all read from compromise's model so the offline parse keeps compromise's knowledge
// without loading compromise in the parse worker:
//   names      word -> 1 first name, 2 other person name, 3 place, 4 organization (compromise's lexicon: the lite
//              model has no named entities, and compromise tagged these words Person / Place / Organization);
//   orgWords   compromise's organization suffix words ("labs", "university", "inc"): a proper noun before one is an
//              organization (compromise's 3rd-pass org-word rule);
//   pastTense  -t past tenses ("learnt", "spelt", "knelt") -> infinitive: wink-eng-lite-web-model tags most of them as
//              nouns or adjectives, compromise tagged them PastTense after a subject.
// Run: `node packages/memory/scripts/build-wink-lexicon.cjs` (writes the file); test/wink-lexicon.test.ts checks that the
// committed file is what this gives with the installed compromise, so a compromise upgrade cannot drift silently.
"use strict";
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");

const OUT = join(__dirname, "../src/ingest/offline/wink-lexicon.json");

/** compromise/two (its tagger, no method plugins), whichever way the loader hands the module back. */
function loadCompromise() {
  const loaded = require("compromise/two");
  return typeof loaded === "function" ? loaded : loaded.default;
}

/** The kind of a name in compromise's lexicon tags, or undefined when the word is no name. */
function nameKind(tags) {
  if (tags.some((tag) => tag === "FirstName" || tag === "MaleName" || tag === "FemaleName")) return 1;
  if (tags.some((tag) => tag === "Person" || tag === "LastName")) return 2;
  if (tags.some((tag) => tag === "Place" || tag === "City" || tag === "Country" || tag === "Region")) return 3;
  if (tags.includes("Organization")) return 4;
  return undefined;
}

/**
 * English -t pasts of `infinitive` (learn -> learnt, spell -> spelt, kneel -> knelt, leap -> leapt): the regular
 * spellings of the closed class of verbs with a -t past beside -ed (a long vowel or "r" before l/m/n/p, or -ell/-ill).
 */
function tPasts(infinitive) {
  const out = [];
  if (/(?:ea|oi|r)[lmnp]$/.test(infinitive)) out.push(`${infinitive}t`);
  if (/[ei]ll$/.test(infinitive)) out.push(`${infinitive.slice(0, -1)}t`);
  if (/ee[lp]$/.test(infinitive)) out.push(`${infinitive.slice(0, -3)}e${infinitive.slice(-1)}t`);
  return out;
}

const NOUN_TAGS = new Set(["Noun", "Singular", "Plural", "Uncountable"]);

/** The lexicon object written to wink-lexicon.json, from `compromise` (compromise/two). */
function buildWinkLexicon(compromise = loadCompromise()) {
  const world = compromise.world();
  const lexicon = world.model.one.lexicon;
  const names = {};
  const pastTense = {};
  for (const [word, tag] of Object.entries(lexicon)) {
    const tags = Array.isArray(tag) ? tag : [tag];
    const kind = nameKind(tags);
    if (kind !== undefined) names[word] = kind;
    // Stems: verbs, and the nouns that are verbs too ("spell", "burn", "leap" are Singular in the lexicon).
    if (!(tags.includes("Infinitive") || tags.includes("Singular")) || !/^[a-z]+$/.test(word)) continue;
    for (const past of tPasts(word)) {
      // A word compromise's lexicon knows as a noun is not taken for a past.
      const known = lexicon[past];
      if (known !== undefined && (Array.isArray(known) ? known : [known]).some((t) => NOUN_TAGS.has(t))) continue;
      // Only the forms compromise itself tagged a past tense after "I", as the offline parse had them.
      const term = compromise(`I ${past} it.`).json()[0].terms[1];
      if (term.tags.includes("Verb") && term.tags.includes("PastTense")) pastTense[past] = word;
    }
  }
  const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    compromise: compromise.version,
    names: sorted(names),
    orgWords: Object.keys(world.model.two.orgWords).filter((word) => world.model.two.orgWords[word] === true).sort(),
    pastTense: sorted(pastTense),
  };
}

/** The file's text: two-space JSON with a final newline. */
function serialize(lexiconObject) {
  return `${JSON.stringify(lexiconObject, null, 2)}\n`;
}

if (require.main === module) {
  const built = buildWinkLexicon();
  writeFileSync(OUT, serialize(built));
  console.log(`wrote ${OUT}: ${Object.keys(built.names).length} names, ${built.orgWords.length} org words, ${Object.keys(built.pastTense).length} -t pasts`);
}

module.exports = { buildWinkLexicon, serialize, OUT };
