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

  private embedOne(text: string): number[] {
    // Each feature's count, in the order first seen: the vector adds them in that order, so its sums are always the same.
    const counts = new Map<string, number>();
    const count = (feature: string) => counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const words = contentWords(text);
    const { weights, charNgrams } = this.options;
    for (let index = 0; index < words.length; index++) {
      const word = words[index]!;
      count(`w:${word}`);
      const next = words[index + 1];
      if (next !== undefined) count(`b:${word} ${next}`);
      const padded = `<${word}>`;
      for (const size of charNgrams) {
        for (let start = 0; start + size <= padded.length; start++) count(`c:${padded.slice(start, start + size)}`);
      }
    }
    const vector = this.scratch.fill(0);
    for (const [feature, times] of counts) {
      const hash = fnv1a32(feature);
      const sign = (hash & 0x80000000) === 0 ? 1 : -1;
      // The prefix says the kind: w(ord), b(igram), c(har n-gram).
      const weight = feature.charCodeAt(0) === 0x77 ? weights.word : feature.charCodeAt(0) === 0x62 ? weights.bigram : weights.char;
      vector[hash % this.dimensions]! += sign * weight * (1 + Math.log(times));
    }
    const norm = Math.hypot(...vector);
    const embedding = new Array<number>(this.dimensions);
    for (let index = 0; index < this.dimensions; index++) embedding[index] = norm === 0 ? vector[index]! : vector[index]! / norm;
    return embedding;
  }
}
