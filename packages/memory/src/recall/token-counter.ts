import { Tiktoken } from "js-tiktoken/lite";
import cl100kBase from "js-tiktoken/ranks/cl100k_base";

/** The tokenizer every token count in Engram uses: OpenAI's `cl100k_base` (GPT-4, GPT-3.5). */
export const TOKENIZER_NAME = "cl100k_base (js-tiktoken)";

let encoding: Tiktoken | undefined;

/** cl100k_base's pre-tokenizer pattern, as js-tiktoken applies it (`u` and `g` flags). */
const PIECE_PATTERN = new RegExp(cl100kBase.pat_str, "gu");
/** Token counts of pre-tokenizer pieces (words with their leading space, number groups, punctuation runs); cleared when full. */
const countedPieces = new Map<string, number>();
const MAX_COUNTED_PIECES = 200_000;

/** Texts counted recently (memory lines and contexts repeat from one count to the next); cleared when full. */
const counted = new Map<string, number>();
let countedChars = 0;
/** At most this many characters of text are remembered (about 16 MB of strings). */
const MAX_COUNTED_CHARS = 8_000_000;
/** Longer texts are counted every time. */
const MAX_TEXT_CHARS = 65_536;

/**
 * Number of `cl100k_base` tokens in `text`, counted with js-tiktoken. The encoding is loaded on
 * first use (about 100 ms) and cached.
 *
 * The text is counted line by line: it is cut after each newline that a non-whitespace character
 * follows, and the lines' counts are summed. The sum equals the count of the whole text (no piece
 * of cl100k_base's pre-tokenizer pattern holds a newline followed by a non-whitespace character,
 * so none crosses such a cut, and BPE merges stay inside pieces), and the counts of recent lines
 * up to 65,536 characters are remembered (8 million characters in all, then forgotten at once):
 * a context packed again with a line more or less costs only its new lines. A new line is cut into
 * cl100k_base's pre-tokenizer pieces and each piece's count is remembered too (BPE never merges
 * across pieces, and a piece encoded alone is that one piece again), so a new line costs a regex
 * pass and lookups of words seen before. Text naming a special token (`<|endoftext|>`) counts as
 * the plain text it is, where js-tiktoken's `encode` would throw, and a piece longer than 256
 * characters is counted in chunks ({@link MAX_PIECE_CHARS}). The encoding (js-tiktoken's `lite`
 * build over the cl100k_base ranks alone) is loaded on first use.
 */
export function countTokens(text: string): number {
  let total = 0;
  let start = 0;
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
    const next = text[index + 1];
    if (next === undefined || WHITESPACE.test(next)) continue;
    total += countLine(text.slice(start, index + 1));
    start = index + 1;
  }
  return total + (start < text.length ? countLine(text.slice(start)) : 0);
}

const WHITESPACE = /\s/u;

function countLine(text: string): number {
  const remembered = text.length <= MAX_TEXT_CHARS;
  if (remembered) {
    const known = counted.get(text);
    if (known !== undefined) return known;
  }
  encoding ??= new Tiktoken(cl100kBase);
  const tokens = countPieces(encoding, text);
  if (remembered) {
    if (countedChars + text.length > MAX_COUNTED_CHARS) {
      counted.clear();
      countedChars = 0;
    }
    counted.set(text, tokens);
    countedChars += text.length;
  }
  return tokens;
}

/**
 * Pieces longer than this are counted in chunks of this many characters: js-tiktoken's BPE takes
 * time quadratic in a piece's length (a 6,000-letter run took 2.7 s, 20,000 letters 45 s), and a
 * stored message may hold a DNA string or a long slug. Words are far shorter, so ordinary text is
 * counted exactly; a chunked piece's count is the sum of its chunks' counts (BPE cannot merge
 * across a chunk's end, so it is rarely more than the exact count, by a token or so per chunk).
 */
const MAX_PIECE_CHARS = 256;

/**
 * The tokens of `text`: the sum of its pre-tokenizer pieces' counts, each piece encoded once.
 * Special-token text (`<|endoftext|>`) counts as the plain text it is (a user may write it, and
 * recall must not fail on it): the pattern cuts it into ordinary pieces, each encoded with no
 * special tokens allowed or refused.
 */
function countPieces(tiktoken: Tiktoken, text: string): number {
  let total = 0;
  for (const [piece] of text.matchAll(PIECE_PATTERN)) {
    let tokens = countedPieces.get(piece);
    if (tokens === undefined) {
      tokens = 0;
      for (let at = 0; at < piece.length; at += MAX_PIECE_CHARS) tokens += tiktoken.encode(piece.slice(at, at + MAX_PIECE_CHARS), [], []).length;
      if (countedPieces.size >= MAX_COUNTED_PIECES) countedPieces.clear();
      countedPieces.set(piece, tokens);
    }
    total += tokens;
  }
  return total;
}
