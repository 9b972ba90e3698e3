import type { EngramLogger } from "../engram-options";
import { SerialByKey } from "../util/serial-by-key";

/**
 * `EngramOptions.consolidateEvery` (docs/architecture.md, "Consolidation and forgetting"): counts
 * the messages ingested per user and, once `every` have come in since the user's last pass, starts
 * one consolidation pass for that user in the background. `add` does not wait for it; passes of
 * one user run one at a time (the pass takes the user's write lock itself); a failed pass is
 * logged with `logger.warn` and changes nothing (a pass writes its history rows before its items,
 * and nothing is deleted without a history row). {@link idle} waits for every started pass.
 */
export class BackgroundConsolidation {
  private readonly counts = new Map<string, number>();
  private readonly serial = new SerialByKey();
  private readonly running = new Set<Promise<void>>();

  /**
   * @param every messages of a user between two passes (0: never).
   * @param pass runs one pass for one user (`Engram.consolidate({ user })`).
   */
  constructor(
    private readonly every: number,
    private readonly pass: (userId: string) => Promise<unknown>,
    private readonly logger: EngramLogger,
  ) {}

  /** Notes `messages` newly ingested for `userId`; starts a pass when `every` have come in since the last one. */
  noteIngested(userId: string, messages: number): void {
    if (this.every <= 0 || messages <= 0) return;
    const count = (this.counts.get(userId) ?? 0) + messages;
    if (count < this.every) {
      this.counts.set(userId, count);
      return;
    }
    this.counts.set(userId, count % this.every);
    const started = this.serial
      .run(userId, () => this.pass(userId))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`background consolidation of user ${userId} failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    this.running.add(started);
    void started.finally(() => this.running.delete(started));
  }

  /** Resolves once every pass started so far has settled (never rejects). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
