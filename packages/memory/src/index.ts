// The supported API of @engram/memory. Nothing else is importable.
export { Engram } from "./engram";
export { EngramOptionsSchema, MemoryPatchSchema } from "./engram-options";
export type { EngramLogger, EngramOptions, MemoryPatch, StoreStats, RevealOptions, ForgetResult, RetentionSettings } from "./engram-options";
export type { BatchingOptions } from "./ingest/add-types";
export type { PendingStats } from "./ingest/pending-stats";
export type { UsageStats } from "./store/usage-stats";
export { DEFAULT_BATCH_SIZE, DEFAULT_TOKEN_BUDGET, DEFAULT_OPTIMIZE_AFTER_ROWS, DEFAULT_COMPACT_AFTER_ACCESS_WRITES, DEFAULT_RELATION_SHARE } from "./defaults";
export { defaultIngestPolicy } from "./ingest/default-policy";
export { SecretCipher, keyFileProvider, parseSecretKey, SECRET_KEY_BYTES } from "./crypto/secret-cipher";
export type { SecretKeyInput } from "./crypto/secret-cipher";

export { EngramError, ValidationError, NotFoundError, StoreError, NotConfiguredError, ModelError, ModelOutputError, ClosedError } from "./errors/engram-error";

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

export { ModelCallOptionsSchema, StructuredOutputMethodSchema, chatModelId } from "./models/chat-model";
export type { ChatModel, ModelCallOptions, ModelCallSettings, StructuredOutputMethod } from "./models/chat-model";
export type { LlmUsage, LlmUsageTotals, ModelCallRecord, ModelCallListener, TokenUsage } from "./models/model-usage";
export type { RunRow } from "./store/run-row";
export { RECONCILE_ACTIONS } from "./ingest/add-types";
export type { AddOptions, AddProgress, AddResult, ReconcileAction } from "./ingest/add-types";

export type { RecallOptions, RecallResult, RecalledItem, RecalledRelation, RecallTopics, ExtraRecallContext, RecallExplain, PackingDecision } from "./recall/recall-types";
export type { FusedItem } from "./recall/fuse-ranked-lists";
export { retentionScore, retentionFactor, shouldArchive, NEVER_ARCHIVED_TYPES, DEFAULT_BASE_STABILITY_DAYS, type RetentionOptions } from "./recall/retention";
export { countTokens, TOKENIZER_NAME } from "./recall/token-counter";

export { createIngestGraph, AGENT_NODE } from "./graphs/ingest-graph";
export { createRecallGraph } from "./graphs/recall-graph";
export { createConsolidateGraph, ConsolidateState } from "./graphs/consolidate-graph";
export { Consolidator, type ConsolidateOptions, type ConsolidateResult, type ConsolidationChangeReport, type UndoConsolidationResult } from "./consolidate/consolidator";
export { ConsolidationRulesSchema, type ConsolidationRules, type ConsolidationRulesInput } from "./consolidate/consolidation-rules";
export { CONSOLIDATION_STEPS, type ConsolidationStep } from "./consolidate/consolidation-change";
export { createChatGraph, ChatState, lastAnswer } from "./graphs/chat-graph";
export type { ChatGraphOptions, ChatMemory, ChatStateType } from "./graphs/chat-graph";
export { SHORT_TERM_STRATEGIES, ShortTermMemoryOptionsSchema, countMessageTokens, messageText } from "./chat/short-term-memory";
export type { ShortTermMemoryOptions, ShortTermStrategy } from "./chat/short-term-memory";
export { formatOfflineReply, formatRecalledLine, NOTHING_RECALLED_REPLY } from "./chat/offline-reply";
export type { OfflineReplyOptions } from "./chat/offline-reply";
export { toChatRecall } from "./chat/chat-recall";
export type { ChatRecall, ChatRecalledItem } from "./chat/chat-recall";
export { DEFAULT_CHAT_SYSTEM_PROMPT } from "./chat/chat-prompt";

export { ENTITY_TYPES, EntitySchema, RelationSchema, GRAPH_TABLES } from "./schema/graph-row";
export type { Entity, EntityType, Relation, GraphTableName, GraphRowOf, StoredGraphRow } from "./schema/graph-row";
export { TripletDraftSchema, EntityMentionSchema, SINGLE_VALUED_PREDICATES, type TripletDraft, type EntityMention } from "./graph/triplet-draft";
export { readGraphMemory, findEntity, graphMemoryNeighbourhood, graphMemoryToMermaid, graphMemoryToDot, type GraphMemory } from "./graph/graph-memory-view";
export type { GraphSearchHit } from "./store/memory-store";
export type { MemoryStore, StoredMemoryItem, StoreSearchHit, StoreSearchOptions, UpsertItemsOptions, PutMessagesOptions, VectorSearchOptions, StoreTableName, ListMessagesOptions, MessageOutcome } from "./store/memory-store";
export { LanceDbMemoryStore, SECRET_KEY_FILE, type LanceDbMemoryStoreOptions } from "./store/lancedb-memory-store";
export { InMemoryMemoryStore, type InMemoryMemoryStoreOptions } from "./store/in-memory-memory-store";
export { isObjectStoreUri, OBJECT_STORE_SCHEMES } from "./store/object-store-uri";
export type { StoreRetryOptions } from "./store/retry";
export { WITHHELD_SECRET } from "./recall/format-memory-line";
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
