import type { Context, MiddlewareHandler } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { ProblemError } from "../http/problem-error";
import type { FailureRateLimiter } from "./rate-limiter";
import type { TokenPrincipal, TokenScope, TokenStore } from "./token-store";

/** Variables the auth middleware sets on the Hono context. */
export interface AuthVariables {
  principal: TokenPrincipal;
}

/** The Hono environment of every authenticated route. */
export interface AuthEnv {
  Variables: AuthVariables;
}

/** The client's address, the key of failed-attempt rate limiting ("unknown" outside Node). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? "unknown";
  } catch {
    return "unknown";
  }
}

/**
 * Authenticates `Authorization: Bearer <token>` against the token store and sets `principal`.
 * A missing or unknown token is a 401 problem (with `WWW-Authenticate: Bearer`) and counts as a
 * failure of the client's address; an address with too many failures gets 429 until its window ends.
 */
export function bearerAuth(tokens: TokenStore, limiter: FailureRateLimiter): MiddlewareHandler<AuthEnv> {
  return async (c, next) => {
    const address = clientAddress(c);
    const retryAfter = limiter.retryAfterSeconds(address);
    if (retryAfter > 0) {
      throw new ProblemError(429, "RateLimitedError", "too many failed authentication attempts; try again later", { "retry-after": String(retryAfter) });
    }
    const match = /^Bearer\s+(\S{1,512})\s*$/i.exec(c.req.header("authorization") ?? "");
    const principal = match ? await tokens.verify(match[1]!) : undefined;
    if (!principal) {
      limiter.recordFailure(address);
      throw new ProblemError(401, "UnauthorizedError", match ? "the bearer token is not valid" : "a bearer token is required", {
        "www-authenticate": 'Bearer realm="engram"',
      });
    }
    c.set("principal", principal);
    await next();
  };
}

/**
 * The user a request acts for: the token's user, or `requestedUser` when the token has the
 * `admin` scope. Requires `scope` (an admin token has every scope).
 *
 * @throws ProblemError 403 when the token lacks the scope or names another user without `admin`.
 */
export function actingUser(principal: TokenPrincipal, scope: TokenScope, requestedUser?: string): string {
  const isAdmin = principal.scopes.includes("admin");
  if (!isAdmin && !principal.scopes.includes(scope)) throw new ProblemError(403, "ForbiddenError", `this token lacks the ${scope} scope`);
  if (requestedUser === undefined || requestedUser === principal.userId) return principal.userId;
  if (!isAdmin) throw new ProblemError(403, "ForbiddenError", "only an admin token may name a user");
  return requestedUser;
}
