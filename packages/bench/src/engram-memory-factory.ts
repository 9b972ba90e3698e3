import { DEFAULT_BATCH_SIZE, defaultIngestPolicy, Engram, HashEmbedder, type ChatModel, type Embedder, type EngramOptions, type IngestPolicy } from "@engram/memory";
import type { BenchMemoryFactory } from "./bench-memory";

/** Options of {@link createEngramMemoryFactory}. */
export interface EngramMemoryFactoryOptions {
  /** @default new HashEmbedder() (offline, deterministic) */
  embedder?: Embedder;
  /** @default createOfflinePolicy(), or the LLM policy when `chatModel` is given */
  policy?: IngestPolicy;
  /** A chat model: the LLM ingest policy and the topic call of active retrieval. */
  chatModel?: ChatModel;
  /** Messages per ingest batch. @default 20 */
  batchSize?: number;
  /** Recall with the topic call of `chatModel`; false: offline topics, the model only ingests. @default true */
  recallWithModel?: boolean;
  /** Model call settings of the LLM policy and the topic call (e.g. `timeoutMs`). @default Engram's */
  llm?: EngramOptions["llm"];
  /**
   * Context lines end with their source ids (`EngramOptions.citeSources`). Off by default: the
   * bench reads sources from the recalled items, and BM25's lines carry no ids either. @default false
   */
  citeSources?: boolean;
  /** Recall with the raw-turn list (`EngramOptions.turnRecall`); false is noted in the description. @default true */
  turnRecall?: boolean;
  /** Recall with query expansion (`EngramOptions.queryExpansion`); the choice is noted in the description. @default Engram's */
  queryExpansion?: boolean;
}

/**
 * The default memory under test: `Engram.open({ path, embedder })` with Engram's defaults (the
 * offline ingest policy) and the built-in `hash` embedder, unless others are given.
 */
export function createEngramMemoryFactory(options: EngramMemoryFactoryOptions = {}): BenchMemoryFactory {
  const embedder = options.embedder ?? new HashEmbedder();
  const policy = options.policy ?? defaultIngestPolicy({ chatModel: options.chatModel, llm: options.llm });
  const batching = { size: options.batchSize ?? DEFAULT_BATCH_SIZE };
  const citeSources = options.citeSources ?? false;
  return {
    description: { system: "engram", policy: policy.name, embedder: embedder.modelId, dimensions: embedder.dimensions, batch_size: batching.size, ...(options.turnRecall === false ? { turn_recall: "off" } : {}), ...(options.queryExpansion !== undefined ? { query_expansion: options.queryExpansion ? "on" : "off" } : {}), line_sources: citeSources ? "cited on each context line (citeSources: true)" : "left off the context lines, read from the recalled items (citeSources: false; the library default, true, cites them)" },
    open: (storePath, openOptions = {}) =>
      Engram.open({
        path: storePath,
        embedder,
        policy: openOptions.graph === false && !options.policy ? defaultIngestPolicy({ chatModel: options.chatModel, llm: options.llm, graph: false }) : policy,
        batching,
        citeSources,
        ...(options.turnRecall === false ? { turnRecall: false } : {}),
        ...(options.queryExpansion !== undefined ? { queryExpansion: options.queryExpansion } : {}),
        ...(openOptions.graph === false ? { graph: false } : openOptions.graph === true ? { graphRecall: true } : {}),
        ...(options.chatModel && options.recallWithModel !== false ? { chatModel: options.chatModel, ...(options.llm ? { llm: options.llm } : {}) } : {}),
      }),
  };
}
