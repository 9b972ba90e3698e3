import { randomUUID } from "node:crypto";
import { z } from "zod";
import { AccessRecorder } from "./access-recorder";
import { SecretCipher } from "./crypto/secret-cipher";
import { defaultIngestPolicy } from "./ingest/default-policy";
import type { Embedder } from "./embed/embedder";
import { HashEmbedder } from "./embed/hash-embedder";
import { forgetUser } from "./engram-forget";
import { EngramIngest } from "./engram-ingest";
import { EngramLifecycle } from "./engram-lifecycle";
import { EngramOptionsSchema, modelCallSettings, parseMemoryTypes, type EngramLogger, type EngramOptions, type ForgetResult, type MemoryPatch, type ParsedEngramOptions, type RevealOptions, type StoreStats } from "./engram-options";
import { ValidationError } from "./errors/engram-error";
import { parseOrThrow } from "./errors/zod-issues";
import { createIngestRunner } from "./graphs/ingest-graph";
import { createRecallRunner, RECALL_REVEAL_KEY } from "./graphs/recall-graph";
import type { AddOptions, AddResult, BatchingOptions } from "./ingest/add-types";
import type { IngestPolicy } from "./ingest/ingest-policy";
import { readPendingStats, type PendingStats } from "./ingest/pending-stats";
import type { ExportHeader, ExportRecord } from "./io/engram-export";
import { exportUser, importRecords, type ExportUserResult, type ImportRecordsResult } from "./io/export-user";
import { emptyLlmUsage } from "./models/model-usage";
import { deriveTopics } from "./recall/derive-topics";
import { fuseRankedLists, type FusedItem } from "./recall/fuse-ranked-lists";
import type { RecallOptions, RecallResult } from "./recall/recall-types";
import { searchMemories } from "./recall/search-memories";
import { recallGraphInput } from "./recall/recall-input";
import { readGraphMemory, type GraphMemory } from "./graph/graph-memory-view";
import type { MemoryItem } from "./schema/memory-item";
import type { MemoryType } from "./schema/memory-type";
import type { HistoryRow, MessageInput, StoredMessage } from "./schema/message";
import { IdSchema, parseScopeInput, type ScopeInput } from "./schema/scope";
import { LanceDbMemoryStore } from "./store/lancedb-memory-store";
import type { MemoryStore } from "./store/memory-store";
import { readStoreStats } from "./store/store-stats";
import { readUsageStats, recallRunRow, type UsageStats } from "./store/usage-stats";
import { UserItemsCache } from "./recall/user-items-cache";
import { deleteMemory, getMemory, listMemories, updateMemory, type MemoryEditDeps } from "./memory-edits";
import { Consolidator, type ConsolidateOptions, type ConsolidateResult, type UndoConsolidationResult } from "./consolidate/consolidator";

const NO_OP_LOGGER: EngramLogger = { warn: () => {} };

/**
 * The Engram facade: a long-term memory with six typed stores (MIRIX, arXiv 2507.07957) in a local
 * LanceDB folder (or any injected {@link MemoryStore}), an ingest graph (meta-manager and six
 * memory agents) and an active-recall graph.
 *
 * Every method is scoped by `user_id`; ids are validated with zod and filters are quoted, so no
 * input can reach another user's rows.
 *
 * Every method that reads or writes rejects with a `ClosedError` once {@link Engram.close} was
 * called (calls under way before it finish first).
 *
 * @example
 * const engram = await Engram.open({ path: "./.engram" });
 * await engram.add([{ role: "user", content: "I moved to Lisbon last month.", timestamp: "2024-05-02T10:00:00Z" }], { user_id: "ada" });
 * const { context } = await engram.recall("Where does Ada live?", { user_id: "ada" }, { tokenBudget: 500 });
 * await engram.close();
 * @example
 * // No disk: an in-memory store.
 * const embedder = new HashEmbedder();
 * const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder });
 */
export class Engram {
  private readonly ingestRunner: ReturnType<typeof createIngestRunner>;
  private readonly recallRunner: ReturnType<typeof createRecallRunner>;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly logger: EngramLogger;
  /** Access counts and recall runs, written in batches so a recall does not write. */
  private readonly access: AccessRecorder;
  /** Proves to the recall graph that `revealSecrets` came from this facade's caller, not from graph input. */
  private readonly revealToken = {};
  /** Small per-user tables kept in process for recall and reconciliation; only for stores with `tableVersion`. */
  private readonly itemsCache: UserItemsCache | undefined;
  private readonly consolidator: Consolidator;
  /** `add` and `retryPending` (`engram-ingest.ts`). */
  private readonly ingest: EngramIngest;
  /** The calls under way, for `close` (`engram-lifecycle.ts`). */
  private readonly calls = new EngramLifecycle();
  /** The store, each call tracked for `close` ({@link EngramLifecycle.trackStore}): everything here and in the graphs uses it. */
  private readonly store: MemoryStore;

  private constructor(
    private readonly openedStore: MemoryStore,
    readonly embedder: Embedder,
    readonly policy: IngestPolicy,
    private readonly options: ParsedEngramOptions,
  ) {
    const store = this.calls.trackStore(openedStore);
    this.store = store;
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.logger = options.logger ?? NO_OP_LOGGER;
    this.itemsCache = UserItemsCache.forStore(store, { maxRowsPerTable: options.inProcessSearchMaxRows });
    this.access = new AccessRecorder(store, this.logger, this.itemsCache, options.compactAfterAccessWrites);
    this.ingestRunner = createIngestRunner({ store, embedder, policy, now: () => this.now().toISOString(), newId: this.newId, cache: this.itemsCache });
    const chatModel = options.chatModel ? { model: options.chatModel, settings: modelCallSettings(options.llm) } : undefined;
    this.recallRunner = createRecallRunner({ store, embedder, now: this.now, chatModel, revealToken: this.revealToken, cache: this.itemsCache, retention: options.retention, graph: options.graph && options.graphRecall, citeSources: options.citeSources, turns: options.turnRecall, expansion: options.queryExpansion, relationShare: options.relationShare });
    this.ingest = new EngramIngest({ store, run: this.ingestRunner.run, policy, options, now: this.now, newId: this.newId, cache: this.itemsCache, access: this.access, logger: this.logger });
    this.consolidator = new Consolidator({ store, embedder, now: this.now, newId: this.newId, rules: options.consolidation, retention: options.retention, chatModel, beforePass: () => this.access.flush(), consolidateEvery: options.consolidateEvery, logger: this.logger });
  }

  /**
   * Opens (or creates) a store folder, or wraps an injected `store`.
   *
   * @throws ValidationError for invalid options (no `path` nor `store`, a bad batch size, a store
   *   whose dimensions differ from the embedder's, ...).
   * @throws StoreError when the folder cannot be opened or was built with another embedder.
   */
  static async open(options: EngramOptions): Promise<Engram> {
    const parsed = parseOrThrow(EngramOptionsSchema, options, "Engram options", { message: "invalid Engram options" });
    const embedder = parsed.embedder ?? new HashEmbedder();
    if (parsed.store && parsed.store.dimensions !== embedder.dimensions) {
      throw new ValidationError(`the store holds ${parsed.store.dimensions}-dimension vectors, the embedder ${embedder.modelId} makes ${embedder.dimensions}`);
    }
    const policy = parsed.policy ?? defaultIngestPolicy(parsed);
    const cipher = parsed.secretKey === undefined ? undefined : new SecretCipher(parsed.secretKey);
    const store = parsed.store ?? (await LanceDbMemoryStore.open({ path: parsed.path!, dimensions: embedder.dimensions, embedderId: embedder.modelId, cipher, storageOptions: parsed.storageOptions }));
    return new Engram(store, embedder, policy, parsed);
  }

  /**
   * The cipher that seals this store's high-sensitivity values (AES-256-GCM, the store's key), for
   * data an application keeps beside the store: `engram chat` seals its checkpoints with it. It
   * holds the key (and, for a store folder, reads its key file and manifest), never a table, so it
   * stays usable after {@link close}.
   */
  get secretCipher(): SecretCipher {
    return this.store.cipher;
  }

  /**
   * The compiled ingest, recall and consolidate graphs (for inspection, e.g. `graphs.ingest.getGraph().drawMermaid()`,
   * and LangGraph Studio). A run of them is not a facade call: {@link close} does not refuse it, but
   * it waits for each store call a run has under way, and once the store is being closed a run's
   * store call rejects with a `ClosedError` (`operation` `store.<method>`) instead of reaching a closed store.
   */
  get graphs() {
    return { ingest: this.ingestRunner.graph, recall: this.recallRunner.graph, consolidate: this.consolidator.graph };
  }
  /** One consolidation pass (merge, promote, summarize, archive), audited and reversible; see {@link Consolidator.consolidate}. */
  consolidate = (options: ConsolidateOptions = {}): Promise<ConsolidateResult> => this.calls.track("consolidate", () => this.consolidator.consolidate(options));
  /** Restores the memory tables to their rows before pass `passId`; see {@link Consolidator.undo}. */
  undoConsolidation = (passId: string): Promise<UndoConsolidationResult> => this.calls.track("undoConsolidation", () => this.consolidator.undo(passId));
  /**
   * Ingests messages: stores every message first (raw, ids already processed for the user skipped:
   * re-adding the same messages adds nothing), then runs the ingest graph (normalize → metaManager →
   * memory agents → finish) on batches of `options.batchSize` (default: `batching.size`; a smaller remainder
   * may be held pending, see {@link BatchingOptions}). Writes are committed once a buffered change waited 2 s
   * (or at 1,000 messages), beside the next batch, and at the end (docs/architecture.md, "Buffered writes"):
   * recall sees a long call's memories about 2 s plus two batches late, and a crash loses that processing (its
   * messages are stored and left pending); with the LLM policy each agent commits before it asks its
   * collision resolver. A failed batch (model error, timeout) loses nothing: it and later batches stay
   * pending, it with its error, for {@link retryPending}.
   * @param messages in the order they were said; `timestamp` (ISO) anchors relative dates.
   * @throws ValidationError for an invalid scope or message (nothing of the call is stored).
   * @throws ModelError when a batch's model call failed after its retries (messages stay pending).
   */
  async add(messages: MessageInput[], scope: ScopeInput, options: AddOptions = {}): Promise<AddResult> {
    const parsedScope = parseScopeInput(scope);
    // One writer per user at a time, across processes: a second writer then finds the messages stored and processed. Then maybe a background pass (`consolidateEvery`, not awaited).
    return this.calls.track("add", () => this.store.withUserLock(parsedScope.user_id, () => this.ingest.addUnlocked(messages, parsedScope, options)).then((result) => this.consolidator.afterAdd(parsedScope.user_id, result)));
  }

  /**
   * Processes pending messages (stored, not processed: a failed batch, an interrupted run, or a
   * remainder held for a fuller batch), of one user or of every user, in arrival order and in
   * batches of `options.batchSize` (default: `batching.size`).
   *
   * @throws ModelError when a batch fails again (it stays pending with the new error).
   */
  async retryPending(scope?: ScopeInput, options: AddOptions = {}): Promise<AddResult> {
    return this.calls.track("retryPending", () => this.ingest.retryPending(scope, options));
  }

  /** Pending messages (held or failed), for one user or (no scope) the whole store. */
  async pendingStats(scope?: ScopeInput): Promise<PendingStats> {
    return this.calls.track("pendingStats", () => readPendingStats(this.store, scope === undefined ? undefined : parseScopeInput(scope).user_id, this.options.batching.size));
  }

  /**
   * Writes the access counts and recall runs that recalls noted, now (else in the background every 256 accesses, and on
   * `close`): for an agent's idle time between turns, so no write overlaps its next recall. Then compacts each memory table
   * that has taken `compactAfterAccessWrites` access writes since this process last compacted it (only here: `add`,
   * `forget` and `usage` write pending counts first but never wait for a compaction).
   */
  flushAccess = (): Promise<void> => this.calls.track("flushAccess", () => this.access.flush({ compact: true }));

  /** Model calls, tokens and time recorded in the `runs` table (every ingest batch, every recall that called a model), for one user or (no scope) the whole store. */
  async usage(scope?: ScopeInput): Promise<UsageStats> {
    return this.calls.track("usage", async () => {
      await this.access.flush();
      return readUsageStats(this.store, scope === undefined ? undefined : parseScopeInput(scope).user_id);
    });
  }

  /**
   * Compacts the store and brings its full-text indexes up to date with new rows (LanceDB: also
   * prunes versions older than a week). `add` does this on its own past `optimizeAfterRows`.
   */
  async optimize(): Promise<void> {
    await this.calls.track("optimize", () => this.store.optimize());
  }

  /**
   * Active recall: derives topics from the query and recent turns, searches every memory table
   * (hybrid vector + full-text, fused by reciprocal rank fusion), and packs the best items into
   * `tokenBudget` tokens. Core memory is always included (up to 20% of the budget, lines closest to the query first).
   *
   * @returns the formatted context, its token count (cl100k_base) and its items with sources.
   */
  async recall(query: string, scope: ScopeInput, options: RecallOptions = {}): Promise<RecallResult> {
    return this.calls.track("recall", () => this.recallUntracked(query, scope, options));
  }

  private async recallUntracked(query: string, scope: ScopeInput, options: RecallOptions): Promise<RecallResult> {
    const parsedScope = parseScopeInput(scope);
    const started = Date.now();
    const input = recallGraphInput(query, parsedScope, options, this.now());
    const noteAccess = parseOrThrow(z.boolean().default(true), options.noteAccess, "noteAccess");
    const configurable = options.revealSecrets === true ? { [RECALL_REVEAL_KEY]: this.revealToken } : {};
    // Counted in flight until it noted: a forget meanwhile drops the user's entry only after it (`access-recorder.ts`).
    const generation = this.access.beginRecall(parsedScope.user_id);
    try {
      const output = await this.recallRunner.run(input, { signal: options.signal, configurable });
      const { packed, topics } = output;
      const llm = output.llm ?? emptyLlmUsage();
      const durationMs = Date.now() - started;
      // Not noted when the user was forgotten meanwhile (`generation`).
      if (noteAccess) this.access.noteAccess(parsedScope.user_id, packed.items.map((entry) => entry.item), this.now().toISOString(), generation);
      if (llm.calls > 0) this.access.noteRun(recallRunRow({ id: this.newId(), userId: parsedScope.user_id, createdAt: this.now().toISOString(), durationMs, llm }), generation);
      // Written in the background: the recall returns without waiting for the commits.
      if (this.access.shouldFlush) this.access.flushInBackground();
      for (const warning of output.warnings ?? []) this.logger.warn(warning);
      const extraContexts = output.extraPacked?.map((extra, index) => ({ tokenBudget: input.extraTokenBudgets![index]!, ...extra }));
      return { ...packed, topics, durationMs, llm, warnings: output.warnings ?? [], ...(extraContexts ? { extraContexts } : {}), ...(output.explained ? { explain: output.explained } : {}) };
    } finally {
      this.access.endRecall(parsedScope.user_id);
    }
  }

  /**
   * Hybrid search without packing: fused items, best first.
   *
   * @param options.limit most items returned. @default 10
   */
  async search(query: string, scope: ScopeInput, options: { types?: MemoryType[]; limit?: number } = {}): Promise<FusedItem[]> {
    return this.calls.track("search", async () => {
      const topics = deriveTopics(parseOrThrow(z.string(), query, "query"), [], this.now());
      const where = { userId: parseScopeInput(scope).user_id, types: parseMemoryTypes(options.types), asOf: this.now().toISOString() };
      const lists = await searchMemories(topics, where, { store: this.store, embedder: this.embedder, cache: this.itemsCache });
      return fuseRankedLists(lists).slice(0, options.limit ?? 10);
    });
  }

  /**
   * One memory item by id. A high-sensitivity vault item's `secret` stays sealed (`enc:v1:...`)
   * unless `options.revealSecrets`.
   *
   * @throws NotFoundError when the user has no item with that id.
   */
  async get(id: string, scope: ScopeInput, options: RevealOptions = {}): Promise<MemoryItem> {
    return this.calls.track("get", () => getMemory(this.editDeps(), parseScopeInput(scope).user_id, id, options));
  }

  /**
   * Memory items of the user, newest first.
   *
   * @param options.includeInvalid also list items whose `valid_to` has passed; `includeArchived` archived items too. @default false
   */
  async list(scope: ScopeInput, options: { type?: MemoryType; limit?: number; includeInvalid?: boolean; includeArchived?: boolean } & RevealOptions = {}): Promise<MemoryItem[]> {
    return this.calls.track("list", () => listMemories(this.editDeps(), parseScopeInput(scope).user_id, options));
  }

  /**
   * Changes a memory item in place (same id), re-embedding a new text, and records an UPDATE (or
   * INVALIDATE when only `valid_to` is set) in history.
   *
   * @throws NotFoundError when the user has no item with that id.
   * @throws ValidationError for an unknown or invalid field.
   */
  async update(id: string, patch: MemoryPatch, scope: ScopeInput): Promise<MemoryItem> {
    return this.calls.track("update", () => updateMemory(this.editDeps(), parseScopeInput(scope).user_id, id, patch));
  }

  /**
   * Deletes a memory item and records a DELETE (with the item as `before`) in history.
   *
   * @throws NotFoundError when the user has no item with that id.
   */
  async delete(id: string, scope: ScopeInput): Promise<void> {
    await this.calls.track("delete", () => deleteMemory(this.editDeps(), parseScopeInput(scope).user_id, id));
  }

  private editDeps(): MemoryEditDeps {
    return { store: this.store, embedder: this.embedder, newId: this.newId, now: this.now };
  }

  /** Every change to one memory item, oldest first (empty for an unknown id); vault secrets in `before`/`after` sealed unless revealed. */
  async history(id: string, scope: ScopeInput, options: RevealOptions = {}): Promise<HistoryRow[]> {
    return this.calls.track("history", async () => this.store.listHistory(parseScopeInput(scope).user_id, parseOrThrow(IdSchema, id, "id"), { reveal: options.revealSecrets }));
  }

  /**
   * Stored messages of the user, in arrival order. High-sensitivity values in `content` are
   * masked (`[api_key]`) unless `options.revealSecrets`, which returns the content as it was given.
   */
  async messages(scope: ScopeInput, options: { ids?: string[] } & RevealOptions = {}): Promise<StoredMessage[]> {
    return this.calls.track("messages", async () =>
      this.store.listMessages(parseScopeInput(scope).user_id, { ids: options.ids?.map((id) => parseOrThrow(IdSchema, id, "id")), reveal: options.revealSecrets }),
    );
  }

  /**
   * Forgets a user for real: deletes the user's rows from every table (memories, messages,
   * history), then compacts every table, rebuilds its full-text index and prunes all older
   * LanceDB versions and unreferenced files, so nothing of the user can be recovered from the
   * store folder. Other users' rows are untouched. Conversation checkpoints (`engram chat`) live
   * outside the library; the CLI's `engram forget` removes those too.
   *
   * It takes the user's write lock: an `add` (or `update`, `delete`, ...) of the user under way
   * commits first and is forgotten too. Access counts and recall runs noted for the user, even by a
   * recall under way, are dropped. In this process, each table's prune waits for every call on the
   * table under way (another user's write included) and holds new ones until it is done
   * (`MemoryStore.deleteUser`). Run it when no other process writes to the same store: pruning
   * unreferenced files could remove the files of another process's write in flight.
   *
   * @returns rows deleted per table (all zero for an unknown user).
   * @throws ValidationError for an invalid scope.
   */
  async forget(scope: ScopeInput): Promise<ForgetResult> {
    return this.calls.track("forget", async () => forgetUser({ store: this.store, access: this.access, cache: this.itemsCache }, parseScopeInput(scope).user_id));
  }

  /**
   * Everything stored for one user, for `engram export`: a header and the records (messages,
   * memory items with vectors, history), secrets decrypted. See `io/engram-export.ts` for the
   * line format; {@link importRecords} writes it back.
   */
  async exportUser(scope: ScopeInput): Promise<ExportUserResult> {
    return this.calls.track("exportUser", async () => exportUser({ store: this.store, embedder: this.embedder }, parseScopeInput(scope).user_id, this.now().toISOString()));
  }

  /**
   * Writes back what {@link exportUser} produced (possibly from another store): messages and
   * history rows not stored yet, and every memory item by id, re-embedding when the export was
   * made with another embedder, under the user's write lock (serialized with `add` and `forget`).
   * Idempotent.
   */
  async importRecords(header: ExportHeader, records: ExportRecord[], options: { signal?: AbortSignal } = {}): Promise<ImportRecordsResult> {
    return this.calls.track("importRecords", async () => {
      parseScopeInput({ user_id: header.user_id });
      // Under the user's write lock, as add: a forget of the user waits for the import and deletes what it wrote.
      const result = await this.store.withUserLock(header.user_id, () => importRecords({ store: this.store, embedder: this.embedder }, header, records, options));
      await this.ingest.maybeOptimize(result.messages.stored + result.memories);
      return result;
    });
  }

  /** The user's graph memory: entities (with relation counts) and relations, valid or not, without vectors (docs/architecture.md, "Graph memory"). */
  graphMemory = (scope: ScopeInput): Promise<GraphMemory> => this.calls.track("graphMemory", async () => readGraphMemory(this.store, parseScopeInput(scope).user_id));
  /** Rows per table, for one user or (no scope) the whole store. */
  async stats(scope?: ScopeInput): Promise<StoreStats> {
    return this.calls.track("stats", async () => readStoreStats(this.store, scope === undefined ? undefined : parseScopeInput(scope).user_id));
  }

  /**
   * Closes the instance (docs/architecture.md, "Closing"): from now on every call is refused with a
   * `ClosedError`; then it waits for the calls under way (each one's result or error goes to its own
   * caller, not to `close`), for background consolidation passes, writes pending access counts and
   * recall runs, refuses store calls from then on (a run of {@link graphs}), waits for every store
   * call under way (also one an aborted `recall` or `add` left running: the call rejected at once,
   * its query did not stop) and closes the store. Calling it again returns the same promise.
   *
   * @throws StoreError when the store fails to close.
   */
  close(): Promise<void> {
    return this.calls.close(
      () => this.consolidator.idle().then(() => this.access.flush()),
      () => this.openedStore.close(),
    );
  }
}
