import { randomUUID } from "node:crypto";
import { z } from "zod";
import { SecretCipher, type SecretKeyInput } from "./crypto/secret-cipher";
import type { Embedder } from "./embed/embedder";
import { HashEmbedder } from "./embed/hash-embedder";
import { NotFoundError, ValidationError } from "./errors/engram-error";
import { createIngestGraph } from "./graphs/ingest-graph";
import { createRecallGraph } from "./graphs/recall-graph";
import type { AddOptions, AddProgress, AddResult, BatchingOptions } from "./ingest/add-types";
import type { IngestPolicy } from "./ingest/ingest-policy";
import { createOfflinePolicy } from "./ingest/offline/offline-policy";
import type { ExportHeader, ExportRecord } from "./io/engram-export";
import { exportUser, importRecords, type ExportUserResult, type ImportRecordsResult } from "./io/export-user";
import { emptyActionCounts } from "./ingest/reconcile";
import { createLlmPolicy, type LlmPolicyOptions } from "./ingest/llm/llm-policy";
import { normalizeMessages } from "./ingest/normalize-messages";
import { emptyIngestBatchResult, runIngestBatches, type IngestBatchResult } from "./ingest/run-ingest-batches";
import { ModelCallOptionsSchema, type ChatModel } from "./models/chat-model";
import { emptyLlmUsage, type LlmUsage } from "./models/model-usage";

export type { BatchingOptions, PendingStats, UsageStats };
import { deriveTopics } from "./recall/derive-topics";
import { fuseRankedLists, type FusedItem } from "./recall/fuse-ranked-lists";
import type { RecallOptions, RecallResult } from "./recall/recall-types";
import { searchMemories, validAt } from "./recall/search-memories";
import { MemoryItemSchema, type MemoryItem } from "./schema/memory-item";
import { MEMORY_TYPES, MemoryTypeSchema, type MemoryType } from "./schema/memory-type";
import type { HistoryRow, MessageInput, StoredMessage } from "./schema/message";
import { IdSchema, ScopeSchema, type Scope, type ScopeInput } from "./schema/scope";
import { HISTORY_TABLE, MESSAGES_TABLE } from "./store/table-schemas";
import { readUsageStats, recallRunRow, type UsageStats } from "./store/usage-stats";
import type { RunRow } from "./store/run-row";
import { readPendingStats, type PendingStats } from "./ingest/pending-stats";
import { LanceDbMemoryStore } from "./store/lancedb-memory-store";
import { UserItemsCache } from "./recall/user-items-cache";

/** Receives the library's log lines; silent by default. */
export interface EngramLogger {
  warn(message: string): void;
  info?(message: string): void;
}

/** Options of {@link Engram.open}. */
export interface EngramOptions {
  /**
   * Store folder (LanceDB, embedded), created if missing; or an object-store URI (`s3://bucket/prefix`,
   * `gs://...`, `az://...`), which needs `secretKey` (no key file is kept there) and usually `storageOptions`.
   */
  path: string;
  /** LanceDB storage options (credentials, region, endpoint, ...) for an object-store `path`. */
  storageOptions?: Record<string, string>;
  /** @default new HashEmbedder() (512 dimensions, no model) */
  embedder?: Embedder;
  /** Drives the meta-manager. @default the offline policy */
  policy?: IngestPolicy;
  /** Clock. @default () => new Date() */
  now?: () => Date;
  /** Id generator for messages without ids, memory items and history rows. @default crypto.randomUUID */
  newId?: () => string;
  logger?: EngramLogger;
  /** Unindexed full-text rows above which `add` optimizes the store. @default 512 */
  optimizeAfterRows?: number;
  /**
   * Rows of a memory table (all users) from which `add` builds an ANN index (IVF_PQ) on its
   * vectors; smaller tables are searched exactly. `Infinity` turns ANN indexes off.
   * @default 100000
   */
  annIndexAfterRows?: number;
  /**
   * A user's rows in one memory table up to which recall and reconciliation search them in
   * process (read once per table version, exact cosine) instead of querying LanceDB; 0 turns this off.
   * @default 2000
   */
  inProcessSearchMaxRows?: number;
  /**
   * AES-256 key (32 bytes, 64 hex characters or base64) or a function returning one, used to
   * encrypt high-sensitivity knowledge-vault values and the original content of messages that
   * held them (AES-256-GCM). The CLI passes `ENGRAM_SECRET_KEY` here.
   * @default a key file `<path>/secret.key`, created with mode 0600 on first use
   */
  secretKey?: SecretKeyInput;
  /**
   * Any LangChain chat model (e.g. `ChatOpenAI` for OpenAI and OpenAI-compatible servers). Turns
   * on the LLM ingest policy (unless `policy` is given) and the topic call of active retrieval.
   * Prefer a model built with its own retries off (`maxRetries: 0`): Engram retries itself, with
   * backoff, and counts every request.
   */
  chatModel?: ChatModel;
  /** Settings of the chat model's calls and of the LLM policy (method, retries, timeout, ...). */
  llm?: Omit<LlmPolicyOptions, "model" | "offline">;
  /** How `add` batches messages; see {@link BatchingOptions}. */
  batching?: BatchingOptions;
}

/** Options of the reads that can show high-sensitivity values. */
export interface RevealOptions {
  /** Decrypt high-sensitivity knowledge-vault values (and messages' original content). @default false: they stay sealed (`enc:v1:...`) or masked */
  revealSecrets?: boolean;
}

/** Result of {@link Engram.forget}: rows deleted per table. */
export type ForgetResult = StoreStats;

/** Fields `Engram.update` may change. */
export const MemoryPatchSchema = z
  .object({
    text: z.string().min(1).optional(),
    importance: z.number().min(0).max(1).optional(),
    valid_to: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict();
export type MemoryPatch = z.input<typeof MemoryPatchSchema>;

/** Rows per table: the six memory tables, `messages` and `history`. */
export type StoreStats = Record<MemoryType | "messages" | "history", number>;

const NO_OP_LOGGER: EngramLogger = { warn: () => {} };

/** Recalled items noted before their access counts are written. */
const ACCESS_FLUSH_THRESHOLD = 256;

/**
 * The Engram facade: a long-term memory with six typed stores (MIRIX, arXiv 2507.07957) in a local
 * LanceDB folder, an ingest graph (meta-manager and six memory agents) and an active-recall graph.
 *
 * Every method is scoped by `user_id`; ids are validated with zod and filters are quoted, so no
 * input can reach another user's rows.
 *
 * @example
 * const engram = await Engram.open({ path: "./.engram" });
 * await engram.add([{ role: "user", content: "I moved to Lisbon last month.", timestamp: "2024-05-02T10:00:00Z" }], { user_id: "ada" });
 * const { context } = await engram.recall("Where does Ada live?", { user_id: "ada" }, { tokenBudget: 500 });
 * await engram.close();
 */
export class Engram {
  private readonly ingestGraph: ReturnType<typeof createIngestGraph>;
  private readonly recallGraph: ReturnType<typeof createRecallGraph>;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly logger: EngramLogger;
  private readonly batchSize: number;
  private readonly maxAgeMs: number;
  /** Small per-user tables kept in process for recall and reconciliation (reloaded on any commit). */
  private readonly itemsCache: UserItemsCache;
  private readonly pendingAccess = new Map<string, { type: MemoryType; userId: string; id: string; count: number; at: string }>();
  /** The access-count writes a recall started in the background (they never reject: failures are logged). */
  private accessWrites: Promise<void> = Promise.resolve();
  /** Runs of recalls that called a model, written with the access counts (a recall does not write). */
  private readonly pendingRuns: RunRow[] = [];

  private constructor(
    /** The underlying LanceDB store. */
    readonly store: LanceDbMemoryStore,
    readonly embedder: Embedder,
    readonly policy: IngestPolicy,
    private readonly options: EngramOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.logger = options.logger ?? NO_OP_LOGGER;
    const nowIso = () => this.now().toISOString();
    this.itemsCache = new UserItemsCache(store, { maxRowsPerTable: options.inProcessSearchMaxRows ?? 2000 });
    this.ingestGraph = createIngestGraph({ store, embedder, policy, now: nowIso, newId: this.newId, cache: this.itemsCache });
    const chatModel = options.chatModel ? { model: options.chatModel, settings: modelCallSettings(options.llm) } : undefined;
    this.recallGraph = createRecallGraph({ store, embedder, now: this.now, chatModel, cache: this.itemsCache });
    this.batchSize = options.batching?.size ?? 20;
    this.maxAgeMs = options.batching?.maxAgeMs ?? 0;
  }

  /**
   * Opens (or creates) a store folder.
   *
   * @throws StoreError when the folder cannot be opened or was built with another embedder.
   */
  static async open(options: EngramOptions): Promise<Engram> {
    if (typeof options.path !== "string" || options.path.trim() === "") throw new ValidationError("Engram.open needs a store folder `path`");
    const size = options.batching?.size ?? 20;
    if (!Number.isInteger(size) || size < 1) throw new ValidationError(`batching.size must be a positive integer, got ${size}`);
    if (!((options.batching?.maxAgeMs ?? 0) >= 0)) throw new ValidationError(`batching.maxAgeMs must be 0 or more, got ${options.batching?.maxAgeMs}`);
    if (options.annIndexAfterRows !== undefined && !(options.annIndexAfterRows >= 0)) throw new ValidationError(`annIndexAfterRows must be 0 or more, got ${options.annIndexAfterRows}`);
    const embedder = options.embedder ?? new HashEmbedder();
    const cipher = options.secretKey === undefined ? undefined : new SecretCipher(options.secretKey);
    const store = await LanceDbMemoryStore.open({
      path: options.path,
      dimensions: embedder.dimensions,
      embedderId: embedder.modelId,
      cipher,
      ...(options.storageOptions ? { storageOptions: options.storageOptions } : {}),
    });
    const policy = options.policy ?? (options.chatModel ? createLlmPolicy({ ...options.llm, model: options.chatModel }) : createOfflinePolicy());
    return new Engram(store, embedder, policy, options);
  }

  /** The compiled ingest and recall graphs (for inspection, e.g. `graphs.ingest.getGraph().drawMermaid()`). */
  get graphs() {
    return { ingest: this.ingestGraph, recall: this.recallGraph };
  }

  /**
   * Ingests messages: stores every message first (raw, in the `messages` table, ids already
   * processed for the user skipped, so re-adding the same messages adds nothing), then runs the
   * ingest graph (normalize → metaManager → memory agents → finish) on batches of
   * `options.batchSize` (default: `batching.size`). With `batching.maxAgeMs` above 0 a smaller
   * remainder is held pending for a later call (see {@link BatchingOptions}).
   *
   * A failed batch (model error after bounded retries, timeout) loses nothing: its messages and
   * those after it stay stored and pending, the batch with its error, for {@link retryPending}.
   *
   * @param messages in the order they were said; `timestamp` (ISO) anchors relative dates.
   * @throws ValidationError for an invalid scope or message (nothing of the call is stored).
   * @throws ModelError when a batch's model call failed after its retries (messages stay pending).
   */
  async add(messages: MessageInput[], scope: ScopeInput, options: AddOptions = {}): Promise<AddResult> {
    const parsedScope = parseScope(scope);
    await this.flushAccess();
    const batchSize = options.batchSize ?? this.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError(`batchSize must be a positive integer, got ${batchSize}`);
    const started = Date.now();
    options.signal?.throwIfAborted();
    const normalized = await normalizeMessages(messages, parsedScope, { store: this.store, now: () => this.now().toISOString(), newId: this.newId });
    let queue = normalized.stored;
    let held = 0;
    if (this.maxAgeMs > 0) {
      const queued = new Set(queue.map((message) => message.id));
      const waiting = (await this.store.listPendingMessages(parsedScope.user_id)).filter((message) => message.error === null && !queued.has(message.id));
      queue = [...waiting, ...queue].sort((a, b) => a.seq - b.seq);
      const remainder = queue.length % batchSize;
      const oldest = queue[queue.length - remainder]?.ingested_at;
      const expired = oldest !== undefined && this.now().getTime() - Date.parse(oldest) >= this.maxAgeMs;
      if (remainder > 0 && !options.flush && !expired) {
        held = remainder;
        queue = queue.slice(0, queue.length - remainder);
      }
    }
    const batches = await this.runBatches(queue, parsedScope, batchSize, options, messages.length);
    await this.maybeOptimize(batches.processed);
    return {
      messages: { received: messages.length, stored: normalized.stored.length - (held > 0 ? Math.min(held, normalized.stored.length) : 0), skipped: normalized.skipped },
      actions: batches.actions,
      byType: batches.byType,
      durationMs: Date.now() - started,
      warnings: batches.warnings,
      pending: held,
      llm: batches.llm,
      fallbackBatches: batches.fallbackBatches,
    };
  }

  /**
   * Processes pending messages (stored, not processed: a failed batch, an interrupted run, or a
   * remainder held for a fuller batch), of one user or of every user, in arrival order and in
   * batches of `options.batchSize` (default: `batching.size`).
   *
   * @throws ModelError when a batch fails again (it stays pending with the new error).
   */
  async retryPending(scope?: ScopeInput, options: AddOptions = {}): Promise<AddResult> {
    const userId = scope === undefined ? undefined : parseScope(scope).user_id;
    const batchSize = options.batchSize ?? this.batchSize;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError(`batchSize must be a positive integer, got ${batchSize}`);
    const started = Date.now();
    const pending = await this.store.listPendingMessages(userId);
    const byUser = new Map<string, StoredMessage[]>();
    for (const message of pending) byUser.set(message.user_id, [...(byUser.get(message.user_id) ?? []), message]);
    const total = emptyIngestBatchResult();
    for (const [user, messages] of byUser) {
      const userScope = parseScope(scope ?? { user_id: user, agent_id: messages[0]!.agent_id });
      const done = total.processed;
      const onProgress = (progress: AddProgress) => options.onProgress?.({ done: done + progress.done, total: pending.length });
      await this.runBatches(messages, userScope, batchSize, { ...options, onProgress }, messages.length, total);
    }
    await this.maybeOptimize(total.processed);
    const { processed, actions, byType, warnings, llm, fallbackBatches } = total;
    return { messages: { received: pending.length, stored: processed, skipped: 0 }, actions, byType, durationMs: Date.now() - started, warnings, pending: 0, llm, fallbackBatches };
  }

  /** Pending messages (held or failed), for one user or (no scope) the whole store. */
  async pendingStats(scope?: ScopeInput): Promise<PendingStats> {
    return readPendingStats(this.store, scope === undefined ? undefined : parseScope(scope).user_id, this.batchSize);
  }

  /**
   * Model calls, tokens and time recorded in the `runs` table: every ingest batch, and every
   * recall that called a model; for one user or (no scope) the whole store.
   */
  async usage(scope?: ScopeInput): Promise<UsageStats> {
    await this.flushAccess();
    return readUsageStats(this.store, scope === undefined ? undefined : parseScope(scope).user_id);
  }

  private async runBatches(queue: StoredMessage[], scope: Scope, batchSize: number, options: AddOptions, total: number, into?: IngestBatchResult) {
    return runIngestBatches(
      queue,
      scope,
      { graph: this.ingestGraph, store: this.store, policyName: this.policy.name, now: () => this.now().toISOString(), newId: this.newId },
      {
        batchSize,
        signal: options.signal,
        withSignal: (work) => withChildSignal(options.signal, work),
        onBatch: (processed) => options.onProgress?.({ done: Math.min(processed, total), total }),
        into,
      },
    );
  }

  /** Optimizes the store when something was written and the full-text indexes lag behind by `optimizeAfterRows`. */
  private async maybeOptimize(processed: number): Promise<void> {
    if (processed === 0) return;
    const annAfter = this.options.annIndexAfterRows ?? 100_000;
    if (Number.isFinite(annAfter)) await this.store.ensureVectorIndexes({ minRows: annAfter });
    if ((await this.store.unindexedRows()) >= (this.options.optimizeAfterRows ?? 512)) await this.store.optimize();
  }

  /**
   * Active recall: derives topics from the query and recent turns, searches every memory table
   * (hybrid vector + full-text, fused by reciprocal rank fusion), and packs the best items into
   * `tokenBudget` tokens. Core memory is always included (up to 20% of the budget, lines closest to the query first).
   *
   * @returns the formatted context, its token count (cl100k_base) and its items with sources.
   */
  async recall(query: string, scope: ScopeInput, options: RecallOptions = {}): Promise<RecallResult> {
    const parsedScope = parseScope(scope);
    const tokenBudget = options.tokenBudget ?? 1500;
    if (!Number.isInteger(tokenBudget) || tokenBudget < 1) throw new ValidationError(`tokenBudget must be a positive integer, got ${tokenBudget}`);
    const extraTokenBudgets = options.extraTokenBudgets;
    for (const budget of extraTokenBudgets ?? []) {
      if (!Number.isInteger(budget) || budget < 1) throw new ValidationError(`extraTokenBudgets must hold positive integers, got ${budget}`);
    }
    const started = Date.now();
    const asOf = options.asOf ?? this.now().toISOString();
    const input = {
      query: parseOrThrow(z.string(), query, "query"),
      recentTurns: options.recentTurns ?? [],
      scope: parsedScope,
      tokenBudget,
      types: parseTypes(options.types),
      asOf,
      revealSecrets: options.revealSecrets === true,
      ...(extraTokenBudgets ? { extraTokenBudgets } : {}),
    };
    const output = await withChildSignal(options.signal, (signal) => this.recallGraph.invoke(input, { signal }));
    const { packed, topics } = output;
    const llm = output.llm ?? emptyLlmUsage();
    const durationMs = Date.now() - started;
    this.noteAccess(parsedScope.user_id, packed.items.map((entry) => entry.item));
    if (llm.calls > 0) this.pendingRuns.push(recallRunRow({ id: this.newId(), userId: parsedScope.user_id, createdAt: this.now().toISOString(), durationMs, llm }));
    // Written in the background: the recall returns without waiting for the commits.
    if (this.pendingAccess.size >= ACCESS_FLUSH_THRESHOLD || this.pendingRuns.length >= ACCESS_FLUSH_THRESHOLD) this.accessWrites = this.accessWrites.then(() => this.writeAccess());
    for (const warning of output.warnings ?? []) this.logger.warn(warning);
    const extraContexts = output.extraPacked?.map((extra, index) => ({ tokenBudget: extraTokenBudgets![index]!, ...extra }));
    return { ...packed, topics, durationMs, llm, warnings: output.warnings ?? [], ...(extraContexts ? { extraContexts } : {}) };
  }

  /**
   * Hybrid search without packing: fused items, best first.
   *
   * @param options.limit most items returned. @default 10
   */
  async search(query: string, scope: ScopeInput, options: { types?: MemoryType[]; limit?: number } = {}): Promise<FusedItem[]> {
    const parsedScope = parseScope(scope);
    const types = parseTypes(options.types);
    const topics = deriveTopics(parseOrThrow(z.string(), query, "query"), [], this.now());
    const lists = await searchMemories(topics, { userId: parsedScope.user_id, types, asOf: this.now().toISOString() }, { store: this.store, embedder: this.embedder, cache: this.itemsCache });
    return fuseRankedLists(lists).slice(0, options.limit ?? 10);
  }

  /**
   * One memory item by id. A high-sensitivity vault item's `secret` stays sealed (`enc:v1:...`)
   * unless `options.revealSecrets`.
   *
   * @throws NotFoundError when the user has no item with that id.
   */
  async get(id: string, scope: ScopeInput, options: RevealOptions = {}): Promise<MemoryItem> {
    const parsedScope = parseScope(scope);
    const stored = await this.store.getItem(parsedScope.user_id, parseOrThrow(IdSchema, id, "id"));
    if (!stored) throw new NotFoundError(id);
    const { vector: _vector, ...item } = stored;
    return options.revealSecrets ? this.store.revealItem(item as MemoryItem) : (item as MemoryItem);
  }

  /**
   * Memory items of the user, newest first.
   *
   * @param options.includeInvalid also list items whose `valid_to` has passed. @default false
   */
  async list(scope: ScopeInput, options: { type?: MemoryType; limit?: number; includeInvalid?: boolean } & RevealOptions = {}): Promise<MemoryItem[]> {
    const parsedScope = parseScope(scope);
    const types = options.type ? [MemoryTypeSchema.parse(options.type)] : MEMORY_TYPES;
    const filter = options.includeInvalid ? {} : validAt(this.now().toISOString());
    const items = (await Promise.all(types.map((type) => this.store.listItems(type, parsedScope.user_id, { filter })))).flat();
    items.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
    const listed = options.limit === undefined ? items : items.slice(0, options.limit);
    return options.revealSecrets ? Promise.all(listed.map((item) => this.store.revealItem(item))) : listed;
  }

  /**
   * Changes a memory item in place (same id), re-embedding a new text, and records an UPDATE (or
   * INVALIDATE when only `valid_to` is set) in history.
   *
   * @throws NotFoundError when the user has no item with that id.
   * @throws ValidationError for an unknown or invalid field.
   */
  async update(id: string, patch: MemoryPatch, scope: ScopeInput): Promise<MemoryItem> {
    const parsedScope = parseScope(scope);
    const changes = parseOrThrow(MemoryPatchSchema, patch, "memory patch");
    const stored = await this.store.getItem(parsedScope.user_id, parseOrThrow(IdSchema, id, "id"));
    if (!stored) throw new NotFoundError(id);
    const now = this.now().toISOString();
    const next = MemoryItemSchema.parse({ ...stored, ...changes, updated_at: now });
    const [vector] = changes.text ? await this.embedder.embedMany([changes.text]) : [stored.vector];
    await this.store.upsertItems(next.type, [{ ...next, vector: vector! }]);
    const { vector: _vector, ...before } = stored;
    const event = changes.text === undefined && changes.importance === undefined && changes.valid_to ? "INVALIDATE" : "UPDATE";
    await this.store.appendHistory([this.historyRow(event, before as MemoryItem, next, "api:update", now)]);
    return next;
  }

  /**
   * Deletes a memory item and records a DELETE (with the item as `before`) in history.
   *
   * @throws NotFoundError when the user has no item with that id.
   */
  async delete(id: string, scope: ScopeInput): Promise<void> {
    const parsedScope = parseScope(scope);
    const stored = await this.store.getItem(parsedScope.user_id, parseOrThrow(IdSchema, id, "id"));
    if (!stored) throw new NotFoundError(id);
    const { vector: _vector, ...before } = stored;
    await this.store.deleteItem(stored.type, parsedScope.user_id, stored.id);
    await this.store.appendHistory([this.historyRow("DELETE", before as MemoryItem, null, "api:delete", this.now().toISOString())]);
  }

  /** Every change to one memory item, oldest first (empty for an unknown id); vault secrets in `before`/`after` sealed unless revealed. */
  async history(id: string, scope: ScopeInput, options: RevealOptions = {}): Promise<HistoryRow[]> {
    return this.store.listHistory(parseScope(scope).user_id, parseOrThrow(IdSchema, id, "id"), { reveal: options.revealSecrets });
  }

  /**
   * Stored messages of the user, in arrival order. High-sensitivity values in `content` are
   * masked (`[api_key]`) unless `options.revealSecrets`, which returns the content as it was given.
   */
  async messages(scope: ScopeInput, options: { ids?: string[] } & RevealOptions = {}): Promise<StoredMessage[]> {
    const ids = options.ids?.map((id) => parseOrThrow(IdSchema, id, "id"));
    return this.store.listMessages(parseScope(scope).user_id, { ids, reveal: options.revealSecrets });
  }

  /**
   * Forgets a user for real: deletes the user's rows from every table (memories, messages,
   * history), then compacts every table, rebuilds its full-text index and prunes all older
   * LanceDB versions and unreferenced files, so nothing of the user can be recovered from the
   * store folder. Other users' rows are untouched. Conversation checkpoints (`engram chat`) live
   * outside the library; the CLI's `engram forget` removes those too.
   *
   * Run it when no other process writes to the same store: pruning unreferenced files could
   * remove the files of another process's write in flight.
   *
   * @returns rows deleted per table (all zero for an unknown user).
   * @throws ValidationError for an invalid scope.
   */
  async forget(scope: ScopeInput): Promise<ForgetResult> {
    return this.store.deleteUser(parseScope(scope).user_id);
  }

  /**
   * Everything stored for one user, for `engram export`: a header and the records (messages,
   * memory items with vectors, history), secrets decrypted. See `io/engram-export.ts` for the
   * line format; {@link importRecords} writes it back.
   */
  async exportUser(scope: ScopeInput): Promise<ExportUserResult> {
    return exportUser(this, parseScope(scope).user_id, this.now().toISOString());
  }

  /**
   * Writes back what {@link exportUser} produced (possibly from another store): messages and
   * history rows not stored yet, and every memory item by id, re-embedding when the export was
   * made with another embedder. Idempotent.
   */
  async importRecords(header: ExportHeader, records: ExportRecord[], options: { signal?: AbortSignal } = {}): Promise<ImportRecordsResult> {
    parseScope({ user_id: header.user_id });
    const result = await importRecords(this, header, records, options);
    await this.maybeOptimize(result.messages.stored + result.memories);
    return result;
  }

  /** Rows per table, for one user or (no scope) the whole store. */
  async stats(scope?: ScopeInput): Promise<StoreStats> {
    const userId = scope === undefined ? undefined : parseScope(scope).user_id;
    const tables = [...MEMORY_TYPES, MESSAGES_TABLE, HISTORY_TABLE] as const;
    const counts = await Promise.all(tables.map((table) => this.store.count(table, userId)));
    return Object.fromEntries(tables.map((table, index) => [table, counts[index]])) as StoreStats;
  }

  /** Writes pending access counts and closes the store. The instance must not be used afterwards. */
  async close(): Promise<void> {
    await this.flushAccess();
    this.store.close();
  }

  /** Counts recalled items in memory; written by {@link flushAccess} so a recall does not write. */
  private noteAccess(userId: string, items: MemoryItem[]): void {
    const at = this.now().toISOString();
    for (const item of items) {
      const key = `${item.type}\u0000${userId}\u0000${item.id}`;
      const seen = this.pendingAccess.get(key);
      this.pendingAccess.set(key, { type: item.type, userId, id: item.id, count: (seen?.count ?? 0) + 1, at });
    }
  }

  /**
   * Writes the access counts gathered by recalls (`access_count`, `last_accessed_at`): one update
   * per memory type, user and count; and the `runs` rows of recalls that called a model. Runs
   * before each `add`, every 256 noted items or runs (started by `recall` in the background; this
   * method waits for those), and on close.
   */
  async flushAccess(): Promise<void> {
    await this.accessWrites;
    await this.writeAccess();
  }

  private async writeAccess(): Promise<void> {
    const pending = [...this.pendingAccess.values()];
    this.pendingAccess.clear();
    const groups = new Map<string, { type: MemoryType; userId: string; count: number; at: string; ids: string[] }>();
    for (const entry of pending) {
      const key = `${entry.type}\u0000${entry.userId}\u0000${entry.count}`;
      const group = groups.get(key) ?? { type: entry.type, userId: entry.userId, count: entry.count, at: entry.at, ids: [] };
      group.ids.push(entry.id);
      if (entry.at > group.at) group.at = entry.at;
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      try {
        await this.store.recordAccess(group.type, group.userId, group.ids, group.at, group.count);
        const ids = new Set(group.ids);
        await this.itemsCache.afterWrite(group.type, group.userId, (items) =>
          items.map((item) => (ids.has(item.id) ? { ...item, access_count: item.access_count + group.count, last_accessed_at: group.at } : item)),
        );
      } catch (error) {
        this.logger.warn(`could not record access on ${group.type}: ${(error as Error).message}`);
      }
    }
    const runs = this.pendingRuns.splice(0);
    try {
      await this.store.appendRuns(runs);
    } catch (error) {
      this.logger.warn(`could not record ${runs.length} recall runs: ${(error as Error).message}`);
    }
  }

  private historyRow(event: HistoryRow["event"], before: MemoryItem | null, after: MemoryItem | null, cause: string, at: string): HistoryRow {
    const item = (after ?? before)!;
    return {
      id: this.newId(),
      memory_id: item.id,
      memory_type: item.type,
      user_id: item.user_id,
      event,
      before: before ? JSON.stringify(before) : null,
      after: after ? JSON.stringify(after) : null,
      cause,
      sources: [],
      created_at: at,
    };
  }
}

/**
 * Runs `work` with a child of `signal` that is dropped afterwards, so listeners that LangGraph adds
 * to the signal of each run do not pile up on a caller's long-lived signal.
 */
async function withChildSignal<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!signal) return work(undefined);
  signal.throwIfAborted();
  const child = new AbortController();
  const forward = () => child.abort(signal.reason);
  signal.addEventListener("abort", forward, { once: true });
  try {
    return await work(child.signal);
  } finally {
    signal.removeEventListener("abort", forward);
  }
}

function modelCallSettings(llm: EngramOptions["llm"]) {
  const { method, maxRetries, retryBaseDelayMs, timeoutMs } = llm ?? {};
  return parseOrThrow(ModelCallOptionsSchema, { method, maxRetries, retryBaseDelayMs, timeoutMs }, "llm options");
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(`invalid ${what}`, { issues: result.error.issues.map((issue) => `${issue.path.join(".") || what}: ${issue.message}`) });
  }
  return result.data;
}

function parseScope(scope: ScopeInput): Scope {
  return parseOrThrow(ScopeSchema, scope, "scope");
}

function parseTypes(types: MemoryType[] | undefined): MemoryType[] {
  return types === undefined ? [...MEMORY_TYPES] : parseOrThrow(z.array(MemoryTypeSchema).min(1), types, "memory types");
}
