// Mounted by `langgraph.json` (`http.app`) in front of every route of the LangGraph dev server.
// The server is for local inspection only: it has no authentication, and by default it answers any
// web origin and reads `text/plain` bodies as JSON, so any page open in the developer's browser
// could run the graphs without a CORS preflight. This guard refuses both.
import { Hono } from "hono";

/** Origins allowed to call the dev server from a browser: the hosted LangGraph Studio page. */
export const STUDIO_ORIGINS: readonly string[] = ["https://smith.langchain.com"];

/**
 * Refuses (403) a request whose `Origin` header names a page other than {@link STUDIO_ORIGINS}, and
 * (415) a request with a body that is not `application/json` (a browser sends `text/plain` and form
 * bodies cross-origin without a preflight). Requests without `Origin` (curl, the SDK, tests) pass.
 */
export const guard = new Hono();

guard.use("*", async (c, next) => {
  const origin = c.req.header("origin");
  if (origin !== undefined && !STUDIO_ORIGINS.includes(origin)) {
    return c.json({ error: "Forbidden", message: `origin ${origin} may not call the Engram dev server (allowed: ${STUDIO_ORIGINS.join(", ")})` }, 403);
  }
  const method = c.req.method;
  if (method !== "GET" && method !== "HEAD" && method !== "OPTIONS") {
    const type = (c.req.header("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    const hasBody = c.req.header("content-length") !== "0" && c.req.raw.body !== null;
    if (hasBody && type !== "application/json") {
      return c.json({ error: "UnsupportedMediaType", message: `content-type must be application/json, got ${type || "none"}` }, 415);
    }
  }
  await next();
});
