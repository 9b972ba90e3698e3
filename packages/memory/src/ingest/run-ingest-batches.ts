import type { IngestRun, IngestStateType } from "../graphs/ingest-graph";
import { addLlmUsage, emptyLlmUsage, summarizeModelCalls, type LlmUsage, type ModelCallRecord } from "../models/model-usage";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { StoredMessage } from "../schema/message";
import type { Scope } from "../schema/scope";
import type { MemoryStore } from "../store/memory-store";
import type { RunRow } from "../store/run-row";
import type { ReconcileAction } from "./add-types";
import { emptyActionCounts } from "./reconcile";
import { IngestWriteBuffer } from "./ingest-write-buffer";
import type { UserItemsCache } from "../recall/user-items-cache";

/**
 * Batches whose `prepare` is asked for ahead of the one drafted: with one, the parse worker idles
 * from the end of a parse to the next batch's start and the main thread then waits for parses;
 * with two, a batch stays queued for it. (The offline policy keeps at most 1,000 prepared parses:
 * with batches of more than 500 messages, the second batch ahead is parsed when it is drafted.)
 */
const PREPARE_AHEAD = 2;

/** Messages of the batch before shown to the policy for context (the LLM policy shows at most its `contextMessages`). */
const CONTEXT_MESSAGES = 4;

/** What {@link runIngestBatches} needs. */
export interface IngestBatchDependencies {
  /** One batch through the ingest nodes (`createIngestRunner`: the ingest graph's nodes, run without LangGraph). */
  run: IngestRun;
  store: MemoryStore;
  policyName: string;
  /** Current time as ISO string. */
  now: () => string;
  newId: () => string;
  /** The policy's `prepare` (see `IngestPolicy`): run for the next two batches while this one is drafted, reconciled and written. */
  prepare?: (messages: StoredMessage[]) => Promise<void>;
  /** The user's tables kept in process: batches read earlier batches' buffered writes through it (without it, each read commits them first). */
  cache?: UserItemsCache;
  /** Told about a failed commit's cleanup that failed too (`IngestWriteBuffer`). */
  logger?: { warn(message: string): void };
}

/** Options of {@link runIngestBatches}. */
export interface IngestBatchOptions {
  /** Messages per graph run. */
  batchSize: number;
  signal?: AbortSignal;
  /** Called after each batch with the messages processed so far. */
  onBatch?: (processed: number) => void;
  /** Runs `work` with a signal for one graph run (the facade drops it afterwards). */
  withSignal: <T>(work: (signal: AbortSignal | undefined) => Promise<T>) => Promise<T>;
  /** Adds to this result (in place) instead of a new one, to sum several calls. */
  into?: IngestBatchResult;
}

/** Summed outcome of the batches. */
export interface IngestBatchResult {
  processed: number;
  actions: Record<ReconcileAction, number>;
  byType: Record<MemoryType, Record<ReconcileAction, number>>;
  llm: LlmUsage;
  warnings: string[];
  /** Batches drafted by the offline policy because the model's output stayed invalid. */
  fallbackBatches: number;
}

/**
 * Runs stored messages through the ingest graph's nodes (`deps.run`) in batches of `batchSize`, in
 * order, and records one row per batch in the `runs` table (model calls, tokens, time).
 *
 * Writes are buffered across batches ({@link IngestWriteBuffer}) and committed after the batch in
 * which the oldest buffered change waited `COMMIT_AFTER_MS` (or that brings the buffer to
 * `COMMIT_EVERY_MESSAGES` messages, or past the cache's row limit), while the
 * next batch runs, and before the call returns: every batch's history rows, memory items, graph
 * rows, processed marks and run rows.
 *
 * When a batch fails (a model error after its bounded retries, a store error, an abort), the
 * batches before it are committed in full, the failed batch writes nothing but its messages'
 * `error` column and its failed run, and the error is thrown: later batches are not attempted and
 * stay pending too, ready for `retryPending`. When a commit fails, the batch that ran beside it
 * is dropped too (it read the rows that were not stored) and the commit's error is thrown (the
 * batch's own, the commit's logged, when that batch failed as well).
 */
export async function runIngestBatches(
  messages: StoredMessage[],
  scope: Scope,
  deps: IngestBatchDependencies,
  options: IngestBatchOptions,
): Promise<IngestBatchResult> {
  const result = options.into ?? emptyIngestBatchResult();
  const processedBefore = result.processed;
  let preparing: Promise<void> = Promise.resolve();
  const buffer = new IngestWriteBuffer(deps.store, scope.user_id, deps.cache, deps.logger);
  let storedMessages = new Map<string, StoredMessage>();
  /** A commit running beside the next batch; awaited before that batch's changes are kept or committed. */
  let committing: Promise<void> | undefined;
  try {
    // A call of one batch prepares nothing: no later batch's work could run beside it, so preparing
    // only moves the work, and the offline policy's parse worker, stopped after 30 s idle, started
    // again for it (an agent's two-message add after 31 s without one: 246 ms, against 104-119 ms
    // parsed here; packages/bench/src/profile/time-small-adds.ts).
    const prepare = messages.length > options.batchSize ? deps.prepare : undefined;
    const prepareBatch = (start: number) => {
      const batch = messages.slice(start, start + options.batchSize);
      if (prepare && batch.length > 0) preparing = preparing.then(() => prepare(batch));
    };
    // The first batches are parsed ahead too (on the policy's worker thread, while the stored copies are read), not on the main thread.
    for (let ahead = 0; ahead < PREPARE_AHEAD; ahead += 1) prepareBatch(ahead * options.batchSize);
    storedMessages = await findAll(deps.store, scope.user_id, messages);
    for (let start = 0; start < messages.length; start += options.batchSize) {
      options.signal?.throwIfAborted();
      prepareBatch(start + PREPARE_AHEAD * options.batchSize);
      await runBatch(messages.slice(start, start + options.batchSize), start);
      // This batch read the rows of the commit that ran beside it: they must be stored before its own changes are kept.
      await committing;
      committing = undefined;
      // Committed once a buffered change waited 2 s (recall sees a long call progress), while the
      // next batch is drafted: LanceDB writes on its own threads as the main thread drafts and reconciles.
      if (await buffer.due()) {
        committing = buffer.flush();
        committing.catch(() => undefined); // thrown where it is awaited, after the next batch
      }
    }
    await committing;
    await buffer.flush();
  } catch (error) {
    const failedCommit = committing && (await committing.then(() => undefined, (failure: unknown) => ({ failure })));
    if (failedCommit) {
      // A batch that failed beside the failed commit throws its own error: the commit's is logged.
      if (failedCommit.failure !== error) warn("commit that ran beside it")(failedCommit.failure);
      // A commit failed beside a later batch, which read its rows: the changes since are dropped, their messages left pending.
      await buffer.discard().catch(warn("run rows of the batches after the failed commit"));
    } else {
      // What the batches before the failure did is kept; a failing commit leaves their messages pending.
      await buffer.flush().catch(warn("commit of the batches before it"));
    }
    throw error;
  } finally {
    // Nothing keeps running after the call returns.
    await preparing;
  }
  return result;

  /** Logs a write that failed after a batch failed: the batch's own error is the one thrown. */
  function warn(what: string): (error: unknown) => void {
    return (error) => deps.logger?.warn(`ingest of ${scope.user_id} failed, and so did the ${what}: ${(error as Error).message}`);
  }

  async function runBatch(batch: StoredMessage[], start: number): Promise<void> {
    const started = performance.now();
    const calls: ModelCallRecord[] = [];
    let output: IngestStateType;
    const writer = buffer.stage();
    try {
      output = await options.withSignal((signal) =>
        deps.run(
          { input: [], messages: batch, previousMessages: messages.slice(Math.max(0, start - CONTEXT_MESSAGES), start), scope },
          { signal, configurable: { onModelCall: (record: ModelCallRecord) => calls.push(record), writer, storedMessages } },
        ),
      );
      writer.commit();
    } catch (error) {
      const message = `${(error as Error).name ?? "Error"}: ${(error as Error).message ?? String(error)}`;
      const llm = summarizeModelCalls(calls);
      addLlmUsage(result.llm, llm);
      // The batches before this one first. A store failure here (theirs stay pending) must neither
      // skip this batch's error mark and failed run nor replace the error that failed it.
      await buffer.flush().catch(warn("commit of the batches before it"));
      await deps.store.markMessages(scope.user_id, batch.map((item) => item.id), { error: message }).catch(warn("error mark of its messages"));
      await deps.store.appendRuns([runRow(deps, scope, batch.length, performance.now() - started, llm, null, message)]).catch(warn("failed run row"));
      throw error;
    }
    result.processed += batch.length;
    for (const type of MEMORY_TYPES) {
      for (const [action, count] of Object.entries(output.actions[type] ?? {}) as [ReconcileAction, number][]) {
        result.byType[type][action] += count;
        result.actions[action] += count;
      }
    }
    const llm = output.llm ?? emptyLlmUsage();
    addLlmUsage(result.llm, llm);
    result.warnings.push(...(output.warnings ?? []));
    if (output.fallback) result.fallbackBatches += 1;
    buffer.addRun(runRow(deps, scope, batch.length, performance.now() - started, llm, output.fallback ?? null, null));
    options.onBatch?.(result.processed - processedBefore);
  }
}

/** Messages to read by id per store query. */
const FIND_CHUNK = 1000;

/** The stored copies of `messages`, by id, read in a few queries (the caller holds the user's write lock, so they stay as read): not one query per batch. */
async function findAll(store: MemoryStore, userId: string, messages: StoredMessage[]): Promise<Map<string, StoredMessage>> {
  const found = new Map<string, StoredMessage>();
  for (let start = 0; start < messages.length; start += FIND_CHUNK) {
    const chunk = await store.findMessages(userId, messages.slice(start, start + FIND_CHUNK).map((message) => message.id));
    for (const [id, message] of chunk) found.set(id, message);
  }
  return found;
}

/** A result with every count at zero. */
export function emptyIngestBatchResult(): IngestBatchResult {
  return {
    processed: 0,
    actions: emptyActionCounts(),
    byType: Object.fromEntries(MEMORY_TYPES.map((type) => [type, emptyActionCounts()])) as IngestBatchResult["byType"],
    llm: emptyLlmUsage(),
    warnings: [],
    fallbackBatches: 0,
  };
}

function runRow(deps: IngestBatchDependencies, scope: Scope, messages: number, durationMs: number, llm: LlmUsage, fallback: string | null, error: string | null): RunRow {
  return {
    id: deps.newId(),
    user_id: scope.user_id,
    kind: "ingest",
    policy: deps.policyName,
    created_at: deps.now(),
    duration_ms: durationMs,
    messages,
    llm_calls: llm.calls,
    prompt_tokens: llm.promptTokens,
    completion_tokens: llm.completionTokens,
    llm_ms: llm.durationMs,
    by_node: JSON.stringify(llm.byNode),
    fallback,
    error: error?.slice(0, 2000) ?? null,
  };
}
