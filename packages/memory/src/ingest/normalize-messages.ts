import { ValidationError } from "../errors/engram-error";
import { maskMessageMetadata } from "../store/seal-rows";
import { MessageInputSchema, type MessageInput, type StoredMessage } from "../schema/message";
import { parseScopeInput, type Scope } from "../schema/scope";
import type { MemoryStore, PutMessagesOptions } from "../store/memory-store";
import { formatZodIssues } from "../errors/zod-issues";

/** What {@link normalizeMessages} needs. */
export interface NormalizeDeps {
  store: MemoryStore;
  /** Current time as ISO string. */
  now: () => string;
  newId: () => string;
  /** The caller holds the user's write lock (`Engram.add`): messages read absent are appended, not merged. */
  writeLockHeld?: boolean;
}

/** Result of {@link normalizeMessages}. */
export interface NormalizeResult {
  /** Messages to process, in input order: newly stored ones and stored ones still pending. */
  stored: StoredMessage[];
  /** Messages skipped because their id was already stored and processed for the user. */
  skipped: number;
}

/**
 * The ingest graph's first step: validates every message with zod, assigns missing ids and
 * timestamps, skips message ids already stored and processed for the user (so re-running an
 * import adds nothing), and writes the new messages to the `messages` table before any
 * processing, so nothing is lost if a later step fails. A stored message still pending (its
 * processing crashed or failed) is processed again, from the stored copy. With
 * `deps.writeLockHeld` (the caller holds the user's write lock, as `Engram.add` does), the ids read
 * absent stay absent until the write, so the new messages are appended ({@link PutMessagesOptions}).
 *
 * @throws ValidationError naming the index and field of the first invalid message; nothing is
 *   stored in that case.
 */
export async function normalizeMessages(
  inputs: MessageInput[],
  scope: Scope,
  deps: NormalizeDeps,
): Promise<NormalizeResult> {
  const now = deps.now();
  const parsed = inputs.map((input, index) => {
    const result = MessageInputSchema.safeParse(input);
    if (!result.success) {
      throw new ValidationError(`message ${index} is invalid`, {
        issues: formatZodIssues(result.error.issues, "message"),
        location: `message ${index}`,
      });
    }
    return result.data;
  });
  const seenInBatch = new Set<string>();
  const withIds = parsed
    .map((message) => ({ ...message, id: message.id ?? deps.newId() }))
    .filter((message) => !seenInBatch.has(message.id) && seenInBatch.add(message.id));
  const existing = await deps.store.findMessages(scope.user_id, withIds.map((message) => message.id));
  let seq = await deps.store.countMessages(scope.user_id);
  const fresh: StoredMessage[] = withIds
    .filter((message) => !existing.has(message.id))
    .map((message) => ({
      id: message.id,
      user_id: scope.user_id,
      agent_id: scope.agent_id,
      session_id: message.session_id ?? scope.session_id ?? "",
      role: message.role,
      speaker: message.speaker ?? (message.role === "user" ? scope.user_id : message.role),
      content: message.content,
      timestamp: message.timestamp === undefined ? now : new Date(message.timestamp).toISOString(),
      image_caption: message.image_caption ?? "",
      image_url: message.image_url ?? "",
      ingested_at: now,
      seq: seq++,
      processed_at: null,
      error: null,
      echoes_memory: message.echoes_memory === true,
    }));
  await deps.store.putMessages(fresh, deps.writeLockHeld ? { newIds: new Set(fresh.map((message) => message.id)) } : undefined);
  const pending = [...existing.values()].filter((message) => message.processed_at === null);
  // Processed as the store would return them: caption, image URL and speaker masked (see seal-rows.ts).
  const stored = [...pending, ...fresh.map(maskMessageMetadata)].sort((a, b) => a.seq - b.seq);
  return { stored, skipped: inputs.length - stored.length };
}

/** Result of {@link normalizeIngestInput}: {@link NormalizeResult} with the parsed scope. */
export interface NormalizeIngestResult extends NormalizeResult {
  scope: Scope;
}

/**
 * The one normalize path of ingest, run by `Engram.add` and by the ingest graph's `normalize`
 * node alike (so a LangGraph Studio or `POST /runs` invocation does exactly what `add` does):
 * parses the scope with zod, then {@link normalizeMessages}.
 *
 * @throws ValidationError for an invalid scope or message (nothing is stored).
 */
export async function normalizeIngestInput(
  inputs: MessageInput[],
  scopeInput: unknown,
  deps: NormalizeDeps,
): Promise<NormalizeIngestResult> {
  const scope = parseScopeInput(scopeInput);
  return { scope, ...(await normalizeMessages(inputs, scope, deps)) };
}
