import { z } from "zod";
import { DATE_PRECISIONS } from "../../schema/date-span";

/** Memory types the model drafts; the knowledge vault is drafted locally and never sent. */
export const MODEL_DRAFTED_TYPES = ["core", "episodic", "semantic", "procedural", "resource"] as const;
export type ModelDraftedType = (typeof MODEL_DRAFTED_TYPES)[number];

// Model output is outside data: lenient (`.nullish()`) where a field may be left out.
const common = {
  text: z.string().min(1).describe("The memory as one self-contained sentence in the third person, naming every actor; absolute dates only."),
  sources: z.array(z.string()).min(1).describe("Ids of the messages this memory is drawn from, only those."),
  importance: z.number().min(0).max(1).nullish().describe("0 trivia to 1 vital."),
  key: z.string().nullish().describe("`subject|attribute` for a fact whose value can change (e.g. `ada|home_city`); empty otherwise."),
};

export const LlmCoreDraftSchema = z.object({
  ...common,
  label: z.string().min(1).describe("`human` for facts about a person in the conversation (name them in value), `persona` only for instructions to the assistant on how to behave."),
  value: z.string().min(1).describe("The fact or instruction, naming the person it is about."),
});

export const LlmEpisodicDraftSchema = z.object({
  ...common,
  occurred_at: z.string().nullish().describe("When it happened: ISO 8601 date (YYYY-MM-DD) or date-time, resolved against the message time; any day inside the span for a coarser precision; null if unknown."),
  occurred_precision: z
    .enum(DATE_PRECISIONS)
    .nullish()
    .describe("How precise occurred_at is: day (default), week (\"last week\"), month (\"last month\", \"in May\"), season (\"last summer\"), year (\"last year\", \"in 2022\"). Never invent a day for a coarser phrase."),
  event_type: z.string().nullish().describe("A short kind of event, e.g. life_event, activity, plan, conversation."),
  actor: z.string().min(1).describe("Who did it, by name."),
  summary: z.string().min(1).describe("The event in a few words."),
  details: z.string().nullish().describe("Anything else worth keeping about it."),
});

export const LlmSemanticDraftSchema = z.object({
  ...common,
  name: z.string().min(1).describe("The subject: a person, place, thing or concept."),
  summary: z.string().min(1),
  details: z.string().nullish(),
});

export const LlmProceduralDraftSchema = z.object({
  ...common,
  entry_type: z.string().nullish().describe("workflow, guide, recipe, ..."),
  summary: z.string().min(1),
  steps: z.array(z.string()).min(1),
});

export const LlmResourceDraftSchema = z.object({
  ...common,
  title: z.string().min(1),
  resource_type: z.string().nullish().describe("link, file, image or document."),
  summary: z.string().min(1),
  content: z.string().nullish(),
  uri: z.string().nullish(),
});

/** One relation for graph memory (docs/architecture.md, "Graph memory"), drafted in the same call. */
export const LlmRelationDraftSchema = z.object({
  subject: z.string().min(1).describe("Who or what the relation is about, by name (a speaker by their name, never \"I\")."),
  subject_type: z.string().nullish().describe("person, place, organization, pet, thing, event or concept."),
  predicate: z.string().min(1).describe("snake_case, e.g. lives_in, works_at, partner, child, sibling, friend, has_pet, likes, does_activity, visited, read, acquired, attended, enjoyed_work, lost_job, started, plans, did_with_family."),
  object: z.string().min(1).describe("The other end, by name."),
  object_type: z.string().nullish().describe("person, place, organization, pet, thing, event or concept."),
  sources: z.array(z.string()).min(1).describe("Ids of the messages that state it, only those."),
});

/**
 * The meta-manager's one answer per batch: the memory types the batch touches (routing) and the
 * candidate items drafted for each of them.
 */
export const LlmExtractionSchema = z.object({
  memory_types: z.array(z.enum(MODEL_DRAFTED_TYPES)).describe("Memory types this batch touches; empty when nothing is worth keeping."),
  core: z.array(LlmCoreDraftSchema).nullish(),
  episodic: z.array(LlmEpisodicDraftSchema).nullish(),
  semantic: z.array(LlmSemanticDraftSchema).nullish(),
  procedural: z.array(LlmProceduralDraftSchema).nullish(),
  resource: z.array(LlmResourceDraftSchema).nullish(),
  relations: z.array(LlmRelationDraftSchema).nullish().describe("Relations between named entities stated in the batch (subject, predicate, object), for the knowledge graph."),
});
export type LlmExtraction = z.output<typeof LlmExtractionSchema>;
