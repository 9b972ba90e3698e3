import { z } from "zod";
import { ENTITY_TYPES } from "../schema/graph-row";

/** An entity as a sentence names it, before resolution to a node (`Melanie`, `Melanie's kids`, `Boston`). */
export const EntityMentionSchema = z.object({
  name: z.string().trim().min(1).max(120),
  type: z.enum(ENTITY_TYPES),
});
export type EntityMention = z.infer<typeof EntityMentionSchema>;

/**
 * One relation drafted from a batch (offline patterns or the model's structured output), before
 * entity resolution: `subject --predicate--> object`, with the sentence it states and its messages.
 */
export const TripletDraftSchema = z.object({
  subject: EntityMentionSchema,
  /** snake_case, e.g. `lives_in`, `works_at`, `partner`, `child`, `has_pet`, `likes`. */
  predicate: z.string().regex(/^[a-z][a-z0-9_]*$/).max(40),
  object: EntityMentionSchema,
  /** The triplet as a short sentence, e.g. `Melanie's kids like dinosaurs`. */
  text: z.string().trim().min(1).max(300),
  /** Ids of the messages that state it (only those). */
  sources: z.array(z.string()).min(1),
  /** ISO time of the stating message: when the relation started to hold as far as Engram knows. */
  valid_from: z.string(),
});
export type TripletDraft = z.infer<typeof TripletDraftSchema>;

/**
 * Predicates that hold one object at a time per subject: a new object invalidates the old relation
 * (`valid_to` set, history row) instead of adding a second one (docs/architecture.md, "Graph memory").
 */
export const SINGLE_VALUED_PREDICATES: ReadonlySet<string> = new Set(["lives_in", "works_at", "partner", "job", "age"]);
