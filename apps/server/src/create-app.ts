import { OpenAPIHono } from "@hono/zod-openapi";
import type { Engram } from "@engram/memory";
import { bodyLimit } from "hono/body-limit";
import pino, { type Logger } from "pino";
import { bearerAuth, type AuthEnv } from "./auth/bearer-auth";
import { FailureRateLimiter } from "./auth/rate-limiter";
import type { TokenStore } from "./auth/token-store";
import { problem, problemFromError, problemResponse } from "./http/problem";
import { ProblemError } from "./http/problem-error";
import { requestLog } from "./http/request-log";
import { registerRestRoutes } from "./http/rest-routes";
import { registerStaticAssets } from "./http/static-assets";
import { handleMcpRequest } from "./mcp/mcp-http";

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  engram: Engram;
  tokens: TokenStore;
  /** Structured request log. @default a silent pino logger */
  logger?: Logger;
  /** Largest request body, bytes; larger ones get 413. @default 1048576 (1 MiB) */
  maxBodyBytes?: number;
  /** Failed-authentication limiter. @default 10 failures per address per minute */
  limiter?: FailureRateLimiter;
}

/** Default largest request body: 1 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * The Hono app of `engram serve`: the REST API under `/v1` (OpenAPI 3.1 at `/openapi.json`), MCP
 * Streamable HTTP at `/mcp`, and the memory browser at `/`. `/v1` and `/mcp` need a bearer token;
 * errors are RFC 9457 problems.
 */
export function createApp(options: CreateAppOptions): OpenAPIHono<AuthEnv> {
  const { engram, tokens } = options;
  const logger = options.logger ?? pino({ level: "silent" });
  const maxSize = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const limiter = options.limiter ?? new FailureRateLimiter();
  const app = new OpenAPIHono<AuthEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const issues = result.error.issues.map((issue) => `${issue.path.join(".") || result.target}: ${issue.message}`);
        return problemResponse(problem(400, "ValidationError", `invalid ${result.target}`, issues));
      }
      return undefined;
    },
  });

  app.use("*", requestLog(logger));
  app.onError((error) => {
    if (error instanceof ProblemError) return problemResponse(error.problem, error.headers);
    const body = problemFromError(error);
    if (body.status >= 500) logger.error({ err_name: error.name }, "handler error");
    return problemResponse(body);
  });
  app.notFound(() => problemResponse(problem(404, "NotFoundError", "no such route")));

  const limit = bodyLimit({ maxSize, onError: () => problemResponse(problem(413, "PayloadTooLargeError", `the request body is over ${maxSize} bytes`)) });
  const auth = bearerAuth(tokens, limiter);
  app.use("/v1/*", limit, auth);
  app.use("/mcp", limit, auth);

  registerRestRoutes(app, engram);
  app.all("/mcp", (c) => handleMcpRequest(c, engram));
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer", description: "a token from `engram token create`" });
  app.doc31("/openapi.json", { openapi: "3.1.0", info: { title: "Engram", version: "0.1.0", description: "Long-term memory for LLM agents: REST API of engram serve" } });
  registerStaticAssets(app);
  return app;
}
