import type * as lancedb from "@lancedb/lancedb";
import type { SecretCipher } from "../crypto/secret-cipher";
import { ValidationError } from "../errors/engram-error";
import type { MemoryType } from "../schema/memory-type";
import { assertUserId } from "./assert-user-id";
import type { StoredMemoryItem } from "./memory-store";
import type { StoreTableName as TableName } from "./memory-store";
import { sealItem } from "./seal-rows";
import { TABLE_NAMES } from "./open-lancedb-tables";
import { rowsForWrite } from "./arrow-rows";
import { settleAll } from "../util/settle-all";

/** What {@link appendNewItems} needs from the LanceDB store: the table, its retried calls and the cipher. */
export interface BulkLoadTarget {
  table(): lancedb.Table;
  run<T>(action: string, work: () => Promise<T>): Promise<T>;
  cipher: SecretCipher;
}

/**
 * `LanceDbMemoryStore.appendNewItems`: one `add` of items whose (user_id, id) the caller knows are
 * not in the table (a bulk load), sealed as `upsertItems` seals them. `upsertItems`' merge-insert
 * joins the new rows against the whole table, so loading a million rows in chunks costs time
 * quadratic in the rows; an append costs time linear in the chunk. A duplicate id is not detected.
 * The full-text index takes the new rows at the next `optimize`.
 */
export async function appendNewItems(target: BulkLoadTarget, type: MemoryType, items: StoredMemoryItem[]): Promise<void> {
  for (const item of items) assertUserId(item.user_id);
  if (items.length === 0) return;
  const rows = await Promise.all(items.map(async ({ type: _type, ...row }) => sealItem(row, type, target.cipher)));
  await target.run("write", async () => {
    const table = target.table();
    return table.add(await rowsForWrite(table, rows as unknown as Record<string, unknown>[]));
  });
}

/** A store table by name, and a LanceDB call on it with the store's retries. */
type TableOf = (name: TableName) => lancedb.Table;
type RunOn = <T>(name: TableName, action: string, work: () => Promise<T>) => Promise<T>;

/**
 * `LanceDbMemoryStore.optimize`: compacts each table's files, brings its indexes up to date with
 * new rows and prunes versions older than a week (LanceDB's default), or than `pruneBefore` (only
 * when no other process reads older versions). `prepare` runs on each table just before its
 * optimize: the store drops there an ANN index the table is too small to retrain
 * (`dropUntrainableVectorIndex`), which would fail the optimize. The tables are optimized at once;
 * every one is settled before the call returns, and the first failure is thrown.
 *
 * @throws ValidationError when `pruneBefore` is not a valid date or a name is not one of the store's tables.
 */
export async function optimizeTables(names: readonly TableName[], table: TableOf, run: RunOn, options: { pruneBefore?: Date; prepare: (name: TableName) => Promise<void> }): Promise<void> {
  const { pruneBefore, prepare } = options;
  if (pruneBefore !== undefined && (!(pruneBefore instanceof Date) || Number.isNaN(pruneBefore.getTime()))) throw new ValidationError("optimize: pruneBefore must be a valid Date");
  const unknown = names.filter((name) => !TABLE_NAMES.includes(name));
  if (unknown.length > 0) throw new ValidationError(`optimize: unknown table(s) ${unknown.map((name) => JSON.stringify(name)).join(", ")}; the tables are ${TABLE_NAMES.join(", ")}`);
  // The tables at once: each optimize waits on its own files and commit, and LanceDB's threads
  // compact one table while another's waits (the dev bench's add that optimizes: 65 ms in turn, 30 ms at once).
  await settleAll(
    names.map(async (name) => {
      await prepare(name);
      await run(name, "optimize", () => table(name).optimize(pruneBefore ? { cleanupOlderThan: pruneBefore } : undefined));
    }),
  );
}

/** Rows of `names`' tables not yet in their full-text index `text_idx`, summed. */
export async function unindexedRows(names: readonly TableName[], table: TableOf, run: RunOn): Promise<number> {
  const stats = await Promise.all(names.map((name) => run(name, "index stats", () => table(name).indexStats("text_idx"))));
  return stats.reduce((total, stat) => total + (stat?.numUnindexedRows ?? 0), 0);
}
