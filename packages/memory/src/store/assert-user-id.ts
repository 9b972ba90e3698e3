import { ValidationError } from "../errors/engram-error";
import { IdSchema } from "../schema/scope";

/**
 * Refuses a `userId` that is not a valid id string ({@link IdSchema}) before it reaches a filter.
 * Every store method that takes a user id calls this first, so an object (`{ $ne: "" }`), an array,
 * a number or `null` smuggled past the facade (e.g. through a graph's state) can never widen a
 * read or a write to other users' rows.
 *
 * @throws ValidationError naming the problem; the value itself is not echoed.
 */
export function assertUserId(userId: unknown): asserts userId is string {
  const result = IdSchema.safeParse(userId);
  if (!result.success) {
    const kind = userId === null ? "null" : Array.isArray(userId) ? "array" : typeof userId;
    throw new ValidationError(`user_id must be a valid id string (got ${kind})`, { issues: result.error.issues.map((issue) => `user_id: ${issue.message}`) });
  }
}
