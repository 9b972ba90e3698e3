import { z } from "zod";
import type { ChatModel, ModelCallSettings } from "../models/chat-model";
import type { ModelCallListener } from "../models/model-usage";
import { callStructured } from "../models/structured-call";
import { maskSensitiveValues } from "../sensitive/vault-detector";
import { isStopWord, words } from "../text/words";
import { deriveTopics } from "./derive-topics";
import type { RecallTopics } from "./recall-types";

/** Version of the active-retrieval prompt. */
export const TOPICS_PROMPT_VERSION = "topics-v2";

/** Name of the function the model calls with its search. */
export const TOPICS_TOOL_NAME = "search_memory";

/** Fewest and most search phrases the model may give; the prompt and the schema both read these. */
export const MIN_TOPICS = 1;
export const MAX_TOPICS = 5;
/** Most entities the model may name. */
export const MAX_ENTITIES = 10;

const ISO_DATE_FORMAT = "YYYY-MM-DD or an ISO 8601 date-time";

/** The system prompt of the call; its numbers come from {@link MIN_TOPICS} and {@link MAX_TOPICS}. */
export const TOPICS_SYSTEM_PROMPT = `You prepare a search of an AI assistant's long-term memory before it answers.
From the latest conversation turns, call ${TOPICS_TOOL_NAME} with:
- topics: ${MIN_TOPICS} to ${MAX_TOPICS} short search phrases for what the assistant should recall (people, places, things, events, with synonyms where useful);
- entities: up to ${MAX_ENTITIES} names of people, places and organisations involved;
- time_range: the period the question is about, { start, end } as ISO 8601 dates (${ISO_DATE_FORMAT}; start inclusive, end inclusive for a date) resolved against the current time, or null when it names none.
Values in square brackets such as [email] are redacted; do not guess them.`;

/** The model's answer (lenient: outside data); the limits are {@link MIN_TOPICS}, {@link MAX_TOPICS}, {@link MAX_ENTITIES}. */
export const TopicsAnswerSchema = z.object({
  topics: z
    .array(z.string().describe("One short search phrase."))
    .min(MIN_TOPICS)
    .max(MAX_TOPICS)
    .describe(`${MIN_TOPICS} to ${MAX_TOPICS} short search phrases for what to recall: people, places, things, events, with synonyms where useful.`),
  entities: z
    .array(z.string().describe("One name."))
    .max(MAX_ENTITIES)
    .nullish()
    .describe(`Up to ${MAX_ENTITIES} names of people, places and organisations involved; empty or null when none.`),
  time_range: z
    .object({
      start: z.string().describe(`First day of the period: ${ISO_DATE_FORMAT}, e.g. 2023-05-01.`),
      end: z.string().describe(`Last day of the period (inclusive): ${ISO_DATE_FORMAT}, e.g. 2023-05-31.`),
    })
    .nullish()
    .describe("The period the question is about, resolved against the current time; null when it names none."),
});

/** Options of {@link deriveTopicsWithModel}. */
export interface DeriveTopicsWithModelOptions {
  model: ChatModel;
  settings: ModelCallSettings;
  signal?: AbortSignal;
  onModelCall?: ModelCallListener;
}

/**
 * Active retrieval with a model (MIRIX, arXiv 2507.07957, section 3.3): one call turns the query
 * and the latest turns (masked by the vault detector) into search topics, entities and an optional
 * time range. The offline topics ({@link deriveTopics}) are kept, so the model's only add to them.
 *
 * @returns topics: `keywords` and `entities` joined from the offline derivation and the model's
 *   topics; `searchText` the query, the latest turns and the topics; `timeRange` the model's (ISO),
 *   else the offline one, or null.
 * @throws ModelError / ModelOutputError from the call.
 */
export async function deriveTopicsWithModel(query: string, recentTurns: string[], now: Date, options: DeriveTopicsWithModelOptions): Promise<RecallTopics> {
  const turns = recentTurns.slice(-4).map((turn) => maskSensitiveValues(turn).masked);
  const maskedQuery = maskSensitiveValues(query).masked;
  const user = `Current time: ${now.toISOString()}\n${turns.length > 0 ? `Latest turns:\n${turns.join("\n")}\n` : ""}Question: ${maskedQuery}`;
  const answer = await callStructured({
    model: options.model,
    schema: TopicsAnswerSchema,
    name: TOPICS_TOOL_NAME,
    system: TOPICS_SYSTEM_PROMPT,
    user,
    node: "activeRetrieval",
    settings: options.settings,
    signal: options.signal,
    onCall: options.onModelCall,
  });
  const offline = deriveTopics(query, recentTurns, now);
  const topics = answer.topics.map((topic) => topic.trim()).filter((topic) => topic !== "");
  const topicWords = topics.flatMap((topic) => words(topic)).filter((word) => !isStopWord(word) && word.length > 1);
  return {
    keywords: [...new Set([...offline.keywords, ...topicWords])],
    entities: [...new Set([...offline.entities, ...(answer.entities ?? []).map((entity) => entity.trim()).filter((entity) => entity !== "")])],
    timeRange: parseRange(answer.time_range ?? null) ?? offline.timeRange,
    searchText: [offline.searchText, ...topics].join("\n"),
  };
}

function parseRange(range: { start: string; end: string } | null): RecallTopics["timeRange"] {
  if (!range) return null;
  const toTime = (value: string) => Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  const start = toTime(range.start);
  let end = toTime(range.end);
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(range.end)) end += 24 * 3600 * 1000; // a date as end covers the whole day
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}
