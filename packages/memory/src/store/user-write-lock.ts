import { createHash } from "node:crypto";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import lockfile from "proper-lockfile";
import { StoreError } from "../errors/engram-error";
import { SerialByKey } from "../util/serial-by-key";

/** Folder of the per-user lock files, inside the store folder. */
export const LOCKS_DIR = "locks";

/**
 * A lock held longer than this without being refreshed is stale (its process died) and is taken
 * over. The holder refreshes it every `STALE_MS / 2`. @default 30 s
 */
const STALE_MS = 30_000;

/**
 * Runs `work` while holding the write lock of `userId` in the store folder `storePath`, so two
 * processes (or two calls) ingesting the same user take turns instead of both drafting the same
 * messages. The lock is a `proper-lockfile` lock (an atomic `mkdir`) on `<store>/locks/<sha256 of
 * the user id>`, refreshed while held; a lock left by a crashed process is stale after 30 s and
 * taken over. Other users are not blocked.
 *
 * @throws StoreError when the lock cannot be taken (e.g. a read-only folder) or is lost while held.
 */
export async function withUserWriteLock<T>(storePath: string, userId: string, work: () => Promise<T>): Promise<T> {
  const dir = path.join(storePath, LOCKS_DIR);
  const file = path.join(dir, createHash("sha256").update(userId).digest("hex").slice(0, 32));
  let release: () => Promise<void>;
  let lost: Error | undefined;
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    release = await retryWhileLocked(() => lockfile.lock(file, { realpath: false, stale: STALE_MS, retries: 0, onCompromised: (error) => (lost = error) }));
  } catch (error) {
    throw new StoreError(`cannot take the write lock of a user in ${storePath}: ${(error as Error).message}`, { storeName: LOCKS_DIR, cause: error });
  }
  try {
    const result = await work();
    if (lost) throw new StoreError(`the write lock of a user was lost while writing: ${lost.message}`, { storeName: LOCKS_DIR, cause: lost });
    return result;
  } finally {
    await release().catch(() => undefined);
  }
}

/**
 * Calls `take` until it does not fail with `ELOCKED` (another writer holds the lock), waiting 25 ms,
 * then 20% longer each time up to 500 ms, as long as the holder holds (a dead holder's lock turns
 * stale and is taken over). Any other error (a read-only or full folder) is thrown at once: with
 * proper-lockfile's own retries every `mkdir` error was retried, so such a folder hung `add` forever.
 */
export async function retryWhileLocked<T>(take: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await take();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ELOCKED") throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(500, 25 * 1.2 ** attempt)));
    }
  }
}

const processLocks = new SerialByKey();

/**
 * Runs `work` after the previous `work` of `userId` in this process has settled: the write lock of
 * a store in object storage, where no lock file can be kept (writers of one user on several
 * machines must be serialized by the deployment).
 */
export function withProcessUserLock<T>(userId: string, work: () => Promise<T>): Promise<T> {
  return processLocks.run(userId, work);
}
