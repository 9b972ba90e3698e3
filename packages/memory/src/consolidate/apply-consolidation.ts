import { NotFoundError, ValidationError } from "../errors/engram-error";
import { historyRow } from "../ingest/history-row";
import { MemoryItemSchema } from "../schema/memory-item";
import type { MemoryType } from "../schema/memory-type";
import type { HistoryRow } from "../schema/message";
import type { MemoryStore, StoredMemoryItem } from "../store/memory-store";
import type { ConsolidationChange } from "./consolidation-change";
import { withoutVector } from "../util/without-vector";

/** History `cause` of the changes of consolidation pass `passId`. */
export const passCause = (passId: string) => `consolidate:${passId}`;
/** History `cause` of the changes that undid pass `passId`. */
export const undoCause = (passId: string) => `consolidate-undo:${passId}`;

/** What {@link applyConsolidation} and {@link undoConsolidationOfUser} need. */
export interface ConsolidationWriteDeps {
  store: MemoryStore;
  newId: () => string;
  now: () => string;
}


/**
 * Writes a pass's changes: the final state of every item the pass touched (one upsert per memory
 * type, one delete per removed item), after one history row per change (cause
 * `consolidate:<passId>`, id `<passId>:<index>`), written first so an interrupted write is still explained. A removed
 * item's row, or that of an item the pass gave a new vector, keeps the item WITH its vector in
 * `before`, so {@link undoConsolidationOfUser} can restore it exactly; other rows hold items without vectors.
 */
export async function applyConsolidation(deps: ConsolidationWriteDeps, passId: string, changes: readonly ConsolidationChange[]): Promise<void> {
  if (changes.length === 0) return;
  const at = deps.now();
  const rows: HistoryRow[] = changes.map((change, index) =>
    historyRow({
      id: passRowId(passId, index),
      event: change.event,
      // The vector stays in `before` when the change removed the item or gave it a new vector (small talk's rewritten text).
      before: change.before && (change.after && change.after.vector === change.before.vector ? withoutVector(change.before) : change.before),
      after: change.after && withoutVector(change.after),
      cause: passCause(passId),
      sources: (change.after ?? change.before)!.sources,
      at,
    }),
  );
  await deps.store.appendHistory(rows);
  await writeFinalStates(deps.store, finalStates(changes.map((change) => ({ before: change.before, after: change.after }))));
}

/** Id of the `index`th history row of a pass: the pass id and a zero-padded index, so the rows of a pass (all of one time) sort in the order they were made. */
function passRowId(passId: string, index: number): string {
  return `${passId}:${String(index).padStart(8, "0")}`;
}

type Transition = { before: StoredMemoryItem | null; after: StoredMemoryItem | null };

/** The last state of each (type, id) the transitions touch: the item, or null when removed. */
function finalStates(transitions: readonly Transition[]): Map<string, { type: MemoryType; userId: string; id: string; item: StoredMemoryItem | null }> {
  const states = new Map<string, { type: MemoryType; userId: string; id: string; item: StoredMemoryItem | null }>();
  for (const { before, after } of transitions) {
    if (before) states.set(`${before.type}\u0000${before.id}`, { type: before.type, userId: before.user_id, id: before.id, item: null });
    if (after) states.set(`${after.type}\u0000${after.id}`, { type: after.type, userId: after.user_id, id: after.id, item: after });
  }
  return states;
}

async function writeFinalStates(store: MemoryStore, states: ReturnType<typeof finalStates>): Promise<void> {
  const upserts = new Map<MemoryType, StoredMemoryItem[]>();
  for (const state of states.values()) {
    if (state.item) upserts.set(state.type, [...(upserts.get(state.type) ?? []), state.item]);
    else await store.deleteItem(state.type, state.userId, state.id);
  }
  for (const [type, items] of upserts) await store.upsertItems(type, items);
}

/**
 * Undoes pass `passId` for one user: replays its history rows newest first, putting back each
 * `before` (removed items with their stored vector; changed items with their current vector) and
 * removing each item the pass added, so the memory tables hold exactly the rows they held before
 * the pass. The undo is itself recorded (cause `consolidate-undo:<passId>`); history and runs
 * stay append-only.
 *
 * @returns the number of changes undone (0 when the pass changed nothing of this user).
 * @throws ValidationError when the pass was already undone, or an item it touched changed since.
 */
export async function undoConsolidationOfUser(deps: ConsolidationWriteDeps, userId: string, passId: string): Promise<number> {
  const history = await deps.store.listHistory(userId, undefined, { reveal: true });
  if (history.some((row) => row.cause === undoCause(passId))) throw new ValidationError(`consolidation pass ${passId} was already undone`);
  // Newest first: the rows of one pass share a time, their ids give their order.
  const rows = history.filter((row) => row.cause === passCause(passId)).sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  if (rows.length === 0) return 0;
  const transitions: Transition[] = [];
  const undoRows: HistoryRow[] = [];
  const at = deps.now();
  const seenAfter = new Set<string>();
  for (const row of rows) {
    const after = row.after === null ? null : (JSON.parse(row.after) as StoredMemoryItem);
    if (after && !seenAfter.has(after.id)) {
      // Only the pass's last state of an item must still be there; anything else means it changed since.
      seenAfter.add(after.id);
      const current = await deps.store.getItem(userId, after.id);
      if (!current || current.updated_at !== after.updated_at || current.type !== after.type) throw new ValidationError(`memory ${after.id} changed after consolidation pass ${passId}; undo later passes first`);
      after.vector = current.vector;
    }
    const before = row.before === null ? null : await restoredItem(deps.store, userId, JSON.parse(row.before) as Record<string, unknown>, transitions);
    transitions.push({ before: after, after: before });
    const item = (before ?? after)!;
    const event = before === null ? "DELETE" : after === null ? "ADD" : "UPDATE";
    undoRows.push(historyRow({ id: deps.newId(), event, before: after && withoutVector(after), after: before && withoutVector(before), cause: undoCause(passId), sources: item.sources, at }));
  }
  await deps.store.appendHistory(undoRows);
  await writeFinalStates(deps.store, finalStates(transitions));
  return rows.length;
}

/** The item of a `before` JSON, with its vector: the stored one in the JSON, else the one it has now (or had in a later change). */
async function restoredItem(store: MemoryStore, userId: string, json: Record<string, unknown>, later: readonly Transition[]): Promise<StoredMemoryItem> {
  const { vector, ...fields } = json;
  const item = MemoryItemSchema.parse(fields);
  if (Array.isArray(vector)) return { ...item, vector: vector as number[] };
  const known = later.find((transition) => transition.before?.id === item.id)?.before ?? (await store.getItem(userId, item.id));
  if (!known) throw new NotFoundError(item.id);
  return { ...item, vector: known.vector };
}
