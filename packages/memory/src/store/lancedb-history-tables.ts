import type * as lancedb from "@lancedb/lancedb";
import type { SecretCipher } from "../crypto/secret-cipher";
import { HistoryRowSchema, type HistoryRow } from "../schema/message";
import { assertUserId } from "./assert-user-id";
import { buildWhere, type Filter } from "./filter";
import { selectRows } from "./lancedb-select";
import { RunRowSchema, type RunRow } from "./run-row";
import { openHistoryRow, sealHistoryRow } from "./seal-rows";
import { HISTORY_TABLE, RUNS_TABLE, columnsOf } from "./table-schemas";
import { rowsForWrite } from "./arrow-rows";

type AuditTableName = typeof HISTORY_TABLE | typeof RUNS_TABLE;

/** What the history and runs functions need from the LanceDB store: a table, its retried and wrapped calls, and the store's cipher (read when used). */
export interface LanceDbAuditTarget {
  table(name: AuditTableName): lancedb.Table;
  run<T>(name: AuditTableName, action: string, work: () => Promise<T>): Promise<T>;
  cipher(): SecretCipher;
}

/** `LanceDbMemoryStore.appendHistory`: appends history rows in one commit; secrets in `before`/`after` are sealed. */
export function appendHistory(target: LanceDbAuditTarget, rows: HistoryRow[]): Promise<void> {
  return writeHistory(target, rows, "append");
}

/** `LanceDbMemoryStore.deleteHistory`: deletes the history rows of `userId` with these ids. */
export async function deleteHistory(target: LanceDbAuditTarget, userId: string, ids: string[]): Promise<void> {
  assertUserId(userId);
  if (ids.length > 0) await target.run(HISTORY_TABLE, "delete", () => target.table(HISTORY_TABLE).delete(buildWhere({ user_id: userId, id: { $in: ids } }, new Set(["user_id", "id"]))));
}

/** `LanceDbMemoryStore.putHistory`: like {@link appendHistory}, but a row whose (user_id, id) is already stored is left as it is (for imports). */
export function putHistory(target: LanceDbAuditTarget, rows: HistoryRow[]): Promise<void> {
  return writeHistory(target, rows, "keepStored");
}

/** History rows sealed and written in one commit: appended, or merged so that a stored (user_id, id) is left as it is. */
async function writeHistory(target: LanceDbAuditTarget, rows: HistoryRow[], mode: "append" | "keepStored"): Promise<void> {
  for (const row of rows) assertUserId(row.user_id);
  if (rows.length === 0) return;
  const sealed = await Promise.all(rows.map((row) => sealHistoryRow(row, target.cipher())));
  await target.run(HISTORY_TABLE, "write", async () => {
    const table = target.table(HISTORY_TABLE);
    const data = await rowsForWrite(table, sealed as unknown as Record<string, unknown>[]);
    return mode === "append" ? table.add(data) : table.mergeInsert(["user_id", "id"]).whenNotMatchedInsertAll().execute(data);
  });
}

/** `LanceDbMemoryStore.listHistory`: history of one memory item (or, without `memoryId`, of every item of the user), oldest first; secrets opened when `reveal`. */
export async function listHistory(target: LanceDbAuditTarget, userId: string, memoryId?: string, options: { reveal?: boolean } = {}): Promise<HistoryRow[]> {
  assertUserId(userId);
  const filter: Filter = { user_id: userId };
  if (memoryId !== undefined) filter.memory_id = memoryId;
  const rows = (await select(target, HISTORY_TABLE, filter)).map((row) => HistoryRowSchema.parse(row));
  const opened = options.reveal ? await Promise.all(rows.map((row) => openHistoryRow(row, target.cipher()))) : rows;
  return opened.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
}

/** `LanceDbMemoryStore.appendRuns`: records graph runs (model usage and time). */
export async function appendRuns(target: LanceDbAuditTarget, rows: RunRow[]): Promise<void> {
  for (const row of rows) assertUserId(row.user_id);
  if (rows.length === 0) return;
  await target.run(RUNS_TABLE, "write", async () => {
    const table = target.table(RUNS_TABLE);
    return table.add(await rowsForWrite(table, rows as unknown as Record<string, unknown>[]));
  });
}

/** `LanceDbMemoryStore.listRuns`: recorded runs, for one user or all, oldest first. */
export async function listRuns(target: LanceDbAuditTarget, userId?: string): Promise<RunRow[]> {
  if (userId !== undefined) assertUserId(userId);
  const rows = await select(target, RUNS_TABLE, userId === undefined ? {} : { user_id: userId });
  return rows.map((row) => RunRowSchema.parse(row)).sort((a, b) => a.created_at.localeCompare(b.created_at));
}

function select(target: LanceDbAuditTarget, name: AuditTableName, filter: Filter): Promise<Record<string, unknown>[]> {
  return selectRows(target.table(name), filter, { withVector: false, columns: columnsOf(name), run: (work) => target.run(name, "read", work) });
}
