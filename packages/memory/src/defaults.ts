// Constants only, with no imports: the CLI reads them through `@engram/memory/defaults` without loading the library.

/** Messages per ingest graph run (`batching.size`, `AddOptions.batchSize`). */
export const DEFAULT_BATCH_SIZE = 20;

/** Most tokens (cl100k_base) of a recalled context (`RecallOptions.tokenBudget`, the chat graph, the CLI, the bench headline). */
export const DEFAULT_TOKEN_BUDGET = 1500;

/** Unindexed full-text rows above which `add` optimizes the store (`EngramOptions.optimizeAfterRows`). */
export const DEFAULT_OPTIMIZE_AFTER_ROWS = 512;

/** Access-count writes to one memory table after which a flush compacts it (`EngramOptions.compactAfterAccessWrites`). */
export const DEFAULT_COMPACT_AFTER_ACCESS_WRITES = 32;

/** Share of a recall's token budget held back for the `## Entities and relations` section (`EngramOptions.relationShare`, `RecallOptions.relationShare`); 0: no section. */
export const DEFAULT_RELATION_SHARE = 0.1;
