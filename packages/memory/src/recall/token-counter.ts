import { getEncoding, type Tiktoken } from "js-tiktoken";

/** The tokenizer every token count in Engram uses: OpenAI's `cl100k_base` (GPT-4, GPT-3.5). */
export const TOKENIZER_NAME = "cl100k_base (js-tiktoken)";

let encoding: Tiktoken | undefined;

/** Texts counted recently (memory lines repeat from one recall to the next); cleared when full. */
const counted = new Map<string, number>();
const MAX_COUNTED = 50_000;
/** Longer texts are counted every time (a whole context rarely repeats). */
const MAX_COUNTED_CHARS = 4096;

/**
 * Number of `cl100k_base` tokens in `text`, counted with js-tiktoken. The encoding is loaded on
 * first use (about 100 ms) and cached; counts of texts up to 4,096 characters are remembered.
 */
export function countTokens(text: string): number {
  const short = text.length <= MAX_COUNTED_CHARS;
  if (short) {
    const known = counted.get(text);
    if (known !== undefined) return known;
  }
  encoding ??= getEncoding("cl100k_base");
  const tokens = encoding.encode(text).length;
  if (short) {
    if (counted.size >= MAX_COUNTED) counted.clear();
    counted.set(text, tokens);
  }
  return tokens;
}
