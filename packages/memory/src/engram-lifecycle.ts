import { ClosedError } from "./errors/engram-error";

/**
 * The calls under way on one `Engram` (docs/architecture.md, "Closing"): {@link track} runs a call
 * unless the instance is closing, {@link close} refuses new calls, waits until every call under way
 * has settled (their results and errors go to their own callers), then runs the instance's own
 * closing work once.
 */
export class EngramLifecycle {
  private readonly running = new Set<Promise<void>>();
  private closing: Promise<void> | undefined;

  /**
   * Runs `work` as a call named `operation`, tracked until it settles.
   * @throws ClosedError (as a rejection, `work` not run) once {@link close} was called.
   */
  track<T>(operation: string, work: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new ClosedError(operation));
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

  /**
   * Refuses new calls from now on, waits for the calls under way, then runs `finish` (only on the
   * first call: later calls return the same promise).
   * @throws what `finish` throws; never a tracked call's error.
   */
  close(finish: () => Promise<void>): Promise<void> {
    this.closing ??= this.drain().then(finish);
    return this.closing;
  }

  private async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
