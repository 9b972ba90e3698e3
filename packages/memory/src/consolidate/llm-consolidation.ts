import { z } from "zod";
import type { ChatModel, ModelCallSettings } from "../models/chat-model";
import type { ModelCallListener } from "../models/model-usage";
import { callStructured } from "../models/structured-call";
import type { SemanticItem } from "../schema/memory-item";
import type { StoredMemoryItem } from "../store/memory-store";
import { normalizeText } from "../text/normalize-text";
import { isActive, unionSources, type WorkingItems } from "./consolidation-change";
import type { SessionToSummarize } from "./session-summaries";

/** A chat model and how to call it, for the model paths of a pass. */
export interface ConsolidationModel {
  model: ChatModel;
  settings: ModelCallSettings;
  onModelCall?: ModelCallListener;
  signal?: AbortSignal;
}

/** Most insights one reflection call may return. */
export const MAX_INSIGHTS = 5;
/** Most items shown to the reflection call (the highest-importance semantic and episodic items). */
const REFLECTION_ITEMS = 60;

const SessionSummarySchema = z.object({
  summary: z.string().trim().min(1).max(1200),
  /** Ids of the events the summary rests on. */
  event_ids: z.array(z.string()).nullish(),
});

const ReflectionSchema = z.object({
  insights: z
    .array(z.object({ text: z.string().trim().min(1).max(400), based_on: z.array(z.string()).min(1) }))
    .max(MAX_INSIGHTS),
});

/**
 * One model call (`summarize_session`) summarizing a session's events in a few sentences.
 * @returns the summary and the events it rests on (those the model cites; all when it cites none it was shown).
 * @throws ModelError, ModelOutputError as `callStructured` does.
 */
export async function summarizeSessionWithModel(session: SessionToSummarize, model: ConsolidationModel): Promise<{ text: string; basis: StoredMemoryItem[] }> {
  const lines = session.events.map((event) => `- [${event.id}] ${event.text}`).join("\n");
  const answer = await callStructured({
    model: model.model,
    schema: SessionSummarySchema,
    name: "summarize_session",
    system: "You summarize one conversation session for a long-term memory. Write at most three plain sentences that keep names, dates and facts; list the ids of the events you used.",
    user: `Events of session ${session.sessionId}:\n${lines}`,
    node: "summarize",
    settings: model.settings,
    signal: model.signal,
    onCall: model.onModelCall,
  });
  const cited = new Set(answer.event_ids ?? []);
  const basis = session.events.filter((event) => cited.has(event.id));
  return { text: answer.summary, basis: basis.length > 0 ? basis : session.events };
}

/**
 * One reflection call (`reflect`) per pass and user: higher-level insights drawn from the user's
 * most important items, each stored as a semantic item (`name` "insight", key `insight|<text>`)
 * with the sources of the items it rests on. Insights already stored (same normalized text) and
 * insights citing no shown item are dropped. At most {@link MAX_INSIGHTS}.
 *
 * @throws ModelError, ModelOutputError as `callStructured` does.
 */
export async function reflectWithModel(working: WorkingItems, model: ConsolidationModel, ids: { newId: () => string; now: string; embed: (texts: string[]) => Promise<number[][]> }): Promise<(SemanticItem & { vector: number[] })[]> {
  const shown = [...working.values()]
    .filter((item) => isActive(item) && (item.type === "semantic" || item.type === "episodic"))
    .sort((a, b) => b.importance - a.importance || a.created_at.localeCompare(b.created_at))
    .slice(0, REFLECTION_ITEMS);
  if (shown.length === 0) return [];
  const answer = await callStructured({
    model: model.model,
    schema: ReflectionSchema,
    name: "reflect",
    system: `You read a person's memories and write at most ${MAX_INSIGHTS} higher-level insights about them (motivations, patterns, relationships), each citing the ids of the memories it rests on. Only what the memories support.`,
    user: shown.map((item) => `- [${item.id}] ${item.text}`).join("\n"),
    node: "reflect",
    settings: model.settings,
    signal: model.signal,
    onCall: model.onModelCall,
  });
  const byId = new Map(shown.map((item) => [item.id, item]));
  const known = new Set([...working.values()].map((item) => normalizeText(item.text)));
  const insights = answer.insights
    .map((insight) => ({ text: insight.text, basis: insight.based_on.map((id) => byId.get(id)).filter((item): item is StoredMemoryItem => item !== undefined) }))
    .filter((insight) => insight.basis.length > 0 && !known.has(normalizeText(insight.text)));
  const vectors = await ids.embed(insights.map((insight) => insight.text));
  const first = shown[0]!;
  return insights.map((insight, index) => ({
    type: "semantic",
    id: ids.newId(),
    user_id: first.user_id,
    agent_id: first.agent_id,
    session_id: "",
    text: insight.text,
    created_at: ids.now,
    updated_at: ids.now,
    valid_from: insight.basis.map((item) => item.valid_from).sort().at(-1)!,
    valid_to: null,
    sources: unionSources(insight.basis),
    importance: Math.max(...insight.basis.map((item) => item.importance)),
    access_count: 0,
    last_accessed_at: null,
    key: `insight|${normalizeText(insight.text)}`,
    name: "insight",
    summary: insight.text,
    details: `reflection on ${insight.basis.length} memories`,
    source: "reflection",
    vector: vectors[index]!,
  }));
}
