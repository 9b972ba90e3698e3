/**
 * A readers-writer lock for the bench's phases: any number of shared holders (ingests) at once,
 * or one exclusive holder (a recall phase, whose latencies must not share the CPU with an ingest).
 * Exclusive requests go first: once one waits, new shared requests wait behind it.
 */
export class ExclusivePhaseLock {
  private shared = 0;
  private exclusive = false;
  private readonly waiting: { exclusive: boolean; grant: () => void }[] = [];

  /** Runs `work` while holding the lock shared (`exclusive` false) or alone. */
  async run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.acquire(exclusive);
    try {
      return await work();
    } finally {
      if (exclusive) this.exclusive = false;
      else this.shared -= 1;
      this.grantNext();
    }
  }

  private acquire(exclusive: boolean): Promise<void> {
    const free = exclusive ? !this.exclusive && this.shared === 0 && this.waiting.length === 0 : !this.exclusive && !this.waiting.some((entry) => entry.exclusive);
    if (free) {
      if (exclusive) this.exclusive = true;
      else this.shared += 1;
      return Promise.resolve();
    }
    return new Promise((grant) => this.waiting.push({ exclusive, grant }));
  }

  private grantNext(): void {
    while (this.waiting.length > 0 && !this.exclusive) {
      const next = this.waiting[0]!;
      if (next.exclusive) {
        if (this.shared > 0) return;
        this.exclusive = true;
      } else {
        this.shared += 1;
      }
      this.waiting.shift();
      next.grant();
    }
  }
}
