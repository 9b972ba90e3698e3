import { nlp } from "../../text/nlp-libraries";
import type { StoredMessage } from "../../schema/message";
import { resolveDates } from "./resolve-dates";
import { isFillerSentence, toTokens, type AnalyzedSentence, type CompromiseSentenceJson } from "./sentences";
import { maskSensitiveValues, type SensitiveValue } from "../../sensitive/vault-detector";
import { speakerName } from "../speaker-name";

/** One message parsed once (compromise, chrono-node, vault detector), shared by every extractor. */
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
}

/**
 * Masks sensitive values, parses the content with compromise once (sentences and tags, which
 * also mark people and places: `Person`, `Place`, `ProperNoun`) and resolves each sentence's
 * time expressions against the message timestamp (UTC). About 2 ms per chat message.
 */
export function analyzeMessage(message: StoredMessage, options: AnalyzeMessageOptions): AnalyzedMessage {
  const speaker = speakerName(message);
  const reference = new Date(message.timestamp);
  const { masked, values } = maskSensitiveValues(message.content);
  const doc = nlp(masked);
  const json = doc.json({ offset: true, terms: { offset: true } }) as CompromiseSentenceJson[];
  const sentences = json.map((sentence): AnalyzedSentence => {
    // compromise's offsets start at the first word: take back its leading punctuation (an opening quote).
    const start = Math.max(0, sentence.offset.start - (sentence.terms[0]?.pre.length ?? 0));
    const text = masked.slice(start, sentence.offset.start + sentence.offset.length);
    const dates = resolveDates(text, reference).map((date) => ({ ...date, start: date.start + start, end: date.end + start }));
    const isQuestion = /\?["'”’)]*\s*$/.test(text);
    return {
      text,
      start,
      end: start + text.length,
      tokens: toTokens(sentence),
      dates,
      isQuestion,
      isFiller: isFillerSentence(text, options.ignoredNames, options.minContentWords),
    };
  });
  return { message, speaker, speakerKey: slug(speaker), reference, content: masked, secrets: values, sentences };
}

/** Lowercased, underscore-joined words for reconciliation keys: `New York` → `new_york`. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/['’]/g, "")
      .match(/[\p{L}\p{N}]+/gu)
      ?.join("_") ?? ""
  );
}
