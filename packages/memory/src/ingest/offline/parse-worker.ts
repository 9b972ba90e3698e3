import { Worker } from "node:worker_threads";
import type { CompromiseSentenceJson } from "./sentences";

/**
 * The worker's code: compromise's `nlp(text).json(...)` for each text it is sent, the very call the
 * main thread makes (same module file, same options), so its parses are the ones the main thread
 * would make; and, for a lookup request ({@link NlpLookupRequest}), the conjugations, "I <word>"
 * readings and phrase tags drafting asks (the calls of `first-person.ts` and `fact-phrases.ts`,
 * written again here: `offline-worker-lookups.test.ts` holds the two to the same answers). Only the fields of {@link CompromiseSentenceJson} are sent back (not compromise's term
 * ids, indexes, chunks and flags): the main thread copies half as much per message. Plain
 * CommonJS: it runs without the TypeScript loader of the main thread.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const loaded = require(workerData.compromise);
const nlp = typeof loaded === "function" ? loaded : loaded.default;
const span = (offset) => ({ start: offset.start, length: offset.length });
const term = (t) => ({ text: t.text, pre: t.pre, post: t.post, normal: t.normal, implicit: t.implicit, tags: t.tags, offset: span(t.offset) });
const sentence = (s) => ({ text: s.text, offset: span(s.offset), terms: s.terms.map(term) });
const presentTense = (verb) => {
  const conjugated = nlp(verb).verbs().conjugate()[0];
  return conjugated && typeof conjugated.PresentTense === "string" ? conjugated.PresentTense : null;
};
const verbAfterI = (word) => nlp("I " + word).terms().eq(1).has("#PresentTense") || nlp("I " + word).terms().eq(1).has("#Infinitive");
const phraseTerms = (text) =>
  nlp(text).json({ offset: true, terms: { offset: true } }).flatMap((s) => s.terms).filter((t) => t.offset !== undefined).map((t) => ({ tags: t.tags, start: t.offset.start }));
parentPort.on("message", ({ id, texts, lookups }) => {
  try {
    if (lookups) {
      parentPort.postMessage({ id, lookups: { presentTenses: lookups.verbs.map(presentTense), afterI: lookups.wordsAfterI.map(verbAfterI), phraseTerms: lookups.phrases.map(phraseTerms) } });
      return;
    }
    parentPort.postMessage({ id, parsed: texts.map((text) => nlp(text).json({ offset: true, terms: { offset: true } }).map(sentence)) });
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.message) || error) });
  }
});
`;

/** What drafting asks compromise besides the parses (see {@link ParseWorker.lookUp}). */
export interface NlpLookupRequest {
  /** Verbs to conjugate: `nlp(verb).verbs().conjugate()[0].PresentTense` of each. */
  verbs: string[];
  /** Words to read right after "I": whether compromise tags the word in `I <word>` present tense or infinitive. */
  wordsAfterI: string[];
  /** Phrases whose terms' tags and start offsets compromise reads (`nlp(phrase).json(...)`). */
  phrases: string[];
}

/** compromise's answers to an {@link NlpLookupRequest}, each list in the order of the request's. */
export interface NlpLookups {
  /** The `PresentTense` string, or null when compromise gave none. */
  presentTenses: (string | null)[];
  afterI: boolean[];
  /** The terms that have an offset, in order: their tags and start offset in the phrase. */
  phraseTerms: PhraseTerm[][];
}

/** A term of a phrase parse: compromise tags and the start offset in the phrase. */
export interface PhraseTerm {
  tags: string[];
  start: number;
}

interface WorkerAnswer {
  parsed?: CompromiseSentenceJson[][];
  lookups?: NlpLookups;
}

interface Pending {
  resolve: (answer: WorkerAnswer) => void;
  reject: (error: Error) => void;
}

/**
 * One worker thread that runs compromise parses off the main thread, so the offline policy's
 * parse of the next batch (`PreparedParses.prepare`) uses a second core while the main thread
 * drafts, reconciles and writes the current one, and answers drafting's other compromise lookups
 * ({@link ParseWorker.lookUp}). Started on first use, `unref`'d (it never keeps the process alive
 * while idle) and stopped after `idleMs` without a request (started again on the next); a
 * worker that fails to start or dies rejects its calls, and the caller then parses on the main thread.
 */
export class ParseWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failed = false;
  private idleTimer: NodeJS.Timeout | undefined;

  /** @param idleMs milliseconds without a request after which the thread (and compromise's lexicon in it) is stopped. @default 30 000 */
  constructor(private readonly idleMs = 30_000) {}

  /** True while a worker thread is running. */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** compromise's JSON (offsets, terms with offsets) of each text, in order. @throws Error when the worker is unavailable or its parse threw. */
  async parse(texts: string[]): Promise<CompromiseSentenceJson[][]> {
    if (texts.length === 0) return [];
    const { parsed } = await this.send({ texts });
    if (parsed?.length !== texts.length) throw new Error(`parse worker: ${parsed?.length ?? "no"} parses for ${texts.length} texts`);
    return parsed;
  }

  /**
   * compromise's conjugations, "I <word>" readings and phrase tags that drafting would otherwise
   * ask on the main thread (the same calls, so the same answers; see `first-person.ts` and
   * `fact-phrases.ts`). @throws Error when the worker is unavailable or a call threw.
   */
  async lookUp(request: NlpLookupRequest): Promise<NlpLookups> {
    const answer = (await this.send({ lookups: request })).lookups;
    // A short list would cache wrong answers for good: each list must answer every item of its request.
    if (answer?.presentTenses.length !== request.verbs.length || answer.afterI.length !== request.wordsAfterI.length || answer.phraseTerms.length !== request.phrases.length) {
      throw new Error("parse worker: lookups do not match the request");
    }
    return answer;
  }

  private send(message: { texts?: string[]; lookups?: NlpLookupRequest }): Promise<WorkerAnswer> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error("parse worker unavailable"));
    clearTimeout(this.idleTimer);
    const id = this.nextId++;
    const done = new Promise<WorkerAnswer>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    // Only while a request is out does the worker hold the process open.
    if (this.pending.size === 1) worker.ref();
    worker.postMessage({ id, ...message });
    return done;
  }

  private start(): Worker | undefined {
    if (this.worker || this.failed) return this.worker;
    try {
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { compromise: require.resolve("compromise") } });
      worker.unref();
      worker.on("message", ({ id, parsed, lookups, error }: WorkerAnswer & { id: number; error?: string }) => {
        const entry = this.pending.get(id);
        if (!entry) return;
        this.pending.delete(id);
        if (this.pending.size === 0) {
          worker.unref();
          this.stopWhenIdle(worker);
        }
        if (error !== undefined || (!parsed && !lookups)) entry.reject(new Error(`parse worker: ${error}`));
        else entry.resolve({ parsed, lookups });
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
