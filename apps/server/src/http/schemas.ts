import { z } from "@hono/zod-openapi";
import { MAX_MESSAGE_CHARS, MEMORY_TYPES } from "@engram/memory";

// The request and response shapes of the REST API. They are declared here, with @hono/zod-openapi's
// `z`, so that `/openapi.json` is generated from the same schemas that validate the requests.

// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters in ids is the point of this check
const Id = z.string().min(1).max(512).regex(/^[^\u0000-\u001f\u007f\uFEFF]+$/, "must not contain control characters");

export const MessageBodySchema = z
  .object({
    id: Id.optional(),
    role: z.enum(["user", "assistant", "system", "tool"]).default("user"),
    content: z.string().min(1).max(MAX_MESSAGE_CHARS),
    speaker: z.string().max(200).optional(),
    timestamp: z.iso.datetime({ offset: true }).optional(),
    session: Id.optional(),
    image_caption: z.string().max(10_000).optional(),
    image_url: z.string().max(10_000).optional(),
  })
  .strict()
  .openapi("Message");

export const AddMessagesBodySchema = z.object({ messages: z.array(MessageBodySchema).min(1).max(1000) }).strict().openapi("AddMessagesRequest");

const ActionCounts = z.record(z.string(), z.number().int());
export const AddResultSchema = z
  .object({
    messages: z.object({ received: z.number().int(), stored: z.number().int(), skipped: z.number().int() }),
    actions: ActionCounts,
    byType: z.record(z.string(), ActionCounts),
    durationMs: z.number(),
    warnings: z.array(z.string()),
    pending: z.number().int().optional(),
  })
  .openapi("AddResult");

export const RecallBodySchema = z
  .object({ query: z.string().trim().min(1).max(10_000), budget: z.number().int().min(50).max(1_000_000).default(1500) })
  .strict()
  .openapi("RecallRequest");

export const RecallResponseSchema = z
  .object({
    context: z.string(),
    tokens: z.number().int().openapi({ description: "tokens in context (cl100k_base)" }),
    items: z.array(z.object({ id: z.string(), type: z.enum(MEMORY_TYPES), text: z.string(), sources: z.array(z.string()), score: z.number() })),
  })
  .openapi("RecallResult");

export const MemoryTypeParam = z.enum(MEMORY_TYPES);

export const ListQuerySchema = z.object({
  type: MemoryTypeParam.optional(),
  search: z.string().trim().min(1).max(10_000).optional().openapi({ description: "hybrid search instead of newest first" }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  include_invalid: z.enum(["true", "false"]).default("false").openapi({ description: "also list items whose valid_to has passed" }),
  user: Id.optional().openapi({ description: "whose memory (admin tokens only); default: the token's user" }),
});

export const UserQuerySchema = z.object({ user: Id.optional().openapi({ description: "whose memory (admin tokens only); default: the token's user" }) });

export const MemoryItemResponseSchema = z
  .object({
    id: z.string(),
    type: z.enum(MEMORY_TYPES),
    user_id: z.string(),
    text: z.string(),
    created_at: z.string(),
    updated_at: z.string(),
    valid_from: z.string(),
    valid_to: z.string().nullable(),
    sources: z.array(z.string()),
    importance: z.number(),
  })
  .catchall(z.unknown())
  .openapi("MemoryItem", { description: "a memory item with its type's fields; a high-sensitivity vault secret shows as [withheld]" });

export const MemoryListSchema = z.object({ items: z.array(MemoryItemResponseSchema), total: z.number().int(), offset: z.number().int(), limit: z.number().int() }).openapi("MemoryList");

export const SourceMessageSchema = z
  .object({ id: z.string(), role: z.string(), speaker: z.string(), content: z.string(), timestamp: z.string(), session_id: z.string() })
  .openapi("SourceMessage");

export const MemoryDetailSchema = z.object({ item: MemoryItemResponseSchema, messages: z.array(SourceMessageSchema) }).openapi("MemoryDetail");

export const MemoryPatchBodySchema = z
  .object({
    text: z.string().trim().min(1).max(MAX_MESSAGE_CHARS).optional(),
    importance: z.number().min(0).max(1).optional(),
    valid_to: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "give at least one of text, importance, valid_to")
  .openapi("MemoryPatch");

export const HistoryResponseSchema = z
  .object({
    items: z.array(
      z.object({ id: z.string(), memory_id: z.string(), event: z.string(), before: z.string().nullable(), after: z.string().nullable(), cause: z.string(), sources: z.array(z.string()), created_at: z.string() }),
    ),
  })
  .openapi("History");

export const StatsResponseSchema = z.record(z.string(), z.number().int()).openapi("Stats");

export const IdParamSchema = z.object({ id: Id.openapi({ param: { name: "id", in: "path" } }) });

export const ProblemSchema = z
  .object({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string(), issues: z.array(z.string()).optional() })
  .openapi("Problem", { description: "RFC 9457 problem details; title is the error name" });

export const MeResponseSchema = z.object({ user_id: z.string(), token_id: z.string(), scopes: z.array(z.enum(["read", "write", "admin"])) }).openapi("Me");
