import type { LocomoCategory } from "../categories";
import { SCORED_CATEGORIES, ADVERSARIAL_CATEGORY, categoryName } from "../categories";
import { formatRate, markdownTable } from "../report/format-number";
import { MISS_CLASSES, type EvidenceMiss } from "./classify-misses";

/** One line of `misses.jsonl`: a missed evidence id of one question at the headline budget. */
export interface MissRecord extends EvidenceMiss {
  sampleId: string;
  /** Position of the question in its sample's `qa` list (0-based). */
  questionIndex: number;
  category: LocomoCategory;
  categoryName: string;
}

/** `misses.jsonl`: one JSON object per missed evidence id, in sample then question order. */
export function renderMissesJsonl(misses: readonly MissRecord[]): string {
  return misses.map((miss) => `${JSON.stringify(miss)}\n`).join("");
}

function shareRow(label: string, misses: readonly MissRecord[]): string[] {
  const cells = MISS_CLASSES.map((missClass) => {
    const count = misses.filter((miss) => miss.class === missClass).length;
    return misses.length === 0 ? "–" : `${formatRate(count / misses.length)} (${count})`;
  });
  return [label, String(misses.length), ...cells];
}

/**
 * The `## Missed evidence` section of report.md: the share of missed evidence ids in each
 * {@link MISS_CLASSES} class, for the scored categories together, each category, and the
 * adversarial one apart; plus the reasons packing gave for `packed_out`.
 */
export function renderMissTable(misses: readonly MissRecord[], headlineBudget: number): string {
  const scored = misses.filter((miss) => miss.category !== ADVERSARIAL_CATEGORY);
  const rows = [
    shareRow("**scored**", scored),
    ...[...SCORED_CATEGORIES, ADVERSARIAL_CATEGORY].map((category) => shareRow(`${category} ${categoryName(category)}`, misses.filter((miss) => miss.category === category))),
  ];
  const reasons = new Map<string, number>();
  for (const miss of scored) if (miss.reason) reasons.set(miss.reason, (reasons.get(miss.reason) ?? 0) + 1);
  const reasonText = [...reasons.entries()].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason} ${count}`).join(", ");
  return [
    "## Missed evidence",
    "",
    `Every evidence id missing from Engram's context at ${headlineBudget} tokens, by where it was lost (\`--explain\`; one line each in misses.jsonl). Share of the row's misses (count).`,
    "not_stored: no item cites the message; stored_not_found: no list (search, graph, raw turns, session neighbours) returned an item citing it; ranked_out: fused below the last candidate packing reached; packed_out: reached by packing and left out; dated_wrong: the question's time range overlaps none of its items.",
    "",
    markdownTable(["category", "misses", ...MISS_CLASSES], rows),
    "",
    `packed_out reasons (scored): ${reasonText || "none"}`,
    "",
  ].join("\n");
}
