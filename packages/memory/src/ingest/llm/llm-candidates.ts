import { DATE_PRECISIONS, withEventSpan, type DatePrecision } from "../../schema/date-span";
import type { Candidate } from "../../schema/memory-item";
import type { StoredMessage } from "../../schema/message";
import type { DraftedCandidates } from "../ingest-policy";
import { MODEL_DRAFTED_TYPES, type LlmExtraction } from "./llm-extraction-schema";
import { ENTITY_TYPES, type EntityType } from "../../schema/graph-row";
import type { TripletDraft } from "../../graph/triplet-draft";

/** Size cap (`limit`) of core blocks drafted by the model, in characters. */
const CORE_LIMIT = 1000;
const DEFAULT_IMPORTANCE = 0.5;

/**
 * Turns the model's extraction into candidates: keeps only sources that are ids of the batch
 * (honest sources; a candidate left with none is dropped and reported), sets `valid_from` to the
 * time of its latest source message, and normalizes dates and keys.
 *
 * Routing: a type's candidates are kept when the type is in `memory_types` or the model drafted
 * items for it (a model that drafts but forgets to route is taken at its items).
 */
export function extractionToCandidates(extraction: LlmExtraction, messages: StoredMessage[], warn: (warning: string) => void): Omit<DraftedCandidates, "knowledge_vault"> {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const drafted: Omit<DraftedCandidates, "knowledge_vault"> = { core: [], episodic: [], semantic: [], procedural: [], resource: [] };
  for (const type of MODEL_DRAFTED_TYPES) {
    for (const draft of extraction[type] ?? []) {
      const sources = [...new Set(draft.sources.filter((id) => byId.has(id)))];
      if (sources.length === 0) {
        warn(`model drafted a ${type} memory citing no message of the batch (${draft.sources.join(", ")}); dropped`);
        continue;
      }
      const validFrom = sources.map((id) => byId.get(id)!.timestamp).sort().at(-1)!;
      const base = {
        text: draft.text.trim(),
        sources,
        valid_from: validFrom,
        importance: draft.importance ?? DEFAULT_IMPORTANCE,
        key: (draft.key ?? "").trim().toLowerCase(),
        session_id: byId.get(sources[0]!)!.session_id,
      };
      drafted[type].push(toCandidate(type, base, draft));
    }
  }
  return drafted;
}

type Base = Pick<Candidate, "text" | "sources" | "valid_from" | "importance" | "key"> & { session_id: string };

function toCandidate(type: (typeof MODEL_DRAFTED_TYPES)[number], base: Base, draft: Record<string, unknown>): Candidate {
  const text = (field: string): string => (typeof draft[field] === "string" ? (draft[field] as string).trim() : "");
  switch (type) {
    case "core":
      return { ...base, type, label: text("label") || "human", value: text("value").slice(0, CORE_LIMIT), limit: CORE_LIMIT };
    case "episodic":
      return { ...base, type, ...withEventSpan(isoOrNull(text("occurred_at")), precisionOf(draft.occurred_precision)), event_type: text("event_type") || "event", actor: text("actor"), summary: text("summary"), details: text("details") };
    case "semantic":
      return { ...base, type, name: text("name"), summary: text("summary"), details: text("details"), source: "conversation" };
    case "procedural":
      return { ...base, type, entry_type: text("entry_type") || "workflow", summary: text("summary"), steps: (draft.steps as string[]).map((step) => step.trim()) };
    case "resource":
      return { ...base, type, title: text("title"), resource_type: text("resource_type") || "document", summary: text("summary"), content: text("content"), uri: text("uri") };
  }
}

function precisionOf(value: unknown): DatePrecision {
  return DATE_PRECISIONS.find((precision) => precision === value) ?? "day";
}

/** An ISO date-time for a model-written date (`2024-04-14` or a date-time), or null when unparseable. */
function isoOrNull(value: string): string | null {
  if (value === "") return null;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

/**
 * The model's relations as triplet drafts (docs/architecture.md, "Graph memory"): honest sources
 * (a relation citing no message of the batch is dropped and reported), `valid_from` the time of its
 * latest source, predicates in snake_case, unknown entity types read as `thing`.
 */
export function extractionToTriplets(extraction: LlmExtraction, messages: StoredMessage[], warn: (warning: string) => void): TripletDraft[] {
  const byId = new Map(messages.map((message) => [message.id, message]));
  const triplets: TripletDraft[] = [];
  for (const relation of extraction.relations ?? []) {
    const sources = [...new Set(relation.sources.filter((id) => byId.has(id)))];
    const predicate = relation.predicate.trim().toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").replace(/^(\d)/, "p_$1").slice(0, 40);
    if (sources.length === 0 || predicate === "") {
      warn(`model drafted a relation ${relation.subject} ${relation.predicate} ${relation.object} ${sources.length === 0 ? "citing no message of the batch" : "without a predicate"}; dropped`);
      continue;
    }
    const subject = relation.subject.trim();
    const object = relation.object.trim();
    triplets.push({
      subject: { name: subject, type: entityType(relation.subject_type) },
      predicate,
      object: { name: object, type: entityType(relation.object_type) },
      text: `${subject} ${predicate.replace(/_/g, " ")} ${object}`.slice(0, 300),
      sources,
      valid_from: sources.map((id) => byId.get(id)!.timestamp).sort().at(-1)!,
    });
  }
  return triplets;
}

function entityType(value: string | null | undefined): EntityType {
  const lower = (value ?? "").trim().toLowerCase();
  return (ENTITY_TYPES as readonly string[]).includes(lower) ? (lower as EntityType) : "thing";
}
