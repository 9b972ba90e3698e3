import type { AccessRecorder } from "./access-recorder";
import type { ForgetResult } from "./engram-options";
import type { UserItemsCache } from "./recall/user-items-cache";
import type { MemoryStore } from "./store/memory-store";

/** What {@link forgetUser} needs from the facade. */
export interface ForgetUserDeps {
  store: MemoryStore;
  access: AccessRecorder;
  cache: UserItemsCache | undefined;
}

/**
 * `Engram.forget` (docs/architecture.md, "Forgetting a user"): deletes every row of `userId` for
 * good (`MemoryStore.deleteUser`) under the user's write lock, so an `add`, `retryPending`,
 * `update`, `delete` or consolidation pass of the user under way (in this process or, for a local
 * folder, another) commits first and its rows are deleted too, and none starts until the forget is
 * done. What recalls noted for the user and not written yet (access counts, recall runs) is dropped
 * before and after the delete, also what a recall under way during the forget notes when it ends,
 * and the user's tables kept in process are dropped.
 *
 * @returns rows deleted per table.
 * @throws StoreError when the lock cannot be taken or a delete fails.
 */
export function forgetUser(deps: ForgetUserDeps, userId: string): Promise<ForgetResult> {
  return deps.store.withUserLock(userId, async () => {
    deps.access.beginForget(userId);
    try {
      // Any write of noted accesses under way (another user's add or a usage() call may have started one holding this
      // user's rows) lands before the delete, which then removes it.
      await deps.access.flush();
      return await deps.store.deleteUser(userId);
    } finally {
      deps.access.endForget(userId);
      deps.cache?.dropUser(userId);
    }
  });
}
