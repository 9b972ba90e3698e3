import { createOfflinePolicy, Engram, HashEmbedder, type Embedder, type IngestPolicy } from "@engram/memory";
import type { BenchMemoryFactory } from "./bench-memory";

/** Options of {@link createEngramMemoryFactory}. */
export interface EngramMemoryFactoryOptions {
  /** @default new HashEmbedder() (offline, deterministic) */
  embedder?: Embedder;
  /** @default createOfflinePolicy() */
  policy?: IngestPolicy;
}

/**
 * The default memory under test: `Engram.open({ path, embedder })` with Engram's defaults (the
 * offline ingest policy) and the built-in `hash` embedder, unless others are given.
 */
export function createEngramMemoryFactory(options: EngramMemoryFactoryOptions = {}): BenchMemoryFactory {
  const embedder = options.embedder ?? new HashEmbedder();
  const policy = options.policy ?? createOfflinePolicy();
  return {
    description: { system: "engram", policy: policy.name, embedder: embedder.modelId, dimensions: embedder.dimensions },
    open: (storePath) => Engram.open({ path: storePath, embedder, policy }),
  };
}
