import { MEMORY_TYPES, RECONCILE_ACTIONS, type AddResult, type LlmUsage, type MemoryType, type ReconcileAction } from "@engram/memory";
import { addLlmUsage, emptyLlmUsage } from "@engram/memory/internal";

/** AddResults of several `add` calls summed, plus the number of users they covered. */
export interface AddTotals {
  users: number;
  received: number;
  stored: number;
  skipped: number;
  actions: Record<ReconcileAction, number>;
  byType: Record<MemoryType, Record<ReconcileAction, number>>;
  warnings: string[];
  /** Model calls, tokens and time, per graph node. */
  llm: LlmUsage;
  /** Messages held pending for a fuller batch. */
  pending: number;
  /** Batches drafted offline because the model's output stayed invalid. */
  fallbackBatches: number;
}

function zeroActions(): Record<ReconcileAction, number> {
  return Object.fromEntries(RECONCILE_ACTIONS.map((action) => [action, 0])) as Record<ReconcileAction, number>;
}

/** An empty {@link AddTotals}. */
export function emptyAddTotals(): AddTotals {
  return {
    users: 0,
    received: 0,
    stored: 0,
    skipped: 0,
    actions: zeroActions(),
    byType: Object.fromEntries(MEMORY_TYPES.map((type) => [type, zeroActions()])) as Record<MemoryType, Record<ReconcileAction, number>>,
    warnings: [],
    llm: emptyLlmUsage(),
    pending: 0,
    fallbackBatches: 0,
  };
}

/** Adds one user's `AddResult` to `totals` (in place) and returns `totals`. */
export function addToTotals(totals: AddTotals, result: AddResult): AddTotals {
  totals.users += 1;
  totals.received += result.messages.received;
  totals.stored += result.messages.stored;
  totals.skipped += result.messages.skipped;
  for (const action of RECONCILE_ACTIONS) {
    totals.actions[action] += result.actions[action] ?? 0;
    for (const type of MEMORY_TYPES) totals.byType[type][action] += result.byType[type]?.[action] ?? 0;
  }
  totals.warnings.push(...result.warnings);
  if (result.llm) addLlmUsage(totals.llm, result.llm);
  totals.pending += result.pending ?? 0;
  totals.fallbackBatches += result.fallbackBatches ?? 0;
  return totals;
}

/** Formats the end-of-import summary, e.g. `stored 419, skipped 0`, the actions and a per-type table. */
export function formatAddSummary(totals: AddTotals, seconds: number): string {
  const lines: string[] = [];
  const skippedNote = totals.skipped > 0 ? " (already stored: message ids seen before, nothing done for them)" : "";
  lines.push(`messages: ${totals.received} read, ${totals.stored} stored, ${totals.skipped} skipped${skippedNote}`);
  lines.push(`actions:  ${RECONCILE_ACTIONS.map((action) => `${action} ${totals.actions[action]}`).join(", ")}`);
  const touched = MEMORY_TYPES.filter((type) => RECONCILE_ACTIONS.some((action) => totals.byType[type][action] > 0));
  if (touched.length > 0) {
    const width = Math.max(...MEMORY_TYPES.map((type) => type.length));
    lines.push(`by type:  ${"".padEnd(width)} ${RECONCILE_ACTIONS.map((action) => action.padStart(11)).join("")}`);
    for (const type of touched) {
      lines.push(`          ${type.padEnd(width)} ${RECONCILE_ACTIONS.map((action) => String(totals.byType[type][action]).padStart(11)).join("")}`);
    }
  }
  if (totals.llm.calls > 0) lines.push(`llm:      ${formatLlmUsage(totals.llm)}`);
  if (totals.fallbackBatches > 0) lines.push(`fallback: ${totals.fallbackBatches} batches drafted offline (model output invalid)`);
  if (totals.pending > 0) lines.push(`pending:  ${totals.pending} messages held for a fuller batch`);
  if (totals.warnings.length > 0) lines.push(`warnings: ${totals.warnings.length} (shown on stderr)`);
  lines.push(`time:     ${seconds.toFixed(1)} s${totals.stored > 0 ? ` (${(totals.stored / Math.max(seconds, 1e-3)).toFixed(1)} messages/s)` : ""}`);
  return lines.join("\n");
}

/** `5 calls, 7420 prompt + 1102 completion tokens, 2.1 s (metaManager 4, semanticAgent 1)`. */
export function formatLlmUsage(usage: LlmUsage): string {
  const nodes = Object.entries(usage.byNode).map(([node, totals]) => `${node} ${totals.calls}`);
  return `${usage.calls} calls, ${usage.promptTokens} prompt + ${usage.completionTokens} completion tokens, ${(usage.durationMs / 1000).toFixed(1)} s (${nodes.join(", ")})`;
}
