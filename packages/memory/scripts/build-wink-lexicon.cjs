#!/usr/bin/env node
// Builds src/ingest/offline/wink-lexicon.json, the word lists the wink-nlp adapter (wink-adapter.cjs) adds to
// wink-eng-lite-web-model's tags, all read from compromise's model so the offline parse keeps compromise's knowledge
// without loading compromise in the parse worker:
//   nameKinds  the tags of each kind of name: first name (Person, FirstName), other person name (Person), place,
//              organization; the one table of them (the adapter reads it from here);
//   names      word or words ("abu dhabi", "barack obama") -> index in nameKinds (compromise's lexicon: the lite model
//              has no named entities, and compromise tagged these Person / Place / Organization);
//   orgWords   compromise's organization suffix words ("labs", "university", "inc"): a proper noun before one is an
//              organization (compromise's 3rd-pass org-word rule).
// The -t pasts (learnt, spelt, knelt) are a short hand-written list in the adapter, not generated.
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

/** The tags the adapter gives each kind of name; `names` values index this. */
const NAME_KINDS = [["Person", "FirstName"], ["Person"], ["Place"], ["Organization"]];

/** The kind of a name in compromise's lexicon tags (index in NAME_KINDS), or undefined when the word is no name. */
function nameKind(tags) {
  if (tags.some((tag) => tag === "FirstName" || tag === "MaleName" || tag === "FemaleName")) return 0;
  if (tags.some((tag) => tag === "Person" || tag === "LastName")) return 1;
  if (tags.some((tag) => tag === "Place" || tag === "City" || tag === "Country" || tag === "Region")) return 2;
  if (tags.includes("Organization")) return 3;
  return undefined;
}

/** The lexicon object written to wink-lexicon.json, from `compromise` (compromise/two). */
function buildWinkLexicon(compromise = loadCompromise()) {
  const world = compromise.world();
  const lexicon = world.model.one.lexicon;
  const names = {};
  for (const [word, tag] of Object.entries(lexicon)) {
    const kind = nameKind(Array.isArray(tag) ? tag : [tag]);
    if (kind !== undefined) names[word] = kind;
  }
  const sorted = (object) => Object.fromEntries(Object.entries(object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    compromise: compromise.version,
    nameKinds: NAME_KINDS,
    names: sorted(names),
    orgWords: Object.keys(world.model.two.orgWords).filter((word) => world.model.two.orgWords[word] === true).sort(),
  };
}

/** The file's text: two-space JSON with a final newline (each kind's tags on one line). */
function serialize(lexiconObject) {
  return `${JSON.stringify(lexiconObject, null, 2).replace(/\[\s+("[A-Za-z]+")(?:,\s+("[A-Za-z]+"))?\s+\]/g, (_, a, b) => `[${a}${b ? `, ${b}` : ""}]`)}\n`;
}

if (require.main === module) {
  const built = buildWinkLexicon();
  writeFileSync(OUT, serialize(built));
  console.log(`wrote ${OUT}: ${Object.keys(built.names).length} names, ${built.orgWords.length} org words`);
}

module.exports = { buildWinkLexicon, serialize, OUT };
