/** Text compared for duplicates: lowercased, whitespace and punctuation collapsed. */
export function normalizeText(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}
