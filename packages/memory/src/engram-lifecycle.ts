import { ClosedError } from "./errors/engram-error";
import type { MemoryStore } from "./store/memory-store";

/** The `MemoryStore` methods that return a promise, `close` aside. */
type AsyncStoreMethod = Exclude<{ [K in keyof MemoryStore]-?: NonNullable<MemoryStore[K]> extends (...args: never[]) => Promise<unknown> ? K : never }[keyof MemoryStore], "close">;

/**
 * The store calls {@link EngramLifecycle.trackStore} tracks: every asynchronous method of
 * `MemoryStore` but `close` (the type makes a method added to `MemoryStore` fail to compile until
 * it is listed here).
 */
const TRACKED_STORE_METHODS: Readonly<Record<AsyncStoreMethod, true>> = {
  withUserLock: true, findMessages: true, markMessages: true, listPendingMessages: true, countMessages: true, putMessages: true,
  listMessages: true, upsertItems: true, listItems: true, listStoredItems: true, getItem: true, deleteItem: true, vectorSearch: true,
  textSearch: true, recordAccess: true, revealItem: true, upsertGraphRows: true, listGraphRows: true, searchGraphRows: true,
  appendHistory: true, putHistory: true, deleteHistory: true, listHistory: true, appendRuns: true, listRuns: true, listUserIds: true,
  count: true, deleteUser: true, optimize: true, unindexedRows: true, tableVersion: true, ensureVectorIndexes: true,
};

/**
 * The calls under way on one `Engram` (docs/architecture.md, "Closing"): {@link track} runs a call
 * unless the instance is closing, {@link trackStore} wraps the store so each store call is tracked
 * too (a store call outlives the facade call that started it when that call was aborted, and the
 * compiled graphs of `Engram.graphs` reach the store without the facade), {@link close} refuses new
 * calls, waits until every call under way has settled (their results and errors go to their own
 * callers), runs the instance's own closing work, then refuses store calls, waits for those under
 * way and closes the store, once.
 */
export class EngramLifecycle {
  private readonly running = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;
  /** Set once no store call may start any more (just before the store is closed). */
  private storeClosed = false;

  /**
   * Runs `work` as a call named `operation`, tracked until it settles.
   * @throws ClosedError (as a rejection, `work` not run) once {@link close} was called.
   */
  track<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new ClosedError(operation));
    return this.run(work);
  }

  /**
   * `store` with every call of an asynchronous `MemoryStore` method ({@link TRACKED_STORE_METHODS})
   * tracked until it settles, also the calls made after {@link close} was called by calls under way;
   * once the store is being closed such a call is refused with a `ClosedError` (a rejection,
   * `operation` `store.<method>`, the store not called) instead of reaching a closed store. Every
   * other property (`dimensions`, `cipher`, `close`, synchronous methods such as a LanceDB store's
   * `vectorIndexedTables`, methods outside `MemoryStore`) is the store's own.
   */
  trackStore<S extends MemoryStore>(store: S): S {
    const wrappers = new Map<string, { method: unknown; wrapper: unknown }>();
    return new Proxy(store, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function" || typeof property !== "string" || !Object.hasOwn(TRACKED_STORE_METHODS, property)) return value;
        const cached = wrappers.get(property);
        if (cached?.method === value) return cached.wrapper;
        const wrapper = (...args: unknown[]): Promise<unknown> => {
          if (this.storeClosed) return Promise.reject(new ClosedError(`store.${property}`));
          return this.run(() => (value as (...callArgs: unknown[]) => Promise<unknown>).apply(target, args));
        };
        wrappers.set(property, { method: value, wrapper });
        return wrapper;
      },
    });
  }

  /**
   * Refuses new calls from now on, waits for the calls under way, runs `settle` (store calls still
   * allowed: background passes, pending writes), then refuses store calls, waits for the store calls
   * under way (an aborted call's queries, a graph run's) and runs `closeStore`. Only the first call
   * does this: later calls return the same promise.
   * @throws what `settle` or `closeStore` throws; never a tracked call's error.
   */
  close(settle: () => Promise<void>, closeStore: () => Promise<void>): Promise<void> {
    this.closing ??= this.drain()
      .then(settle)
      .finally(() => (this.storeClosed = true))
      .then(() => this.drain())
      .then(closeStore);
    return this.closing;
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    let result: Promise<T>;
    try {
      result = work();
    } catch (error) {
      result = Promise.reject(error);
    }
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(settled);
    void settled.then(() => this.running.delete(settled));
    return result;
  }

  private async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
