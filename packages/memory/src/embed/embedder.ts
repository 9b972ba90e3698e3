/** Options for every embedder call. */
export interface EmbedOptions {
  signal?: AbortSignal;
}

/**
 * Turns texts into fixed-size vectors. Adapters state their limits in readonly fields so the core
 * can batch for them (pattern from vercel/ai `EmbeddingModelV3`).
 *
 * Vectors are compared by cosine distance in the store (0 = same direction, 2 = opposite; lower
 * is closer), so adapters should return L2-normalized vectors.
 */
export interface Embedder {
  /** Identifies the model; a store remembers it and refuses a different one. */
  readonly modelId: string;
  /** Vector length. */
  readonly dimensions: number;
  /** Most texts per `embedMany` call; the core splits larger batches. */
  readonly maxBatchSize: number;
  /** One vector per text, in input order. */
  embedMany(texts: string[], options?: EmbedOptions): Promise<number[][]>;
}

/**
 * Embeds `texts` with `embedder`, splitting into batches of `embedder.maxBatchSize` and checking
 * the abort signal between batches.
 *
 * @returns one vector per text, in input order.
 */
export async function embedAll(embedder: Embedder, texts: string[], options: EmbedOptions = {}): Promise<number[][]> {
  const vectors: number[][] = [];
  for (let start = 0; start < texts.length; start += embedder.maxBatchSize) {
    options.signal?.throwIfAborted();
    vectors.push(...(await embedder.embedMany(texts.slice(start, start + embedder.maxBatchSize), options)));
  }
  return vectors;
}
