import { ClosedError, EngramError, ModelError, NotConfiguredError, NotFoundError, StoreError, ValidationError } from "@engram/memory";

/** Media type of RFC 9457 problem details. */
export const PROBLEM_JSON = "application/problem+json";

/**
 * An RFC 9457 problem details object (https://www.rfc-editor.org/rfc/rfc9457). `title` is the
 * library's error name (`ValidationError`, `NotFoundError`, ...) or the server's own
 * (`UnauthorizedError`, `ForbiddenError`, `RateLimitedError`, `PayloadTooLargeError`).
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** Validation issues, one line each (`path: message`). */
  issues?: string[];
}

/** Builds a problem whose `type` is `urn:engram:problem:<title>`. */
export function problem(status: number, title: string, detail: string, issues?: string[]): Problem {
  return { type: `urn:engram:problem:${title}`, title, status, detail, ...(issues && issues.length > 0 ? { issues } : {}) };
}

/** A `Response` carrying `body` as `application/problem+json`. */
export function problemResponse(body: Problem, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status: body.status, headers: { "content-type": PROBLEM_JSON, ...headers } });
}

/**
 * Maps an error thrown by the library to a problem: ValidationError 400, NotFoundError 404,
 * NotConfiguredError 501, ModelError 502, StoreError 503, ClosedError 503 (a request that arrived
 * while the server shuts down: retry against another instance); anything else 500 with a generic
 * detail (its message may hold content, so it is not shown).
 */
export function problemFromError(error: unknown): Problem {
  if (ValidationError.isInstance(error)) return problem(400, "ValidationError", error.message, error.issues);
  // The same text for an id that does not exist and one of another user: nothing to tell them apart.
  if (NotFoundError.isInstance(error)) return problem(404, "NotFoundError", "no memory item with this id");
  if (NotConfiguredError.isInstance(error)) return problem(501, "NotConfiguredError", error.message);
  if (ModelError.isInstance(error)) return problem(502, error.name, "the model call failed");
  if (StoreError.isInstance(error)) return problem(503, "StoreError", "the store could not be read or written");
  if (ClosedError.isInstance(error)) return problem(503, "ClosedError", "the memory is shutting down");
  if (EngramError.isInstance(error)) return problem(500, (error as Error).name, "internal error");
  return problem(500, "InternalError", "internal error");
}
