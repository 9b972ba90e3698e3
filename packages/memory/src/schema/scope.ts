import { z } from "zod";
import { ValidationError } from "../errors/engram-error";
import { formatZodIssues } from "../errors/zod-issues";

/**
 * An identifier used to scope rows (user, agent, session, message and memory ids): 1 to 512
 * characters, NFC-normalized, with no control characters (C0 or C1), no byte-order mark, no line or
 * paragraph separator and no zero-width or bidi-control character. Quotes, `%`, `_`, backslashes and any other printable
 * Unicode are allowed; filters quote them safely (see `store/filter.ts`).
 */
export const IdSchema = z
  .string()
  // One spelling per id: "é" typed precomposed or as e + U+0301 is the same user.
  .normalize("NFC")
  .min(1, "must not be empty")
  .max(512, "must be at most 512 characters")
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point of this check
  .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "must not contain control characters")
  // Apache Arrow's UTF-8 decoder drops a leading byte-order mark when rows are read back, so an id
  // starting with U+FEFF would read back as another id; it is invisible and never meant, so refuse it.
  .refine((value) => !value.includes("\uFEFF"), "must not contain a byte-order mark (U+FEFF)")
  // C1 controls, line/paragraph separators and zero-width characters are invisible: "p1" and
  // "p1\u200b" would be two users that print the same.
  .refine((value) => !/[\u0080-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u180e]/.test(value), "must not contain C1 controls, line separators or invisible (zero-width, bidi) characters");

/**
 * Who a read or write is for. Every store operation is scoped by `user_id`.
 *
 * @example `{ user_id: "conv-26" }`
 */
export const ScopeSchema = z.object({
  user_id: IdSchema,
  /** @default "engram" */
  agent_id: IdSchema.default("engram"),
  /** Optional session (conversation) id; recorded on writes, not used to narrow recall. */
  session_id: IdSchema.optional(),
});
export type ScopeInput = z.input<typeof ScopeSchema>;
export type Scope = z.output<typeof ScopeSchema>;

/**
 * Validates a scope that arrives from outside the facade (a graph's input state, e.g. from
 * LangGraph Studio), so a graph cannot be steered to another user's rows with a non-string or
 * malformed `user_id`.
 *
 * @throws ValidationError naming each bad field.
 */
export function parseScopeInput(scope: unknown): Scope {
  const result = ScopeSchema.safeParse(scope);
  if (!result.success) {
    throw new ValidationError("invalid scope", { issues: formatZodIssues(result.error.issues, "scope") });
  }
  return result.data;
}
