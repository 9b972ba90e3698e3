import { z } from "zod";
import { RECONCILE_ACTIONS } from "../add-types";

/** Version of the reconciliation prompt. */
export const RECONCILE_PROMPT_VERSION = "reconcile-v1";

/** Name of the function the model calls with its decisions. */
export const RECONCILE_TOOL_NAME = "reconcile_memories";

/**
 * System prompt of a memory agent's one batched reconciliation call (Mem0's update phase, arXiv
 * 2504.19413 section 2.1, with INVALIDATE for facts that stopped holding and MERGE for repeats).
 */
export const RECONCILE_SYSTEM_PROMPT = `You maintain one store of an AI assistant's long-term memory.
Each new candidate memory below collides with similar stored memories. For every candidate, call ${RECONCILE_TOOL_NAME} with one decision:
- ADD: it is new information; store it beside the others.
- UPDATE: it refines or corrects stored memory <target> about the same thing; rewrite the target (give the new text).
- INVALIDATE: it says stored memory <target> no longer holds (a moved home, a changed job); the target is ended and the candidate stored.
- MERGE: it says the same as stored memory <target>, perhaps with a detail more; fold it in (give the merged text, or null to keep the target's).
- NOOP: it adds nothing.
Values in square brackets such as [email] or [api_key] are redacted; keep them as they are.`;

/** The model's answer: one decision per candidate, by the short ids of the prompt (C1, M1, ...). */
export const ReconcileAnswerSchema = z.object({
  decisions: z.array(
    z.object({
      candidate: z.string().describe("Candidate id, e.g. C1."),
      action: z.enum(RECONCILE_ACTIONS),
      target: z.string().nullish().describe("Stored memory id (e.g. M2) for UPDATE, INVALIDATE and MERGE; null otherwise."),
      text: z.string().nullish().describe("New text for UPDATE or MERGE; null to keep the existing one."),
    }),
  ),
});
export type ReconcileAnswer = z.output<typeof ReconcileAnswerSchema>;

/** One candidate with its neighbours, texts already masked, under short ids. */
export interface ReconcilePromptEntry {
  candidateId: string;
  text: string;
  neighbours: { id: string; text: string; validFrom: string }[];
}

/** The user turn of the reconciliation call. */
export function buildReconcileUserPrompt(memoryType: string, entries: ReconcilePromptEntry[]): string {
  const blocks = entries.map((entry) => {
    const neighbours = entry.neighbours.map((item) => `  ${item.id} (since ${item.validFrom.slice(0, 10)}): ${item.text}`).join("\n");
    return `${entry.candidateId}: ${entry.text}\n  stored memories it collides with:\n${neighbours}`;
  });
  return `Memory type: ${memoryType}\n\n${blocks.join("\n\n")}`;
}
