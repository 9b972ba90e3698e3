import { StoreError, ValidationError } from "../errors/engram-error";

/** Options of {@link withStoreRetry}. */
export interface StoreRetryOptions {
  /** Most attempts, the first included. @default 8 */
  attempts?: number;
  /** Delay before the second attempt, milliseconds; doubled each time, with up to 100% random jitter. @default 25 */
  baseDelayMs?: number;
}

/**
 * LanceDB errors worth retrying: optimistic-concurrency commit conflicts between writers (two
 * processes committing to one table: "Retryable commit conflict ... preempted by concurrent
 * transaction"), a version file another process is still writing, and the native binding's
 * "cannot be borrowed mutably while another borrow is active" (two calls on one table handle at
 * once; the call did not start). LanceDB resolves many conflicts itself; these it gives up on.
 */
export function isRetryableStoreError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /conflict|concurrent|retryable|was not found[\s\S]*_versions|cannot be borrowed/i.test(message);
}

/**
 * Runs `work`, retrying it with exponential backoff and jitter while it fails with a
 * {@link isRetryableStoreError retryable} error. Other errors, and the last retryable one, are
 * thrown as they are.
 */
export async function withStoreRetry<T>(work: () => Promise<T>, options: StoreRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  const baseDelayMs = options.baseDelayMs ?? 25;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts || !isRetryableStoreError(error)) throw error;
      const delay = baseDelayMs * 2 ** (attempt - 1) * (1 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/**
 * LanceDB errors a later attempt cannot cure while the table stays as it is: PQ training of an ANN
 * index on too few rows ("Not enough rows to train PQ"; LanceDB's `Unprocessable` errors).
 */
export function isPermanentStoreError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /not enough rows to train|unprocessable/i.test(message);
}

/**
 * The error of LanceDB call `action` on table `name` as the store throws it: a StoreError or
 * ValidationError as it is, any other error wrapped in a StoreError (`cause`), `isRetryable` unless
 * {@link isPermanentStoreError}.
 */
export function storeErrorOf(error: unknown, name: string, action: string): Error {
  if (StoreError.isInstance(error) || ValidationError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StoreError(`${action} on ${name} failed: ${message}`, { storeName: name, cause: error, isRetryable: !isPermanentStoreError(error) });
}
