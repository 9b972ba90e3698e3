import type { MemoryItem } from "../schema/memory-item";

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

/** Options of {@link retentionScore}. */
export interface RetentionOptions {
  /** Stability of an item never recalled and of importance 0, in days. @default 30 */
  baseStabilityDays?: number;
}

/** Default base stability, days (see {@link retentionScore}). */
export const DEFAULT_BASE_STABILITY_DAYS = 30;

/** Types whose items are never archived: core blocks and knowledge-vault entries are kept whatever their retention. */
export const NEVER_ARCHIVED_TYPES: ReadonlySet<MemoryItem["type"]> = new Set(["core", "knowledge_vault"]);

/**
 * Retention of an item at `now`: an Ebbinghaus-style forgetting curve, `R = exp(-t / S)`, in
 * `[0, 1]` (1 = fully retained, higher is better).
 *
 * - `t`, in whole days (elapsed time rounded down): time since the item was last recalled
 *   (`last_accessed_at`), or since it was stored (`created_at`) when never recalled; 0 when that
 *   time lies after `now`. Whole days because the curve's stability is a month or more: the seconds
 *   between two items' writes moved their retention by about 1e-6, and that broke ties of equal
 *   fused scores by write timing (the same build recalled differently from run to run), not by
 *   `compareTies`.
 * - `S`, the stability in days: `baseStabilityDays × (1 + access_count) × (1 + importance)`. Each
 *   recall adds one base stability and restarts the clock, as in MemoryBank (Zhong et al., 2023,
 *   "MemoryBank: Enhancing Large Language Models with Long-Term Memory", arXiv 2305.10250, §2.3,
 *   after Ebbinghaus, "Über das Gedächtnis", 1885); an important item decays up to twice as slowly.
 *
 * @example
 * // Never recalled, importance 0.5, stored 45 days ago: S = 30 × 1 × 1.5 = 45, R = e^-1 ≈ 0.368.
 * retentionScore(item, new Date("2024-02-15T00:00:00Z"));
 */
export function retentionScore(item: Pick<MemoryItem, "importance" | "access_count" | "last_accessed_at" | "created_at">, now: Date, options: RetentionOptions = {}): number {
  const base = options.baseStabilityDays ?? DEFAULT_BASE_STABILITY_DAYS;
  const since = Date.parse(item.last_accessed_at ?? item.created_at);
  const days = Math.max(0, Math.floor((now.getTime() - since) / DAY_MS));
  const stability = base * (1 + item.access_count) * (1 + item.importance);
  return Math.exp(-days / stability);
}

/**
 * The factor recall multiplies a fused score by: `R^weight` (see {@link retentionScore}), so a
 * weight of 0 turns retention off (factor 1) and a weight of 1 applies the curve in full.
 */
export function retentionFactor(item: MemoryItem, now: Date, weight: number, options: RetentionOptions = {}): number {
  if (weight <= 0) return 1;
  return retentionScore(item, now, options) ** weight;
}

/** True when `item` may be archived at `now`: not a core or vault item, not archived yet, and its retention below `threshold`. */
export function shouldArchive(item: MemoryItem, now: Date, threshold: number, options: RetentionOptions = {}): boolean {
  if (NEVER_ARCHIVED_TYPES.has(item.type) || item.archived_at) return false;
  return retentionScore(item, now, options) < threshold;
}
