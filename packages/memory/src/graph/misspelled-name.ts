import leven from "leven";
import { nlp } from "../text/nlp-libraries";

/** True when compromise's lexicon knows `word` (capitalized) as a first name (`#FirstName`: Mary, Mark, Debora). */
function isKnownFirstName(word: string): boolean {
  const capitalized = `${word.slice(0, 1).toUpperCase()}${word.slice(1).toLowerCase()}`;
  return nlp(capitalized).terms().eq(0).has("#FirstName");
}

/**
 * True when `word` may be `name` misspelled: one edit apart (Levenshtein distance 1;
 * https://github.com/sindresorhus/leven), and not one letter swapped for another between two
 * first names compromise knows (`Mary` is someone other than `Mark`, `Gena` than `Gina`). A letter
 * dropped or added still links, even between two known names (`Debora` → `Deborah`, `John` →
 * `Jon`), as does any edit to a word that is no known name (`Carolin` → `Caroline`). Both are
 * compared as given (normalized names: lower case, accents folded).
 */
export function isMisspelledName(word: string, name: string): boolean {
  if (leven(word, name) !== 1) return false;
  return word.length !== name.length || !isKnownFirstName(word) || !isKnownFirstName(name);
}
