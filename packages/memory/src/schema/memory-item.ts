import { z } from "zod";
import { DatePrecisionSchema } from "./date-span";
import { IdSchema } from "./scope";

/** An ISO 8601 UTC timestamp string, e.g. `2023-05-08T13:56:00.000Z`. */
export const IsoDateSchema = z.iso.datetime({ offset: true });

/** Fields every memory item has, whatever its type (docs/architecture.md, "The six memory types"). */
export const BaseMemoryItemSchema = z.object({
  /** Stable id: kept across UPDATE, so history and sources stay attached. */
  id: IdSchema,
  user_id: IdSchema,
  agent_id: IdSchema,
  /** Session the item was first drawn from; "" when none. */
  session_id: z.string(),
  /** The searchable text (full-text and vector indexes are built on it). */
  text: z.string().min(1),
  created_at: IsoDateSchema,
  updated_at: IsoDateSchema,
  /** When the fact started to hold in the world (for events: when it happened or was told). */
  valid_from: IsoDateSchema,
  /** When the fact stopped holding; `null` while it still holds. Set by INVALIDATE instead of deleting. */
  valid_to: IsoDateSchema.nullable(),
  /** Ids of the messages the text was drawn from, e.g. LoCoMo `D3:7`. Honest: only those. */
  sources: z.array(z.string()),
  /** 0 (trivia) to 1 (vital); used as a small boost in fusion. */
  importance: z.number().min(0).max(1),
  /** How many times recall returned the item. */
  access_count: z.number().int().min(0),
  last_accessed_at: IsoDateSchema.nullable(),
  /**
   * Reconciliation key: items with the same key describe the same attribute of the same subject
   * (e.g. `ada|lives_in`), so a new value updates or invalidates the old one. "" when none.
   */
  key: z.string(),
  /**
   * When a consolidation pass archived the item because its retention fell below the threshold
   * (docs/architecture.md, "Consolidation and forgetting"); null or absent while active. Archived
   * items stay stored and exported but recall leaves them out unless `includeArchived`.
   * @default null
   */
  archived_at: IsoDateSchema.nullable().optional(),
});

export const CoreItemSchema = BaseMemoryItemSchema.extend({
  type: z.literal("core"),
  /** Block label, e.g. `human:Ada` or `persona`. */
  label: z.string(),
  /** Block body; `text` mirrors it with the label for search. */
  value: z.string(),
  /** Size cap of `value` in characters. @default 1000 */
  limit: z.number().int().positive(),
});

export const EpisodicItemSchema = BaseMemoryItemSchema.extend({
  type: z.literal("episodic"),
  /** When the event happened (absolute, resolved against the message time), or null if unknown. */
  occurred_at: IsoDateSchema.nullable(),
  /**
   * How precise `occurred_at` is: `day`, or a coarser span starting at `occurred_at` (a week's
   * Monday, a month's or season's 1st, 1 January). @default "day"
   */
  occurred_precision: DatePrecisionSchema.default("day"),
  /** End (exclusive) of the span `occurred_at` starts; null when `occurred_at` is. Recall's time filter matches the whole span. @default null */
  occurred_end: IsoDateSchema.nullable().default(null),
  event_type: z.string(),
  actor: z.string(),
  summary: z.string(),
  details: z.string(),
});

export const SemanticItemSchema = BaseMemoryItemSchema.extend({
  type: z.literal("semantic"),
  /** The subject: a person, place, thing or concept. */
  name: z.string(),
  summary: z.string(),
  details: z.string(),
  /** Where the fact came from in words (speaker, document); `sources` has the message ids. */
  source: z.string(),
});

export const ProceduralItemSchema = BaseMemoryItemSchema.extend({
  type: z.literal("procedural"),
  entry_type: z.string(),
  summary: z.string(),
  steps: z.array(z.string()),
});

export const ResourceItemSchema = BaseMemoryItemSchema.extend({
  type: z.literal("resource"),
  title: z.string(),
  /** `link`, `file`, `image`, `document`. */
  resource_type: z.string(),
  summary: z.string(),
  content: z.string(),
  uri: z.string(),
});

export const SensitivitySchema = z.enum(["low", "medium", "high"]);

export const KnowledgeVaultItemSchema = BaseMemoryItemSchema.extend({
  type: z.literal("knowledge_vault"),
  /** `credential`, `api_key`, `email`, `phone`, `id_number`, `card_number`, `address`. */
  entry_type: z.string(),
  /** A description that is safe to show, e.g. "Ada's email address". */
  caption: z.string(),
  sensitivity: SensitivitySchema,
  /** The verbatim value. */
  secret: z.string(),
});

/** A memory item of any of the six types, discriminated by `type`. */
export const MemoryItemSchema = z.discriminatedUnion("type", [
  CoreItemSchema,
  EpisodicItemSchema,
  SemanticItemSchema,
  ProceduralItemSchema,
  ResourceItemSchema,
  KnowledgeVaultItemSchema,
]);

export type MemoryItem = z.infer<typeof MemoryItemSchema>;
export type CoreItem = z.infer<typeof CoreItemSchema>;
export type EpisodicItem = z.infer<typeof EpisodicItemSchema>;
export type SemanticItem = z.infer<typeof SemanticItemSchema>;
export type ProceduralItem = z.infer<typeof ProceduralItemSchema>;
export type ResourceItem = z.infer<typeof ResourceItemSchema>;
export type KnowledgeVaultItem = z.infer<typeof KnowledgeVaultItemSchema>;
export type MemoryItemOf<T extends MemoryItem["type"]> = Extract<MemoryItem, { type: T }>;

/** Fields a policy drafts for a new item; the agent fills ids, scope, times and counters. */
type Draft<T> = Omit<
  T,
  "id" | "user_id" | "agent_id" | "created_at" | "updated_at" | "access_count" | "last_accessed_at" | "valid_to" | "session_id"
> & { valid_to?: string | null; session_id?: string };
/** An episodic draft may leave its span out: a day from `occurred_at` (see `withEventSpan`). */
type EpisodicDraft = Omit<Draft<EpisodicItem>, "occurred_precision" | "occurred_end"> & Partial<Pick<EpisodicItem, "occurred_precision" | "occurred_end">>;

/**
 * A candidate memory item proposed by a policy, before reconciliation. `search_context` (optional,
 * not stored) is text around the item, e.g. the turn it answers, embedded together with `text` so
 * the item can be found by what it replies to ("contextual retrieval", Anthropic, 2024); it is
 * never shown and never counted as a source.
 */
export type Candidate = (
  | Draft<CoreItem>
  | EpisodicDraft
  | Draft<SemanticItem>
  | Draft<ProceduralItem>
  | Draft<ResourceItem>
  | Draft<KnowledgeVaultItem>
) & { search_context?: string };
export type CandidateOf<T extends MemoryItem["type"]> = Extract<Candidate, { type: T }>;
