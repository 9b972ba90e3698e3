/** Recent texts' normalized forms (recall normalizes the same memory texts on every call); cleared when full. */
const normalized = new Map<string, string>();
const MAX_NORMALIZED = 10_000;

/** Text compared for duplicates: lowercased, whitespace and punctuation collapsed (recent texts' results remembered). */
export function normalizeText(text: string): string {
  let result = normalized.get(text);
  if (result === undefined) {
    result = text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();
    if (normalized.size >= MAX_NORMALIZED) normalized.clear();
    normalized.set(text, result);
  }
  return result;
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
