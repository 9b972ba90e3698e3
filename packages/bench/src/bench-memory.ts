import type { LlmUsage, LocomoSample, RecallExplain } from "@engram/memory";
import type { ExplainedItem } from "./explain/classify-misses";

/** The scope the bench ingests and recalls in: one user per LoCoMo sample. */
export interface BenchScope {
  user_id: string;
}

/** Model calls and tokens (from the API's usage fields) of one `add` or `recall`. */
export type BenchLlmUsage = Pick<LlmUsage, "calls" | "promptTokens" | "completionTokens">;

/** The part of `Engram.add`'s result the bench reads. */
export interface BenchAddResult {
  messages: { received: number; stored: number; skipped: number };
  durationMs: number;
  warnings: readonly string[];
  /** Absent or zero for systems without a model. */
  llm?: BenchLlmUsage;
}

/** The part of a recalled relation line the bench reads. */
export interface BenchRecalledRelation {
  id?: string;
  sources: readonly string[];
}

/** The part of `Engram.recall`'s result the bench reads. */
export interface BenchRecallResult {
  context: string;
  /** Tokens of `context` (cl100k_base). */
  tokens: number;
  /** The items in `context`; `id` lets `--consolidate` tell the facts a pass promoted; `text`: the item as the context shows it (speaker attribution reads it with `sources`). */
  items: readonly { id?: string; type: string; sources: readonly string[]; text?: string }[];
  /** Relation lines in `context` (Engram's `## Entities and relations`); each is a statement of its source messages, so their sources count as recalled too. */
  relations?: readonly BenchRecalledRelation[];
  llm?: BenchLlmUsage;
  /** The contexts of `extraTokenBudgets`, packed from the same recall; a system without them is recalled once per budget. */
  extraContexts?: readonly { tokenBudget: number; context: string; tokens: number; items: readonly { id?: string; type: string; sources: readonly string[]; text?: string }[]; relations?: readonly BenchRecalledRelation[] }[];
  /** With `explain`: the search lists, fusion and packing of this recall (`bench --explain`). */
  explain?: RecallExplain;
}

/** The part of `Engram.consolidate`'s result the bench reads. */
export interface BenchConsolidateResult {
  /** Memory rows (six tables) before and after the pass. */
  rows: { before: number; after: number };
  durationMs: number;
  counts: Record<string, number>;
  changes: readonly { step: string; memoryType: string; memoryId: string; text: string; sources: readonly string[]; removed: boolean; into?: string; intoText?: string }[];
}

/**
 * The memory system under test, shaped after the Engram facade (`Engram` satisfies it), so tests
 * can drive {@link runBench} with a fake and other systems can be plugged in.
 */
export interface BenchMemory {
  add(
    messages: LocomoSample["messages"],
    scope: BenchScope,
    options?: { onProgress?: (progress: { done: number; total: number }) => void; signal?: AbortSignal },
  ): Promise<BenchAddResult>;
  /** `graph: false`: without the graph memory's lists (the `--no-graph` ablation); `noteAccess: false`: the recall must note nothing that changes later recalls (no access counts: the bench's warm-up). */
  recall(query: string, scope: BenchScope, options: { tokenBudget: number; extraTokenBudgets?: number[]; explain?: boolean; graph?: boolean; noteAccess?: boolean; signal?: AbortSignal }): Promise<BenchRecallResult>;
  /** Every memory item of the scope, valid or not (`bench --explain` needs it to find where evidence went). */
  list?(scope: BenchScope, options: { includeInvalid: true }): Promise<readonly ExplainedItem[]>;
  /** One consolidation pass (bench `--consolidate`); systems without it cannot run that mode. */
  consolidate?(options: { user?: string }): Promise<BenchConsolidateResult>;
  /** Writes what recalls noted (access counts) now; the bench calls it between questions, outside the timed recalls. */
  flushAccess?(): Promise<void>;
  /** Rows per table (memory type, `messages`, `history`). */
  stats(scope: BenchScope): Promise<Record<string, number>>;
  close(): void | Promise<void>;
}

/** Opens a fresh memory system in a store folder; one per LoCoMo sample. */
export interface BenchMemoryFactory {
  /** What is being measured (policy, embedder, ...), copied into the report's `meta.memory`. */
  readonly description: Record<string, string | number>;
  /** `graph: true`: recall adds the graph lists (the `--no-graph` ablation's main side); `false`: a memory that builds no graph either (to time ingest without the graph agent). */
  open(storePath: string, options?: { graph?: boolean }): Promise<BenchMemory>;
}
