import type { AccessRecorder } from "./access-recorder";
import type { ParsedEngramOptions } from "./engram-options";
import { ValidationError } from "./errors/engram-error";
import type { IngestRun } from "./graphs/ingest-graph";
import { withChildSignal } from "./graphs/with-child-signal";
import type { AddOptions, AddProgress, AddResult } from "./ingest/add-types";
import type { IngestPolicy } from "./ingest/ingest-policy";
import { normalizeIngestInput } from "./ingest/normalize-messages";
import { planBatches } from "./ingest/plan-batches";
import { emptyIngestBatchResult, runIngestBatches, type IngestBatchResult } from "./ingest/run-ingest-batches";
import type { UserItemsCache } from "./recall/user-items-cache";
import type { MessageInput, StoredMessage } from "./schema/message";
import { parseScopeInput, type Scope, type ScopeInput } from "./schema/scope";
import type { MemoryStore } from "./store/memory-store";

/** What {@link EngramIngest} needs from the facade. */
export interface EngramIngestDeps {
  store: MemoryStore;
  /** One batch through the ingest nodes (`createIngestRunner`). */
  run: IngestRun;
  policy: IngestPolicy;
  options: ParsedEngramOptions;
  now: () => Date;
  newId: () => string;
  cache: UserItemsCache | undefined;
  access: AccessRecorder;
  logger: { warn(message: string): void };
}

/** The ingest entry points of the `Engram` facade (`add`, `retryPending`) and the store upkeep after a write; the facade takes the user's write lock. */
export class EngramIngest {
  constructor(private readonly deps: EngramIngestDeps) {}

  /** `Engram.add` with the user's write lock held. */
  async addUnlocked(messages: MessageInput[], parsedScope: Scope, options: AddOptions): Promise<AddResult> {
    const { store, options: engramOptions } = this.deps;
    await this.deps.access.flush();
    const batchSize = this.batchSizeOf(options);
    const started = Date.now();
    options.signal?.throwIfAborted();
    const normalized = await normalizeIngestInput(messages, parsedScope, { store, now: () => this.deps.now().toISOString(), newId: this.deps.newId, writeLockHeld: true });
    let queue = normalized.stored;
    if (engramOptions.batching.maxAgeMs > 0) {
      const queued = new Set(queue.map((message) => message.id));
      const waiting = (await store.listPendingMessages(parsedScope.user_id)).filter((message) => message.error === null && !queued.has(message.id));
      queue = [...waiting, ...queue].sort((a, b) => a.seq - b.seq);
    }
    const plan = planBatches({ queue, batchSize, maxAgeMs: engramOptions.batching.maxAgeMs, nowMs: this.deps.now().getTime(), flush: options.flush });
    const batches = await this.runBatches(plan.run, parsedScope, batchSize, options, messages.length);
    await this.maybeOptimize(batches.processed);
    return {
      messages: { received: messages.length, stored: normalized.stored.length - Math.min(plan.held, normalized.stored.length), skipped: normalized.skipped },
      actions: batches.actions,
      byType: batches.byType,
      durationMs: Date.now() - started,
      warnings: batches.warnings,
      pending: plan.held,
      llm: batches.llm,
      fallbackBatches: batches.fallbackBatches,
    };
  }

  /** `Engram.retryPending`: each user's pending messages under that user's write lock. */
  async retryPending(scope: ScopeInput | undefined, options: AddOptions): Promise<AddResult> {
    const { store } = this.deps;
    const userId = scope === undefined ? undefined : parseScopeInput(scope).user_id;
    const batchSize = this.batchSizeOf(options);
    const started = Date.now();
    const pending = await store.listPendingMessages(userId);
    const byUser = new Map<string, StoredMessage[]>();
    for (const message of pending) byUser.set(message.user_id, [...(byUser.get(message.user_id) ?? []), message]);
    const total = emptyIngestBatchResult();
    for (const [user, messages] of byUser) {
      const userScope = parseScopeInput(scope ?? { user_id: user, agent_id: messages[0]!.agent_id });
      const done = total.processed;
      const onProgress = (progress: AddProgress) => options.onProgress?.({ done: done + progress.done, total: pending.length });
      await store.withUserLock(user, async () => {
        // Another writer may have processed some while this one waited for the lock.
        const stillPending = await store.findMessages(user, messages.map((message) => message.id));
        const queue = messages.filter((message) => stillPending.get(message.id)?.processed_at === null);
        await this.runBatches(queue, userScope, batchSize, { ...options, onProgress }, messages.length, total);
      });
    }
    await this.maybeOptimize(total.processed);
    const { processed, actions, byType, warnings, llm, fallbackBatches } = total;
    return { messages: { received: pending.length, stored: processed, skipped: 0 }, actions, byType, durationMs: Date.now() - started, warnings, pending: 0, llm, fallbackBatches };
  }

  /** Optimizes the store when something was written and the full-text indexes lag behind by `optimizeAfterRows`. */
  async maybeOptimize(processed: number): Promise<void> {
    if (processed === 0) return;
    const { store, options } = this.deps;
    // ANN indexes are the LanceDB store's (`ensureVectorIndexes`); other stores search exactly.
    const annAfter = options.annIndexAfterRows;
    if (Number.isFinite(annAfter) && store.ensureVectorIndexes) await store.ensureVectorIndexes({ minRows: annAfter });
    if ((await store.unindexedRows()) >= options.optimizeAfterRows) await store.optimize();
  }

  private batchSizeOf(options: AddOptions): number {
    const batchSize = options.batchSize ?? this.deps.options.batching.size;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new ValidationError(`batchSize must be a positive integer, got ${batchSize}`);
    return batchSize;
  }

  private async runBatches(queue: StoredMessage[], scope: Scope, batchSize: number, options: AddOptions, total: number, into?: IngestBatchResult) {
    const { run, store, policy, newId, cache, logger } = this.deps;
    return runIngestBatches(
      queue,
      scope,
      { run, store, policyName: policy.name, now: () => this.deps.now().toISOString(), newId, prepare: policy.prepare?.bind(policy), cache, logger },
      {
        batchSize,
        signal: options.signal,
        withSignal: (work) => withChildSignal(options.signal, work),
        onBatch: (processed) => options.onProgress?.({ done: Math.min(processed, total), total }),
        into,
      },
    );
  }
}
