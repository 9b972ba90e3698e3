import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { Logger } from "pino";
import type { AuthEnv } from "../auth/bearer-auth";

/**
 * Logs one structured line per request with pino: `{req_id, method, path, status, ms, token}`.
 * The path is logged without its query string (a search may hold content) and the token only by
 * its id; bodies, headers and results are never logged.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const started = performance.now();
    const reqId = randomUUID();
    c.header("x-request-id", reqId);
    try {
      await next();
    } finally {
      const status = c.res.status;
      const line = { req_id: reqId, method: c.req.method, path: c.req.path, status, ms: Math.round((performance.now() - started) * 10) / 10, token: c.get("principal")?.tokenId };
      if (status >= 500) logger.error(line, "request failed");
      else logger.info(line, "request");
    }
  };
}
