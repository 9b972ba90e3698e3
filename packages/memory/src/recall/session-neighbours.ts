import type { MemoryItem } from "../schema/memory-item";
import type { MemoryStore } from "../store/memory-store";
import type { FusedItem } from "./fuse-ranked-lists";
import { itemsCiting } from "./search-graph";
import type { UserItemsCache } from "./user-items-cache";

/** Options of {@link addSessionNeighbours}. */
export interface SessionNeighboursOptions {
  userId: string;
  /** Items whose `valid_to` is at or before this ISO time are left out. */
  asOf: string;
  /** How many of the best fused items get their neighbours. @default 5 */
  hits?: number;
  /** Archived items may be neighbours too. @default false */
  includeArchived?: boolean;
}

/**
 * Session neighbours of strong hits: after each of the `hits` best fused episodic items, the
 * episodic items of the messages right before and after its source messages in the same session
 * (by arrival order, `seq`), scored just below the hit. A question's answer often sits in the
 * turn next to the one that matches its words ("What did you paint?" → "A sunset over the lake").
 * An item already ranked lower moves up; one ranked higher stays where it is.
 *
 * @returns the fused list with the neighbours inserted; the input list when no hit has one.
 */
export async function addSessionNeighbours(fused: FusedItem[], options: SessionNeighboursOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<FusedItem[]> {
  const top = fused.slice(0, options.hits ?? 5).filter(({ item }) => item.type === "episodic");
  if (top.length === 0) return fused;
  const hitMessages = await deps.store.findMessages(options.userId, [...new Set(top.flatMap(({ item }) => item.sources))]);
  const wanted = new Map<number, string>();
  for (const message of hitMessages.values()) for (const seq of [message.seq - 1, message.seq + 1]) if (seq >= 0) wanted.set(seq, message.session_id);
  const listed = await Promise.all([...wanted.keys()].map((seq) => deps.store.listMessages(options.userId, { seq, limit: 1 })));
  const neighbourBySeq = new Map(listed.flat().filter((message) => wanted.get(message.seq) === message.session_id && !hitMessages.has(message.id)).map((message) => [message.seq, message.id]));
  if (neighbourBySeq.size === 0) return fused;

  const neighbourIds = new Set(neighbourBySeq.values());
  const episodic = await itemsCiting("episodic", [...neighbourIds], options, deps);
  const itemsOfMessage = new Map<string, MemoryItem[]>();
  for (const item of episodic) {
    for (const source of item.sources) if (neighbourIds.has(source)) itemsOfMessage.set(source, [...(itemsOfMessage.get(source) ?? []), item]);
  }

  const inserted = new Map<string, FusedItem[]>();
  for (const { item, score } of top) {
    const seqs = item.sources.map((source) => hitMessages.get(source)?.seq).filter((seq): seq is number => seq !== undefined);
    const around = [...new Set(seqs.flatMap((seq) => [seq - 1, seq + 1]))].sort((a, b) => a - b);
    const near = around.flatMap((seq) => itemsOfMessage.get(neighbourBySeq.get(seq) ?? "") ?? []);
    inserted.set(item.id, near.map((neighbour) => ({ item: stripVector(neighbour), score: score * 0.99 })));
  }
  const seen = new Set<string>();
  const result: FusedItem[] = [];
  for (const entry of fused) {
    if (seen.has(entry.item.id)) continue;
    seen.add(entry.item.id);
    result.push(entry);
    for (const neighbour of inserted.get(entry.item.id) ?? []) {
      if (seen.has(neighbour.item.id)) continue;
      seen.add(neighbour.item.id);
      result.push(neighbour);
    }
  }
  return result;
}

function stripVector(item: MemoryItem): MemoryItem {
  const { vector: _vector, ...rest } = item as MemoryItem & { vector?: number[] };
  return rest as MemoryItem;
}
