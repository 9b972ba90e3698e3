import type { StoredMessage } from "../../schema/message";

/** Version of the routing-and-drafting prompt; recorded with each run so results can be compared. */
export const INGEST_PROMPT_VERSION = "ingest-v1";

/** Name of the function the model calls with its answer. */
export const INGEST_TOOL_NAME = "record_memories";

/**
 * System prompt of the meta-manager's one call. It merges MIRIX's meta-memory manager (routing)
 * with the extraction instructions of its six memory managers (arXiv 2507.07957, section 3.2),
 * minus the knowledge vault, which is drafted locally.
 */
export const INGEST_SYSTEM_PROMPT = `You are the memory manager of a long-term memory system for an AI assistant.
From a batch of conversation messages, decide which memory types the batch touches and draft the memories worth keeping, by calling ${INGEST_TOOL_NAME} once.

Memory types:
- core: who the user is (label "human") and how the assistant should behave (label "persona"); short, stable facts.
- episodic: time-stamped events: what happened, when, to whom. One item per event.
- semantic: facts about people, places, things and concepts (not events).
- procedural: how to do things: workflows and step lists.
- resource: documents, files, links and images shared in the conversation.

Rules:
- Write every memory in the third person and name the actors ("Ada moved to Lisbon", never "I" or "the user").
- Resolve relative dates ("yesterday", "last week", "next month") to absolute dates against the time of the message that says them; write them as dates (e.g. "on 14 April 2024").
- sources lists the ids of the messages a memory is drawn from, and only those.
- Values in square brackets such as [email], [api_key], [credential], [phone] are redacted secrets: keep the placeholder as it is, never guess the value, and do not draft memories whose only content is a secret.
- Skip greetings, thanks and filler. Leave a type out when the batch has nothing for it.`;

/** One message as the model sees it: `[id] 2024-04-15T10:20:00.000Z (session_2) Ada: text`. */
export function formatMessageLine(message: StoredMessage, content: string, caption: string): string {
  const session = message.session_id === "" ? "" : ` (${message.session_id})`;
  const image = caption === "" ? "" : ` [shares an image: ${caption}]`;
  return `[${message.id}] ${message.timestamp}${session} ${message.speaker}: ${content}${image}`;
}

/** The user turn of the call: earlier messages for context, then the batch. Texts must be masked already. */
export function buildIngestUserPrompt(batchLines: string[], contextLines: string[]): string {
  const context = contextLines.length === 0 ? "" : `Earlier messages, for context only (do not draft from them):\n${contextLines.join("\n")}\n\n`;
  return `${context}Messages to remember (id, time, speaker, text):\n${batchLines.join("\n")}`;
}
