import { addLlmUsage, emptyLlmUsage, type LlmUsage } from "../models/model-usage";
import type { MemoryStore } from "./memory-store";
import type { RunRow } from "./run-row";

/** Model usage recorded in the `runs` table, for ingest and for recall. */
export interface UsageStats {
  /** Every ingest batch: `messages` processed by runs that finished, batches that `fallbackBatches` drafted offline, `failedRuns` that left their batch pending. */
  ingest: LlmUsage & { runs: number; messages: number; fallbackBatches: number; failedRuns: number };
  /** Recalls that called a model. */
  recall: LlmUsage & { runs: number };
}

/** Sums the recorded runs, for one user or (`userId` undefined) all. */
export async function readUsageStats(store: MemoryStore, userId: string | undefined): Promise<UsageStats> {
  const runs = await store.listRuns(userId);
  const ingestRuns = runs.filter((run) => run.kind === "ingest");
  const recallRuns = runs.filter((run) => run.kind === "recall");
  return {
    ingest: {
      ...sumRuns(ingestRuns),
      runs: ingestRuns.length,
      messages: ingestRuns.filter((run) => run.error === null).reduce((sum, run) => sum + run.messages, 0),
      fallbackBatches: ingestRuns.filter((run) => run.fallback !== null).length,
      failedRuns: ingestRuns.filter((run) => run.error !== null).length,
    },
    recall: { ...sumRuns(recallRuns), runs: recallRuns.length },
  };
}

/** The `runs` row of a recall that called a model. */
export function recallRunRow(run: { id: string; userId: string; createdAt: string; durationMs: number; llm: LlmUsage }): RunRow {
  return {
    id: run.id,
    user_id: run.userId,
    kind: "recall",
    policy: "recall",
    created_at: run.createdAt,
    duration_ms: run.durationMs,
    messages: 0,
    llm_calls: run.llm.calls,
    prompt_tokens: run.llm.promptTokens,
    completion_tokens: run.llm.completionTokens,
    llm_ms: run.llm.durationMs,
    by_node: JSON.stringify(run.llm.byNode),
    fallback: null,
    error: null,
  };
}

function sumRuns(runs: RunRow[]): LlmUsage {
  const usage = emptyLlmUsage();
  for (const run of runs) {
    addLlmUsage(usage, {
      calls: run.llm_calls,
      promptTokens: run.prompt_tokens,
      completionTokens: run.completion_tokens,
      durationMs: run.llm_ms,
      byNode: JSON.parse(run.by_node) as LlmUsage["byNode"],
    });
  }
  return usage;
}
