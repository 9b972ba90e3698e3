import type { Embedder } from "../embed/embedder";
import { embedAll } from "../embed/embedder";
import type { Candidate, MemoryItem } from "../schema/memory-item";
import { withEventSpan } from "../schema/date-span";
import type { MemoryType } from "../schema/memory-type";
import type { HistoryRow } from "../schema/message";
import type { Scope } from "../schema/scope";
import type { MemoryStore, StoredMemoryItem, StoreSearchHit } from "../store/memory-store";
import type { ReconcileAction } from "./add-types";
import type { Collision, CollisionDecision, CollisionResolver } from "./collision-resolver";
import { historyRow } from "./history-row";
import { normalizeText } from "../text/normalize-text";
import { cosineDistance } from "../store/cosine-distance";
import { compareTies } from "../util/compare-ties";
import { upsertCachedItems, type UserItemsCache } from "../recall/user-items-cache";
import { withoutVector } from "../util/without-vector";
import { readThroughWriter, type BatchWriter } from "./ingest-write-buffer";

/** What a memory agent needs to reconcile candidates against its table. */
export interface ReconcileContext {
  store: MemoryStore;
  embedder: Embedder;
  scope: Scope;
  /** Current time as ISO string. */
  now: () => string;
  newId: () => string;
  /** Recorded in history, e.g. `ingest:offline`. */
  cause: string;
  signal?: AbortSignal;
  /**
   * Decides real collisions (an unkeyed candidate with a near stored neighbour that is not an
   * exact duplicate), e.g. with one model call per agent. Without it, every such candidate is
   * added, as the offline policy does.
   */
  resolveCollisions?: CollisionResolver;
  /** Small per-user tables kept in process: matches are found there instead of one LanceDB query per candidate. */
  cache?: UserItemsCache;
  /** Cosine distance within which a stored item collides with a candidate. @default COLLISION_DISTANCE */
  collisionDistance?: number;
  /**
   * Buffered writes of the `add` call (see `IngestWriteBuffer`): changes are staged there instead
   * of written, and earlier batches' uncommitted items are searched with the cached ones. Not used
   * for `knowledge_vault` (its cache entry holds sealed rows, read again after each write).
   */
  writer?: BatchWriter;
}

/** One reconciliation decision. */
export interface ReconcileDecision {
  action: ReconcileAction;
  candidate: Candidate;
  /** The stored item the decision touched (for ADD: the new item). */
  memoryId: string | null;
}

/** Result of {@link reconcileCandidates}. */
export interface ReconcileResult {
  counts: Record<ReconcileAction, number>;
  decisions: ReconcileDecision[];
}

/**
 * Cosine distance (0 = identical direction) below which a valid stored item with the candidate's
 * normalized text counts as the same memory as an unkeyed candidate.
 */
export const DUPLICATE_DISTANCE = 0.02;

/**
 * Stored items closer than {@link DUPLICATE_DISTANCE} the first store search returns at most for one unkeyed candidate (the user's
 * rows not in the cache); doubled while a full page holds none of the candidate's text, up to {@link DUPLICATE_SEARCH_MAX_LIMIT}.
 */
export const DUPLICATE_SEARCH_LIMIT = 100;

/** The largest limit of the duplicate search ({@link DUPLICATE_SEARCH_LIMIT} doubled 4 times): past it a duplicate may be missed, and the candidate added. */
export const DUPLICATE_SEARCH_MAX_LIMIT = 1_600;

/**
 * Cosine distance (0 = same direction, lower is closer) within which a stored item counts as a
 * possible collision that a resolver is asked about. Related sentences embedded by sentence
 * encoders sit around 0.2 to 0.4; unrelated ones above 0.6.
 */
export const COLLISION_DISTANCE = 0.35;

/** Stored neighbours a collision shows the resolver at most: the nearest valid items within the collision distance. */
export const COLLISION_NEIGHBOURS = 3;

export function emptyActionCounts(): Record<ReconcileAction, number> {
  return { ADD: 0, UPDATE: 0, INVALIDATE: 0, MERGE: 0, NOOP: 0 };
}

/**
 * A memory agent's reconciliation, without a model (Mem0's ADD/UPDATE/DELETE/NOOP, arXiv
 * 2504.19413 section 2.1, with DELETE replaced by INVALIDATE so superseded facts keep their
 * history, as in Zep's bi-temporal edges, arXiv 2501.13956):
 *
 * - a candidate equal to a stored valid item (same key, or unkeyed with equal normalized text, closer than
 *   {@link DUPLICATE_DISTANCE}: the nearest such item; equal distances by `compareTies`):
 *   NOOP, or MERGE when it brings new sources (the same text drawn from another message);
 * - a keyed core candidate whose value differs: UPDATE the stored item in place (same id);
 * - any other keyed candidate whose value differs: INVALIDATE the stored item (`valid_to` = the
 *   candidate's `valid_from`) and ADD the candidate;
 * - otherwise ADD.
 *
 * Every change writes a `history` row with before and after, committed before the change itself.
 */
export async function reconcileCandidates(type: MemoryType, candidates: Candidate[], context: ReconcileContext): Promise<ReconcileResult> {
  const counts = emptyActionCounts();
  const decisions: ReconcileDecision[] = [];
  const unique = dedupeCandidates(candidates);
  if (unique.length === 0) return { counts, decisions };
  const vectors = await embedAll(
    context.embedder,
    unique.map((candidate) => (candidate.search_context ? `${candidate.text}\n${candidate.search_context}` : candidate.text)),
    { signal: context.signal },
  );
  const writes = new Map<string, StoredMemoryItem>();
  const history: HistoryRow[] = [];
  const now = context.now();
  const userId = context.scope.user_id;
  const record = (event: HistoryRow["event"], before: MemoryItem | null, after: MemoryItem | null, candidate: Candidate) =>
    history.push(historyRow({ id: context.newId(), event, before, after, cause: context.cause, sources: candidate.sources, at: now }));

  const writer = type === "knowledge_vault" ? undefined : context.writer;
  // The store answers the collision search: it must hold the earlier batches' writes first.
  if (context.resolveCollisions) await writer?.flush();
  const cached = await cachedItems(type, context, writer);
  // The valid cached items by normalized text: an unkeyed candidate is compared only with those of its text (none: no scan).
  const validByText = cached ? validItemsByText(cached) : null;
  const modelDecisions = context.resolveCollisions ? await resolveCollisions(type, unique, vectors, context) : new Map<number, CollisionDecision>();

  for (const [index, candidate] of unique.entries()) {
    context.signal?.throwIfAborted();
    const vector = vectors[index]!;
    const match = await findMatch(type, candidate, vector, context, writes, cached, validByText);
    const decide = (action: ReconcileAction, memoryId: string | null) => {
      counts[action] += 1;
      decisions.push({ action, candidate, memoryId });
    };

    if (match.same) {
      const stored = match.same;
      const newSources = candidate.sources.filter((source) => !stored.sources.includes(source));
      if (newSources.length === 0) {
        decide("NOOP", stored.id);
        continue;
      }
      const merged: StoredMemoryItem = { ...stored, sources: [...stored.sources, ...newSources], updated_at: now };
      writes.set(merged.id, merged);
      record("MERGE", withoutVector(stored), withoutVector(merged), candidate);
      decide("MERGE", merged.id);
      continue;
    }

    if (match.sameKey.length > 0 && type === "core") {
      const stored = match.sameKey[0]!;
      const { search_context: _context, ...drafted } = candidate;
      const updated = { ...stored, ...drafted, id: stored.id, created_at: stored.created_at, updated_at: now, vector, valid_to: null } as StoredMemoryItem;
      writes.set(updated.id, updated);
      record("UPDATE", withoutVector(stored), withoutVector(updated), candidate);
      decide("UPDATE", updated.id);
      continue;
    }

    const decision = match.same || candidate.key !== "" ? undefined : modelDecisions.get(index);
    const target = decision?.targetId ? await currentItem(type, decision.targetId, context, writes, writer) : null;
    if (decision?.action === "NOOP") {
      decide("NOOP", target?.id ?? null);
      continue;
    }
    if (target && (decision?.action === "UPDATE" || decision?.action === "MERGE")) {
      const sources = [...new Set([...target.sources, ...candidate.sources])];
      const changed =
        decision.action === "UPDATE"
          ? ({ ...target, ...candidate, text: decision.text ?? candidate.text, id: target.id, created_at: target.created_at, valid_to: null } as StoredMemoryItem)
          : ({ ...target, text: decision.text ?? target.text } as StoredMemoryItem);
      const text = changed.text;
      const nextVector = text === candidate.text ? vector : text === target.text ? target.vector : (await embedAll(context.embedder, [text], { signal: context.signal }))[0]!;
      const next = { ...changed, sources, updated_at: now, vector: nextVector } as StoredMemoryItem;
      writes.set(next.id, next);
      record(decision.action, withoutVector(target), withoutVector(next), candidate);
      decide(decision.action, next.id);
      continue;
    }
    if (target && decision?.action === "INVALIDATE") match.sameKey.push(target);

    for (const stored of match.sameKey) {
      const invalidated: StoredMemoryItem = { ...stored, valid_to: candidate.valid_from, updated_at: now };
      writes.set(invalidated.id, invalidated);
      record("INVALIDATE", withoutVector(stored), withoutVector(invalidated), candidate);
      decide("INVALIDATE", stored.id);
    }
    const { search_context: _context, ...drafted } = candidate;
    const added = {
      ...drafted,
      ...(drafted.type === "episodic" && drafted.occurred_end === undefined ? withEventSpan(drafted.occurred_at, drafted.occurred_precision) : {}),
      id: context.newId(),
      user_id: userId,
      agent_id: context.scope.agent_id,
      session_id: candidate.session_id ?? context.scope.session_id ?? "",
      created_at: now,
      updated_at: now,
      valid_to: candidate.valid_to ?? null,
      access_count: 0,
      last_accessed_at: null,
      vector,
    } as StoredMemoryItem;
    writes.set(added.id, added);
    record("ADD", null, withoutVector(added), candidate);
    decide("ADD", added.id);
  }

  if (writer) {
    writer.stageItems(type, history, [...writes.values()]);
    return { counts, decisions };
  }
  // History first: the store has no transaction over two tables, and a crash between the two
  // commits must not leave a change without its audit row (a row whose change did not commit is
  // told apart by comparing `after` with the stored item; the batch's messages stay pending).
  await context.store.appendHistory(history);
  await context.store.upsertItems(type, [...writes.values()]);
  // Sealed vault secrets differ from the plain ones written: that table is read again instead.
  if (writes.size > 0 && type !== "knowledge_vault") await context.cache?.afterWrite(type, userId, (items) => upsertCachedItems(items, [...writes.values()]));
  return { counts, decisions };
}

/**
 * Finds the real collisions among unkeyed candidates (a valid stored neighbour within
 * `collisionDistance`, none with the same text) and asks the resolver about all of them at once.
 * Clear cases (no near neighbour, an exact duplicate, a keyed candidate) never reach it.
 */
async function resolveCollisions(type: MemoryType, candidates: Candidate[], vectors: number[][], context: ReconcileContext): Promise<Map<number, CollisionDecision>> {
  const collisions: Collision[] = [];
  const within = context.collisionDistance ?? COLLISION_DISTANCE;
  for (const [index, candidate] of candidates.entries()) {
    if (candidate.key !== "") continue;
    const near = await collisionNeighbours(type, context, vectors[index]!, within);
    const text = normalizeText(candidate.text);
    if (near.length === 0 || near.some((item) => normalizeText(item.text) === text)) continue;
    collisions.push({ index, candidate, neighbours: near });
  }
  if (collisions.length === 0) return new Map();
  const decided = await context.resolveCollisions!(collisions);
  const allowed = new Map(collisions.map((collision) => [collision.index, new Set(collision.neighbours.map((item) => item.id))]));
  const byIndex = new Map<number, CollisionDecision>();
  for (const decision of decided) {
    const targets = allowed.get(decision.index);
    if (!targets || byIndex.has(decision.index)) continue;
    const targetId = decision.targetId !== null && targets.has(decision.targetId) ? decision.targetId : null;
    const needsTarget = decision.action === "UPDATE" || decision.action === "MERGE" || decision.action === "INVALIDATE";
    byIndex.set(decision.index, needsTarget && targetId === null ? { ...decision, action: "ADD", targetId: null } : { ...decision, targetId });
  }
  return byIndex;
}

/**
 * The {@link COLLISION_NEIGHBOURS} valid stored items nearest to `vector` within `within` (cosine distance, inclusive), nearest
 * first, equal distances by `compareTies`, so every store gives the same neighbours (LanceDB and the in-memory store order
 * ties their own way: the hash embedder puts texts that differ in a dropped word at distance 0). A full page whose farthest hit
 * ties the last neighbour kept is searched again with twice the limit ({@link growingSearch}).
 */
async function collisionNeighbours(type: MemoryType, context: ReconcileContext, vector: number[], within: number): Promise<MemoryItem[]> {
  return growingSearch(type, context, vector, { limit: COLLISION_NEIGHBOURS * 2 }, (hits, more) => {
    const near = hits.filter((hit) => hit.score <= within).sort((a, b) => a.score - b.score || compareTies(a.item, b.item));
    const boundary = near[COLLISION_NEIGHBOURS - 1]?.score;
    const settled = !more || boundary === undefined || Math.max(...hits.map((hit) => hit.score)) > boundary;
    return settled ? near.slice(0, COLLISION_NEIGHBOURS).map((hit) => hit.item) : undefined;
  });
}

/**
 * The user's valid items of `type` nearest to `vector`: `options.limit` hits, searched again with twice the limit while
 * `settle` finds no answer in a full page, up to {@link DUPLICATE_SEARCH_MAX_LIMIT} (items of other texts at one distance can
 * fill a page, and each store orders them its own way). `settle(hits, more)` gets each page, and whether a larger search
 * could return more hits (false: the page was not full, or the limit is at its largest); it must answer when `more` is false.
 */
async function growingSearch<T>(
  type: MemoryType,
  context: ReconcileContext,
  vector: number[],
  options: { limit: number; maxDistance?: number },
  settle: (hits: StoreSearchHit[], more: boolean) => T | undefined,
): Promise<T> {
  const filter = { valid_to: { $isNull: true } } as const;
  for (let limit = options.limit; ; limit *= 2) {
    const hits = await context.store.vectorSearch(type, context.scope.user_id, vector, { limit, filter, ...(options.maxDistance === undefined ? {} : { maxDistance: options.maxDistance }) });
    const answer = settle(hits, hits.length === limit && limit < DUPLICATE_SEARCH_MAX_LIMIT);
    if (answer !== undefined) return answer;
  }
}

/**
 * Every item of `type` of the user as this batch sees it (the cache's, with earlier batches'
 * uncommitted writes in place), read once per reconciliation; null when the cache does not hold
 * the user (the store is searched, after the buffered writes are committed).
 */
async function cachedItems(type: MemoryType, context: ReconcileContext, writer: BatchWriter | undefined): Promise<StoredMemoryItem[] | null> {
  return readThroughWriter(writer, (batch) => batch.pendingItems(type), async () => (context.cache ? context.cache.items(type, context.scope.user_id) : null));
}

/** A valid stored item of `type` as it stands in this run (this batch's writes first, then earlier batches' uncommitted ones), or null. */
async function currentItem(
  type: MemoryType,
  id: string,
  context: ReconcileContext,
  pending: Map<string, StoredMemoryItem>,
  writer: BatchWriter | undefined,
): Promise<StoredMemoryItem | null> {
  const item = pending.get(id) ?? writer?.pendingItems(type).get(id) ?? (await context.store.listStoredItems(type, context.scope.user_id, { id }))[0];
  return item && item.valid_to === null ? item : null;
}

interface Match {
  /** A stored valid item this candidate repeats. */
  same: StoredMemoryItem | null;
  /** Stored valid items with the candidate's key but another value. */
  sameKey: StoredMemoryItem[];
}

async function findMatch(
  type: MemoryType,
  candidate: Candidate,
  vector: number[],
  context: ReconcileContext,
  pending: Map<string, StoredMemoryItem>,
  cached: StoredMemoryItem[] | null,
  validByText: ReadonlyMap<string, StoredMemoryItem[]> | null,
): Promise<Match> {
  const text = normalizeText(candidate.text);
  const valid = { valid_to: { $isNull: true } } as const;
  if (candidate.key !== "") {
    const stored = cached
      ? cached.filter((item) => item.valid_to === null && item.key === candidate.key)
      : await context.store.listStoredItems(type, context.scope.user_id, { ...valid, key: candidate.key });
    const byId = new Map(stored.map((item) => [item.id, pending.get(item.id) ?? item]));
    for (const item of pending.values()) if (item.key === candidate.key) byId.set(item.id, item);
    const current = [...byId.values()].filter((item) => item.valid_to === null);
    const same = current.find((item) => normalizeText(item.text) === text) ?? null;
    return { same, sameKey: same ? [] : current };
  }
  // A duplicate is a valid item with the same text closer than DUPLICATE_DISTANCE, the nearest of them (equal distances: `compareTies`).
  // Not the nearest item alone, then its text compared: items of other texts at the same distance (an embedder that drops
  // "many" or "her") came first in an order of each store's own (cache order, LanceDB's row order, text), and the candidate was
  // merged in one store and added in another.
  const sameText: StoreSearchHit[] = validByText
    ? (validByText.get(text) ?? []).map((item) => ({ item, score: cosineDistance(vector, item.vector) }))
    : await storeNearItems(type, context, vector, text);
  const [nearest] = sameText.filter((hit) => hit.score < DUPLICATE_DISTANCE).sort((a, b) => a.score - b.score || compareTies(a.item, b.item));
  return { same: nearest ? { ...(pending.get(nearest.item.id) ?? nearest.item), vector } : null, sameKey: [] };
}

/**
 * The store's valid items of normalized text `text` closer than {@link DUPLICATE_DISTANCE} to `vector`: a search of
 * {@link DUPLICATE_SEARCH_LIMIT} hits, again with twice the limit while a full page comes back without one of that text (items
 * of other texts at distance 0 can fill a page: an embedder that drops "many"), so the store path finds the duplicate the cache
 * path finds; at most {@link DUPLICATE_SEARCH_MAX_LIMIT}.
 */
async function storeNearItems(type: MemoryType, context: ReconcileContext, vector: number[], text: string): Promise<StoreSearchHit[]> {
  return growingSearch(type, context, vector, { limit: DUPLICATE_SEARCH_LIMIT, maxDistance: DUPLICATE_DISTANCE }, (hits, more) => {
    const sameText = hits.filter((hit) => normalizeText(hit.item.text) === text);
    return sameText.length > 0 || !more ? sameText : undefined;
  });
}

/** The valid items of `items` by normalized text. */
function validItemsByText(items: readonly StoredMemoryItem[]): Map<string, StoredMemoryItem[]> {
  const byText = new Map<string, StoredMemoryItem[]>();
  for (const item of items) {
    if (item.valid_to !== null) continue;
    const text = normalizeText(item.text);
    const same = byText.get(text);
    if (same) same.push(item);
    else byText.set(text, [item]);
  }
  return byText;
}

/** Joins candidates of one batch with the same key and text, uniting their sources. */
function dedupeCandidates(candidates: Candidate[]): Candidate[] {
  const byText = new Map<string, Candidate>();
  for (const candidate of candidates) {
    const id = `${candidate.key}\u0000${normalizeText(candidate.text)}`;
    const seen = byText.get(id);
    if (seen) byText.set(id, { ...seen, sources: [...new Set([...seen.sources, ...candidate.sources])] });
    else byText.set(id, candidate);
  }
  return [...byText.values()];
}
