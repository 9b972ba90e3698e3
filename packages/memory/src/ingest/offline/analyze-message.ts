import type { StoredMessage } from "../../schema/message";
import { resolveDates } from "./resolve-dates";
import { isFillerSentence, isTaggedStatement, toTokens, type AnalyzedSentence, type CompromiseSentenceJson } from "./sentences";
import { maskSensitiveValues, type MaskSensitiveValuesResult, type SensitiveValue } from "../../sensitive/vault-detector";
import { isAssistantAcknowledgement } from "./acknowledgement";
import { speakerName } from "../speaker-name";
import { slug } from "../../text/normalize-text";
import { type ParseWorker, winkParse } from "./parse-worker";

/** One message parsed once (wink-nlp tagger, chrono-node, vault detector), shared by every extractor. */
export interface AnalyzedMessage {
  message: StoredMessage;
  /** Who wrote it, as named in drafted text: `speaker`, else the role ("user"). */
  speaker: string;
  /** Lowercased speaker for keys, e.g. `caroline`. */
  speakerKey: string;
  /** The message time: dates in the text resolve against it. */
  reference: Date;
  /** The content with every sensitive value replaced by a placeholder (`[email]`, `[api_key]`). */
  content: string;
  /** Sensitive values found in the original content (offsets index the original content). */
  secrets: SensitiveValue[];
  sentences: AnalyzedSentence[];
}

/** Options of {@link analyzeMessage}. */
export interface AnalyzeMessageOptions {
  /** Name stems that don't count as content (speakers and their short forms). */
  ignoredNames: ReadonlySet<string>;
  /** Content words a sentence needs not to be filler. */
  minContentWords: number;
  /** Parses made ahead of time; a message whose parse is there is not parsed again. */
  prepared?: PreparedParses;
}

/** Messages whose parses {@link PreparedParses} keeps at most (a batch or two). */
const MAX_PREPARED = 1000;

/**
 * Parses of messages made ahead of time ({@link PreparedParses.prepare}), each used
 * once by {@link analyzeMessage}: the same parse it would make, keyed by the masked content.
 * With a {@link ParseWorker}, the parses run on a worker thread (a second core) while the main
 * thread works on the current batch; without one, or when the worker fails, on the main thread.
 */
export class PreparedParses {
  private readonly parses = new Map<string, CompromiseSentenceJson[]>();
  /** Texts drafted before their turn came: `prepare` skips them. */
  private readonly taken = new Set<string>();
  /** The worker parse under way of each message, by user and message id (it never rejects). */
  private readonly underWay = new Map<string, Promise<void>>();
  /** The masked content {@link prepare} made of each message (by user and message id), for {@link mask}: masking costs a dozen regular expressions. */
  private readonly masks = new Map<string, { content: string; mask: MaskSensitiveValuesResult }>();

  constructor(private readonly worker?: ParseWorker) {}

  /** Parses each message's masked content, yielding to the event loop before each message (on the main thread). */
  async prepare(messages: readonly StoredMessage[]): Promise<void> {
    if (this.masks.size >= MAX_PREPARED) this.masks.clear();
    if (this.worker) {
      const texts = [...new Set(messages.map((message) => this.keepMask(message)))].filter((text) => !this.parses.has(text) && !this.taken.has(text));
      const room = Math.max(0, MAX_PREPARED - this.parses.size);
      // Never rejects: a parse that failed is made on the main thread when its message's turn comes.
      const work = this.prepareInWorker(this.worker, texts.slice(0, room)).catch(() => undefined);
      const keys = messages.map(underWayKey);
      for (const key of keys) this.underWay.set(key, work);
      void work.then(() => {
        for (const key of keys) if (this.underWay.get(key) === work) this.underWay.delete(key);
      });
      return work;
    }
    for (const message of messages) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      const masked = this.keepMask(message);
      if (this.parses.has(masked) || this.taken.delete(masked)) continue;
      if (this.parses.size >= MAX_PREPARED) return;
      this.parses.set(masked, parseSentences(masked));
    }
  }

  /**
   * Waits for the worker parses of `messages` under way, so {@link take} finds them instead of
   * parsing again; not for those of other messages (the next batch's parse runs on while this one
   * is drafted, reconciled and written).
   */
  async ready(messages: readonly Pick<StoredMessage, "id" | "user_id">[]): Promise<void> {
    await Promise.all(messages.map((message) => this.underWay.get(underWayKey(message))));
  }

  private async prepareInWorker(worker: ParseWorker, texts: string[]): Promise<void> {
    const pieces = texts.map(textPieces);
    let parsed: CompromiseSentenceJson[][];
    try {
      parsed = await worker.parse(pieces.flat().map((piece) => piece.text));
    } catch {
      // No worker: `analyzeMessage` parses these on the main thread when their turn comes.
      return;
    }
    let next = 0;
    for (const [index, text] of texts.entries()) {
      const own = pieces[index]!;
      const sentences = joinPieces(own, parsed.slice(next, next + own.length));
      next += own.length;
      if (this.taken.delete(text)) continue;
      this.parses.set(text, sentences);
    }
  }

  /** Masks `message`'s content and keeps the result for {@link mask}. @returns the masked content. */
  private keepMask(message: StoredMessage): string {
    const mask = maskSensitiveValues(message.content);
    this.masks.set(underWayKey(message), { content: message.content, mask });
    return mask.masked;
  }

  /** `maskSensitiveValues(message.content)`: the one {@link prepare} made (removed from the store), else made now. */
  mask(message: Pick<StoredMessage, "id" | "user_id" | "content">): MaskSensitiveValuesResult {
    const key = underWayKey(message);
    const prepared = this.masks.get(key);
    this.masks.delete(key);
    return prepared?.content === message.content ? prepared.mask : maskSensitiveValues(message.content);
  }

  /** The prepared parse of `text`, removed from the store; undefined (and `text` marked taken) when there is none. */
  take(text: string): CompromiseSentenceJson[] | undefined {
    const parsed = this.parses.get(text);
    if (parsed) this.parses.delete(text);
    else {
      if (this.taken.size >= MAX_PREPARED) this.taken.clear();
      this.taken.add(text);
    }
    return parsed;
  }
}

function underWayKey(message: Pick<StoredMessage, "id" | "user_id">): string {
  return `${message.user_id}\u0000${message.id}`;
}

/**
 * Masks sensitive values, parses the content once with the wink-nlp adapter (sentences and compromise-named tags, which
 * also mark people and places: `Person`, `Place`, `ProperNoun`) and resolves each sentence's
 * time expressions against the message timestamp (UTC). The parse is about 0.2 ms per dev chat turn on a warm
 * worker (788 turns in 142-167 ms, docs/spikes/wink-nlp/s13-product).
 */
export function analyzeMessage(message: StoredMessage, options: AnalyzeMessageOptions): AnalyzedMessage {
  const speaker = speakerName(message);
  const reference = new Date(message.timestamp);
  const { masked, values } = options.prepared?.mask(message) ?? maskSensitiveValues(message.content);
  const sentences = (options.prepared?.take(masked) ?? parseSentences(masked)).map((sentence): AnalyzedSentence => {
    // The parse's offsets (compromise's convention) start at the first word: take back its leading punctuation (an opening quote).
    const start = Math.max(0, sentence.offset.start - (sentence.terms[0]?.pre.length ?? 0));
    const text = masked.slice(start, sentence.offset.start + sentence.offset.length);
    const dates = resolveDates(text, reference).map((date) => ({ ...date, start: date.start + start, end: date.end + start }));
    const isQuestion = /\?["'”’)]*\s*$/.test(text);
    const tokens = toTokens(sentence);
    const people = new Set(tokens.filter((token) => token.tags.has("Person")).map((token) => token.text.toLowerCase()));
    return {
      text,
      start,
      end: start + text.length,
      tokens,
      dates,
      isQuestion,
      isTaggedStatement: isQuestion && isTaggedStatement(text),
      // An assistant's confirmation or reaction ("Saved your work email.", "What a view!") states no fact.
      isFiller: isFillerSentence(text, options.ignoredNames, options.minContentWords, people) || (message.role === "assistant" && isAssistantAcknowledgement(text, tokens, start)),
    };
  });
  return { message, speaker, speakerKey: slug(speaker), reference, content: masked, secrets: values, sentences };
}

/**
 * Text longer than this is parsed in pieces cut at a sentence end (else at a space, else hard):
 * the tagger is superlinear on crafted text such as `a.a.a.…` (60 KB took 7 s with compromise's acronym pattern,
 * 4 s with the wink-nlp adapter, against 23 ms for 4 KB), so each piece costs at most a bounded time and a message costs time linear in its length.
 * Chat messages are far shorter and are parsed whole, as before.
 */
export const MAX_PARSE_CHARS = 4000;

/** The compromise-shaped sentences of `text` ({@link winkParse}), parsed in pieces of at most {@link MAX_PARSE_CHARS}; offsets index `text`. */
function parseSentences(text: string): CompromiseSentenceJson[] {
  const pieces = textPieces(text);
  return joinPieces(
    pieces,
    pieces.map((piece) => winkParse(piece.text)),
  );
}

/** `text` cut into the pieces {@link parseSentences} parses one by one, each with where it starts. */
function textPieces(text: string): { start: number; text: string }[] {
  const pieces: { start: number; text: string }[] = [];
  for (let start = 0; start < text.length; ) {
    const end = pieceEnd(text, start);
    pieces.push({ start, text: text.slice(start, end) });
    start = end;
  }
  return pieces;
}

/** The sentences of the pieces' parses, offsets moved to index the whole text. */
function joinPieces(pieces: readonly { start: number }[], parsed: readonly CompromiseSentenceJson[][]): CompromiseSentenceJson[] {
  const sentences: CompromiseSentenceJson[] = [];
  for (const [index, { start }] of pieces.entries()) {
    // The first piece's offsets already index the text (a chat message is one piece): its sentences are kept as parsed.
    if (start === 0) {
      sentences.push(...parsed[index]!);
      continue;
    }
    for (const sentence of parsed[index]!) {
      sentences.push({
        ...sentence,
        offset: { ...sentence.offset, start: sentence.offset.start + start },
        terms: sentence.terms.map((term) => ({ ...term, offset: { ...term.offset, start: term.offset.start + start } })),
      });
    }
  }
  return sentences;
}

/** Where the piece of `text` that starts at `start` ends: after the last sentence end or space within the limit. */
function pieceEnd(text: string, start: number): number {
  const limit = start + MAX_PARSE_CHARS;
  if (limit >= text.length) return text.length;
  const window = text.slice(start, limit);
  const sentenceEnd = Math.max(window.lastIndexOf(". "), window.lastIndexOf("! "), window.lastIndexOf("? "), window.lastIndexOf("\n"));
  if (sentenceEnd > 0) return start + sentenceEnd + 1;
  const space = window.lastIndexOf(" ");
  return space > 0 ? start + space + 1 : limit;
}
