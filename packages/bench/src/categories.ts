import { LOCOMO_CATEGORIES, type LocomoCategoryName } from "@engram/memory";

/** A LoCoMo question category number. */
export type LocomoCategory = keyof typeof LOCOMO_CATEGORIES;

/** Categories scored in the totals: 1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop. */
export const SCORED_CATEGORIES = [1, 2, 3, 4] as const satisfies readonly LocomoCategory[];

/** Category 5 (adversarial: the conversation holds no answer), reported apart, not in totals. */
export const ADVERSARIAL_CATEGORY = 5 as const satisfies LocomoCategory;

/** LoCoMo's official name of a category (Maharana et al., ACL 2024, arXiv 2402.17753). */
export function categoryName(category: LocomoCategory): LocomoCategoryName {
  return LOCOMO_CATEGORIES[category];
}

/**
 * The column each LoCoMo category appears under in the Mem0 paper's tables (Chhikara et al.,
 * arXiv 2504.19413, Table 1), which labels categories differently: its "single-hop" column is
 * category 1, "temporal" 2, "multi-hop" 3 and "open-domain" 4. Category 5 is not reported there.
 */
export const MEM0_PAPER_CATEGORY_LABELS: Readonly<Record<LocomoCategory, string>> = {
  1: "single-hop",
  2: "temporal",
  3: "multi-hop",
  4: "open-domain",
  5: "(not reported)",
};
