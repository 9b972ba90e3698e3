import { embedAll, type Embedder } from "../embed/embedder";
import type { Entity, GraphTableName, Relation, StoredGraphRow } from "../schema/graph-row";
import type { HistoryRow } from "../schema/message";
import type { MemoryStore } from "../store/memory-store";
import type { UserItemsCache } from "../recall/user-items-cache";
import { EntityResolver } from "./entity-resolver";
import { SINGLE_VALUED_PREDICATES, type TripletDraft } from "./triplet-draft";
import { withoutVector } from "../util/without-vector";
import { readGraphRows } from "./read-graph-rows";
import type { BatchWriter } from "../ingest/ingest-write-buffer";

/** Dependencies of {@link writeGraph}. */
export interface WriteGraphOptions {
  store: MemoryStore;
  embedder: Embedder;
  userId: string;
  /** Current time (ISO). */
  now: string;
  newId: () => string;
  /** Recorded in history rows, e.g. `ingest:offline`. */
  cause: string;
  signal?: AbortSignal;
  /** The user's graph rows kept in process: read from it instead of LanceDB, and updated with this write. */
  cache?: UserItemsCache;
  /** Buffered writes of the `add` call: the changes are staged there instead of written (see `IngestWriteBuffer`). */
  writer?: BatchWriter;
}

/** What {@link writeGraph} did. */
export interface WriteGraphResult {
  /** Entities made and entities changed (aliases, sources). */
  entities: { added: number; updated: number };
  /** Relations added, repeats merged (sources), and old relations invalidated by a contradiction. */
  relations: { added: number; merged: number; invalidated: number };
  /** History rows of every relation change (already written, before the changes). */
  history: HistoryRow[];
}

const relationKey = (relation: Pick<Relation, "subject_id" | "predicate" | "object_id">): string => `${relation.subject_id}\u0000${relation.predicate}\u0000${relation.object_id}`;

/**
 * Writes a batch's triplets into the user's graph (docs/architecture.md, "Graph memory"): resolves
 * subject and object to entities ({@link EntityResolver}, this user's only), then for each triplet
 * - the same relation still valid (same subject, predicate, object): its sources are merged (MERGE);
 * - a single-valued predicate (`lives_in`, `works_at`, `partner`, ...) of the same subject with
 *   another object: the old relation gets `valid_to` = the new one's `valid_from` (INVALIDATE),
 *   and the new one is added;
 * - otherwise the relation is added (ADD).
 * New entities and relations are embedded in one `embedMany` call; rows are upserted per table.
 */
export async function writeGraph(triplets: TripletDraft[], options: WriteGraphOptions): Promise<WriteGraphResult> {
  const result: WriteGraphResult = { entities: { added: 0, updated: 0 }, relations: { added: 0, merged: 0, invalidated: 0 }, history: [] };
  if (triplets.length === 0) return result;
  const { store, userId, now } = options;
  const [entities, relations] = await Promise.all([readGraphRows("entities", userId, options), readGraphRows("relations", userId, options, { valid_to: { $isNull: true } })]);
  const resolver = new EntityResolver(entities, { userId, now, newId: options.newId });
  const valid = new Map<string, StoredGraphRow<"relations"> | Relation>(relations.map((relation) => [relationKey(relation), relation]));
  // By relation id: one row per relation, whatever happened to it in this batch.
  const changed = new Map<string, StoredGraphRow<"relations"> | Relation>();
  const fresh = new Set<string>();
  const history = (event: HistoryRow["event"], before: Relation | null, after: Relation | null, sources: string[]): void => {
    const row = (after ?? before)!;
    result.history.push({
      id: options.newId(),
      memory_id: row.id,
      memory_type: "relations",
      user_id: userId,
      event,
      before: before ? JSON.stringify(withoutVector(before)) : null,
      after: after ? JSON.stringify(withoutVector(after)) : null,
      cause: options.cause,
      sources,
      created_at: now,
    });
  };
  for (const triplet of triplets) {
    const source = triplet.sources[0]!;
    const subject = resolver.resolve(triplet.subject, source, triplet.valid_from);
    const object = resolver.resolve(triplet.object, source, triplet.valid_from);
    if (subject.id === object.id) continue;
    const key = relationKey({ subject_id: subject.id, predicate: triplet.predicate, object_id: object.id });
    const same = valid.get(key);
    if (same) {
      const sources = [...new Set([...same.sources, ...triplet.sources])];
      if (sources.length === same.sources.length) continue;
      const merged = { ...same, sources, updated_at: now };
      valid.set(key, merged);
      changed.set(merged.id, merged);
      if (!fresh.has(merged.id)) result.relations.merged += 1;
      history("MERGE", same, merged, triplet.sources);
      continue;
    }
    if (SINGLE_VALUED_PREDICATES.has(triplet.predicate)) {
      for (const [oldKey, old] of valid) {
        if (old.subject_id !== subject.id || old.predicate !== triplet.predicate) continue;
        const closed = { ...old, valid_to: triplet.valid_from > old.valid_from ? triplet.valid_from : now, updated_at: now };
        valid.delete(oldKey);
        changed.set(closed.id, closed);
        result.relations.invalidated += 1;
        history("INVALIDATE", old, closed, triplet.sources);
      }
    }
    const relation: Relation = {
      id: options.newId(),
      user_id: userId,
      subject_id: subject.id,
      predicate: triplet.predicate,
      object_id: object.id,
      text: triplet.text,
      sources: [...triplet.sources],
      created_at: now,
      updated_at: now,
      valid_from: triplet.valid_from,
      valid_to: null,
    };
    valid.set(key, relation);
    changed.set(relation.id, relation);
    fresh.add(relation.id);
    result.relations.added += 1;
    history("ADD", null, relation, triplet.sources);
  }
  const { fresh: newEntities, changed: changedEntities } = resolver.changes();
  const newRelations = [...changed.values()].filter((relation) => !("vector" in relation)) as Relation[];
  const vectors = await embedAll(options.embedder, [...newEntities.map(entityText), ...newRelations.map((relation) => relation.text)], { signal: options.signal });
  const entityRows: StoredGraphRow<"entities">[] = [...changedEntities, ...newEntities.map((entity, index) => ({ ...entity, vector: vectors[index]! }))];
  const vectorOf = new Map(newRelations.map((relation, index) => [relation, vectors[newEntities.length + index]!]));
  const relationRows = [...changed.values()].map((relation) => ("vector" in relation ? relation : { ...relation, vector: vectorOf.get(relation)! }));
  result.entities = { added: newEntities.length, updated: changedEntities.length };
  if (options.writer) {
    options.writer.stageGraph(result.history, entityRows, relationRows);
    return result;
  }
  // History first (docs/architecture.md, "The six memory types"), then entities: a relation is never stored before the nodes it links.
  // History rows are about relations alone: they and the entities are written side by side, both before the relations.
  await Promise.all([store.appendHistory(result.history), upsertAndCache("entities", entityRows, options)]);
  await upsertAndCache("relations", relationRows, options);
  return result;
}

async function upsertAndCache<T extends GraphTableName>(table: T, rows: StoredGraphRow<T>[], { store, userId, cache }: WriteGraphOptions): Promise<void> {
  if (rows.length === 0) return;
  await store.upsertGraphRows(table, rows);
  await cache?.afterGraphWrite(table, userId, rows);
}

/** What an entity is embedded as: its name, type and summary. */
export function entityText(entity: Pick<Entity, "name" | "entity_type" | "summary">): string {
  return [entity.name, `(${entity.entity_type})`, entity.summary].filter((part) => part !== "").join(" ");
}
