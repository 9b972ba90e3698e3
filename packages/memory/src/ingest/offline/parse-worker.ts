import { Worker } from "node:worker_threads";
import type { CompromiseSentenceJson } from "./sentences";

/**
 * The worker's code: compromise's `nlp(text).json(...)` for each text it is sent, the call the main
 * thread makes (same options), with `compromise/two`: the same tagger without the plugins of the
 * full build that only add methods (`.verbs()`, `.nouns()`, ...), so the same parses (4,377 texts
 * of the dev set, its image captions, the demo conversation and the tests' strings compared alike,
 * and `offline-prepare.test.ts` checks), in about 10% less CPU per parse. Only the fields of
 * {@link CompromiseSentenceJson} are sent back (not compromise's term ids, indexes, chunks and
 * flags): the main thread copies half as much per message. Plain CommonJS: it runs without the
 * TypeScript loader of the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const loaded = require(workerData.compromise);
const nlp = typeof loaded === "function" ? loaded : loaded.default;
const span = (offset) => ({ start: offset.start, length: offset.length });
const term = (t) => ({ text: t.text, pre: t.pre, post: t.post, normal: t.normal, implicit: t.implicit, tags: t.tags, offset: span(t.offset) });
const sentence = (s) => ({ text: s.text, offset: span(s.offset), terms: s.terms.map(term) });
parentPort.on("message", ({ id, texts }) => {
  try {
    parentPort.postMessage({ id, parsed: texts.map((text) => nlp(text).json({ offset: true, terms: { offset: true } }).map(sentence)) });
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
 * One worker thread that runs compromise parses off the main thread, so the offline policy's
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

  /** @param idleMs milliseconds without a parse after which the thread (and compromise's lexicon in it) is stopped. @default 30 000 */
  constructor(private readonly idleMs = 30_000) {}

  /** True while a worker thread is running. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** compromise's JSON (offsets, terms with offsets) of each text, in order. @throws Error when the worker is unavailable or its parse threw. */
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
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { compromise: require.resolve("compromise/two") } });
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

/** The process's one parse worker (compromise's lexicon is built once, in it). */
export const sharedParseWorker = new ParseWorker();
