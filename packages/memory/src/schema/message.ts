import { z } from "zod";
import { IdSchema } from "./scope";
import { IsoDateSchema } from "./memory-item";

export const RoleSchema = z.enum(["user", "assistant", "system", "tool"]);

/**
 * Most characters (UTF-16 code units) in one message's content: about 50,000 tokens. The offline
 * policy reads about 50,000 characters a second on one core, so a longer text is a document to
 * split, not a chat turn, and is refused with a ValidationError naming it.
 */
export const MAX_MESSAGE_CHARS = 200_000;

/** Most characters of an image caption: a caption is a sentence or two, never a document. */
export const MAX_CAPTION_CHARS = 4_000;

/** Most characters of an image URL (browsers and servers commonly stop near 8 KB). */
export const MAX_IMAGE_URL_CHARS = 8_192;

/**
 * One input message as callers pass it to `Engram.add`. Missing ids are assigned
 * (`<session>:<n>`-free random UUIDs); a missing timestamp is the clock's now.
 */
export const MessageInputSchema = z.object({
  /** Stable message id (e.g. LoCoMo `dia_id`). Re-adding an id that is stored adds nothing. */
  id: IdSchema.optional(),
  /** @default "user" */
  role: RoleSchema.default("user"),
  /** Display name of who spoke, e.g. "Caroline"; defaults to the role. */
  speaker: z.string().max(200).optional(),
  content: z.string().max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`),
  /** ISO 8601 date-time, or a Date. When the message was said: dates in it resolve against this. */
  timestamp: z.union([IsoDateSchema, z.date()]).optional(),
  session_id: IdSchema.optional(),
  /** Caption of an image shared with the message (e.g. LoCoMo `blip_caption`). */
  image_caption: z.string().max(MAX_CAPTION_CHARS, `must be at most ${MAX_CAPTION_CHARS} characters`).optional(),
  image_url: z.string().max(MAX_IMAGE_URL_CHARS, `must be at most ${MAX_IMAGE_URL_CHARS} characters`).optional(),
  /**
   * An assistant reply that restates memories recalled for it (the chat agent sets it): stored
   * with the message, and no policy drafts memories from it, so recalled memories are not stored
   * again citing the reply. @default false
   */
  echoes_memory: z.boolean().optional(),
});
export type MessageInput = z.input<typeof MessageInputSchema>;

/** A message as stored in the `messages` table (every input, written before any processing). */
export const StoredMessageSchema = z.object({
  id: IdSchema,
  user_id: IdSchema,
  agent_id: IdSchema,
  session_id: z.string(),
  role: RoleSchema,
  speaker: z.string(),
  content: z.string(),
  timestamp: IsoDateSchema,
  image_caption: z.string(),
  image_url: z.string(),
  /** When Engram stored it. */
  ingested_at: IsoDateSchema,
  /** Order of arrival within the user's messages (0-based), so replays keep the original order. */
  seq: z.number().int().min(0),
  /**
   * When the ingest graph finished with the message (its memory items are written); null while
   * pending: stored but not yet processed (a crash or a failed model call), so a re-run or a retry
   * processes it again.
   */
  processed_at: IsoDateSchema.nullable(),
  /** The last processing error, or null. */
  error: z.string().nullable(),
  /** See {@link MessageInputSchema}: true for a reply restating recalled memories; absent or false otherwise. */
  echoes_memory: z.boolean().optional(),
});
export type StoredMessage = z.infer<typeof StoredMessageSchema>;

/** One row of the `history` table: a change to a memory item. */
export const HistoryEventSchema = z.enum(["ADD", "UPDATE", "INVALIDATE", "MERGE", "DELETE"]);
export type HistoryEvent = z.infer<typeof HistoryEventSchema>;

export const HistoryRowSchema = z.object({
  id: IdSchema,
  memory_id: IdSchema,
  memory_type: z.string(),
  user_id: IdSchema,
  event: HistoryEventSchema,
  /** JSON of the item before the change (without vector), or null for ADD. */
  before: z.string().nullable(),
  /** JSON of the item after the change, or null for DELETE. */
  after: z.string().nullable(),
  /** Why: `ingest:offline`, `api:update`, ... */
  cause: z.string(),
  /** Messages that caused the change. */
  sources: z.array(z.string()),
  created_at: IsoDateSchema,
});
export type HistoryRow = z.infer<typeof HistoryRowSchema>;
