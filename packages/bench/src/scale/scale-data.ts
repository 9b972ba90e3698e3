import type { Embedder, LocomoSample, MemoryItem } from "@engram/memory";

/** Given names the speakers of copy N are renamed to, so copies are distinct users with distinct entities. */
const NAMES = ["Avery", "Blake", "Casey", "Devon", "Emery", "Finley", "Harper", "Jordan", "Kendall", "Logan", "Morgan", "Parker", "Quinn", "Reese", "Rowan", "Sawyer"];

/**
 * A copy of a LoCoMo sample as another user (`<sample_id>-copy<n>`), with each speaker's name
 * replaced, in messages and questions, by a name of its own for that copy (`Caroline` →
 * `Harper7`), so the copies' entities do not collide.
 */
export function renameSample(sample: LocomoSample, copy: number): LocomoSample {
  const speakers = [...new Set(sample.messages.map((message) => message.speaker).filter((speaker): speaker is string => typeof speaker === "string" && speaker.length > 0))];
  const renames = new Map(speakers.map((speaker, index) => [speaker, `${NAMES[(copy * speakers.length + index) % NAMES.length]}${copy}`]));
  const pattern = speakers.length > 0 ? new RegExp(`\\b(${speakers.map((speaker) => speaker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})\\b`, "g") : null;
  const rename = (text: string) => (pattern ? text.replace(pattern, (name) => renames.get(name) ?? name) : text);
  return {
    ...sample,
    sample_id: `${sample.sample_id}-copy${copy}`,
    messages: sample.messages.map((message) => ({ ...message, content: rename(message.content), ...(message.speaker ? { speaker: renames.get(message.speaker) ?? message.speaker } : {}) })),
    questions: sample.questions.map((question) => ({ ...question, question: rename(question.question), answer: rename(String(question.answer)) })),
  };
}

const SUBJECTS = ["the garden", "a new job", "the marathon", "a trip to Lisbon", "the book club", "a guitar lesson", "the dentist", "a birthday party", "the museum", "a hiking trail", "the bakery", "a science fair"];
const VERBS = ["talked about", "visited", "planned", "finished", "started", "cancelled", "enjoyed", "worried about", "prepared for", "celebrated"];
const DETAILS = ["with friends", "after work", "on the weekend", "with the kids", "in the rain", "before dinner", "for the first time", "again", "with a neighbour", "early in the morning"];

/**
 * `count` synthetic episodic items of one synthetic user (`synthetic-<user>`), dated through 2023,
 * embedded with `embedder`. Deterministic for the same arguments.
 */
export async function syntheticEpisodicItems(user: number, count: number, embedder: Embedder): Promise<(MemoryItem & { vector: number[] })[]> {
  const userId = `synthetic-${user}`;
  const items = Array.from({ length: count }, (_, index) => {
    const seed = user * 7919 + index * 104729;
    const at = new Date(Date.UTC(2023, 0, 1) + (seed % 365) * 86_400_000).toISOString();
    const text = `User ${user} ${VERBS[seed % VERBS.length]} ${SUBJECTS[(seed >> 3) % SUBJECTS.length]} ${DETAILS[(seed >> 5) % DETAILS.length]} (note ${index}).`;
    return {
      type: "episodic" as const,
      id: `${userId}-e${index}`,
      user_id: userId,
      agent_id: "engram",
      session_id: "",
      text,
      created_at: at,
      updated_at: at,
      valid_from: at,
      valid_to: null,
      sources: [`S${user}:${index}`],
      importance: 0.5,
      access_count: 0,
      last_accessed_at: null,
      key: "",
      occurred_at: at,
      occurred_precision: "day" as const,
      occurred_end: null,
      event_type: "event",
      actor: userId,
      summary: text,
      details: "",
    };
  });
  const vectors = await embedder.embedMany(items.map((item) => item.text));
  return items.map((item, index) => ({ ...item, vector: vectors[index]! }));
}
