import type * as lancedb from "@lancedb/lancedb";
import type { SecretCipher } from "../crypto/secret-cipher";
import type { MemoryType } from "../schema/memory-type";
import { assertUserId } from "./assert-user-id";
import type { StoredMemoryItem } from "./memory-store";
import { sealItem } from "./seal-rows";

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
  await target.run("write", () => target.table().add(rows as unknown as Record<string, unknown>[]));
}
