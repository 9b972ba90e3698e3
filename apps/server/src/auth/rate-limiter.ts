/** Options of {@link FailureRateLimiter}. */
export interface FailureRateLimiterOptions {
  /** Failed attempts allowed per key within the window. @default 10 */
  maxFailures?: number;
  /** Window length, milliseconds. @default 60000 */
  windowMs?: number;
  /** Clock, milliseconds. @default Date.now */
  now?: () => number;
}

/**
 * Counts failed authentication attempts per key (the client address) in a fixed window and
 * blocks a key that reached the limit until its window ends. Successful requests are never counted.
 */
export class FailureRateLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly now: () => number;

  constructor(options: FailureRateLimiterOptions = {}) {
    this.maxFailures = options.maxFailures ?? 10;
    this.windowMs = options.windowMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Seconds until `key` may try again, or 0 when it is not blocked. */
  retryAfterSeconds(key: string): number {
    const entry = this.failures.get(key);
    if (!entry) return 0;
    const now = this.now();
    if (entry.resetAt <= now) {
      this.failures.delete(key);
      return 0;
    }
    return entry.count >= this.maxFailures ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /** Records one failed attempt of `key`. */
  recordFailure(key: string): void {
    const now = this.now();
    const entry = this.failures.get(key);
    if (!entry || entry.resetAt <= now) this.failures.set(key, { count: 1, resetAt: now + this.windowMs });
    else entry.count += 1;
    if (this.failures.size > 10_000) {
      for (const [other, value] of this.failures) if (value.resetAt <= now) this.failures.delete(other);
    }
  }
}
