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
 * - a message's `content` is stored with its high-sensitivity values replaced by placeholders
 *   (`[api_key]`, `[credential]`, ...), and the original content sealed in `sealed_content`, so
 *   nothing is lost and the message can be processed again or exported.
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

/** Masks the high-sensitivity values of a message's content and seals the original. */
export async function sealMessage(message: StoredMessage, cipher: SecretCipher): Promise<SealedMessageRow> {
  const { masked, values } = maskSensitiveValues(message.content, "high");
  const row = { ...message, echoes_memory: message.echoes_memory === true };
  if (values.length === 0) return { ...row, sealed_content: null };
  return { ...row, content: masked, sealed_content: await cipher.seal(message.content) };
}

/** The message as it was given: the original content when one was sealed. */
export async function openMessage(row: StoredMessage & { sealed_content?: unknown }, cipher: SecretCipher): Promise<StoredMessage> {
  const { sealed_content, ...message } = row;
  return typeof sealed_content === "string" && sealed_content !== "" ? { ...message, content: await cipher.open(sealed_content) } : message;
}
