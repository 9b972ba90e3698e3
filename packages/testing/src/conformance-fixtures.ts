/** Rows the `MemoryStore` conformance suite writes (memory-store-conformance.ts), with sensible defaults. */

/** A memory item as the suite writes it (a semantic or knowledge-vault item with its vector). */
export type ConformanceItem = Record<string, unknown> & { id: string; type: string; user_id: string; text: string; vector: number[] };
/** The six memory types. */
export type ItemType = "core" | "episodic" | "semantic" | "procedural" | "resource" | "knowledge_vault";

export const DIMENSIONS = 4;
export const T0 = "2024-01-01T00:00:00.000Z";
export const HOSTILE_IDS = ["O'Brien", "x' OR '1'='1", "a\\b%_", "semi;colon -- comment"];
export const API_KEY = "sk-proj-A1b2C3d4E5f6G7h8I9j0KLMNOP";

/** Each memory type's own fields, with empty values. */
const OWN_FIELDS: Record<ItemType, Record<string, unknown>> = {
  core: { label: "", value: "", limit: 500 },
  episodic: { occurred_at: null, occurred_precision: "day", occurred_end: null, event_type: "", actor: "", summary: "", details: "" },
  semantic: { name: "", summary: "", details: "", source: "" },
  procedural: { entry_type: "", summary: "", steps: [] },
  resource: { title: "", resource_type: "", summary: "", content: "", uri: "" },
  knowledge_vault: { entry_type: "", caption: "", sensitivity: "low", secret: "" },
};

/** An item of `fields.type` (default semantic) with sensible defaults; `fields` override them. */
export function conformanceItem(fields: Partial<ConformanceItem> & { id: string; user_id: string }): ConformanceItem {
  const type = (fields.type ?? "semantic") as ItemType;
  return {
    type,
    agent_id: "agent",
    session_id: "",
    text: `fact ${fields.id}`,
    created_at: T0,
    updated_at: T0,
    valid_from: T0,
    valid_to: null,
    sources: [],
    importance: 0.5,
    access_count: 0,
    last_accessed_at: null,
    key: "",
    archived_at: null,
    ...OWN_FIELDS[type],
    vector: [1, 0, 0, 0],
    ...fields,
  };
}

/** A pending `messages` row of `userId`. */
export function message(userId: string, id: string, seq: number, content = `message ${id}`) {
  return {
    id,
    user_id: userId,
    agent_id: "agent",
    session_id: "s1",
    role: "user",
    speaker: userId,
    content,
    timestamp: T0,
    image_caption: "",
    image_url: "",
    ingested_at: T0,
    seq,
    processed_at: null,
    error: null,
  };
}

/** An `ADD` history row of `memoryId`; `after` is stored as JSON. */
export function historyRow(userId: string, id: string, memoryId: string, createdAt: string, after: Record<string, unknown> | null = null, type = "semantic") {
  return {
    id,
    memory_id: memoryId,
    memory_type: type,
    user_id: userId,
    event: "ADD",
    before: null,
    after: after === null ? null : JSON.stringify(after),
    cause: "test",
    sources: [],
    created_at: createdAt,
  };
}

/** An offline ingest row of the `runs` table. */
export function runRow(userId: string, id: string, createdAt: string) {
  return {
    id,
    user_id: userId,
    kind: "ingest",
    policy: "offline",
    created_at: createdAt,
    duration_ms: 5,
    messages: 1,
    llm_calls: 0,
    prompt_tokens: 0,
    completion_tokens: 0,
    llm_ms: 0,
    by_node: "{}",
    fallback: null,
    error: null,
  };
}
