import { z } from "zod";
import type { Embedder } from "./embedder";
import { contentWords } from "../text/words";

export const HashEmbedderOptionsSchema = z.object({
  /** Vector length. @default 512 */
  dimensions: z.number().int().min(16).max(8192).default(512),
  /** Character n-gram sizes taken inside each word. @default [3, 4] */
  charNgrams: z.array(z.number().int().min(2).max(8)).default([3, 4]),
  /** Weight of word unigrams, word bigrams and character n-grams. */
  weights: z
    .object({ word: z.number().default(1), bigram: z.number().default(0.5), char: z.number().default(0.25) })
    .default({ word: 1, bigram: 0.5, char: 0.25 }),
});
export type HashEmbedderOptions = z.input<typeof HashEmbedderOptionsSchema>;

/** Features the process keeps numbered (per n-gram setting) before it starts afresh: about 15 MB at most. */
const FEATURE_CACHE_LIMIT = 200_000;

/** 32-bit FNV-1a hash of a string (http://www.isthe.com/chongo/tech/comp/fnv/). */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * The built-in, model-free embedder: feature hashing ("the hashing trick", Weinberger et al.,
 * ICML 2009, arXiv 0902.2206) of content-word unigrams and bigrams and character n-grams into a
 * fixed dimension, with a hash-derived sign to cancel collisions, sublinear term weights
 * (1 + ln tf) and L2 normalization. Deterministic: the same text always gives the same vector.
 *
 * It captures lexical and sub-word overlap (`paint` ~ `painting`), not meaning; inject a neural
 * embedder for that.
 *
 * @example
 * const embedder = new HashEmbedder({ dimensions: 256 });
 * const [vector] = await embedder.embedMany(["Caroline went to a support group"]);
 */
export class HashEmbedder implements Embedder {
  readonly modelId: string;
  readonly dimensions: number;
  readonly maxBatchSize = 4096;
  /** The weight of each kind of feature, by {@link FeatureKind}. */
  private readonly kindWeights: readonly number[];
  private readonly features: FeatureNumbering;

  constructor(options: HashEmbedderOptions = {}) {
    const { dimensions, weights, charNgrams } = HashEmbedderOptionsSchema.parse(options);
    this.dimensions = dimensions;
    this.modelId = `hash-v1-${this.dimensions}`;
    this.scratch = new Array<number>(this.dimensions);
    this.kindWeights = [weights.word, weights.bigram, weights.char];
    const key = charNgrams.join(",");
    const features = numberings.get(key) ?? new FeatureNumbering(charNgrams);
    numberings.set(key, features);
    this.features = features;
  }

  async embedMany(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** The sums of one text's features by dimension, reused by every call (`embedOne` never awaits). */
  private readonly scratch: number[];

  private embedOne(text: string): number[] {
    const features = this.features;
    // A long-lived process sees an open vocabulary (and every bigram): past the bound, it numbers features afresh.
    if (features.size >= FEATURE_CACHE_LIMIT) features.clear();
    // The features of the text in the order first seen: the vector adds them in that order, so its sums are always the same.
    const seen: number[] = [];
    const counts = features.counts;
    const tally = (id: number) => {
      const before = counts[id]!;
      counts[id] = before + 1;
      if (before === 0) seen.push(id);
    };
    const words = contentWords(text);
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      const own = features.ofWord(word);
      tally(own[0]!);
      const next = words[index + 1];
      if (next !== undefined) tally(features.id(`b:${word} ${next}`, FeatureKind.Bigram));
      for (let feature = 1; feature < own.length; feature++) tally(own[feature]!);
    }
    const vector = this.scratch.fill(0);
    for (const id of seen) {
      const hash = features.hashes[id]!;
      const sign = (hash & 0x80000000) === 0 ? 1 : -1;
      vector[hash % this.dimensions]! += sign * this.kindWeights[features.kinds[id]!]! * (1 + Math.log(counts[id]!));
      counts[id] = 0;
    }
    const norm = Math.hypot(...vector);
    const embedding = new Array<number>(this.dimensions);
    for (let index = 0; index < this.dimensions; index++) embedding[index] = norm === 0 ? vector[index]! : vector[index]! / norm;
    return embedding;
  }
}

/** The kinds of feature, each weighted by its own `weights` entry. */
enum FeatureKind {
  Word = 0,
  Bigram = 1,
  Char = 2,
}

/**
 * The features the hash embedders of this process have seen (`w:word`, `b:word next`,
 * `c:<ngram`), each numbered once with its FNV-1a hash and kind, and each word's own features:
 * an embedding counts a text's features by number, without making, hashing or looking up a
 * feature string more than once per process. One per character n-gram setting, shared by the
 * embedders that have it (a new `Engram` reuses what earlier ones numbered).
 */
class FeatureNumbering {
  private readonly ids = new Map<string, number>();
  /** By feature number: its FNV-1a hash. */
  readonly hashes: number[] = [];
  /** By feature number: its kind. */
  readonly kinds: FeatureKind[] = [];
  /** By feature number: its count in the text being embedded; back to 0 after each text. */
  readonly counts: number[] = [];
  /** Each word's own feature numbers: its unigram first, then its character n-grams. */
  private readonly words = new Map<string, number[]>();

  constructor(private readonly charNgrams: readonly number[]) {}

  get size(): number {
    return this.ids.size;
  }

  /** The number of `feature`, given on first sight. */
  id(feature: string, kind: FeatureKind): number {
    let id = this.ids.get(feature);
    if (id === undefined) {
      id = this.hashes.length;
      this.ids.set(feature, id);
      this.hashes.push(fnv1a32(feature));
      this.kinds.push(kind);
      this.counts.push(0);
    }
    return id;
  }

  /** The numbers of `word`'s unigram and of its character n-grams (inside `<word>`), made once per word. */
  ofWord(word: string): number[] {
    let own = this.words.get(word);
    if (own === undefined) {
      own = [this.id(`w:${word}`, FeatureKind.Word)];
      const padded = `<${word}>`;
      for (const size of this.charNgrams) {
        for (let start = 0; start + size <= padded.length; start++) own.push(this.id(`c:${padded.slice(start, start + size)}`, FeatureKind.Char));
      }
      this.words.set(word, own);
    }
    return own;
  }

  /** Forgets every number (between two texts: no count is held). */
  clear(): void {
    this.ids.clear();
    this.words.clear();
    this.hashes.length = 0;
    this.kinds.length = 0;
    this.counts.length = 0;
  }
}

/** The feature numberings of this process, by character n-gram sizes. */
const numberings = new Map<string, FeatureNumbering>();
