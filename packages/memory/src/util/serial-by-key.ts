/**
 * Runs async work one at a time per key (a promise chain per key), other keys not blocked: a
 * piece of work starts once the previous one of its key has settled, whether it resolved or
 * rejected, and its own result or error reaches only its caller.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Whether work of `key` is queued or running. */
  has(key: string): boolean {
    return this.tails.has(key);
  }

  /** Runs `work` after the work already queued for `key`. @returns what `work` returns. */
  async run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = (this.tails.get(key) ?? Promise.resolve()).then(work);
    const settled = running.catch(() => undefined);
    this.tails.set(key, settled);
    try {
      return await running;
    } finally {
      if (this.tails.get(key) === settled) this.tails.delete(key);
    }
  }
}
