import { normalizeEntityName } from "../graph/entity-resolver";
import type { Entity } from "../schema/graph-row";
import type { MemoryType } from "../schema/memory-type";
import { compileFilter } from "../store/match-filter";
import { columnSet } from "../store/table-schemas";
import type { MemoryStore, StoredMemoryItem, StoreSearchHit } from "../store/memory-store";
import type { RecallTopics } from "./recall-types";
import type { RankedList } from "./search-memories";
import { excludingArchived, validAt } from "./search-memories";
import type { UserItemsCache } from "./user-items-cache";

/** Options of {@link searchEntityItems}. */
export interface SearchEntityItemsOptions {
  userId: string;
  types: MemoryType[];
  asOf: string;
  /** Items per list. @default 40 */
  limit?: number;
  includeArchived?: boolean;
}

/**
 * The names an item may be linked to a person by: the entity's normalized name and its aliases
 * (`Melanie`, `Mel`), leaving out possessive forms and single letters.
 */
function personNames(entity: Entity): string[] {
  const names = new Set<string>();
  for (const alias of [normalizeEntityName(entity.name), ...entity.aliases]) {
    if (alias.includes("'")) continue;
    if (alias.length > 1) names.add(alias);
  }
  return [...names];
}

/**
 * True when `item` is about `names`' person: its text is that person's turn (`Melanie: ...`), or
 * its actor is the person, or it is no one's turn and names the person.
 */
export function linkedToPerson(item: Pick<StoredMemoryItem, "text"> & { actor?: string }, names: readonly string[]): boolean {
  const speaker = /^([\p{L}][\p{L} .'-]{0,40}):\s/u.exec(item.text)?.[1];
  if (speaker !== undefined) return names.includes(normalizeEntityName(speaker));
  if (typeof item.actor === "string" && item.actor !== "") return names.includes(normalizeEntityName(item.actor));
  const text = normalizedText(item);
  return namePatterns(names).some((pattern) => pattern.test(text));
}

/** Each names list's word-bounded patterns, compiled once per list (one list per recall) rather than once per item. */
const patternsOfNames = new WeakMap<readonly string[], RegExp[]>();

function namePatterns(names: readonly string[]): RegExp[] {
  let patterns = patternsOfNames.get(names);
  if (!patterns) {
    patterns = names.map((name) => new RegExp(`(?:^|[^\\p{L}])${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?:$|[^\\p{L}])`, "u"));
    patternsOfNames.set(names, patterns);
  }
  return patterns;
}

/**
 * `normalizeEntityName` of an item's text, kept per item object: the cache's items live across recalls, and each recall
 * asked it again for every candidate (a few percent of a recall). Kept with the text it came from, so an item whose
 * text changed is normalized again.
 */
const normalizedTexts = new WeakMap<object, { text: string; normalized: string }>();

function normalizedText(item: Pick<StoredMemoryItem, "text">): string {
  const kept = normalizedTexts.get(item);
  if (kept && kept.text === item.text) return kept.normalized;
  const normalized = normalizeEntityName(item.text);
  normalizedTexts.set(item, { text: item.text, normalized });
  return normalized;
}

/**
 * Entity-centric list (docs/architecture.md, "Graph memory"): for the people the query names
 * (`linked` entities of type person), the memory items about them (their own turns, events they
 * are the actor of, items naming them and no one's turn), ranked by BM25 of the query's keywords
 * other than the names (`Melanie's kids` → `kids`). One list per type; `score` is the negated
 * BM25 score (lower is better, as fusion sorts every method but `text`).
 *
 * Reads the user's rows from `deps.cache` when it holds them (no store query per recall); without
 * a cache, one filtered `listStoredItems` per type.
 */
export async function searchEntityItems(topics: RecallTopics, linked: Entity[], options: SearchEntityItemsOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<RankedList[]> {
  const people = linked.filter((entity) => entity.entity_type === "person");
  if (people.length === 0) return [];
  const names = people.flatMap(personNames);
  // `melanies` is how the keywords spell `Melanie's`.
  const nameWords = new Set(names.flatMap((name) => name.split(" ")).flatMap((word) => [word, `${word}s`]));
  const query = topics.keywords.filter((word) => !nameWords.has(word.replace(/'/g, ""))).join(" ");
  if (query.trim() === "") return [];
  const valid = excludingArchived(validAt(options.asOf), options.includeArchived);
  const limit = options.limit ?? 40;
  const about = (item: Pick<StoredMemoryItem, "text">) => linkedToPerson(item as Pick<StoredMemoryItem, "text"> & { actor?: string }, names);
  const lists = await Promise.all(
    options.types.map(async (type): Promise<RankedList | null> => {
      const cached = deps.cache ? await deps.cache.items(type, options.userId) : null;
      let hits: StoreSearchHit[];
      if (cached && deps.cache) {
        const isValid = compileFilter(valid, columnSet(type));
        hits = deps.cache.searchText(cached, query, { limit, keep: (item) => isValid(item) && about(item) });
      } else {
        // A user too large for the cache: the store's full-text search, a few times the limit, then the person's items among them.
        hits = (await deps.store.textSearch(type, options.userId, query, { limit: limit * 5, filter: valid })).filter((hit) => about(hit.item)).slice(0, limit);
      }
      return hits.length > 0 ? { type, method: "entity", hits: hits.map((hit) => ({ ...hit, score: -hit.score })) } : null;
    }),
  );
  return lists.filter((list): list is RankedList => list !== null);
}
