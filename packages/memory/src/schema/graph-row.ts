import { z } from "zod";
import { IsoDateSchema } from "./memory-item";
import { IdSchema } from "./scope";
import { numberArray } from "../util/number-array";

/** Kinds of entity node (docs/architecture.md, "Graph memory"). */
export const ENTITY_TYPES = ["person", "place", "organization", "pet", "thing", "event", "concept"] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Fields entities and relations share: scoping, provenance and bi-temporal validity. */
const GraphRowBaseSchema = z.object({
  id: IdSchema,
  user_id: IdSchema,
  /** Ids of the messages the row was drawn from (merged when the same row is extracted again). */
  sources: z.array(z.string()),
  created_at: IsoDateSchema,
  updated_at: IsoDateSchema,
  /** When the entity or fact started to hold (the time of the first message that stated it). */
  valid_from: IsoDateSchema,
  /** When it stopped holding (a contradicting relation), or null while it holds. */
  valid_to: IsoDateSchema.nullable(),
});

/** A node of a user's knowledge graph: a person, place, pet, ... named in the conversation. */
export const EntitySchema = GraphRowBaseSchema.extend({
  /** Display name, e.g. `Melanie`. */
  name: z.string().min(1),
  /** Other names of the same entity, normalized lower case (`mel`, `melanie`). */
  aliases: z.array(z.string()),
  entity_type: z.enum(ENTITY_TYPES),
  /** One line about the entity ("" when none). */
  summary: z.string(),
});
export type Entity = z.infer<typeof EntitySchema>;

/** A directed labelled edge `subject --predicate--> object`, e.g. `Melanie --has_child--> Sam`. */
export const RelationSchema = GraphRowBaseSchema.extend({
  subject_id: IdSchema,
  /** snake_case label, e.g. `lives_in`, `works_at`, `sister`, `has_pet`, `likes`. */
  predicate: z.string().regex(/^[a-z][a-z0-9_]*$/),
  object_id: IdSchema,
  /** The triplet as a sentence, e.g. `Melanie lives in Boston` (embedded as `vector`). */
  text: z.string().min(1),
});
export type Relation = z.infer<typeof RelationSchema>;

/** The two graph tables. */
export const GRAPH_TABLES = ["entities", "relations"] as const;
export type GraphTableName = (typeof GRAPH_TABLES)[number];

/** The row type of each graph table. */
export interface GraphRowOf {
  entities: Entity;
  relations: Relation;
}

/** A graph row with the vector it is stored with (entities: the name and summary; relations: `text`). */
export type StoredGraphRow<T extends GraphTableName> = GraphRowOf[T] & { vector: number[] };

/** Parses a row read from a graph table (the vector kept as given). */
export function parseGraphRow<T extends GraphTableName>(table: T, row: Record<string, unknown>): StoredGraphRow<T> {
  const schema = table === "entities" ? EntitySchema : RelationSchema;
  const vector = row.vector ?? [];
  // A plain or typed array (what the stores and the embedder give) is copied in a loop (`numberArray`): through its iterator, four times slower.
  return { ...(schema.parse(row) as GraphRowOf[T]), vector: Array.isArray(vector) || ArrayBuffer.isView(vector) ? numberArray(vector as ArrayLike<number>) : Array.from(vector as Iterable<number>, Number) };
}
