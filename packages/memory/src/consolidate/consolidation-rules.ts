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
    /**
     * Small talk: an episodic event of at most this many content words besides its speaker's name
     * is merged into the nearest earlier event of its session (see `absorbSmallTalk`); 0 folds none. @default 3
     */
    smallTalkMaxWords: z.number().int().min(0).default(3),
    /** Sessions a speaker must mention a topic in for it to be promoted to a semantic fact or core line (see `promoteRepeatedTopics`). @default 3 */
    promoteMinSessions: z.number().int().min(2).default(3),
    /** Most promoted facts per speaker (earlier passes' count), the most salient topics first; 0 promotes none. @default 3 */
    promoteMaxPerSpeaker: z.number().int().min(0).default(3),
    /**
     * Where a promoted fact goes: `core`, a line of the speaker's core block (`human:<Speaker>`);
     * `semanticUnlessProfile`, a semantic item unless its topic is about the speaker's profile
     * (home, work, family, pets). Core lines are always packed and took the budget of events: on the
     * dev set one pass moved multi-hop answer coverage at 1,500 tokens by −0.033 with `core`, −0.003
     * with `semanticUnlessProfile` (docs/architecture.md, "Consolidation and forgetting"). @default "semanticUnlessProfile"
     */
    promoteInto: z.enum(["core", "semanticUnlessProfile"]).default("semanticUnlessProfile"),
    /** Least share (0..1) of a resource's content words its episodic twin (same messages) must hold to cover it. @default 0.6 */
    coveredMinContainment: z.number().min(0).max(1).default(0.6),
    /**
     * When session summaries are written: `withModel` only with a chat model (one call per
     * session), `always` (offline: extractive), `never`. Offline extractive summaries repeat their
     * events' text; on the LoCoMo dev set they cost recall at 1,500 tokens (docs/architecture.md,
     * "Consolidation and forgetting"), hence not by default. @default "withModel"
     */
    summarize: z.enum(["withModel", "always", "never"]).default("withModel"),
    /** Sentences (events) of an extractive session summary (the model's summary is its own length); 0 writes no summaries. @default 3 */
    summarySentences: z.number().int().min(0).default(3),
    /**
     * The summary takes the place of the events it quotes (they are merged into it: removed, their
     * sources on the summary, recoverable by undo) instead of standing beside them. @default false
     */
    summaryAbsorbsEvents: z.boolean().default(false),
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
