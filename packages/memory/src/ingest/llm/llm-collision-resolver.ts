import type { ChatModel, ModelCallSettings } from "../../models/chat-model";
import type { ModelCallListener } from "../../models/model-usage";
import { callStructured } from "../../models/structured-call";
import { maskSensitiveValues } from "../../sensitive/vault-detector";
import type { CollisionDecision, CollisionResolver } from "../collision-resolver";
import { buildReconcileUserPrompt, RECONCILE_SYSTEM_PROMPT, RECONCILE_TOOL_NAME, ReconcileAnswerSchema } from "./reconcile-prompt";

/** What {@link createLlmCollisionResolver} needs. */
export interface LlmCollisionResolverOptions {
  model: ChatModel;
  settings: ModelCallSettings;
  /** Memory type of the agent, shown to the model. */
  memoryType: string;
  /** Graph node, for accounting. */
  node: string;
  signal?: AbortSignal;
  onModelCall?: ModelCallListener;
}

/**
 * A memory agent's collision resolver backed by one batched model call: every colliding candidate
 * of the agent and its near neighbours go in one request (short ids `C1`, `M1` instead of UUIDs;
 * every text masked with the vault detector), and one decision per candidate comes back.
 * Candidates the model leaves out are added.
 *
 * @throws ModelError / ModelOutputError from the call (see `callStructured`).
 */
export function createLlmCollisionResolver(options: LlmCollisionResolverOptions): CollisionResolver {
  return async (collisions) => {
    const memoryIds = new Map<string, string>();
    const aliasOf = new Map<string, string>();
    const entries = collisions.map((collision, position) => ({
      candidateId: `C${position + 1}`,
      text: maskSensitiveValues(collision.candidate.text).masked,
      neighbours: collision.neighbours.map((item) => {
        let alias = aliasOf.get(item.id);
        if (!alias) {
          alias = `M${aliasOf.size + 1}`;
          aliasOf.set(item.id, alias);
          memoryIds.set(alias, item.id);
        }
        return { id: alias, text: maskSensitiveValues(item.text).masked, validFrom: item.valid_from };
      }),
    }));
    const answer = await callStructured({
      model: options.model,
      schema: ReconcileAnswerSchema,
      name: RECONCILE_TOOL_NAME,
      system: RECONCILE_SYSTEM_PROMPT,
      user: buildReconcileUserPrompt(options.memoryType, entries),
      node: options.node,
      settings: options.settings,
      signal: options.signal,
      onCall: options.onModelCall,
    });
    const decisions: CollisionDecision[] = [];
    for (const decision of answer.decisions) {
      const position = Number(/^C(\d+)$/i.exec(decision.candidate.trim())?.[1] ?? NaN) - 1;
      const collision = collisions[position];
      if (!collision) continue;
      const target = decision.target ? memoryIds.get(decision.target.trim().toUpperCase()) ?? null : null;
      decisions.push({ index: collision.index, action: decision.action, targetId: target, text: decision.text?.trim() || null });
    }
    return decisions;
  };
}
