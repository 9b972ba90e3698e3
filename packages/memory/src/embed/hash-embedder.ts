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

/** Features a {@link HashEmbedder} keeps numbered before it starts afresh: about 15 MB at most. */
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
  private readonly options: z.output<typeof HashEmbedderOptionsSchema>;

  constructor(options: HashEmbedderOptions = {}) {
    this.options = HashEmbedderOptionsSchema.parse(options);
    this.dimensions = this.options.dimensions;
    this.modelId = `hash-v1-${this.dimensions}`;
    this.scratch = new Array<number>(this.dimensions);
  }

  async embedMany(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  /** The sums of one text's features by dimension, reused by every call (`embedOne` never awaits). */
  private readonly scratch: number[];
  /** Features seen (`w:word`, `b:word next`, `c:<ngram`), each numbered once: a text's counts are kept by number, in {@link counts}. */
  private readonly featureIds = new Map<string, number>();
  /** By feature number: its FNV-1a hash. */
  private readonly featureHashes: number[] = [];
  /** By feature number: its weight (word, bigram or character n-gram). */
  private readonly featureWeights: number[] = [];
  /** By feature number: its count in the text being embedded; back to 0 after each text. */
  private readonly counts: number[] = [];
  /** Each word's own feature numbers: its unigram first, then its character n-grams. */
  private readonly wordFeatures = new Map<string, number[]>();

  private embedOne(text: string): number[] {
    // A long-lived process sees an open vocabulary (and every bigram): past the bound, it numbers features afresh.
    if (this.featureIds.size >= FEATURE_CACHE_LIMIT) this.forgetFeatures();
    // The features of the text in the order first seen: the vector adds them in that order, so its sums are always the same.
    const seen: number[] = [];
    const counts = this.counts;
    const tally = (id: number) => {
      const before = counts[id]!;
      counts[id] = before + 1;
      if (before === 0) seen.push(id);
    };
    const words = contentWords(text);
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      const own = this.wordFeaturesOf(word);
      tally(own[0]!);
      const next = words[index + 1];
      if (next !== undefined) tally(this.featureId(`b:${word} ${next}`));
      for (let feature = 1; feature < own.length; feature++) tally(own[feature]!);
    }
    const vector = this.scratch.fill(0);
    for (const id of seen) {
      const hash = this.featureHashes[id]!;
      const sign = (hash & 0x80000000) === 0 ? 1 : -1;
      vector[hash % this.dimensions]! += sign * this.featureWeights[id]! * (1 + Math.log(counts[id]!));
      counts[id] = 0;
    }
    const norm = Math.hypot(...vector);
    const embedding = new Array<number>(this.dimensions);
    for (let index = 0; index < this.dimensions; index++) embedding[index] = norm === 0 ? vector[index]! : vector[index]! / norm;
    return embedding;
  }

  /** The number of `feature`, given on first sight with its hash and weight (the prefix says the kind: w(ord), b(igram), c(har n-gram)). */
  private featureId(feature: string): number {
    let id = this.featureIds.get(feature);
    if (id === undefined) {
      id = this.featureHashes.length;
      this.featureIds.set(feature, id);
      this.featureHashes.push(fnv1a32(feature));
      const { weights } = this.options;
      this.featureWeights.push(feature.charCodeAt(0) === 0x77 ? weights.word : feature.charCodeAt(0) === 0x62 ? weights.bigram : weights.char);
      this.counts.push(0);
    }
    return id;
  }

  /** The numbers of `word`'s unigram and of its character n-grams (inside `<word>`), made once per word. */
  private wordFeaturesOf(word: string): number[] {
    let own = this.wordFeatures.get(word);
    if (own === undefined) {
      own = [this.featureId(`w:${word}`)];
      const padded = `<${word}>`;
      for (const size of this.options.charNgrams) {
        for (let start = 0; start + size <= padded.length; start++) own.push(this.featureId(`c:${padded.slice(start, start + size)}`));
      }
      this.wordFeatures.set(word, own);
    }
    return own;
  }

  private forgetFeatures(): void {
    this.featureIds.clear();
    this.wordFeatures.clear();
    this.featureHashes.length = 0;
    this.featureWeights.length = 0;
    this.counts.length = 0;
  }
}

