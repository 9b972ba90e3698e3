import type { Candidate, DraftedCandidates, IngestPolicy, MemoryType, StoredMessage } from "../src/index";
import { MEMORY_TYPES } from "../src/index";

/** A policy whose drafts are computed by `script` from the batch: for tests of the agents. */
export function scriptedPolicy(script: (messages: StoredMessage[]) => Candidate[]): IngestPolicy & { calls: StoredMessage[][] } {
  const calls: StoredMessage[][] = [];
  return {
    name: "scripted",
    calls,
    async draft(messages) {
      calls.push(messages);
      const drafts = Object.fromEntries(MEMORY_TYPES.map((type) => [type, [] as Candidate[]])) as unknown as DraftedCandidates;
      for (const candidate of script(messages)) drafts[candidate.type as MemoryType].push(candidate);
      return drafts;
    },
  };
}

/** A semantic fact candidate drawn from one message. */
export function fact(message: StoredMessage, text: string, key = ""): Candidate {
  return {
    type: "semantic",
    text,
    name: message.speaker,
    summary: text,
    details: "",
    source: message.speaker,
    sources: [message.id],
    valid_from: message.timestamp,
    importance: 0.5,
    key,
  };
}
