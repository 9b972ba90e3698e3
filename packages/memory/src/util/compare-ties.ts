/**
 * Order of two memory items (or relations) whose scores tie: by text, then by the start of their
 * validity, then by id. Ids are random UUIDs, so a tie broken by id alone ranked differently after
 * every fresh ingest of the same messages (evidence recall moved by about ±0.005 between runs of
 * one build); text and dates make the order a function of what was stored.
 *
 * @returns negative when `a` goes first, positive when `b` does, 0 only for the same id.
 */
export function compareTies(a: { id: string; text: string; valid_from?: string }, b: { id: string; text: string; valid_from?: string }): number {
  return compareStrings(a.text, b.text) || compareStrings(a.valid_from ?? "", b.valid_from ?? "") || compareStrings(a.id, b.id);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
