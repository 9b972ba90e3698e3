import type { LocomoSample } from "@engram/memory";

/**
 * The sample cut to its first `count` sessions (in order of appearance): their messages, and only
 * the questions whose evidence lies entirely in them (a question with no evidence is kept only
 * when the whole conversation is kept), so recall is measured on what was ingested.
 */
export function firstSessions(sample: LocomoSample, count: number): LocomoSample {
  const sessions: string[] = [];
  for (const message of sample.messages) if (!sessions.includes(message.session_id)) sessions.push(message.session_id);
  if (sessions.length <= count) return sample;
  const kept = new Set(sessions.slice(0, count));
  const messages = sample.messages.filter((message) => kept.has(message.session_id));
  const ids = new Set(messages.map((message) => message.id));
  const questions = sample.questions.filter((question) => question.evidence.length > 0 && question.evidence.every((id) => ids.has(id)));
  return { ...sample, messages, questions };
}
