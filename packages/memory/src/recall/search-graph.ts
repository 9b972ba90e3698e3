import { MultiDirectedGraph } from "graphology";
import { normalizeEntityName } from "../graph/entity-resolver";
import { isMisspelledName } from "../graph/misspelled-name";
import type { Entity, Relation, StoredGraphRow } from "../schema/graph-row";
import type { MemoryItem } from "../schema/memory-item";
import type { MemoryType } from "../schema/memory-type";
import type { MemoryStore, StoreSearchHit } from "../store/memory-store";
import type { RecallTopics } from "./recall-types";
import type { RankedList } from "./search-memories";
import { excludingArchived, validAt } from "./search-memories";
import type { UserItemsCache } from "./user-items-cache";
import { searchEntityItems } from "./search-entity-items";
import { cosineDistance } from "../store/cosine-distance";
import type { Filter } from "../store/filter";
import { compileFilter } from "../store/match-filter";
import { columnSet } from "../store/table-schemas";
import { withoutVector } from "../util/without-vector";
import { readGraphRows } from "../graph/read-graph-rows";
import { compareTies } from "../util/compare-ties";
import { isStopWord } from "../text/words";
import { nlp } from "../text/nlp-libraries";

/** A relation the graph search reached, with the names of its ends and its relevance. */
export interface ScoredTriplet {
  relation: Relation;
  subject: string;
  object: string;
  /** Relevance to the query: cosine similarity of the relation's text plus cue and hop terms; higher is better. */
  score: number;
  /** 1: touches an entity the query names; 2: one more hop. */
  hop: 1 | 2;
  /** The query asks about the relation's predicate (`activities` → `does_activity`; see `PREDICATE_CUES`). */
  cued: boolean;
}

/** Options of {@link searchGraph}. */
export interface SearchGraphOptions {
  userId: string;
  types: MemoryType[];
  asOf: string;
  /** The query's embedding (the one the other searches use). */
  vector: number[];
  /** Relations kept after scoring. @default 24 */
  maxRelations?: number;
  /** Relations followed from each entity, best first (the bound on fan-out per node and hop). @default 12 */
  fanOut?: number;
  /** Items per list. @default 40 */
  limit?: number;
  /** Archived items may be listed too. @default false */
  includeArchived?: boolean;
}

/** What {@link searchGraph} found: ranked item lists for fusion and the triplets behind them. */
export interface GraphSearchResult {
  lists: RankedList[];
  triplets: ScoredTriplet[];
  /** Entities the query linked to. */
  linked: Entity[];
}

/** Query words → predicates they ask about (edge relevance beyond the embedding). */
const PREDICATE_CUES: [RegExp, string[]][] = [
  [/\b(?:activit|hobb|fun|partake|pastime|sport|do(?:es)? .* (?:to|for)|destress|relax)/i, ["does_activity", "likes"]],
  [/\b(?:book|read|novel|author|song|music|album|movie|film|artist|band|musician)/i, ["read", "favorite", "enjoyed_work"]],
  [/\b(?:kid|child|son|daughter|famil)/i, ["child", "partner", "parent", "sibling", "did_with_family"]],
  [/\b(?:pet|dog|cat|animal)/i, ["has_pet"]],
  [/\b(?:live|lives|move|moved|home|hometown|from|countr|city)/i, ["lives_in", "from", "visited"]],
  [/\b(?:work|job|career|compan|profession|employ|business|studio|store|shop|startup)/i, ["works_at", "is_a", "lost_job", "started", "plans"]],
  [/\b(?:visit|travel|trip|been to|went to|places?|vacation|camp)/i, ["visited", "does_activity"]],
  [/\b(?:like|enjoy|love|favou?rite|into|interest|passion|fan of)/i, ["likes", "favorite"]],
  [/\b(?:friend|husband|wife|partner|married|relationship|sister|brother|mother|father|parent)/i, ["partner", "friend", "sibling", "parent"]],
  [/\b(?:identity|who is|kind of person|describe)/i, ["is_a"]],
  [/\b(?:bought|buy|buys|purchas|items?|acquir|own(?:s|ed)?\b)/i, ["acquired"]],
  // Kinds of event in the plural (`What concerts has ...`): `the art show` is one event, not a kind asked about.
  [/\b(?:events\b|attend|participat|seen\b|joined\b|(?:concert|show|conference|parade|festival|meeting)s\b)/i, ["attended"]],
  [/\b(?:plan|pursue|persue|decid|goal|future|aspir)/i, ["plans"]],
];

/** A question about what two people share (`both`, `in common`): predicates stated of two linked people are asked about. */
const SHARED_CUE = /\b(?:both|in common|each other|same|alike)\b/i;

const CUE_BONUS = 0.3;
/** An entity touching at least this share of the user's relations (and at least `HUB_MIN_DEGREE`) is a hub. */
const HUB_SHARE = 0.2;
const HUB_MIN_DEGREE = 5;
const HOP_PENALTY = 0.25;
/** Entities linked by vector only when at least this similar (1 − cosine distance). */
const VECTOR_LINK_MIN_SIMILARITY = 0.55;

/**
 * Graph search (docs/architecture.md, "Graph memory"): links the query to entities (a name or alias
 * among its 1 to 3 word n-grams, possessives folded, or a close entity vector), follows their
 * relations and one more hop with graphology (at most `fanOut` edges per entity, best first), scores
 * each edge by relevance to the query (cosine similarity of its text, plus a bonus when the query
 * asks about its predicate, minus a penalty for the second hop), and ranks the memory items whose
 * sources are the messages behind the best relations, one list per memory type, for fusion.
 */
export async function searchGraph(topics: RecallTopics, options: SearchGraphOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<GraphSearchResult> {
  const empty: GraphSearchResult = { lists: [], triplets: [], linked: [] };
  const valid = validAt(options.asOf);
  const [entities, relations] = await Promise.all([readGraphRows("entities", options.userId, deps, valid), readGraphRows("relations", options.userId, deps, valid)]);
  if (entities.length === 0 || relations.length === 0) return empty;
  const { linked, named } = linkEntities(topics.searchText, entities, options.vector);
  if (linked.length === 0) return empty;
  const graph = new MultiDirectedGraph<{ entity: StoredGraphRow<"entities"> }, { relation: StoredGraphRow<"relations"> }>();
  for (const entity of entities) graph.mergeNode(entity.id, { entity });
  for (const relation of relations) {
    if (graph.hasNode(relation.subject_id) && graph.hasNode(relation.object_id)) graph.addEdgeWithKey(relation.id, relation.subject_id, relation.object_id, { relation });
  }
  const cues = queryCues(topics.searchText, linked, relations);
  const score = (relation: StoredGraphRow<"relations">, hop: 1 | 2) => cosineSimilarity(options.vector, relation.vector) + (cues.has(relation.predicate) ? CUE_BONUS : 0) - (hop - 1) * HOP_PENALTY;
  const fanOut = options.fanOut ?? 12;
  const reached = new Map<string, ScoredTriplet>();
  const nameOf = (id: string) => graph.getNodeAttribute(id, "entity").name;
  const follow = (node: string, hop: 1 | 2): string[] => {
    const edges: { relation: StoredGraphRow<"relations">; other: string; score: number }[] = [];
    graph.forEachEdge(node, (_edge, { relation }, source, target) => {
      edges.push({ relation, other: source === node ? target : source, score: score(relation, hop) });
    });
    edges.sort((a, b) => b.score - a.score || compareTies(a.relation, b.relation));
    const next: string[] = [];
    for (const edge of edges.slice(0, fanOut)) {
      const known = reached.get(edge.relation.id);
      if (!known || known.score < edge.score) {
        const relation = withoutVector(edge.relation);
        reached.set(edge.relation.id, { relation, subject: nameOf(relation.subject_id), object: nameOf(relation.object_id), score: edge.score, hop, cued: cues.has(relation.predicate) });
      }
      next.push(edge.other);
    }
    return next;
  };
  const linkedIds = new Set(linked.map((entity) => entity.id));
  const frontier = [...new Set(linked.flatMap((entity) => follow(entity.id, 1)))].filter((id) => !linkedIds.has(id));
  for (const node of frontier) follow(node, 2);
  const triplets = [...reached.values()].sort((a, b) => b.score - a.score || compareTies(a.relation, b.relation)).slice(0, options.maxRelations ?? 24);
  // The messages that mention a linked entity, unless it is a hub (a speaker most relations hang off).
  const hubDegree = Math.max(HUB_MIN_DEGREE, relations.length * HUB_SHARE);
  const mentions = linked.filter((entity) => graph.degree(entity.id) < hubDegree).flatMap((entity) => entity.sources);
  // Gates (docs/architecture.md, "Graph memory"): the graph list ranks the items behind relations the query asks about
  // (a relation the query asks about no kind of ranks by its embedding alone, as the vector list does), and the entity
  // list runs only for a query asking about a kind of relation of the people it names (`What items has Melanie bought?`,
  // not `What inspired Melanie's painting?`: a person's own turns crowd out the other speaker's answer there).
  const asked = triplets.filter((triplet) => triplet.cued);
  const [lists, entityLists] = await Promise.all([itemsBehind(asked, mentions, options, deps), searchEntityItems(topics, named && cues.size > 0 ? linked : [], options, deps)]);
  return { lists: [...lists, ...entityLists], triplets, linked };
}

/**
 * The predicates a query asks about: those of every cue its words match (`What items has Melanie
 * bought?` → `acquired`), and for a question about what people share (`What do Jon and Gina both
 * have in common?`) each predicate stated of at least two of the linked people.
 */
export function queryCues(text: string, linked: readonly Pick<Entity, "id">[], relations: readonly Pick<Relation, "subject_id" | "predicate">[]): Set<string> {
  const cues = new Set(PREDICATE_CUES.filter(([pattern]) => pattern.test(text)).flatMap(([, predicates]) => predicates));
  if (linked.length >= 2 && SHARED_CUE.test(text)) {
    const linkedIds = new Set(linked.map((entity) => entity.id));
    const subjects = new Map<string, Set<string>>();
    for (const relation of relations) {
      if (!linkedIds.has(relation.subject_id)) continue;
      const of = subjects.get(relation.predicate) ?? new Set<string>();
      of.add(relation.subject_id);
      subjects.set(relation.predicate, of);
    }
    for (const [predicate, of] of subjects) if (of.size >= 2) cues.add(predicate);
  }
  return cues;
}

/**
 * The relations fit for the context's `## Entities and relations` section: those on the first hop
 * whose predicate the query asks about (`What activities does Melanie partake in?` →
 * `does_activity`). Measured on the dev set (docs/architecture.md, "Graph memory"): of the
 * relations packed without this rule, none on the second hop and few without a cue brought
 * evidence the items did not, and the items they displaced did.
 */
export function relationsForSection(triplets: ScoredTriplet[]): ScoredTriplet[] {
  return triplets.filter((triplet) => triplet.hop === 1 && triplet.cued);
}

/**
 * Entities the query names (n-grams of 1 to 3 words against names and aliases; `named`), else the
 * closest entity vectors (`named` false: the entity list, about the people a query names, stays out).
 */
function linkEntities(text: string, entities: StoredGraphRow<"entities">[], vector: number[]): { linked: Entity[]; named: boolean } {
  const words = text.replace(/[’‘]/g, "'").split(/[^\p{L}\p{N}'-]+/u).filter((word) => word !== "");
  const grams = new Set<string>();
  for (let size = 1; size <= 3; size += 1) {
    for (let start = 0; start + size <= words.length; start += 1) grams.add(normalizeEntityName(words.slice(start, start + size).join(" ")));
  }
  const exactly = entities.filter((entity) => [normalizeEntityName(entity.name), ...entity.aliases].some((alias) => alias.length > 1 && grams.has(alias)));
  // A misspelled name only when no person matched exactly (`Did Caroline visit Rome?` names Caroline, not Rose; `When did
  // Debora go hiking?` still finds Deborah beside the entity hiking).
  const named = exactly.some((entity) => entity.entity_type === "person") ? exactly : [...exactly, ...misspelledPeople(text, entities)];
  if (named.length > 0) return { linked: named, named: true };
  const nearest = entities
    .map((entity) => ({ entity, similarity: cosineSimilarity(vector, entity.vector) }))
    .filter(({ similarity }) => similarity >= VECTOR_LINK_MIN_SIMILARITY)
    .sort((a, b) => b.similarity - a.similarity)
    .slice(0, 3)
    .map(({ entity }) => entity);
  return { linked: nearest, named: false };
}

/** Characters of a query searched for misspelled names (a query is a question or a turn; this bounds a parse of pasted text). */
const NAME_SCAN_CHARS = 2000;

/** Shortest capitalized query word read as a misspelled name (`John` for `Jon`); shorter words are too easily another name. */
const MIN_MISSPELLED_LENGTH = 4;

/** Capitalized words that are never a misspelled name (`in June` is no `Jane`, `Sunday` no `Sunny`). */
const CALENDAR_WORDS = /^(?:january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/i;

/**
 * Capitalized words of `text` that may be a misspelled name: not a sentence's first word (`Name a
 * book ...`, `Even so, ...`), no stop word (`Will`, `What`), month or weekday, and no word compromise
 * tags as a place, date or verb (`visit Rome`); none when no word is left to check.
 */
function nameCandidates(query: string): string[] {
  // Only the query's first NAME_SCAN_CHARS characters are read: the compromise parse below is the costly part.
  const text = query.slice(0, NAME_SCAN_CHARS).replace(/[’‘]/g, "'");
  const words = [...text.matchAll(/(?<![\p{L}\p{N}'-])\p{Lu}\p{Ll}+(?![\p{L}\p{N}'-])/gu)]
    .filter((match) => !atSentenceStart(text, match.index))
    .map((match) => match[0])
    .filter((word) => word.length >= MIN_MISSPELLED_LENGTH && !CALENDAR_WORDS.test(word) && !isStopWord(normalizeEntityName(word)));
  if (words.length === 0) return [];
  const tagged = nlp(text).json({ terms: { tags: true } }) as { terms: { text: string; tags: string[] }[] }[];
  const notNames = new Set(tagged.flatMap((sentence) => sentence.terms.filter((term) => term.tags.some((tag) => tag === "Place" || tag === "Date" || tag === "Verb")).map((term) => term.text)));
  return words.filter((word) => !notNames.has(word));
}

/** True when the word at `index` opens `text` or a sentence of it (read from the 8 characters before it, so the check is bounded). */
function atSentenceStart(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 8), index).replace(/[^\p{L}\p{N}.!?:;]+$/u, "");
  return before === "" ? index <= 8 : /[.!?:;]$/.test(before);
}

/**
 * People a capitalized query word names with one letter wrong (Levenshtein distance 1: `John` for
 * `Jon`, `Carolin` for `Caroline`; not `Mary` for `Mark`, two known first names: {@link isMisspelledName}), for queries that name no entity exactly and words that may be a
 * name ({@link nameCandidates}): the person whose one-word name or alias is that close, when exactly
 * one person is.
 */
function misspelledPeople(text: string, entities: readonly StoredGraphRow<"entities">[]): StoredGraphRow<"entities">[] {
  const people = entities.filter((entity) => entity.entity_type === "person");
  if (people.length === 0) return [];
  const exact = new Set(entities.flatMap((entity) => [normalizeEntityName(entity.name), ...entity.aliases]));
  const found = new Set<StoredGraphRow<"entities">>();
  for (const word of nameCandidates(text)) {
    const normalized = normalizeEntityName(word);
    if (exact.has(normalized)) continue;
    const close = people.filter((person) => [normalizeEntityName(person.name), ...person.aliases].some((alias) => !alias.includes(" ") && !alias.includes("'") && isMisspelledName(normalized, alias)));
    if (close.length === 1) found.add(close[0]!);
  }
  return [...found];
}

/**
 * The memory items citing the triplets' messages, ranked by the best triplet citing each, then the
 * items citing `mentions` (messages naming a linked entity), one list per type.
 */
async function itemsBehind(triplets: ScoredTriplet[], mentions: string[], options: SearchGraphOptions, deps: { store: MemoryStore; cache?: UserItemsCache }): Promise<RankedList[]> {
  const rankOfSource = new Map<string, number>();
  triplets.forEach((triplet, rank) => {
    for (const source of triplet.relation.sources) if (!rankOfSource.has(source)) rankOfSource.set(source, rank);
  });
  for (const source of mentions) if (!rankOfSource.has(source)) rankOfSource.set(source, triplets.length);
  if (rankOfSource.size === 0) return [];
  const sources = [...rankOfSource.keys()];
  const limit = options.limit ?? 40;
  const lists = await Promise.all(
    options.types.map(async (type): Promise<RankedList> => {
      const items = await itemsCiting(type, sources, options, deps);
      const hits: StoreSearchHit[] = items
        .map((item) => {
          // Rank of the best triplet behind the item; fewer sources (more specific items) first within a rank.
          const rank = Math.min(...item.sources.map((source) => rankOfSource.get(source) ?? Number.POSITIVE_INFINITY));
          return { item, score: rank + item.sources.length / 1000 };
        })
        .sort((a, b) => a.score - b.score || compareTies(a.item, b.item))
        .slice(0, limit);
      return { type, method: "graph", hits };
    }),
  );
  return lists.filter((list) => list.hits.length > 0);
}

/**
 * The items of `type` valid at `asOf` (and not archived, unless `includeArchived`) that cite any of
 * `sources`: filtered in process for a cached user, else one filtered store query.
 */
export async function itemsCiting(
  type: MemoryType,
  sources: string[],
  options: { userId: string; asOf: string; includeArchived?: boolean },
  deps: { store: MemoryStore; cache?: UserItemsCache },
): Promise<MemoryItem[]> {
  const cached = deps.cache ? await deps.cache.items(type, options.userId) : null;
  if (cached) {
    // Validity as one compiled filter, the sources by a set (a filter with one branch per source costs more to build than to run).
    const wanted = new Set(sources);
    const recallable = compileFilter(excludingArchived(validAt(options.asOf), options.includeArchived), columnSet(type));
    return cached.filter((item) => recallable(item) && item.sources.some((source) => wanted.has(source))).map(withoutVector);
  }
  const citing: Filter = { $or: sources.flatMap((source) => validAt(options.asOf).$or!.map((valid) => ({ ...valid, sources: { $has: source } }))) };
  return deps.store.listItems(type, options.userId, { filter: excludingArchived(citing, options.includeArchived) });
}


/** Cosine similarity (−1 to 1, higher is closer); 0 when either vector is all zeros. */
function cosineSimilarity(a: number[], b: number[]): number {
  return 1 - cosineDistance(a, b);
}
