// The supported API of @engram/memory. Nothing else is importable.
export { Engram, MemoryPatchSchema } from "./engram";
export type { EngramLogger, EngramOptions, MemoryPatch, StoreStats, RevealOptions, ForgetResult, BatchingOptions, PendingStats, UsageStats } from "./engram";
export { SecretCipher, keyFileProvider, parseSecretKey, SECRET_KEY_BYTES } from "./crypto/secret-cipher";
export type { SecretKeyInput } from "./crypto/secret-cipher";

export { EngramError, ValidationError, NotFoundError, StoreError, NotConfiguredError, ModelError, ModelOutputError } from "./errors/engram-error";

export { MEMORY_TYPES, MEMORY_TYPE_TITLES, MemoryTypeSchema } from "./schema/memory-type";
export type { MemoryType } from "./schema/memory-type";
export {
  MemoryItemSchema,
  CoreItemSchema,
  EpisodicItemSchema,
  SemanticItemSchema,
  ProceduralItemSchema,
  ResourceItemSchema,
  KnowledgeVaultItemSchema,
} from "./schema/memory-item";
export type {
  MemoryItem,
  MemoryItemOf,
  Candidate,
  CandidateOf,
  CoreItem,
  EpisodicItem,
  SemanticItem,
  ProceduralItem,
  ResourceItem,
  KnowledgeVaultItem,
} from "./schema/memory-item";
export { MessageInputSchema, StoredMessageSchema, HistoryRowSchema, MAX_MESSAGE_CHARS } from "./schema/message";
export type { MessageInput, StoredMessage, HistoryRow, HistoryEvent } from "./schema/message";
export { ScopeSchema, IdSchema } from "./schema/scope";
export type { Scope, ScopeInput } from "./schema/scope";

export type { Embedder, EmbedOptions } from "./embed/embedder";
export { HashEmbedder } from "./embed/hash-embedder";
export type { HashEmbedderOptions } from "./embed/hash-embedder";
export { createEmbedder, EmbedderConfigSchema } from "./embed/create-embedder";
export { OpenAiEmbedder, OpenAiEmbedderOptionsSchema, type OpenAiEmbedderOptions } from "./embed/openai-embedder";
export type { EmbedderConfig } from "./embed/create-embedder";

export type { IngestPolicy, DraftedCandidates, DraftOptions, CollisionOptions } from "./ingest/ingest-policy";
export type { Collision, CollisionDecision, CollisionResolver } from "./ingest/collision-resolver";
export { createOfflinePolicy } from "./ingest/offline/offline-policy";
export { createLlmPolicy, LlmPolicyOptionsSchema, type LlmPolicyOptions } from "./ingest/llm/llm-policy";
export { INGEST_PROMPT_VERSION } from "./ingest/llm/ingest-prompt";
export { RECONCILE_PROMPT_VERSION } from "./ingest/llm/reconcile-prompt";
export { COLLISION_DISTANCE, DUPLICATE_DISTANCE } from "./ingest/reconcile";
export { detectSensitiveValues, maskSensitiveValues, placeholderFor, type SensitiveValue, type SensitiveEntryType } from "./ingest/offline/vault-detector";

export { ModelCallOptionsSchema, StructuredOutputMethodSchema, chatModelId } from "./models/chat-model";
export type { ChatModel, ModelCallOptions, ModelCallSettings, StructuredOutputMethod } from "./models/chat-model";
export { callStructured, isRetryableModelFailure, type StructuredCallRequest } from "./models/structured-call";
export { emptyLlmUsage, summarizeModelCalls, addLlmUsage } from "./models/model-usage";
export type { LlmUsage, LlmUsageTotals, ModelCallRecord, ModelCallListener } from "./models/model-usage";
export { deriveTopicsWithModel, TOPICS_PROMPT_VERSION } from "./recall/llm-topics";
export type { RunRow } from "./store/run-row";
export { RECONCILE_ACTIONS } from "./ingest/add-types";
export type { AddOptions, AddProgress, AddResult, ReconcileAction } from "./ingest/add-types";

export type { RecallOptions, RecallResult, RecalledItem, RecallTopics, ExtraRecallContext } from "./recall/recall-types";
export type { FusedItem } from "./recall/fuse-ranked-lists";
export { reciprocalRankFusion, RRF_K } from "./recall/reciprocal-rank-fusion";
export { countTokens, TOKENIZER_NAME } from "./recall/token-counter";

export { createIngestGraph, AGENT_NODE } from "./graphs/ingest-graph";
export { createRecallGraph } from "./graphs/recall-graph";
export { createChatGraph, ChatState, lastAnswer } from "./graphs/chat-graph";
export type { ChatGraphOptions, ChatMemory, ChatStateType } from "./graphs/chat-graph";
export { SHORT_TERM_STRATEGIES, ShortTermMemoryOptionsSchema, countMessageTokens, messageText } from "./chat/short-term-memory";
export type { ShortTermMemoryOptions, ShortTermStrategy } from "./chat/short-term-memory";
export { formatOfflineReply, formatRecalledLine, NOTHING_RECALLED_REPLY } from "./chat/offline-reply";
export type { OfflineReplyOptions } from "./chat/offline-reply";
export { toChatRecall } from "./chat/chat-recall";
export type { ChatRecall, ChatRecalledItem } from "./chat/chat-recall";
export { DEFAULT_CHAT_SYSTEM_PROMPT } from "./chat/chat-prompt";

export { LanceDbMemoryStore, SECRET_KEY_FILE } from "./store/lancedb-memory-store";
export { isObjectStoreUri, OBJECT_STORE_SCHEMES } from "./store/object-store-uri";
export { withStoreRetry, isRetryableStoreError } from "./store/retry";
export type { StoreRetryOptions } from "./store/retry";
export { WITHHELD_SECRET } from "./recall/format-memory-line";
export { buildWhere, quoteLiteral } from "./store/filter";
export type { Filter, FilterOperators, FilterLiteral } from "./store/filter";

export { parseLocomo, parseLocomoSamples, parseLocomoDateTime, cleanDiaId, LOCOMO_CATEGORIES } from "./io/locomo";
export type { LocomoSample, LocomoQuestion, LocomoCategoryName, ParseLocomoSamplesResult } from "./io/locomo";
export {
  parseEngramExport,
  isEngramExport,
  ExportHeaderSchema,
  ENGRAM_EXPORT_VERSION,
  type ExportHeader,
  type ExportRecord,
  type ExportMessage,
  type ExportMemory,
  type ExportHistory,
  type ParseEngramExportResult,
} from "./io/engram-export";
export type { ExportUserResult, ImportRecordsResult } from "./io/export-user";
export { parseJsonlMessages, JsonlMessageLineSchema, type JsonlMessage, type JsonlMessageLine, type JsonlLineError, type ParseJsonlMessagesResult, type ParseJsonlMessagesOptions } from "./io/jsonl";
