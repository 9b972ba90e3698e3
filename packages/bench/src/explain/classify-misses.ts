import type { PackingDecision, RecallExplain } from "@engram/memory";

/**
 * Where a missed evidence message was lost (issue 13):
 * - `not_stored`: no memory item lists the message as a source (the ingest policy dropped it);
 * - `stored_not_found`: items hold it, but no search list returned one of them;
 * - `ranked_out`: a list returned one (a search list, a graph list, the raw-turn list, or session neighbours placed
 *   it in the fused order), but fusion ranked it below every candidate packing reached; a raw turn the
 *   turn list made for a message no item holds counts as a holder here;
 * - `packed_out`: packing reached it and left it out (see {@link EvidenceMiss.reason});
 * - `dated_wrong`: the question names a time range that none of the items' event dates overlap,
 *   and no item was reached by packing (the range's `time` list favoured other items).
 */
export type MissClass = "not_stored" | "stored_not_found" | "ranked_out" | "packed_out" | "dated_wrong";

/** Every {@link MissClass}, in the order the report lists them. */
export const MISS_CLASSES: readonly MissClass[] = ["not_stored", "stored_not_found", "ranked_out", "packed_out", "dated_wrong"];

/** The fields of a memory item the classifier reads (an Engram `MemoryItem` has them). */
export interface ExplainedItem {
  id: string;
  type: string;
  sources: readonly string[];
  valid_from: string;
  /** Episodic items: when the event happened (ISO); absent or null otherwise. */
  occurred_at?: string | null;
  /** Episodic items: end (exclusive) of the event's span. */
  occurred_end?: string | null;
}

/** One missed evidence message of one question, classified. Ranks are 0-based; null: not in that list. */
export interface EvidenceMiss {
  evidence: string;
  class: MissClass;
  /** For `packed_out`: the packing decision on the best-ranked holder, or `duplicate` when fusion dropped it for an item with the same text. */
  reason: PackingDecision | "duplicate" | null;
  /** Items listing the message as a source. */
  itemIds: string[];
  /** Best rank of any holder in each method's ranking and after fusion. */
  bestRank: { vector: number | null; text: number | null; time: number | null; graph: number | null; turn: number | null; fused: number | null };
  /** Fused rank of the last candidate packing reached (-1: none). */
  packingCut: number;
}

/** Message id → items listing it as a source; build once per store. */
export function indexItemsBySource(items: readonly ExplainedItem[]): Map<string, ExplainedItem[]> {
  const index = new Map<string, ExplainedItem[]>();
  for (const item of items) {
    for (const source of item.sources) {
      const holders = index.get(source);
      if (holders) holders.push(item);
      else index.set(source, [item]);
    }
  }
  return index;
}

/** Whether an item's event span `[occurred_at, occurred_end)` (or the instant) overlaps the range, as recall's `time` list matches it. */
function datedInside(item: ExplainedItem & { occurred_at: string }, range: { start: string; end: string }): boolean {
  const start = item.occurred_at;
  return item.occurred_end ? start < range.end && item.occurred_end > range.start : start >= range.start && start < range.end;
}

function bestOf(ranks: (number | undefined)[]): number | null {
  const found = ranks.filter((rank): rank is number => rank !== undefined);
  return found.length === 0 ? null : Math.min(...found);
}

/**
 * Classifies each evidence message of one question that the packed context does not cite.
 *
 * @param evidence the question's evidence message ids.
 * @param packedSources source ids of the items in the context.
 * @param bySource the store's items by source ({@link indexItemsBySource}).
 * @param explain the same recall's explain (`RecallOptions.explain`).
 * @returns one entry per missed evidence id, in `evidence` order.
 */
export function classifyMisses(evidence: readonly string[], packedSources: ReadonlySet<string>, bySource: ReadonlyMap<string, readonly ExplainedItem[]>, explain: RecallExplain): EvidenceMiss[] {
  const methodRank = new Map<string, Map<string, number>>(explain.methods.map(({ method, ids }) => [method, new Map(ids.map((id, rank) => [id, rank]))]));
  const rankOf = (method: string, id: string) => methodRank.get(method)?.get(id);
  const fusedRank = new Map(explain.fused.map(({ id }, rank) => [id, rank]));
  const keptFor = new Map(explain.duplicates.map(({ id, keptId }) => [id, keptId]));
  const decision = new Map(explain.packing.map(({ id, decision: made }) => [id, made]));
  // Core items are all looked at in a pass of their own, whatever their fused rank: only the main pass sets the cut.
  const coreIds = new Set(explain.fused.filter((entry) => entry.type === "core").map((entry) => entry.id));
  const packingCut = Math.max(-1, ...explain.packing.filter(({ id }) => !coreIds.has(id)).map(({ id }) => fusedRank.get(id) ?? -1));
  const misses: EvidenceMiss[] = [];
  for (const id of [...new Set(evidence)]) {
    if (packedSources.has(id)) continue;
    const stored = bySource.get(id) ?? [];
    // Raw turns (method `turn`) are made per recall, never stored: the fused order is where they are.
    const turns = explain.fused.filter((entry) => entry.sources.includes(id) && !stored.some((item) => item.id === entry.id) && rankOf("turn", entry.id) !== undefined);
    const holders: ExplainedItem[] = [...stored, ...turns.map((entry) => ({ id: entry.id, type: entry.type, sources: entry.sources, valid_from: "" }))];
    const itemIds = holders.map((item) => item.id);
    // A duplicate stands in the fused order where the copy that was kept stands.
    const fusedOf = (itemId: string) => fusedRank.get(itemId) ?? fusedRank.get(keptFor.get(itemId) ?? "");
    const bestRank = {
      vector: bestOf(itemIds.map((itemId) => rankOf("vector", itemId))),
      text: bestOf(itemIds.map((itemId) => rankOf("text", itemId))),
      time: bestOf(itemIds.map((itemId) => rankOf("time", itemId))),
      graph: bestOf(itemIds.map((itemId) => rankOf("graph", itemId))),
      turn: bestOf(itemIds.map((itemId) => rankOf("turn", itemId))),
      fused: bestOf(itemIds.map(fusedOf)),
    };
    const miss = { evidence: id, itemIds, bestRank, packingCut };
    if (holders.length === 0) {
      misses.push({ ...miss, class: "not_stored", reason: null });
      continue;
    }
    const reached = holders
      .map((item) => ({ item, made: decision.get(item.id) ?? (keptFor.has(item.id) && decision.has(keptFor.get(item.id)!) ? ("duplicate" as const) : undefined) }))
      .filter((entry) => entry.made !== undefined)
      .sort((a, b) => (fusedOf(a.item.id) ?? Number.MAX_SAFE_INTEGER) - (fusedOf(b.item.id) ?? Number.MAX_SAFE_INTEGER));
    if (reached.length > 0) {
      misses.push({ ...miss, class: "packed_out", reason: reached[0]!.made! });
      continue;
    }
    const range = explain.timeRange;
    const dated = holders.filter((item): item is ExplainedItem & { occurred_at: string } => typeof item.occurred_at === "string");
    if (range && dated.length > 0 && !dated.some((item) => datedInside(item, range))) {
      misses.push({ ...miss, class: "dated_wrong", reason: null });
      continue;
    }
    // Graph lists and session neighbours reach items too: any place in the fused order counts as found.
    const found = bestRank.vector !== null || bestRank.text !== null || bestRank.time !== null || bestRank.graph !== null || bestRank.turn !== null || bestRank.fused !== null;
    misses.push({ ...miss, class: found ? "ranked_out" : "stored_not_found", reason: null });
  }
  return misses;
}
