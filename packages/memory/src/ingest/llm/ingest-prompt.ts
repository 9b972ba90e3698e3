import type { StoredMessage } from "../../schema/message";
import { speakerName, UNNAMED_USER } from "../speaker-name";

/** Version of the routing-and-drafting prompt; recorded with each run so results can be compared. */
export const INGEST_PROMPT_VERSION = "ingest-v3";

/** Name of the function the model calls with its answer. */
export const INGEST_TOOL_NAME = "record_memories";

/**
 * System prompt of the meta-manager's one call. It merges MIRIX's meta-memory manager (routing)
 * with the extraction instructions of its six memory managers (arXiv 2507.07957, section 3.2),
 * minus the knowledge vault, which is drafted locally.
 */
export const INGEST_SYSTEM_PROMPT = `You are the memory manager of a long-term memory system for an AI assistant.
From a batch of conversation messages, decide which memory types the batch touches and draft the memories worth keeping, by calling ${INGEST_TOOL_NAME} once.

Speakers: every speaker other than "assistant" is a person. A conversation may be between the user and the assistant, or between two or more people with no assistant at all; treat every person alike and keep facts about each of them, under their own name.

Memory types:
- core: short, stable facts about a person in the conversation (label "human", naming the person: one person's facts never go under another's name), and instructions to the assistant on how it should behave (label "persona"). Use "persona" only for what someone tells the assistant to do or be; a conversation without an assistant has no persona.
- episodic: time-stamped events: what happened, when, to whom. One item per event.
- semantic: facts about people, places, things and concepts (not events).
- procedural: how to do things: workflows and step lists.
- resource: documents, files, links and images shared in the conversation.
Also list in relations the relations between named entities the batch states (Melanie lives_in Boston, Melanie child "Melanie's kids", "Melanie's kids" likes dinosaurs), for the knowledge graph.

Rules:
- Write every memory in the third person and name the actors by the speaker names shown ("Ada moved to Lisbon", never "I" or "the user" when the name is known). A speaker shown as "${UNNAMED_USER}" has not told their name: write "${UNNAMED_USER.toLowerCase()}", or their name once they say it.
- Resolve relative dates against the time of the message that says them and write them as absolute dates, no more precise than said: "yesterday" becomes a day ("on 14 April 2024"); "last week" the week ("the week of 8 April 2024", occurred_precision week); "last month" the month ("March 2024", month); "last summer" the season ("summer 2023", season); "last year" the year ("2023", year). Never invent a day for a coarser phrase.
- Do not draft from assistant replies that restate memories the assistant recalled (they are stored already, citing the original messages); draft only what such a reply adds that is new. Messages marked (restates recalled memories) are shown for context only.
- sources lists the ids of the messages a memory is drawn from, and only those.
- Values in square brackets such as [email], [api_key], [credential], [phone] are redacted secrets: keep the placeholder as it is, never guess the value, and do not draft memories whose only content is a secret.
- Skip greetings, thanks and filler. Leave a type out when the batch has nothing for it.`;

/** One message as the model sees it: `[id] 2024-04-15T10:20:00.000Z (session_2) Ada: text`, named by {@link speakerName}. */
export function formatMessageLine(message: StoredMessage, content: string, caption: string): string {
  const session = message.session_id === "" ? "" : ` (${message.session_id})`;
  const image = caption === "" ? "" : ` [shares an image: ${caption}]`;
  return `[${message.id}] ${message.timestamp}${session} ${speakerName(message)}: ${content}${image}`;
}

/** Marks the line of a reply that restates recalled memories (shown for context only). */
export const ECHO_MARK = "(restates recalled memories)";

/** The user turn of the call: earlier messages (and echoes) for context, then the batch. Texts must be masked already. */
export function buildIngestUserPrompt(batchLines: string[], contextLines: string[]): string {
  const context = contextLines.length === 0 ? "" : `Earlier messages, for context only (do not draft from them):\n${contextLines.join("\n")}\n\n`;
  return `${context}Messages to remember (id, time, speaker, text):\n${batchLines.join("\n")}`;
}
