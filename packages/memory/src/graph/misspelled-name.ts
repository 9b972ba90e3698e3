/// <reference path="../types/double-metaphone.d.ts" />
import doubleMetaphone from "double-metaphone";
import leven from "leven";
import { nlp } from "../text/nlp-libraries";

/** True when compromise's lexicon knows `word` (capitalized) as a first name (`#FirstName`: Mary, Mark, Debora). */
function isKnownFirstName(word: string): boolean {
  const capitalized = `${word.slice(0, 1).toUpperCase()}${word.slice(1).toLowerCase()}`;
  return nlp(capitalized).terms().eq(0).has("#FirstName");
}

const VOWEL = /[aeiou]/;

/** Index just after the first run of vowels of `name` ("jo" of "joan": 3), or its length when it has none. */
function firstVowelsEnd(name: string): number {
  const start = name.search(VOWEL);
  if (start < 0) return name.length;
  let end = start;
  while (end < name.length && VOWEL.test(name[end]!)) end += 1;
  return end;
}

/**
 * True when `a` and `b`, two known first names one edit apart, are spellings of one name: their
 * primary Double Metaphone keys match (https://github.com/words/double-metaphone: Erik and Eric,
 * Bryan and Brian, Jakob and Jacob, Marc and Mark; not Mary and Mark, Gena and Gina), the edit is
 * no final a or e (Dan and Dana, Paul and Paula, Eric and Erica are two people) and no vowel of
 * the first syllable for another (Tim and Tom, Evan and Ivan, John and Joan; Bryan and Brian,
 * Kristin and Kristen link).
 */
function isSpellingVariant(a: string, b: string): boolean {
  if (doubleMetaphone(a)[0] !== doubleMetaphone(b)[0]) return false;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  let at = 0;
  while (at < shorter.length && shorter[at] === longer[at]) at += 1;
  const substituted = shorter.length === longer.length;
  // The letters the edit changes: both of a substitution, the one inserted otherwise.
  const edited = substituted ? `${shorter[at]}${longer[at]}` : longer[at]!;
  const atEnd = substituted ? at === shorter.length - 1 : at === shorter.length;
  if (atEnd && /[ae]/.test(edited)) return false;
  // A vowel changed, added or dropped in the first syllable is another name (Tim, Tom; John, Joan); y for i is a spelling (Bryan, Brian).
  return !(VOWEL.test(edited) && !edited.includes("y") && at <= firstVowelsEnd(longer));
}

/**
 * True when `word` may be `name` misspelled: one edit apart (Levenshtein distance 1;
 * https://github.com/sindresorhus/leven). Any such edit to a word that is no known first name
 * links (`Carolin` → `Caroline`, `Carolime` → `Caroline`); between two first names compromise
 * knows, only a spelling of the same name does ({@link isSpellingVariant}: `Debora` → `Deborah`,
 * `Erik` → `Eric`, `Jon` → `John`; not `Mary` → `Mark`, `Dan` → `Dana`). Names two edits apart
 * never link (`Steven`, `Stephen`). Both are compared as given (normalized names: lower case,
 * accents folded).
 */
export function isMisspelledName(word: string, name: string): boolean {
  if (leven(word, name) !== 1) return false;
  return !isKnownFirstName(word) || !isKnownFirstName(name) || isSpellingVariant(word, name);
}
