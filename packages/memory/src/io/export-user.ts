import type { Embedder } from "../embed/embedder";
import { embedAll } from "../embed/embedder";
import { MEMORY_TYPES, type MemoryType } from "../schema/memory-type";
import type { StoredMessage } from "../schema/message";
import type { MemoryStore, StoredMemoryItem } from "../store/memory-store";
import type { StoredGraphRow } from "../schema/graph-row";
import { entityText } from "../graph/write-graph";
import { ENGRAM_EXPORT_VERSION, type ExportHeader, type ExportMemory, type ExportRecord } from "./engram-export";

/** What {@link exportUser} returns: the header line and the records, messages first. */
export interface ExportUserResult {
  header: ExportHeader;
  records: ExportRecord[];
}

/**
 * Everything stored for one user: messages (arrival order, original content), memory items of
 * every type with every field, vector and secret in clear, history (oldest first), and the graph
 * memory's entities and relations with their vectors. The
 * secrets are decrypted so the file can be imported into another store with another key: treat
 * the result as sensitive (the CLI writes it with mode 0600).
 */
export async function exportUser(deps: { store: MemoryStore; embedder: Embedder }, userId: string, exportedAt: string): Promise<ExportUserResult> {
  const { store } = deps;
  const messages = await store.listMessages(userId, { reveal: true });
  const records: ExportRecord[] = messages.map((message) => ({ kind: "message", ...message }));
  for (const type of MEMORY_TYPES) {
    const items = await store.listStoredItems(type, userId);
    items.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    for (const item of items) records.push({ kind: "memory", ...(await store.revealItem(item)) } as ExportMemory);
  }
  for (const row of await store.listHistory(userId, undefined, { reveal: true })) records.push({ kind: "history", ...row });
  for (const entity of await store.listGraphRows("entities", userId)) records.push({ kind: "entity", ...entity });
  for (const relation of await store.listGraphRows("relations", userId)) records.push({ kind: "relation", ...relation });
  const header: ExportHeader = {
    kind: "engram-export",
    version: ENGRAM_EXPORT_VERSION,
    user_id: userId,
    exported_at: exportedAt,
    embedder: deps.embedder.modelId,
    dimensions: deps.embedder.dimensions,
  };
  return { header, records };
}

/** Result of {@link importRecords}. */
export interface ImportRecordsResult {
  messages: { received: number; stored: number; skipped: number };
  /** Memory items written (an item with a stored id is replaced by the exported one). */
  memories: number;
  history: number;
  /** Items whose vector was recomputed because the export was made with another embedder. */
  reembedded: number;
}

/**
 * Writes exported records back: messages that are not stored yet (by user and id), memory items
 * (inserted or replaced by id, with their exported vector, or re-embedded when `header` names
 * another embedder or dimension), graph entities and relations (likewise), and history rows not
 * stored yet (by id). Importing the same
 * file twice changes nothing the second time.
 */
export async function importRecords(
  deps: { store: MemoryStore; embedder: Embedder },
  header: ExportHeader,
  records: ExportRecord[],
  options: { signal?: AbortSignal } = {},
): Promise<ImportRecordsResult> {
  const { store, embedder } = deps;
  const messages: StoredMessage[] = [];
  const memories = new Map<MemoryType, StoredMemoryItem[]>();
  const history = [];
  const entities: StoredGraphRow<"entities">[] = [];
  const relations: StoredGraphRow<"relations">[] = [];
  for (const record of records) {
    if (record.kind === "entity" || record.kind === "relation") {
      const { kind, ...row } = record;
      if (kind === "entity") entities.push(row as StoredGraphRow<"entities">);
      else relations.push(row as StoredGraphRow<"relations">);
    } else if (record.kind === "message") {
      const { kind: _kind, ...message } = record;
      messages.push(message);
    } else if (record.kind === "memory") {
      const { kind: _kind, ...item } = record;
      const list = memories.get(item.type) ?? [];
      list.push(item as StoredMemoryItem);
      memories.set(item.type, list);
    } else {
      const { kind: _kind, ...row } = record;
      history.push(row);
    }
  }
  const existing = await store.findMessages(header.user_id, messages.map((message) => message.id));
  const fresh = messages.filter((message) => !existing.has(message.id));
  for (let start = 0; start < fresh.length; start += 500) await store.putMessages(fresh.slice(start, start + 500));
  const sameEmbedder = header.embedder === embedder.modelId && header.dimensions === embedder.dimensions;
  let reembedded = 0;
  let written = 0;
  for (const [type, items] of memories) {
    options.signal?.throwIfAborted();
    const stale = items.filter((item) => !sameEmbedder || item.vector.length !== embedder.dimensions);
    if (stale.length > 0) {
      const vectors = await embedAll(embedder, stale.map((item) => item.text), { signal: options.signal });
      for (const [index, item] of stale.entries()) item.vector = vectors[index]!;
      reembedded += stale.length;
    }
    await store.upsertItems(type, items);
    written += items.length;
  }
  const graphRows = [...entities, ...relations];
  const staleGraph = graphRows.filter((row) => !sameEmbedder || row.vector.length !== embedder.dimensions);
  if (staleGraph.length > 0) {
    const texts = staleGraph.map((row) => ("predicate" in row ? row.text : entityText(row)));
    const vectors = await embedAll(embedder, texts, { signal: options.signal });
    for (const [index, row] of staleGraph.entries()) row.vector = vectors[index]!;
    reembedded += staleGraph.length;
  }
  await store.upsertGraphRows("entities", entities);
  await store.upsertGraphRows("relations", relations);
  await store.putHistory(history);
  return { messages: { received: messages.length, stored: fresh.length, skipped: messages.length - fresh.length }, memories: written, history: history.length, reembedded };
}
