import type { Embedder } from "./embed/embedder";
import { MemoryPatchSchema, type MemoryPatch, type RevealOptions } from "./engram-options";
import { NotFoundError } from "./errors/engram-error";
import { parseOrThrow } from "./errors/zod-issues";
import { historyRow } from "./ingest/history-row";
import { excludingArchived, validAt } from "./recall/search-memories";
import { MemoryItemSchema, type MemoryItem } from "./schema/memory-item";
import { MEMORY_TYPES, MemoryTypeSchema, type MemoryType } from "./schema/memory-type";
import { IdSchema } from "./schema/scope";
import type { MemoryStore } from "./store/memory-store";

/** What the facade's item reads and edits ({@link getMemory} and the others) need. */
export interface MemoryEditDeps {
  store: MemoryStore;
  embedder: Embedder;
  newId: () => string;
  now: () => Date;
}

/** `Engram.get`: one item of `userId` by id, its secret sealed unless revealed. @throws NotFoundError for an unknown id. */
export async function getMemory(deps: MemoryEditDeps, userId: string, id: string, options: RevealOptions): Promise<MemoryItem> {
  const stored = await deps.store.getItem(userId, parseOrThrow(IdSchema, id, "id"));
  if (!stored) throw new NotFoundError(id);
  const { vector: _vector, ...item } = stored;
  return options.revealSecrets ? deps.store.revealItem(item as MemoryItem) : (item as MemoryItem);
}

/** `Engram.list`: items of `userId`, newest first. */
export async function listMemories(
  deps: MemoryEditDeps,
  userId: string,
  options: { type?: MemoryType; limit?: number; includeInvalid?: boolean; includeArchived?: boolean } & RevealOptions,
): Promise<MemoryItem[]> {
  const types = options.type ? [MemoryTypeSchema.parse(options.type)] : MEMORY_TYPES;
  const valid = options.includeInvalid ? {} : validAt(deps.now().toISOString());
  const filter = excludingArchived(valid, options.includeArchived);
  const items = (await Promise.all(types.map((type) => deps.store.listItems(type, userId, { filter })))).flat();
  items.sort((a, b) => b.updated_at.localeCompare(a.updated_at));
  const listed = options.limit === undefined ? items : items.slice(0, options.limit);
  return options.revealSecrets ? Promise.all(listed.map((item) => deps.store.revealItem(item))) : listed;
}

/**
 * `Engram.update`: changes an item in place, re-embedding a new text; records UPDATE or INVALIDATE.
 * Runs under the user's write lock, after any `add` of the user under way: an `add` holds its
 * batches' changes until it commits (docs/architecture.md, "Buffered writes"), and would otherwise
 * write back an item this call changed or deleted. @throws NotFoundError, ValidationError
 */
export async function updateMemory(deps: MemoryEditDeps, userId: string, id: string, patch: MemoryPatch): Promise<MemoryItem> {
  const changes = parseOrThrow(MemoryPatchSchema, patch, "memory patch");
  return deps.store.withUserLock(userId, () => updateUnlocked(deps, userId, id, changes));
}

async function updateUnlocked(deps: MemoryEditDeps, userId: string, id: string, changes: MemoryPatch): Promise<MemoryItem> {
  const stored = await deps.store.getItem(userId, parseOrThrow(IdSchema, id, "id"));
  if (!stored) throw new NotFoundError(id);
  const now = deps.now().toISOString();
  const next = MemoryItemSchema.parse({ ...stored, ...changes, updated_at: now });
  const [vector] = changes.text ? await deps.embedder.embedMany([changes.text]) : [stored.vector];
  const { vector: _vector, ...before } = stored;
  const event = changes.text === undefined && changes.importance === undefined && changes.valid_to ? "INVALIDATE" : "UPDATE";
  // History first (docs/architecture.md, "The six memory types"): a crash between the commits keeps the audit row.
  await deps.store.appendHistory([historyRow({ id: deps.newId(), event, before: before as MemoryItem, after: next, cause: "api:update", sources: [], at: now })]);
  await deps.store.upsertItems(next.type, [{ ...next, vector: vector! }]);
  return next;
}

/** `Engram.delete`: deletes an item and records DELETE with the item as `before`, under the user's write lock (see {@link updateMemory}). @throws NotFoundError for an unknown id. */
export async function deleteMemory(deps: MemoryEditDeps, userId: string, id: string): Promise<void> {
  const itemId = parseOrThrow(IdSchema, id, "id");
  await deps.store.withUserLock(userId, async () => {
    const stored = await deps.store.getItem(userId, itemId);
    if (!stored) throw new NotFoundError(id);
    const { vector: _vector, ...before } = stored;
    await deps.store.appendHistory([historyRow({ id: deps.newId(), event: "DELETE", before: before as MemoryItem, after: null, cause: "api:delete", sources: [], at: deps.now().toISOString() })]);
    await deps.store.deleteItem(stored.type, userId, stored.id);
  });
}
