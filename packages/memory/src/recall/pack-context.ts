import { MEMORY_TYPES, MEMORY_TYPE_TITLES, type MemoryType } from "../schema/memory-type";
import type { MemoryItem } from "../schema/memory-item";
import type { FusedItem } from "./fuse-ranked-lists";
import { formatMemoryLine, memoryLineText } from "./format-memory-line";
import type { RecalledItem } from "./recall-types";
import { countTokens } from "./token-counter";

/** Options of {@link packContext}. */
export interface PackContextOptions {
  /** Most cl100k_base tokens the context may use. */
  tokenBudget: number;
  /** Share of the budget core memory may take at most. @default 0.3 */
  coreShare?: number;
}

/** Result of {@link packContext}. */
export interface PackedContext {
  context: string;
  tokens: number;
  items: RecalledItem[];
}

interface Line {
  item: MemoryItem;
  score: number;
  line: string;
  tokens: number;
}

/**
 * Packs core memory (always, up to `coreShare` of the budget) and then fused items, best first,
 * into the token budget, and formats the context: one `## <title>` section per memory type in
 * MIRIX order, episodic events in time order, every line with its date and source ids.
 *
 * Token counts use cl100k_base (js-tiktoken); the final context is counted whole and trimmed
 * until it fits, so `tokens <= tokenBudget` holds.
 */
export function packContext(core: MemoryItem[], fused: FusedItem[], options: PackContextOptions): PackedContext {
  const budget = options.tokenBudget;
  const coreCap = Math.floor(budget * (options.coreShare ?? 0.3));
  const toLine = (item: MemoryItem, score: number): Line => {
    const line = formatMemoryLine(item);
    return { item, score, line, tokens: countTokens(line) + 1 };
  };
  const headerTokens = (type: MemoryType) => countTokens(`## ${MEMORY_TYPE_TITLES[type]}`) + 2;

  const chosen: Line[] = [];
  const sections = new Set<MemoryType>();
  let used = 0;
  const tryAdd = (line: Line, cap: number): boolean => {
    const cost = line.tokens + (sections.has(line.item.type) ? 0 : headerTokens(line.item.type));
    if (used + cost > cap) return false;
    chosen.push(line);
    sections.add(line.item.type);
    used += cost;
    return true;
  };

  const coreLines = [...core].sort((a, b) => b.importance - a.importance || a.created_at.localeCompare(b.created_at)).map((item) => toLine(item, 1));
  for (const line of coreLines) tryAdd(line, coreCap);
  let misses = 0;
  for (const { item, score } of fused) {
    if (item.type === "core") continue;
    if (!tryAdd(toLine(item, score), budget) && ++misses >= 20) break;
  }

  let packed = render(chosen);
  while (packed.tokens > budget && chosen.length > 0) {
    const weakest = chosen.reduce((min, line, index) => (line.score < chosen[min]!.score ? index : min), 0);
    chosen.splice(weakest, 1);
    packed = render(chosen);
  }
  return packed;
}

function render(lines: Line[]): PackedContext {
  const sections: string[] = [];
  const items: RecalledItem[] = [];
  for (const type of MEMORY_TYPES) {
    const ofType = lines.filter((line) => line.item.type === type);
    if (ofType.length === 0) continue;
    if (type === "episodic") ofType.sort((a, b) => eventTime(a.item).localeCompare(eventTime(b.item)));
    sections.push([`## ${MEMORY_TYPE_TITLES[type]}`, ...ofType.map((line) => line.line)].join("\n"));
    for (const { item, score } of ofType) {
      items.push({ id: item.id, type: item.type, text: memoryLineText(item), sources: item.sources, score, item });
    }
  }
  const context = sections.join("\n\n");
  return { context, tokens: context === "" ? 0 : countTokens(context), items };
}

function eventTime(item: MemoryItem): string {
  return item.type === "episodic" ? (item.occurred_at ?? item.valid_from) : item.valid_from;
}
