import { ClosedError } from "./errors/engram-error";
import type { MemoryStore } from "./store/memory-store";

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
   * `store` with every method call tracked until it settles, also the calls made after {@link close}
   * was called by calls under way; once the store is being closed a call is refused with a
   * `ClosedError` (`operation` `store.<method>`, the store not called) instead of reaching a closed
   * store. Properties (`dimensions`, `cipher`) are the store's own.
   */
  trackStore<S extends MemoryStore>(store: S): S {
    return new Proxy(store, {
      get: (target, property) => {
        const value: unknown = Reflect.get(target, property, target);
        if (typeof value !== "function" || property === "close") return value;
        return (...args: unknown[]) => {
          if (this.storeClosed) return Promise.reject(new ClosedError(`store.${String(property)}`));
          const result: unknown = (value as (...callArgs: unknown[]) => unknown).apply(target, args);
          // A method that returns no promise (a LanceDB store's `vectorIndexedTables`) has nothing under way.
          return result instanceof Promise ? this.run(() => result) : result;
        };
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
