/** Types of double-metaphone 1.x (https://github.com/words/double-metaphone), which ships none: the primary and secondary phonetic keys of a word. */
declare module "double-metaphone" {
  function doubleMetaphone(value: string): [primary: string, secondary: string];
  export = doubleMetaphone;
}
