import type { EpisodicItem, MemoryItem } from "../schema/memory-item";
import type { StoredMessage } from "../schema/message";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { Filter } from "../store/filter";
import { bm25Corpus, bm25CorpusScores, bm25Document, bm25Terms } from "../store/bm25";
import type { MemoryStore, StoreSearchHit } from "../store/memory-store";
import type { RecallTopics } from "./recall-types";
import type { RankedList } from "./search-memories";
import { itemsCiting } from "./search-graph";
import type { UserItemsCache } from "./user-items-cache";
import { compareTies } from "../util/compare-ties";

/** `event_type` of the episodic items {@link searchTurns} makes from raw turns (never stored). */
export const TURN_EVENT_TYPE = "turn";

/** Prefix of a turn item's id: `turn:<message id>`. */
const TURN_ID_PREFIX = "turn:";

/**
 * Whether `item` is a raw turn {@link searchTurns} made for one recall, not a stored memory item
 * (it has no row: access counts and edits do not apply to it).
 */
export function isTurnItem(item: MemoryItem): boolean {
  return item.type === "episodic" && item.event_type === TURN_EVENT_TYPE && item.id.startsWith(TURN_ID_PREFIX);
}

/** Options of {@link searchTurns}. */
export interface SearchTurnsOptions {
  userId: string;
  /** Types whose items may stand for a turn; core is never one (core is packed apart). */
  types: MemoryType[];
  /** Messages said after this ISO time are left out; citing items must be valid at it. */
  asOf: string;
  /** Turns ranked. @default 40 */
  limit?: number;
  /** Archived items may stand for a turn. @default false */
  includeArchived?: boolean;
  /**
   * Without a cache, a user with more stored messages than this is not searched (the list is
   * skipped, no message is read). With a cache, its own bound (`maxRowsPerTable`) applies. @default 2000
   */
  maxMessages?: number;
}

/** A turn that is one question and nothing else (`What is my dog called?`): it asks, it tells nothing, and it matches the next question on its subject best. */
const ONE_QUESTION = /^[^.!?]*\?+$/;


/**
 * Raw-turn search (docs/architecture.md, "Recall: active retrieval"): BM25 over the user's stored
 * messages (speaker, content and image caption; the same terms and scoring as the memory tables'
 * full-text search) with the query's keywords and entities, so a turn the ingest policy dropped, or
 * stored under words no memory search matches, can still be found. Each of the `limit` best turns
 * is stood for by the recallable items that cite it, or, when no item ever held it (no item of any
 * type cites it and no history row does: the policy dropped it), by a turn item ({@link isTurnItem}:
 * the turn's own text under its speaker, dated the day it was said, its message id as its only
 * source), when `types` has episodic. A turn only invalid, archived, deleted or rewritten items held
 * stays out: what they held no longer holds. A turn that is one question and nothing else is not
 * searched. Each hit's score is its best turn's rank (lower is better); the items of one turn tie,
 * and fusion gives them one rank. Standing cited turns for by their items keeps one line per message; packing the
 * raw turn instead (its items then skipped as covered) measured the same on the dev set (evidence
 * recall@1500 0.834 against 0.832, one run each, ±0.005 wobble) and repeats what the items say.
 *
 * Messages come from the cache (`UserItemsCache.messages`); without one, a user with at most
 * `maxMessages` messages has them read from the store, masked as `listMessages` returns them. A
 * user past either bound gets no list (null): turns are then findable only through their items.
 *
 * @returns one list per type of the items found (method `turn`), none when no turn matches; null when skipped.
 */
export async function searchTurns(topics: RecallTopics, options: SearchTurnsOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<RankedList[] | null> {
  const query = [...new Set([...topics.entities, ...topics.keywords])].join(" ");
  if (query.trim() === "") return [];
  const messages = await userMessages(options, deps);
  if (!messages) return null;
  // The cache indexes a user's message list once (it keeps the list until the messages table changes).
  const corpus = deps.cache ? deps.cache.bm25CorpusOf(messages, turnWords) : bm25Corpus(messages.map((message) => bm25Document(bm25Terms(turnWords(message)))));
  const scores = bm25CorpusScores(query, corpus);
  const best = messages
    .map((message, index) => ({ message, score: scores[index]! }))
    .filter(({ message, score }) => score > 0 && message.timestamp <= options.asOf && message.echoes_memory !== true && (message.role === "user" || message.role === "assistant") && !ONE_QUESTION.test(message.content.trim()))
    .sort((a, b) => b.score - a.score || (a.message.seq - b.message.seq))
    .slice(0, options.limit ?? 40)
    .map(({ message }) => message);
  if (best.length === 0) return [];

  const rankOf = new Map(best.map((message, rank) => [message.id, rank]));
  const types = options.types.filter((type) => type !== "core");
  const ids = [...rankOf.keys()];
  const [citing, remembered] = await Promise.all([
    Promise.all(types.map((type) => itemsCiting(type, ids, options, deps))).then((lists) => lists.flat()),
    // Raw turns stand in for episodic items only, and only for messages never remembered.
    options.types.includes("episodic") ? rememberedMessages(ids, options.userId, deps) : null,
  ]);
  const hits: StoreSearchHit[] = [
    ...citing.map((item) => ({ item, score: Math.min(...item.sources.map((source) => rankOf.get(source) ?? Number.POSITIVE_INFINITY)) })),
    ...(remembered ? best.filter((message) => !remembered.has(message.id)).map((message) => ({ item: turnItem(message), score: rankOf.get(message.id)! })) : []),
  ];
  const byType = new Map<MemoryType, StoreSearchHit[]>();
  for (const hit of hits) byType.set(hit.item.type, [...(byType.get(hit.item.type) ?? []), hit]);
  return [...byType.entries()].map(([type, typeHits]) => ({ type, method: "turn" as const, hits: typeHits.sort((a, b) => a.score - b.score || compareTies(a.item, b.item)) }));
}

/**
 * The ids among `ids` that some memory item holds or once held: cited by an item of any type
 * (valid or not, archived or not: a turn behind a contradicted or archived fact stays out) or by
 * a history row (an item later deleted or rewritten: `Engram.delete` does not bring its message
 * back as raw text). Null when the history is too large to read here (no turn items then).
 */
async function rememberedMessages(ids: string[], userId: string, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<Set<string> | null> {
  const wanted = new Set(ids);
  const remembered = new Set<string>();
  const history = deps.cache ? await deps.cache.historySources(userId) : (await deps.store.listHistory(userId)).flatMap((row) => row.sources);
  if (!history) return null;
  for (const source of history) if (wanted.has(source)) remembered.add(source);
  const filter: Filter = { $or: ids.map((id) => ({ sources: { $has: id } })) };
  for (const type of MEMORY_TYPES) {
    const cached = deps.cache ? await deps.cache.items(type, userId) : null;
    const items: readonly Pick<MemoryItem, "sources">[] = cached ?? (await deps.store.listItems(type, userId, { filter }));
    for (const item of items) for (const source of item.sources) if (wanted.has(source)) remembered.add(source);
  }
  return remembered;
}

/** The user's messages from the cache, else from the store when there are at most `maxMessages`; null past the bound. */
async function userMessages(options: SearchTurnsOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<readonly StoredMessage[] | null> {
  if (deps.cache) return deps.cache.messages(options.userId);
  if ((await deps.store.count("messages", options.userId)) > (options.maxMessages ?? 2000)) return null;
  return deps.store.listMessages(options.userId);
}

/** What a turn's BM25 document holds: who spoke, what was said and the caption of an image shared with it. */
function turnWords(message: StoredMessage): string {
  return [message.speaker, message.content, message.image_caption].filter((part) => part !== "").join(" ");
}

/** The episodic item standing for a turn no recallable item cites: `Speaker: content`, dated the day it was said. */
export function turnItem(message: StoredMessage): EpisodicItem {
  const image = message.image_caption === "" ? "" : ` [image: ${message.image_caption}]`;
  const text = `${message.speaker}: ${message.content}${image}`.replace(/\s+/g, " ").trim();
  return {
    id: `${TURN_ID_PREFIX}${message.id}`,
    user_id: message.user_id,
    agent_id: message.agent_id,
    session_id: message.session_id,
    type: "episodic",
    text,
    created_at: message.ingested_at,
    updated_at: message.ingested_at,
    valid_from: message.timestamp,
    valid_to: null,
    sources: [message.id],
    importance: 0,
    access_count: 0,
    last_accessed_at: null,
    key: `${TURN_ID_PREFIX}${message.id}`,
    archived_at: null,
    occurred_at: null,
    occurred_precision: "day",
    occurred_end: null,
    event_type: TURN_EVENT_TYPE,
    actor: message.speaker,
    summary: text,
    details: "",
  };
}
