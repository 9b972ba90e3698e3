/** Evidence recall of one question at one budget; see {@link evidenceRecall}. */
export interface EvidenceRecall {
  /** Distinct evidence ids found among the recalled sources. */
  found: number;
  /** Distinct evidence ids of the question. */
  total: number;
  /** `found / total`, in [0, 1]; higher is better. */
  recall: number;
}

/** Removes every whitespace character from a message id (LoCoMo has `D 3:7`, `D3: 7`). */
export function normalizeMessageId(id: string): string {
  return id.replace(/\s+/g, "");
}

/**
 * Share of a question's evidence message ids (LoCoMo `D<session>:<turn>`) that appear among the
 * `sources` of the items in the recalled context. Ids on both sides are stripped of stray
 * whitespace and de-duplicated; empty ids are dropped.
 *
 * @returns `null` when the question has no evidence ids (the caller skips it and counts it).
 * @example evidenceRecall(["D1:3", "D 2:8"], ["D2:8", "D5:1"]) // { found: 1, total: 2, recall: 0.5 }
 */
export function evidenceRecall(evidence: readonly string[], sources: Iterable<string>): EvidenceRecall | null {
  const wanted = new Set(evidence.map(normalizeMessageId).filter((id) => id.length > 0));
  if (wanted.size === 0) return null;
  const recalled = new Set<string>();
  for (const source of sources) recalled.add(normalizeMessageId(source));
  let found = 0;
  for (const id of wanted) if (recalled.has(id)) found += 1;
  return { found, total: wanted.size, recall: found / wanted.size };
}
