import { getEncoding, type Tiktoken } from "js-tiktoken";

/** The tokenizer every token count in Engram uses: OpenAI's `cl100k_base` (GPT-4, GPT-3.5). */
export const TOKENIZER_NAME = "cl100k_base (js-tiktoken)";

let encoding: Tiktoken | undefined;

/**
 * Number of `cl100k_base` tokens in `text`, counted with js-tiktoken. The encoding is loaded on
 * first use (about 100 ms) and cached.
 */
export function countTokens(text: string): number {
  encoding ??= getEncoding("cl100k_base");
  return encoding.encode(text).length;
}
