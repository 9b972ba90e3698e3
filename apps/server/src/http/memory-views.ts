import { WITHHELD_SECRET, type HistoryRow, type MemoryItem, type RecallResult, type StoredMessage } from "@engram/memory";

/**
 * A memory item as the server shows it: without its vector, and with a knowledge-vault secret of
 * high sensitivity (or any sealed one) replaced by `[withheld]`. The server never reveals secrets.
 */
export function toItemView(item: MemoryItem): Record<string, unknown> {
  const { vector: _vector, ...rest } = item as MemoryItem & { vector?: unknown };
  if (rest.type === "knowledge_vault" && (rest.sensitivity === "high" || rest.secret.startsWith("enc:"))) return { ...rest, secret: WITHHELD_SECRET };
  return rest;
}

function withholdJson(json: string | null): string | null {
  if (json === null) return null;
  try {
    return JSON.stringify(toItemView(JSON.parse(json) as MemoryItem));
  } catch {
    return null;
  }
}

/** A history row with the secrets in `before`/`after` withheld. */
export function toHistoryView(row: HistoryRow): Omit<HistoryRow, "user_id" | "memory_type"> {
  return { id: row.id, memory_id: row.memory_id, event: row.event, before: withholdJson(row.before), after: withholdJson(row.after), cause: row.cause, sources: row.sources, created_at: row.created_at };
}

/** A source message as the detail view shows it (its content is masked by the library). */
export function toSourceMessage(message: StoredMessage) {
  return { id: message.id, role: message.role, speaker: message.speaker, content: message.content, timestamp: message.timestamp, session_id: message.session_id };
}

/** The JSON of `engram recall --json`: `{context, tokens, items: [{id, type, text, sources, score}], relations: [{id, text, sources, score}]}`. */
export function toRecallJson(result: RecallResult) {
  return {
    context: result.context,
    tokens: result.tokens,
    items: result.items.map((entry) => ({ id: entry.id, type: entry.type, text: entry.text, sources: entry.sources, score: entry.score })),
    relations: result.relations.map((relation) => ({ id: relation.id, text: relation.text, sources: relation.sources, score: relation.score })),
  };
}
