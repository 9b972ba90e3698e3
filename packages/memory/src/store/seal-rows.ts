import type { SecretCipher } from "../crypto/secret-cipher";
import { maskSensitiveValues } from "../sensitive/vault-detector";
import type { MemoryItem } from "../schema/memory-item";
import type { HistoryRow, StoredMessage } from "../schema/message";

/**
 * Secrets at rest: the rules that keep high-sensitivity values out of every file of the store.
 * The store applies them to every row it writes, so no caller can write a plaintext secret:
 *
 * - a knowledge-vault item of `sensitivity: "high"` has its `secret` sealed (AES-256-GCM);
 * - a history row's `before`/`after` JSON of such an item has its `secret` sealed too;
 * - a message's free-text fields (`content`, `image_caption`, `image_url`, `speaker`) are stored
 *   with their high-sensitivity values replaced by placeholders (`[api_key]`, `[credential]`, ...),
 *   and the originals sealed in `sealed_content`, so nothing is lost and the message can be
 *   processed again or exported.
 */

/** A knowledge-vault row whose secret must be sealed. */
function needsSeal(item: { type?: string; sensitivity?: unknown; secret?: unknown }, type: string): item is { secret: string } {
  return type === "knowledge_vault" && item.sensitivity === "high" && typeof item.secret === "string";
}

/** The item with its high-sensitivity `secret` sealed (other items unchanged). */
export async function sealItem<T extends object>(item: T, type: string, cipher: SecretCipher): Promise<T> {
  const fields = item as { sensitivity?: unknown; secret?: unknown };
  if (!needsSeal(fields, type)) return item;
  return { ...item, secret: await cipher.seal(fields.secret) };
}

/** The item with its `secret` opened (decrypted); items without a sealed secret unchanged. */
export async function openItem<T extends MemoryItem>(item: T, cipher: SecretCipher): Promise<T> {
  if (item.type !== "knowledge_vault") return item;
  return { ...item, secret: await cipher.open(item.secret) };
}

/** Seals (or, with `open`, opens) the secret inside a history row's item JSON. */
async function mapHistoryJson(json: string | null, type: string, work: (item: Record<string, unknown>) => Promise<Record<string, unknown>>): Promise<string | null> {
  if (json === null || type !== "knowledge_vault") return json;
  let item: unknown;
  try {
    item = JSON.parse(json);
  } catch {
    return json;
  }
  if (typeof item !== "object" || item === null) return json;
  return JSON.stringify(await work(item as Record<string, unknown>));
}

/** The history row with the secret in `before` and `after` sealed. */
export async function sealHistoryRow(row: HistoryRow, cipher: SecretCipher): Promise<HistoryRow> {
  const seal = (item: Record<string, unknown>) => sealItem(item, "knowledge_vault", cipher);
  return { ...row, before: await mapHistoryJson(row.before, row.memory_type, seal), after: await mapHistoryJson(row.after, row.memory_type, seal) };
}

/** The history row with the secret in `before` and `after` opened. */
export async function openHistoryRow(row: HistoryRow, cipher: SecretCipher): Promise<HistoryRow> {
  const open = async (item: Record<string, unknown>) => (typeof item.secret === "string" ? { ...item, secret: await cipher.open(item.secret) } : item);
  return { ...row, before: await mapHistoryJson(row.before, row.memory_type, open), after: await mapHistoryJson(row.after, row.memory_type, open) };
}

/** A `messages` row: the message with high-sensitivity values masked, plus the sealed original. */
export type SealedMessageRow = StoredMessage & { sealed_content: string | null };

/** The free-text fields of a message: each is masked at rest, and the originals sealed together. */
export const MESSAGE_TEXT_FIELDS = ["content", "image_caption", "image_url", "speaker"] as const;
type MessageTextField = (typeof MESSAGE_TEXT_FIELDS)[number];

/** Marks a `sealed_content` that holds every field's original (JSON); older rows sealed `content` alone. */
const SEALED_FIELDS_PREFIX = "engram-fields:v1:";

/** The message with the high-sensitivity values of `fields` replaced by placeholders (`[api_key]`), and whether any was. */
function maskFields(message: StoredMessage, fields: readonly MessageTextField[]): { masked: StoredMessage; changed: boolean } {
  const masked = { ...message };
  let changed = false;
  for (const field of fields) {
    const { masked: text, values } = maskSensitiveValues(message[field], "high");
    if (values.length > 0) {
      masked[field] = text;
      changed = true;
    }
  }
  return { masked, changed };
}

/**
 * The message as the ingest policies see it: `content` as given (the vault extracts its secrets),
 * the caption, image URL and speaker with high-sensitivity values masked, so they never reach a
 * memory item, a history row or a model's prompt.
 */
export function maskMessageMetadata(message: StoredMessage): StoredMessage {
  return maskFields(message, ["image_caption", "image_url", "speaker"]).masked;
}

/** Masks the high-sensitivity values of every free-text field of a message and seals the originals. */
export async function sealMessage(given: StoredMessage, cipher: SecretCipher): Promise<SealedMessageRow> {
  const message = { ...given, echoes_memory: given.echoes_memory === true };
  const { masked, changed } = maskFields(message, MESSAGE_TEXT_FIELDS);
  if (!changed) return { ...message, sealed_content: null };
  const originals = Object.fromEntries(MESSAGE_TEXT_FIELDS.map((field) => [field, message[field]]));
  return { ...masked, sealed_content: await cipher.seal(SEALED_FIELDS_PREFIX + JSON.stringify(originals)) };
}

/**
 * The message as it was given: every field restored from the sealed originals (`fields: "all"`),
 * or only `content`, the other fields staying masked (`"content"`, for processing).
 */
export async function openMessage(row: StoredMessage & { sealed_content?: unknown }, cipher: SecretCipher, fields: "all" | "content" = "all"): Promise<StoredMessage> {
  const { sealed_content, ...message } = row;
  if (typeof sealed_content !== "string" || sealed_content === "") return message;
  const opened = await cipher.open(sealed_content);
  const originals: Partial<Record<MessageTextField, unknown>> = opened.startsWith(SEALED_FIELDS_PREFIX) ? JSON.parse(opened.slice(SEALED_FIELDS_PREFIX.length)) : { content: opened };
  const restored = { ...message };
  for (const field of fields === "all" ? MESSAGE_TEXT_FIELDS : (["content"] as const)) {
    const original = originals[field];
    if (typeof original === "string") restored[field] = original;
  }
  return restored;
}
