import type { RecallResult } from "@engram/memory";

/** Most fused candidates `engram recall --explain` lists below the last one packing reached. */
const SHOWN_BELOW_CUT = 10;

/**
 * The `engram recall --explain` table: each fused candidate down to the last one packing reached
 * (and {@link SHOWN_BELOW_CUT} more), with its fused rank, its rank in each search method's list
 * (1-based, `-` when absent), the packing decision (`-` when packing never reached it), its type,
 * sources and text; then the core decisions, the relation lines packed (`## Entities and relations`),
 * the query's time range and the text duplicates fusion dropped.
 */
export function formatRecallExplain(result: RecallResult): string {
  const explain = result.explain;
  if (!explain) return "";
  const methodRanks = explain.methods.map(({ method, ids }) => ({ method, rank: new Map(ids.map((id, index) => [id, index + 1])) }));
  const decisions = new Map(explain.packing.map(({ id, decision }) => [id, decision]));
  const lastReached = explain.fused.reduce((last, { id }, index) => (decisions.has(id) ? index : last), -1);
  const header = ["rank", ...methodRanks.map(({ method }) => method), "decision", "type", "id", "sources", "text"].join("\t");
  const rows = explain.fused.slice(0, lastReached + 1 + SHOWN_BELOW_CUT).map(({ id, type, sources, text }, index) => {
    const ranks = methodRanks.map(({ rank }) => String(rank.get(id) ?? "-"));
    return [String(index + 1), ...ranks, decisions.get(id) ?? "-", type, id, sources.join(","), text].join("\t");
  });
  const core = explain.packing.filter(({ id }) => !explain.fused.some((entry) => entry.id === id)).map(({ id, decision }) => `core ${id}: ${decision}`);
  const relations = result.relations.map(({ id, hop, score, sources, text }) => `relation ${id} (hop ${hop}, score ${score.toFixed(3)}): packed, ${sources.join(",")}\t${text}`);
  const range = explain.timeRange ? `time range: ${explain.timeRange.start} .. ${explain.timeRange.end}` : "time range: none";
  const duplicates = explain.duplicates.length === 0 ? [] : [`text duplicates dropped: ${explain.duplicates.map(({ id, keptId }) => `${id} (kept ${keptId})`).join(", ")}`];
  return ["-- explain: fused candidates (ranks 1-based; decision of packing, - when not reached)", header, ...rows, ...core, ...relations, range, ...duplicates].join("\n");
}
