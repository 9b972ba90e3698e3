import type { JsonlLineError } from "@engram/memory";

/** Bytes sniffed for NUL to tell binary files from text, as git and grep do. */
const SNIFF_BYTES = 8000;

/** True when the first 8000 bytes hold a NUL byte: a binary file (an image, an archive), not text. */
export function looksBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, SNIFF_BYTES).includes(0);
}

/**
 * Decodes a file line by line as strict UTF-8. A line that is not valid UTF-8 becomes an empty
 * line (so line numbers stay right) and an error naming it; the other lines are kept.
 */
export function decodeUtf8Lines(bytes: Buffer): { text: string; errors: JsonlLineError[] } {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const lines: string[] = [];
  const errors: JsonlLineError[] = [];
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    try {
      lines.push(decoder.decode(bytes.subarray(start, end)));
    } catch {
      lines.push("");
      errors.push({ line: lines.length, message: "not valid UTF-8 text" });
    }
    start = end + 1;
  }
  return { text: lines.join("\n"), errors };
}
