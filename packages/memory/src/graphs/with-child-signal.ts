/**
 * Runs `work` with a child of `signal` that is dropped afterwards, so listeners that LangGraph adds
 * to the signal of each run do not pile up on a caller's long-lived signal.
 */
export async function withChildSignal<T>(signal: AbortSignal | undefined, work: (signal: AbortSignal | undefined) => Promise<T>): Promise<T> {
  if (!signal) return work(undefined);
  signal.throwIfAborted();
  const child = new AbortController();
  const forward = () => child.abort(signal.reason);
  signal.addEventListener("abort", forward, { once: true });
  try {
    return await work(child.signal);
  } finally {
    signal.removeEventListener("abort", forward);
  }
}

/** `work`'s result, or a rejection with `signal`'s reason as soon as it aborts (a later failure of `work` is then ignored). */
export function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) {
      // Aborted while the node was starting (before this listener): reject now, `work` unobserved.
      work.catch(() => undefined);
      return abort();
    }
    signal.addEventListener("abort", abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", abort));
  });
}
