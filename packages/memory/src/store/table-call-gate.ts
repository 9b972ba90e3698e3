/** One waiting call of a {@link TableCallGate} key. */
interface Waiter {
  exclusive: boolean;
  start: () => void;
}

/** The calls of one key: how many shared calls run, whether an exclusive one runs, who waits. */
interface KeyState {
  shared: number;
  exclusive: boolean;
  waiting: Waiter[];
}

/**
 * Per key (a table of a store), calls that may overlap one another ({@link shared}) and sections
 * that overlap nothing ({@link exclusive}): an exclusive section starts once every call of its key
 * under way has settled, and every call that comes after it waits until it is done. Calls start in
 * arrival order once one waits (a stream of shared calls cannot hold an exclusive one back for
 * ever). Other keys are not blocked. A shared call must not make another call of its own key from
 * inside `work` (it would wait behind an exclusive section that waits for it).
 */
export class TableCallGate {
  private readonly keys = new Map<string, KeyState>();

  /** Runs `work` alongside the other shared calls of `key`, never during an exclusive section of it. */
  shared<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.run(key, false, work);
  }

  /** Runs `work` when no other call of `key` runs; calls of `key` made meanwhile wait for it. */
  exclusive<T>(key: string, work: () => Promise<T>): Promise<T> {
    return this.run(key, true, work);
  }

  private async run<T>(key: string, exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.enter(key, exclusive);
    try {
      return await work();
    } finally {
      this.leave(key, exclusive);
    }
  }

  private enter(key: string, exclusive: boolean): Promise<void> {
    const state = this.keys.get(key) ?? { shared: 0, exclusive: false, waiting: [] };
    this.keys.set(key, state);
    if (state.waiting.length === 0 && canStart(state, exclusive)) {
      start(state, exclusive);
      return Promise.resolve();
    }
    return new Promise((resolve) => state.waiting.push({ exclusive, start: resolve }));
  }

  private leave(key: string, exclusive: boolean): void {
    const state = this.keys.get(key)!;
    if (exclusive) state.exclusive = false;
    else state.shared -= 1;
    while (state.waiting.length > 0 && canStart(state, state.waiting[0]!.exclusive)) {
      const next = state.waiting.shift()!;
      start(state, next.exclusive);
      next.start();
    }
    if (state.shared === 0 && !state.exclusive && state.waiting.length === 0) this.keys.delete(key);
  }
}

function canStart(state: KeyState, exclusive: boolean): boolean {
  return !state.exclusive && (!exclusive || state.shared === 0);
}

function start(state: KeyState, exclusive: boolean): void {
  if (exclusive) state.exclusive = true;
  else state.shared += 1;
}

/**
 * The gate of every LanceDB store of this process: keys are `<folder>\u0000<table>`, the folder's
 * real path (symlinks resolved) or its object-store URI without a trailing `/`, so two
 * `LanceDbMemoryStore`s opened on one folder, by any path, share it (one process; other processes
 * are not seen).
 */
export const processTableCalls = new TableCallGate();
