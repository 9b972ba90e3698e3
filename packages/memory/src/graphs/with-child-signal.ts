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
