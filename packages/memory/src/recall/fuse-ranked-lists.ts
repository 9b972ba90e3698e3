import type { MemoryItem } from "../schema/memory-item";
import { normalizeText } from "../text/normalize-text";
import { compareTies } from "../util/compare-ties";
import { retentionFactor } from "./retention";
import { reciprocalRankFusion } from "./reciprocal-rank-fusion";
import type { RecallExplain } from "./recall-types";
import type { RankedList } from "./search-memories";

/** A memory item with its fused score (higher is better). */
export interface FusedItem {
  item: MemoryItem;
  score: number;
}

/**
 * The RRF constant recall fuses with. Far below the k = 60 of Cormack et al. (SIGIR 2009): with
 * 60, an item in the middle of two lists (rank 30 in both) beats the best hit of one list, and on
 * LoCoMo the evidence is often the best hit of a single method. Fitted on one LoCoMo dev
 * conversation and checked on the other (docs/architecture.md, "Recall: active retrieval").
 */
export const RECALL_RRF_K = 1;

/** Options of {@link fuseRankedLists}. */
export interface FuseOptions {
  /** Weight of `importance` (0..1): score × (1 + importanceWeight × importance). @default 0.1 */
  importanceWeight?: number;
  /** RRF weight of each search method. @default { text: 1, vector: 1, time: 1, graph: 0.25, entity: 0.5, turn: 0.25 } */
  methodWeights?: Partial<Record<RankedList["method"], number>>;
  /** The RRF constant k: a hit at rank r (1-based) scores weight / (k + r). @default RECALL_RRF_K (1) */
  k?: number;
  /** Filled, when given, with each method's ranking and the text duplicates dropped (recall explain). */
  explain?: Pick<RecallExplain, "methods" | "duplicates">;
  /** Multiplies each score by retention^weight at `now` (see `recall/retention.ts`); absent or weight 0: off. */
  retention?: { weight: number; now: Date; baseStabilityDays?: number };
}

/**
 * A graph list's best hit counts like rank 7 of another list (0.25 / (1 + 1) vs 1 / (1 + 7)): the
 * graph reaches items no search list ranks, but its order is coarse. On the LoCoMo dev set
 * (`pnpm bench --no-graph`) weights 1, 0.5, 0.25 and 0.15 gave overall evidence recall@1500
 * −0.023, −0.005, +0.010 and +0.004 against the same recall without the graph lists. The
 * `entity` list (items about the people the query names, `recall/search-entity-items.ts`) is a
 * text search restricted to those people's items, at half a search list's weight: with the
 * pastime patterns, weights 0.5, 0.75 and 1 gave multi-hop +0.043, +0.055, +0.051 and single-hop
 * −0.009, −0.013, −0.013 over no graph lists (recall@1500, one store, recall run twice per
 * question); above 0.5 single-hop drops more than 0.01. The `turn` list (BM25 over the user's raw
 * turns, `recall/search-turns.ts`) fills gaps at a quarter weight: on the dev set (`pnpm bench
 * --explain`) evidence recall@1500 went from 0.826 without it to 0.830 at 0.25 (0.830 to 0.832 over
 * three runs; @1000 0.785 to 0.802, @3000 0.877 to 0.889) and 0.830 at 0.5, tokens unchanged.
 */
const DEFAULT_METHOD_WEIGHTS: Record<RankedList["method"], number> = { text: 1, vector: 1, time: 1, graph: 0.25, entity: 0.5, turn: 0.25 };

/**
 * Fuses the per-table lists across memory types. Hits of one method are first merged across
 * tables by their own score (cosine distance ascending for vector and time search, BM25
 * descending for full-text), so a table's best hit ranks high only when it is close to the query;
 * the method rankings are then fused by reciprocal rank fusion (Cormack et al., SIGIR 2009, with
 * k = {@link RECALL_RRF_K}), boosted by importance, weighted by retention (when asked), and de-duplicated by normalized text, keeping the best copy.
 *
 * @returns items best first.
 */
export function fuseRankedLists(lists: RankedList[], options: FuseOptions = {}): FusedItem[] {
  const importanceWeight = options.importanceWeight ?? 0.1;
  const methodWeights = { ...DEFAULT_METHOD_WEIGHTS, ...options.methodWeights };
  const byId = new Map<string, MemoryItem>();
  const methods = new Map<RankedList["method"], { id: string; score: number }[]>();
  for (const list of lists) {
    const merged = methods.get(list.method) ?? [];
    for (const hit of list.hits) {
      byId.set(hit.item.id, hit.item);
      merged.push({ id: hit.item.id, score: hit.score });
    }
    methods.set(list.method, merged);
  }
  const rankings = [...methods.entries()].map(([method, hits]) => ({
    method,
    weight: methodWeights[method] ?? 1,
    // LanceDB returns hits of equal score in any order, and recall should not vary with it.
    ids: hits.sort((a, b) => (method === "text" ? b.score - a.score : a.score - b.score) || compareTies(byId.get(a.id)!, byId.get(b.id)!)).map((hit) => hit.id),
  }));
  options.explain?.methods.push(...rankings.map(({ method, ids }) => ({ method, ids })));
  const fused = reciprocalRankFusion(rankings.map((ranking) => (ranking.method === "turn" ? { ...ranking, ranks: sharedRanks(ranking.ids, methods.get("turn")!) } : ranking)), options.k ?? RECALL_RRF_K)
    .map(({ id, score }) => {
      const item = byId.get(id)!;
      const retention = options.retention ? retentionFactor(item, options.retention.now, options.retention.weight, options.retention) : 1;
      return { item, score: score * (1 + importanceWeight * item.importance) * retention };
    })
    .sort((a, b) => b.score - a.score || compareTies(a.item, b.item));
  const seenText = new Map<string, string>();
  return fused.filter(({ item }) => {
    const text = normalizeText(item.text);
    const keptId = seenText.get(text);
    if (keptId !== undefined) {
      options.explain?.duplicates.push({ id: item.id, keptId });
      return false;
    }
    seenText.set(text, item.id);
    return true;
  });
}

/**
 * 0-based ranks of `ids` (sorted by score, best first) where hits of equal score share a rank: the
 * items citing one turn of the `turn` list (`recall/search-turns.ts`, score = the turn's rank) get
 * the same weight, so which of them leads is left to the other lists, not to their ids.
 */
function sharedRanks(ids: string[], hits: { id: string; score: number }[]): number[] {
  const scoreOf = new Map(hits.map(({ id, score }) => [id, score]));
  const ranks: number[] = [];
  for (const [index, id] of ids.entries()) ranks.push(index > 0 && scoreOf.get(id) === scoreOf.get(ids[index - 1]!) ? ranks[index - 1]! : index);
  return ranks;
}
