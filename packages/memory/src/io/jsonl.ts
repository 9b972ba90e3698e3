import { z } from "zod";
import { IdSchema } from "../schema/scope";
import { MAX_MESSAGE_CHARS, MessageInputSchema, type MessageInput } from "../schema/message";
import { formatZodIssues } from "../errors/zod-issues";

/**
 * One line of an Engram JSONL file: a message and the user whose memory it belongs to.
 *
 * `session` is the message's `session_id`; `speaker`, `image_caption` and `image_url` are
 * optional extras passed through to {@link MessageInput}. Unknown keys are ignored.
 *
 * @example `{"id":"s1:1","user":"ada","role":"user","speaker":"Ada","content":"I live in Porto.","timestamp":"2024-03-02T10:00:00Z","session":"s1"}`
 */
export const JsonlMessageLineSchema = z.object({
  id: MessageInputSchema.shape.id,
  /** The user id the message is stored under. */
  user: IdSchema,
  role: MessageInputSchema.shape.role,
  speaker: MessageInputSchema.shape.speaker,
  content: z
    .string()
    .min(1, "must not be empty")
    .max(MAX_MESSAGE_CHARS, `must be at most ${MAX_MESSAGE_CHARS} characters`)
    .refine((value) => value.trim() !== "", "must not be only whitespace"),
  /** ISO 8601 date-time with an offset or `Z`, e.g. `2024-03-02T10:00:00Z`. */
  timestamp: z.iso
    .datetime({ offset: true })
    .refine((value) => !Number.isNaN(Date.parse(value)), "must be a real date-time")
    .optional(),
  session: IdSchema.optional(),
  image_caption: MessageInputSchema.shape.image_caption,
  image_url: MessageInputSchema.shape.image_url,
});
export type JsonlMessageLine = z.input<typeof JsonlMessageLineSchema>;

/** One accepted line: the owning user and the message to pass to `Engram.add`. */
export interface JsonlMessage {
  user: string;
  message: MessageInput;
  /** 1-based line number in the input text. */
  line: number;
}

/** One rejected line. */
export interface JsonlLineError {
  /** 1-based line number in the input text. */
  line: number;
  /** What is wrong, e.g. `invalid JSON: Unexpected token` or `content: must not be empty`. */
  message: string;
}

/** Result of {@link parseJsonlMessages}: accepted messages in file order, and rejected lines. */
export interface ParseJsonlMessagesResult {
  messages: JsonlMessage[];
  errors: JsonlLineError[];
  /** Accepted lines worth a note: a timestamp more than a day in the future (stored as given). */
  warnings: JsonlLineError[];
}

/** Options of {@link parseJsonlMessages}. */
export interface ParseJsonlMessagesOptions {
  /** The clock timestamps are checked against. @default new Date() */
  now?: Date;
}

/** How far in the future a timestamp may be before a warning, milliseconds (time zones, clock skew). */
const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/**
 * Parses JSONL text with one message per line (see {@link JsonlMessageLineSchema}). Blank lines
 * are ignored. A bad line (invalid JSON, a missing or mistyped field, an id already used by an
 * earlier line of the same user) is reported with its line number and the other lines are still
 * returned, so a caller can import the good part of a file. Never throws.
 *
 * @example
 * ```ts
 * const { messages, errors } = parseJsonlMessages(await readFile("chat.jsonl", "utf8"));
 * for (const { line, message } of errors) console.error(`line ${line}: ${message}`);
 * ```
 */
export function parseJsonlMessages(text: string, options: ParseJsonlMessagesOptions = {}): ParseJsonlMessagesResult {
  const messages: JsonlMessage[] = [];
  const errors: JsonlLineError[] = [];
  const warnings: JsonlLineError[] = [];
  const latest = (options.now ?? new Date()).getTime() + FUTURE_TOLERANCE_MS;
  /** `user\u0000id` → line where the id first appeared. */
  const seenIds = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "") return;
    let value: unknown;
    try {
      value = JSON.parse(index === 0 ? trimmed.replace(/^\uFEFF/, "") : trimmed);
    } catch (error) {
      errors.push({ line, message: `invalid JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const parsed = JsonlMessageLineSchema.safeParse(value);
    if (!parsed.success) {
      const issues = formatZodIssues(parsed.error.issues, "not a message object");
      errors.push({ line, message: issues.join("; ") });
      return;
    }
    const { user, session, ...fields } = parsed.data;
    if (fields.id !== undefined) {
      const key = `${user}\u0000${fields.id}`;
      const firstLine = seenIds.get(key);
      if (firstLine !== undefined) {
        errors.push({ line, message: `id: ${JSON.stringify(fields.id)} is already used on line ${firstLine} for user ${JSON.stringify(user)}` });
        return;
      }
      seenIds.set(key, line);
    }
    if (fields.timestamp !== undefined && Date.parse(fields.timestamp) > latest) {
      warnings.push({ line, message: `timestamp ${fields.timestamp} is in the future; stored as given` });
    }
    const message: MessageInput = { ...dropUndefined(fields), ...(session !== undefined ? { session_id: session } : {}) };
    messages.push({ user, message, line });
  });
  return { messages, errors, warnings };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
