import type { z } from "zod";
import { ValidationError } from "./engram-error";

/**
 * Formats zod issues as `path: message` lines, the shape of `ValidationError.issues`; an issue at
 * the root gets `root` as its path.
 */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], root = ""): string[] {
  return issues.map((issue) => `${issue.path.map(String).join(".") || root}: ${issue.message}`);
}

/**
 * Parses `value` with `schema`.
 *
 * @param what names the value in the error (`invalid ${what}`) and stands for the root path.
 * @throws ValidationError with one `path: message` issue per problem.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string, options: { location?: string; message?: string } = {}): z.output<T> {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(options.message ?? `invalid ${what}`, { issues: formatZodIssues(result.error.issues, what), location: options.location });
  }
  return result.data;
}
