// `@engram/memory/internal`: building blocks shared by Engram's own packages and apps (CLI, bench,
// Studio) and by tests. Not a supported API: names and shapes may change in any release.

export { formatZodIssues, parseOrThrow } from "./errors/zod-issues";
export { buildWhere, quoteLiteral } from "./store/filter";
export { matchesFilter } from "./store/match-filter";
export { bm25Scores, bm25Terms } from "./store/bm25";
export { withStoreRetry, isRetryableStoreError } from "./store/retry";
export { callStructured, isRetryableModelFailure, type StructuredCallRequest } from "./models/structured-call";
export { emptyLlmUsage, summarizeModelCalls, addLlmUsage, readTokenUsage, type TokenUsage } from "./models/model-usage";
export { reciprocalRankFusion, RRF_K } from "./recall/reciprocal-rank-fusion";
export { deriveTopicsWithModel, TOPICS_PROMPT_VERSION } from "./recall/llm-topics";
export { INGEST_PROMPT_VERSION } from "./ingest/llm/ingest-prompt";
export { RECONCILE_PROMPT_VERSION } from "./ingest/llm/reconcile-prompt";
export { COLLISION_DISTANCE, DUPLICATE_DISTANCE } from "./ingest/reconcile";
export { normalizeText } from "./text/normalize-text";
export { planBatches, type BatchPlan, type PlanBatchesInput } from "./ingest/plan-batches";
export { historyRow, type HistoryRowInput } from "./ingest/history-row";
export { AccessRecorder, ACCESS_FLUSH_THRESHOLD } from "./access-recorder";
export { detectSensitiveValues, maskSensitiveValues, placeholderFor, type SensitiveValue, type SensitiveEntryType } from "./sensitive/vault-detector";
export { searchItemsByVector } from "./recall/search-items-by-vector";
export { UserItemsCache, upsertCachedItems, type UserItemsCacheOptions, type VersionedMemoryStore } from "./recall/user-items-cache";
export { searchMemories } from "./recall/search-memories";
