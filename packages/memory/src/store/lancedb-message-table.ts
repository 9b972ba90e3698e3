import type * as lancedb from "@lancedb/lancedb";
import type { SecretCipher } from "../crypto/secret-cipher";
import { StoredMessageSchema, type StoredMessage } from "../schema/message";
import { assertUserId } from "./assert-user-id";
import { buildWhere, type Filter } from "./filter";
import { selectRows } from "./lancedb-select";
import type { ListMessagesOptions, MessageOutcome, PutMessagesOptions } from "./memory-store";
import { byUserThenArrival, listMessagesFilter, messageOutcomeValuesSql, messageReveal, pendingMessagesFilter, type MessageReveal } from "./message-queries";
import { openMessage, sealMessage } from "./seal-rows";
import { MESSAGES_TABLE, columnsOf } from "./table-schemas";
import { rowsForWrite } from "./arrow-rows";

/** What the message functions need from the LanceDB store: the `messages` table, its retried and wrapped calls, the store's cipher (read when used) and its row count. */
export interface LanceDbMessageTarget {
  table(): lancedb.Table;
  run<T>(action: string, work: () => Promise<T>): Promise<T>;
  cipher(): SecretCipher;
  count(userId: string): Promise<number>;
}

/** `LanceDbMemoryStore.findMessages`: the stored messages among `ids` of `userId`, by id, with their original (opened) content and masked caption, URL and speaker, for processing. */
export async function findMessages(target: LanceDbMessageTarget, userId: string, ids: string[]): Promise<Map<string, StoredMessage>> {
  assertUserId(userId);
  if (ids.length === 0) return new Map();
  const stored = await listMessages(target, userId, { ids, reveal: "content" });
  return new Map(stored.map((message) => [message.id, message]));
}

/** `LanceDbMemoryStore.markMessages`: marks messages processed (`processed_at` = `at`, `error` cleared), or pending with `error`. */
export async function markMessages(target: LanceDbMessageTarget, userId: string, ids: string[], outcome: MessageOutcome): Promise<void> {
  assertUserId(userId);
  if (ids.length === 0) return;
  const where = buildWhere({ user_id: userId, id: { $in: ids } }, new Set(["user_id", "id"]));
  await target.run("update", () => target.table().update({ where, valuesSql: messageOutcomeValuesSql(outcome) }));
}

/**
 * `LanceDbMemoryStore.listPendingMessages`: messages stored but not processed (pending), in
 * arrival order, with their original (opened) content for processing; all users when `userId` is omitted.
 */
export async function listPendingMessages(target: LanceDbMessageTarget, userId?: string): Promise<StoredMessage[]> {
  if (userId !== undefined) assertUserId(userId);
  const rows = await select(target, pendingMessagesFilter(userId));
  const messages = await Promise.all(rows.map((row) => toMessage(target, row, "content")));
  return messages.sort(byUserThenArrival);
}

/** `LanceDbMemoryStore.countMessages`: number of messages stored for `userId` (the next message's `seq`). */
export async function countMessages(target: LanceDbMessageTarget, userId: string): Promise<number> {
  assertUserId(userId);
  return target.count(userId);
}

/**
 * `LanceDbMemoryStore.putMessages`: stores messages in one commit; a message whose (user_id, id)
 * is already stored is left as it is, unless `options.newIds` holds every id: then they are
 * appended without matching them against the table ({@link PutMessagesOptions}). High-sensitivity
 * values in `content` are masked and the original sealed (see `seal-rows.ts`).
 */
export async function putMessages(target: LanceDbMessageTarget, messages: StoredMessage[], options: PutMessagesOptions = {}): Promise<void> {
  for (const row of messages) assertUserId(row.user_id);
  if (messages.length === 0) return;
  const rows = (await Promise.all(messages.map((message) => sealMessage(message, target.cipher())))) as unknown as Record<string, unknown>[];
  const append = options.newIds !== undefined && messages.every((message) => options.newIds!.has(message.id));
  await target.run("write", async () => {
    const table = target.table();
    const data = await rowsForWrite(table, rows);
    return append ? table.add(data) : table.mergeInsert(["user_id", "id"]).whenNotMatchedInsertAll().execute(data);
  });
}

/**
 * `LanceDbMemoryStore.listMessages`: messages of `userId` in arrival order; `ids` narrows to those
 * ids, `seq` to one position. Free-text fields have their high-sensitivity values masked unless
 * `reveal` is true (all fields as given) or `"content"` (only `content` as given, for processing).
 */
export async function listMessages(target: LanceDbMessageTarget, userId: string, options: ListMessagesOptions = {}): Promise<StoredMessage[]> {
  assertUserId(userId);
  const filter = listMessagesFilter(userId, options);
  if (filter === null) return [];
  const rows = await select(target, filter, options.limit);
  const messages = await Promise.all(rows.map((row) => toMessage(target, row, messageReveal(options.reveal))));
  return messages.sort((a, b) => a.seq - b.seq);
}

function select(target: LanceDbMessageTarget, filter: Filter, limit?: number): Promise<Record<string, unknown>[]> {
  return selectRows(target.table(), filter, { limit, withVector: false, columns: columnsOf(MESSAGES_TABLE), run: (work) => target.run("read", work) });
}

async function toMessage(target: LanceDbMessageTarget, row: Record<string, unknown>, reveal: MessageReveal): Promise<StoredMessage> {
  const message = StoredMessageSchema.parse(row);
  return reveal === false ? message : openMessage({ ...message, sealed_content: row.sealed_content }, target.cipher(), reveal);
}
