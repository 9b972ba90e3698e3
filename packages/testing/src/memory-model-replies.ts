import type { StubChatReply, StubChatRequest } from "./openai-stub-server";

/** One message line of the ingest prompt, as the model sees it. */
export interface PromptMessage {
  id: string;
  timestamp: string;
  speaker: string;
  content: string;
}

/** The text of every message of a chat request, joined. */
export function requestText(request: StubChatRequest): string {
  return request.messages.map((message) => (typeof message.content === "string" ? message.content : JSON.stringify(message.content ?? ""))).join("\n");
}

/** The name of the tool a request forces (`record_memories`, `reconcile_memories`, `search_memory`), or "" for none. */
export function toolOf(request: StubChatRequest): string {
  const choice = request.tool_choice as { function?: { name?: string } } | undefined;
  return choice?.function?.name ?? request.tools?.[0]?.function?.name ?? "";
}

/** The batch's messages parsed back from the ingest prompt (the lines after "Messages to remember"). */
export function promptMessages(request: StubChatRequest): PromptMessage[] {
  const user = request.messages.find((message) => message.role === "user");
  const text = typeof user?.content === "string" ? user.content : "";
  const batch = text.split("Messages to remember")[1] ?? "";
  const lines: PromptMessage[] = [];
  for (const line of batch.split("\n")) {
    const match = /^\[([^\]]+)\] (\S+)(?: \([^)]*\))? ([^:]+): (.*)$/.exec(line);
    if (match) lines.push({ id: match[1]!, timestamp: match[2]!, speaker: match[3]!, content: match[4]! });
  }
  return lines;
}

/** Candidate ids (`C1`, ...) and, for each, its first stored neighbour id (`M1`, ...) in a reconciliation prompt. */
export function promptCollisions(request: StubChatRequest): { candidate: string; text: string; target: string }[] {
  const user = request.messages.find((message) => message.role === "user");
  const text = typeof user?.content === "string" ? user.content : "";
  const collisions: { candidate: string; text: string; target: string }[] = [];
  for (const block of text.split("\n\n")) {
    const head = /^(C\d+): (.*)$/m.exec(block);
    const neighbour = /^\s+(M\d+) /m.exec(block);
    if (head && neighbour) collisions.push({ candidate: head[1]!, text: head[2]!, target: neighbour[1]! });
  }
  return collisions;
}

/**
 * A deterministic stand-in for a good model: routes every batch to `episodic` and drafts one
 * event per message of a speaker other than "Assistant" (`<speaker>: <content>`), and one `semantic` fact for messages that state
 * where someone lives or works; reconciliation decides with `decide` (default: ADD); active
 * retrieval returns the question's words as one topic.
 */
export function memoryModelReplies(decide: (collision: { candidate: string; text: string; target: string }) => { action: string; text?: string | null } = () => ({ action: "ADD" })) {
  return (request: StubChatRequest, _recorded?: unknown): StubChatReply => {
    const tool = toolOf(request);
    if (tool === "record_memories") {
      const messages = promptMessages(request).filter((message) => message.speaker !== "Assistant");
      const episodic = messages.map((message) => ({
        text: `${message.speaker}: ${message.content}`,
        sources: [message.id],
        actor: message.speaker,
        summary: message.content.slice(0, 80),
        occurred_at: message.timestamp.slice(0, 10),
      }));
      const semantic = messages
        .filter((message) => /\b(live|lives|work|works)\b/i.test(message.content))
        .map((message) => ({ text: `${message.speaker} says: ${message.content}`, sources: [message.id], name: message.speaker, summary: message.content }));
      const memory_types = semantic.length > 0 ? ["episodic", "semantic"] : ["episodic"];
      return { toolCall: { arguments: { memory_types, episodic, semantic } } };
    }
    if (tool === "reconcile_memories") {
      const decisions = promptCollisions(request).map((collision) => {
        const decision = decide(collision);
        return { candidate: collision.candidate, action: decision.action, target: decision.action === "ADD" || decision.action === "NOOP" ? null : collision.target, text: decision.text ?? null };
      });
      return { toolCall: { arguments: { decisions } } };
    }
    if (tool === "search_memory") {
      const question = /Question: (.*)$/m.exec(requestText(request))?.[1] ?? "";
      return { toolCall: { arguments: { topics: [question], entities: [], time_range: null } } };
    }
    return { content: "stub reply" };
  };
}
