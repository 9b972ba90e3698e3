import { z } from "zod";
import { ModelOutputError, ValidationError } from "../../errors/engram-error";
import { chatModelId, ModelCallOptionsSchema, type ChatModel } from "../../models/chat-model";
import { callStructured } from "../../models/structured-call";
import type { StoredMessage } from "../../schema/message";
import type { DraftedCandidates, DraftOptions, IngestPolicy } from "../ingest-policy";
import { createOfflinePolicy } from "../offline/offline-policy";
import { maskSensitiveValues } from "../../sensitive/vault-detector";
import { buildIngestUserPrompt, ECHO_MARK, formatMessageLine, INGEST_SYSTEM_PROMPT, INGEST_TOOL_NAME } from "./ingest-prompt";
import { extractionToCandidates, extractionToTriplets } from "./llm-candidates";
import { LlmExtractionSchema } from "./llm-extraction-schema";
import { createLlmCollisionResolver } from "./llm-collision-resolver";
import { formatZodIssues } from "../../errors/zod-issues";

/** Options of {@link createLlmPolicy} besides the model (zod-validated; defaults in the schema). */
export const LlmPolicyOptionsSchema = ModelCallOptionsSchema.extend({
  /** Ask the model to reconcile real collisions (one batched call per agent that has any). @default true */
  reconcileWithModel: z.boolean().default(true),
  /** Earlier messages shown to the model for context (masked too). @default 4 */
  contextMessages: z.number().int().min(0).max(50).default(4),
}).strict();
/** What callers pass to {@link createLlmPolicy}. */
export type LlmPolicyOptions = z.input<typeof LlmPolicyOptionsSchema> & {
  /** Any LangChain chat model, e.g. `new ChatOpenAI({ model, configuration: { baseURL } })`. */
  model: ChatModel;
  /** Drafts the knowledge vault locally and takes over when the model's output stays invalid. @default createOfflinePolicy() */
  offline?: IngestPolicy;
};

/**
 * The LLM ingest policy: MIRIX's meta-manager and memory managers (arXiv 2507.07957) in one
 * routing-plus-drafting call per batch, instead of MIRIX's 4 to 9 calls.
 *
 * - Secrets stay local: the offline vault detector runs first; every message text (and caption)
 *   is masked (`[api_key]`, `[email]`, ...) before it is put in a prompt, and knowledge-vault
 *   items are drafted by the offline policy from the unmasked messages, never by the model.
 * - One call (`record_memories`, structured output validated by zod, one re-ask on invalid
 *   output) routes the batch and drafts typed candidates per chosen type, with absolute dates,
 *   named actors and the source message ids.
 * - Memory agents reconcile clear cases without the model; real collisions go to one batched
 *   call per agent (`reconcileCollisions`).
 * - Output still invalid after the re-ask: the batch is drafted by the offline policy and flagged
 *   through `onFallback`. Request failures (HTTP errors after bounded retries, timeouts) throw
 *   `ModelError`, so the batch stays pending with its error.
 *
 * @throws ValidationError for invalid options.
 * @example
 * const policy = createLlmPolicy({ model: new ChatOpenAI({ model: "gpt-4o-mini" }) });
 * const engram = await Engram.open({ path: "./.engram", policy });
 */
export function createLlmPolicy(options: LlmPolicyOptions): IngestPolicy {
  const { model, offline: offlineOption, ...rest } = options;
  const parsed = LlmPolicyOptionsSchema.safeParse(rest);
  if (!parsed.success) {
    throw new ValidationError("invalid LLM policy options", { issues: formatZodIssues(parsed.error.issues) });
  }
  const { reconcileWithModel, contextMessages, ...settings } = parsed.data;
  const offline = offlineOption ?? createOfflinePolicy();
  const name = `llm:${chatModelId(model)}`;

  return {
    name,
    async draft(messages: StoredMessage[], draftOptions: DraftOptions = {}): Promise<DraftedCandidates> {
      const local = await offline.draft(messages, { signal: draftOptions.signal, previousMessages: draftOptions.previousMessages });
      // Replies restating recalled memories are context, never drafted from (nor citable).
      const fresh = messages.filter((message) => message.echoes_memory !== true);
      if (fresh.length === 0) return local;
      const batchLines = fresh.map((message) => formatMessageLine(message, mask(message.content), mask(message.image_caption)));
      const contextLines = [...(draftOptions.previousMessages ?? []).slice(-contextMessages), ...messages.filter((message) => message.echoes_memory === true)].map(
        (message) => `${formatMessageLine(message, mask(message.content), "")}${message.echoes_memory === true ? ` ${ECHO_MARK}` : ""}`,
      );
      try {
        const extraction = await callStructured({
          model,
          schema: LlmExtractionSchema,
          name: INGEST_TOOL_NAME,
          system: INGEST_SYSTEM_PROMPT,
          user: buildIngestUserPrompt(batchLines, contextLines),
          node: "metaManager",
          settings,
          signal: draftOptions.signal,
          onCall: draftOptions.onModelCall,
        });
        const drafted = extractionToCandidates(extraction, fresh, (warning) => draftOptions.onWarning?.(warning));
        // Relations come from the same call; a model that drafts none leaves the offline ones.
        const graph = extraction.relations == null ? local.graph : extractionToTriplets(extraction, fresh, (warning) => draftOptions.onWarning?.(warning));
        return { ...drafted, knowledge_vault: local.knowledge_vault, graph };
      } catch (error) {
        if (!ModelOutputError.isInstance(error)) throw error;
        draftOptions.onFallback?.(`${name} output invalid after a re-ask (${error.issues.slice(0, 2).join("; ")}); batch drafted by the offline policy`);
        return local;
      }
    },
    reconcileCollisions(type, collisionOptions) {
      if (!reconcileWithModel || type === "knowledge_vault") return undefined;
      return createLlmCollisionResolver({ model, settings, memoryType: type, node: collisionOptions.node, signal: collisionOptions.signal, onModelCall: collisionOptions.onModelCall });
    },
  };
}

function mask(text: string): string {
  return text === "" ? "" : maskSensitiveValues(text).masked;
}
