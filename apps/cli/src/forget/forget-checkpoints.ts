import { existsSync } from "node:fs";
import path from "node:path";
import { SqliteSaver } from "@langchain/langgraph-checkpoint-sqlite";

/** The chat agent's checkpoint file in a database folder (LangGraph's SQLite checkpointer). */
export const CHECKPOINTS_FILE = "checkpoints.sqlite";

/**
 * Whether a chat checkpoint belongs to `userId`: its metadata's `user_id` (which `engram chat`
 * records on every run) equals the user id. The thread id is never parsed: a prefix such as
 * `ada:` would also match user `ada:x`'s threads.
 */
export function threadBelongsTo(metadata: unknown, userId: string): boolean {
  let parsed: unknown = metadata;
  if (typeof metadata === "string" || Buffer.isBuffer(metadata)) {
    try {
      parsed = JSON.parse(metadata.toString());
    } catch {
      return false;
    }
  }
  return typeof parsed === "object" && parsed !== null && (parsed as { user_id?: unknown }).user_id === userId;
}

/**
 * Deletes the chat threads of `userId` from `<db>/checkpoints.sqlite` (both LangGraph tables,
 * `checkpoints` and `writes`), with SQLite's `secure_delete` on, then checkpoints the WAL and
 * vacuums the file so the deleted turns are not left in free pages. Does nothing when the file
 * does not exist. Values are bound parameters; thread ids are matched in JavaScript.
 *
 * @returns the threads deleted.
 */
export async function forgetCheckpoints(dbPath: string, userId: string): Promise<string[]> {
  const file = path.join(dbPath, CHECKPOINTS_FILE);
  if (!existsSync(file)) return [];
  const saver = SqliteSaver.fromConnString(file);
  const db = saver.db;
  try {
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((row) => row.name));
    if (!tables.has("checkpoints")) return [];
    const rows = db.prepare("SELECT thread_id, metadata FROM checkpoints").all() as { thread_id: string; metadata: unknown }[];
    const threads = [...new Set(rows.filter((row) => threadBelongsTo(row.metadata, userId)).map((row) => row.thread_id))];
    if (threads.length > 0) {
      db.pragma("secure_delete = ON");
      const deleteCheckpoints = db.prepare("DELETE FROM checkpoints WHERE thread_id = ?");
      const deleteWrites = tables.has("writes") ? db.prepare("DELETE FROM writes WHERE thread_id = ?") : undefined;
      db.transaction(() => {
        for (const thread of threads) {
          deleteCheckpoints.run(thread);
          deleteWrites?.run(thread);
        }
      })();
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.exec("VACUUM");
    }
    return threads;
  } finally {
    db.close();
  }
}
