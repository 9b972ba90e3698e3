// The supported API of @engram/server.
export { createApp, DEFAULT_MAX_BODY_BYTES, type CreateAppOptions } from "./create-app";
export { startServer, type StartServerOptions, type RunningServer } from "./start-server";
export { TokenStore, TOKEN_SCOPES, TOKENS_FILE, TOKEN_PREFIX, TokenScopeSchema, type TokenScope, type TokenRecord, type TokenPrincipal, type CreateTokenOptions, type CreateTokenResult } from "./auth/token-store";
export { FailureRateLimiter, type FailureRateLimiterOptions } from "./auth/rate-limiter";
export { createMcpServer, CORE_MEMORY_URI, type CreateMcpServerOptions } from "./mcp/create-mcp-server";
export { PROBLEM_JSON, type Problem } from "./http/problem";
export { serveMcpStdio, type ServeMcpStdioOptions } from "./mcp/mcp-stdio";
export { createStderrLogger } from "./http/create-logger";
