import { z } from "zod";

/**
 * The rules of a consolidation pass (docs/architecture.md, "Consolidation and forgetting"), with
 * their defaults (tuned on the LoCoMo dev conversations with the hash embedder). Archiving follows
 * `EngramOptions.retention`.
 */
export const ConsolidationRulesSchema = z
  .object({
    /** When two items of one type are near-duplicates (merge, promote). */
    merge: z
      .object({
        /** Largest cosine distance (0 to 2) of near-duplicates. @default 0.15 */
        maxDistance: z.number().min(0).max(2).default(0.15),
        /** Least overlap coefficient (0..1) of their content words. @default 0.8 */
        minWordOverlap: z.number().min(0).max(1).default(0.8),
      })
      .strict()
      .default({ maxDistance: 0.15, minWordOverlap: 0.8 }),
    /** Sessions a repeated episodic fact must span to be promoted to a semantic fact. @default 3 */
    promoteMinSessions: z.number().int().min(2).default(3),
    /** Least share (0..1) of a resource's content words its episodic twin (same messages) must hold to cover it. @default 0.6 */
    coveredMinContainment: z.number().min(0).max(1).default(0.6),
    /** Sentences (events) of an extractive session summary; 0 writes no summaries. @default 3 */
    summarySentences: z.number().int().min(0).default(3),
    /** Least events of a session worth summarizing. @default 6 */
    summaryMinEvents: z.number().int().min(1).default(6),
    /** Days after a session's last event before it is summarized. @default 30 */
    summaryAfterDays: z.number().min(0).default(30),
  })
  .strict();

/** Rules as callers pass them (every field optional). */
export type ConsolidationRulesInput = z.input<typeof ConsolidationRulesSchema>;
/** Rules with every default filled. */
export type ConsolidationRules = z.output<typeof ConsolidationRulesSchema>;
