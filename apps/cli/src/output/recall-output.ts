import type { RecallResult } from "@engram/memory";

/** The `--json` output of `engram recall`: exactly this object, on one line of stdout. */
export interface RecallJson {
  context: string;
  /** Tokens in `context` (cl100k_base). */
  tokens: number;
  items: { id: string; type: string; text: string; sources: string[]; score: number }[];
  /** The context's `## Entities and relations` lines (empty without the section). */
  relations: { id: string; text: string; sources: string[]; score: number }[];
}

/** Picks the fields of a recall result that `engram recall --json` prints. */
export function toRecallJson(result: RecallResult): RecallJson {
  return {
    context: result.context,
    tokens: result.tokens,
    items: result.items.map((item) => ({ id: item.id, type: item.type, text: item.text, sources: item.sources, score: item.score })),
    relations: result.relations.map((relation) => ({ id: relation.id, text: relation.text, sources: relation.sources, score: relation.score })),
  };
}

/** One-line footer printed under the context, e.g. `-- 412/1500 tokens, 9 items, 2 relations, 35 ms` (relations only when the context has some). */
export function formatRecallFooter(result: RecallResult, tokenBudget: number): string {
  const items = result.items.length === 1 ? "1 item" : `${result.items.length} items`;
  const count = result.relations.length;
  const relations = count === 0 ? "" : count === 1 ? ", 1 relation" : `, ${count} relations`;
  return `-- ${result.tokens}/${tokenBudget} tokens, ${items}${relations}, ${Math.round(result.durationMs)} ms`;
}
