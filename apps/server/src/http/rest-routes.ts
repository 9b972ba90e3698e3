import { createRoute, type OpenAPIHono, type z } from "@hono/zod-openapi";
import type { Engram, MessageInput } from "@engram/memory";
import { actingUser, type AuthEnv } from "../auth/bearer-auth";
import { toHistoryView, toItemView, toRecallJson, toSourceMessage } from "./memory-views";
import {
  AddMessagesBodySchema,
  AddResultSchema,
  HistoryResponseSchema,
  IdParamSchema,
  ListQuerySchema,
  MemoryDetailSchema,
  MemoryItemResponseSchema,
  MemoryListSchema,
  MemoryPatchBodySchema,
  MeResponseSchema,
  ProblemSchema,
  RecallBodySchema,
  RecallResponseSchema,
  StatsResponseSchema,
  UserQuerySchema,
} from "./schemas";

const security = [{ bearer: [] }];
const problems = Object.fromEntries(
  [
    [400, "invalid request (ValidationError)"],
    [401, "missing or invalid bearer token"],
    [403, "the token lacks the scope, or names another user without admin"],
    [404, "no memory item with this id for this user (NotFoundError)"],
    [413, "request body over the size limit"],
    [429, "too many failed authentication attempts"],
  ].map(([status, description]) => [status, { description, content: { "application/problem+json": { schema: ProblemSchema } } }]),
);
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });
const body = <T extends z.ZodType>(schema: T) => ({ required: true, content: { "application/json": { schema } } });

const routes = {
  me: createRoute({ method: "get", path: "/v1/me", summary: "Who the token acts for", security, request: { query: UserQuerySchema }, responses: { 200: json(MeResponseSchema, "the acting user, the token's id and scopes"), ...problems } }),
  addMessages: createRoute({ method: "post", path: "/v1/messages", summary: "Add messages (ingest)", security, request: { query: UserQuerySchema, body: body(AddMessagesBodySchema) }, responses: { 200: json(AddResultSchema, "the AddResult"), ...problems } }),
  recall: createRoute({ method: "post", path: "/v1/recall", summary: "Recall a packed context for a query", security, request: { query: UserQuerySchema, body: body(RecallBodySchema) }, responses: { 200: json(RecallResponseSchema, "the same JSON as engram recall --json"), ...problems } }),
  list: createRoute({ method: "get", path: "/v1/memories", summary: "List or search memory items", security, request: { query: ListQuerySchema }, responses: { 200: json(MemoryListSchema, "memory items, newest first or best first"), ...problems } }),
  get: createRoute({ method: "get", path: "/v1/memories/{id}", summary: "A memory item with its source messages", security, request: { params: IdParamSchema, query: UserQuerySchema }, responses: { 200: json(MemoryDetailSchema, "the item"), ...problems } }),
  patch: createRoute({ method: "patch", path: "/v1/memories/{id}", summary: "Edit or invalidate a memory item", security, request: { params: IdParamSchema, query: UserQuerySchema, body: body(MemoryPatchBodySchema) }, responses: { 200: json(MemoryItemResponseSchema, "the item after the change"), ...problems } }),
  delete: createRoute({ method: "delete", path: "/v1/memories/{id}", summary: "Delete a memory item", security, request: { params: IdParamSchema, query: UserQuerySchema }, responses: { 204: { description: "deleted" }, ...problems } }),
  history: createRoute({ method: "get", path: "/v1/memories/{id}/history", summary: "Every change to a memory item", security, request: { params: IdParamSchema, query: UserQuerySchema }, responses: { 200: json(HistoryResponseSchema, "oldest first"), ...problems } }),
  stats: createRoute({ method: "get", path: "/v1/stats", summary: "Rows per table for the user", security, request: { query: UserQuerySchema }, responses: { 200: json(StatsResponseSchema, "rows per table"), ...problems } }),
  export: createRoute({ method: "post", path: "/v1/export", summary: "Export the user's messages, memories and history (JSONL, secrets in clear)", security, request: { query: UserQuerySchema }, responses: { 200: { description: "engram export JSONL", content: { "application/x-ndjson": { schema: { type: "string" } } } }, ...problems } }),
  forget: createRoute({ method: "delete", path: "/v1/users/me", summary: "Forget the user: delete every row and prune old versions", security, request: { query: UserQuerySchema }, responses: { 200: json(StatsResponseSchema, "rows deleted per table"), ...problems } }),
};

/**
 * Registers the REST routes on `app`. Every handler acts for {@link actingUser}: the token's user
 * (or, for an admin token, `?user=`), so an id of another user's item is simply not found (404).
 */
export function registerRestRoutes(app: OpenAPIHono<AuthEnv>, engram: Engram): void {
  app.openapi(routes.me, async (c) => {
    const { principal } = c.var;
    return c.json({ user_id: actingUser(principal, "read", c.req.valid("query").user), token_id: principal.tokenId, scopes: [...principal.scopes] }, 200);
  });

  app.openapi(routes.addMessages, async (c) => {
    const user_id = actingUser(c.var.principal, "write", c.req.valid("query").user);
    const messages: MessageInput[] = c.req.valid("json").messages.map(({ session, ...message }) => ({ ...message, ...(session === undefined ? {} : { session_id: session }) }));
    const result = await engram.add(messages, { user_id }, { flush: true });
    return c.json({ messages: result.messages, actions: result.actions, byType: result.byType, durationMs: result.durationMs, warnings: result.warnings, ...(result.pending === undefined ? {} : { pending: result.pending }) }, 200);
  });

  app.openapi(routes.recall, async (c) => {
    const user_id = actingUser(c.var.principal, "read", c.req.valid("query").user);
    const { query, budget } = c.req.valid("json");
    return c.json(toRecallJson(await engram.recall(query, { user_id }, { tokenBudget: budget, signal: c.req.raw.signal })), 200);
  });

  app.openapi(routes.list, async (c) => {
    const query = c.req.valid("query");
    const user_id = actingUser(c.var.principal, "read", query.user);
    const end = query.offset + query.limit;
    const items = query.search
      ? (await engram.search(query.search, { user_id }, { types: query.type ? [query.type] : undefined, limit: end })).map((fused) => fused.item)
      : await engram.list({ user_id }, { type: query.type, includeInvalid: query.include_invalid === "true" });
    return c.json({ items: items.slice(query.offset, end).map(toItemView), total: items.length, offset: query.offset, limit: query.limit }, 200);
  });

  app.openapi(routes.get, async (c) => {
    const user_id = actingUser(c.var.principal, "read", c.req.valid("query").user);
    const item = await engram.get(c.req.valid("param").id, { user_id });
    const messages = item.sources.length > 0 ? await engram.messages({ user_id }, { ids: item.sources }) : [];
    return c.json({ item: toItemView(item) as z.infer<typeof MemoryItemResponseSchema>, messages: messages.map(toSourceMessage) }, 200);
  });

  app.openapi(routes.patch, async (c) => {
    const user_id = actingUser(c.var.principal, "write", c.req.valid("query").user);
    const item = await engram.update(c.req.valid("param").id, c.req.valid("json"), { user_id });
    return c.json(toItemView(item) as z.infer<typeof MemoryItemResponseSchema>, 200);
  });

  app.openapi(routes.delete, async (c) => {
    const user_id = actingUser(c.var.principal, "write", c.req.valid("query").user);
    await engram.delete(c.req.valid("param").id, { user_id });
    return c.body(null, 204) as never;
  });

  app.openapi(routes.history, async (c) => {
    const user_id = actingUser(c.var.principal, "read", c.req.valid("query").user);
    const id = c.req.valid("param").id;
    const rows = await engram.history(id, { user_id });
    // An unknown id (or another user's) has no history: the same 404 as GET, never an empty list that confirms nothing.
    if (rows.length === 0) await engram.get(id, { user_id });
    return c.json({ items: rows.map(toHistoryView) }, 200);
  });

  app.openapi(routes.stats, async (c) => {
    const user_id = actingUser(c.var.principal, "read", c.req.valid("query").user);
    return c.json(await engram.stats({ user_id }), 200);
  });

  app.openapi(routes.export, async (c) => {
    const user_id = actingUser(c.var.principal, "read", c.req.valid("query").user);
    const { header, records } = await engram.exportUser({ user_id });
    const text = [header, ...records].map((record) => `${JSON.stringify(record)}\n`).join("");
    return c.body(text, 200, { "content-type": "application/x-ndjson; charset=utf-8", "content-disposition": `attachment; filename="engram-export.jsonl"`, "cache-control": "no-store" });
  });

  app.openapi(routes.forget, async (c) => {
    const user_id = actingUser(c.var.principal, "write", c.req.valid("query").user);
    return c.json(await engram.forget({ user_id }), 200);
  });
}
