/** One context line and the message ids it was drawn from. */
export interface AttributedLine {
  text: string;
  sources: readonly string[];
}

const TRAILING_SOURCES = /\[([^\][]+)\]\s*$/;

/**
 * Splits an Engram context into its item lines with their source ids, read from each line's
 * trailing `[D1:3, D2:4]`; headings and lines without sources are left out.
 */
export function engramContextLines(context: string): AttributedLine[] {
  return context.split("\n").flatMap((text) => {
    const match = TRAILING_SOURCES.exec(text);
    return match ? [{ text, sources: match[1]!.split(",").map((id) => id.trim()) }] : [];
  });
}

/**
 * The lines of an Engram context from its recalled items: each item's text (as the context shows
 * it) with the item's source ids, whether or not the context lines cite them (`citeSources`).
 * Items without a text fall back to the context's own lines ({@link engramContextLines}).
 */
export function engramItemLines(items: readonly { text?: string; sources: readonly string[] }[], context: string): AttributedLine[] {
  if (items.some((item) => item.text === undefined)) return engramContextLines(context);
  return items.filter((item) => context.includes(item.text!)).map((item) => ({ text: item.text!, sources: item.sources }));
}

/** A packed baseline context: line i is the turn `ids[i]` (packTurns keeps them in that order). */
export function baselineContextLines(context: string, ids: readonly string[]): AttributedLine[] {
  const texts = context === "" ? [] : context.split("\n");
  return ids.map((id, index) => ({ text: texts[index] ?? "", sources: [id] }));
}

/**
 * Whether a context shows who said the evidence: some line cites an evidence message and names
 * that message's speaker (case-insensitive, as a whole word). Used on adversarial questions
 * (LoCoMo category 5), which often attribute an event to the wrong speaker: an answerer that sees
 * the right speaker can refuse.
 *
 * @param speakerOf the speaker of a message id (undefined: unknown, never attributed).
 */
export function speakerAttributed(evidence: readonly string[], lines: readonly AttributedLine[], speakerOf: (id: string) => string | undefined): boolean {
  return lines.some((line) =>
    line.sources.some((id) => {
      const speaker = speakerOf(id);
      if (!evidence.includes(id) || !speaker) return false;
      return new RegExp(`(^|[^\\p{L}])${speaker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\p{L}])`, "iu").test(line.text);
    }),
  );
}
