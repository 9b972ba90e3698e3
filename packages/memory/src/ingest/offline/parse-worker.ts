import { join } from "node:path";
import { Worker } from "node:worker_threads";
import type { CompromiseSentenceJson } from "./sentences";

/**
 * The offline parse's tagger: `wink-adapter.cjs` beside this file (copied into dist by
 * `scripts/copy-build-assets.cjs`), wink-nlp answering compromise's
 * `nlp(text).json({ offset: true, terms: { offset: true } })` shape. A plain CommonJS file
 * required by absolute path, so the worker thread (no TypeScript loader) and the main thread load
 * the same code and give identical parses (`offline-prepare.test.ts` checks).
 */
export const WINK_ADAPTER = join(__dirname, "wink-adapter.cjs");

/** What `wink-adapter.cjs` exports. */
interface WinkAdapter {
  /** compromise-shaped sentences of `text` (offsets index `text`), tagged by wink-nlp. */
  toCompromiseJson(text: string): CompromiseSentenceJson[];
}

let winkAdapter: WinkAdapter | undefined;

/**
 * The sentences of `text` as the parse worker gives them (`CompromiseSentenceJson`: sentences
 * with offsets, terms with text, pre, post, normal, implicit, tags, offset), parsed on the calling
 * thread: the fallback when the worker is unavailable. wink-nlp and its model load on first call.
 */
export function winkParse(text: string): CompromiseSentenceJson[] {
  winkAdapter ??= loadWinkAdapter();
  return winkAdapter.toCompromiseJson(text);
}

/** The adapter module, or a clear error when it (or a file it needs) is missing, as in a dist built without the copy step. */
function loadWinkAdapter(): WinkAdapter {
  try {
    return require(WINK_ADAPTER) as WinkAdapter;
  } catch (error) {
    const reason = String((error as Error)?.message ?? error).split("\n")[0];
    throw new Error(
      `The offline parse cannot load its wink-nlp adapter ${WINK_ADAPTER}: ${reason}. A built package needs wink-adapter.cjs and wink-lexicon.json beside parse-worker.js: run \`pnpm build\` (it copies them, scripts/copy-build-assets.cjs); wink-nlp and wink-eng-lite-web-model must be installed.`,
      { cause: error },
    );
  }
}

/**
 * The worker's code: the adapter's parse of each text it is sent, the call the main thread's
 * fallback makes (the adapter gives only the fields of {@link CompromiseSentenceJson}, so they
 * are sent as they are). Plain CommonJS: it runs without the TypeScript loader of the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { toCompromiseJson } = require(workerData.winkAdapter);
parentPort.on("message", ({ id, texts }) => {
  try {
    parentPort.postMessage({ id, parsed: texts.map(toCompromiseJson) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

interface Pending {
  resolve: (parsed: CompromiseSentenceJson[][]) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread that runs the offline parses (wink-nlp, {@link WINK_ADAPTER}) off the main thread, so the offline policy's
 * parse of the next batch (`PreparedParses.prepare`) uses a second core while the main thread
 * drafts, reconciles and writes the current one. Started on first use, `unref`'d (it never keeps
 * the process alive) and stopped after `idleMs` without a parse (started again on the next); a
 * worker that fails to start or dies rejects its calls, and the caller then parses on the main thread.
 */
export class ParseWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  /** @param idleMs milliseconds without a parse after which the thread (and wink's model in it) is stopped. @default 30 000 */
  constructor(private readonly idleMs = 30_000) {}

  /** True while a worker thread is running. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** The compromise-shaped JSON (offsets, terms with offsets) of each text, in order. @throws Error when the worker is unavailable or its parse threw. */
  parse(texts: string[]): Promise<CompromiseSentenceJson[][]> {
    if (texts.length === 0) return Promise.resolve([]);
    const worker = this.start();
    if (!worker) return Promise.reject(new Error("parse worker unavailable"));
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    const done = new Promise<CompromiseSentenceJson[][]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Only while a parse is out does the worker hold the process open.
    if (this.pending.size === 1) worker.ref();
    worker.postMessage({ id, texts });
    return done;
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { winkAdapter: WINK_ADAPTER } });
      worker.unref();
      worker.on("message", ({ id, parsed, error }: { id: number; parsed?: CompromiseSentenceJson[][]; error?: string }) => {
        const entry = this.pending.get(id);
        if (!entry) return;
        this.pending.delete(id);
        if (this.pending.size === 0) {
          worker.unref();
          this.stopWhenIdle(worker);
        }
        if (error !== undefined || !parsed) entry.reject(new Error(`parse worker: ${error}`));
        else entry.resolve(parsed);
      });
      const fail = (error: Error) => {
        // A worker stopped for idleness is not a failure: the next parse starts a new one.
        if (this.worker !== worker) return;
        this.failed = true;
        this.worker = undefined;
        for (const entry of this.pending.values()) entry.reject(error);
        this.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`parse worker exited with code ${code}`)));
      this.worker = worker;
    } catch {
      this.failed = true;
    }
    return this.worker;
  }

  private stopWhenIdle(worker: Worker): void {
    this.idleTimer = setTimeout(() => {
      if (this.worker !== worker || this.pending.size > 0) return;
      this.worker = undefined;
      void worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

/** The process's one parse worker (wink's model is loaded once, in it). */
export const sharedParseWorker = new ParseWorker();
