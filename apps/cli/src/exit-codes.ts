import { loadMemory } from "./lazy";

/** Exit codes of the `engram` command. */
export const EXIT_CODES = {
  ok: 0,
  /** Anything not listed below (a bug, an I/O failure). */
  unexpected: 1,
  /** Bad input: a flag, a file, an environment variable (`ValidationError`, usage errors). */
  validation: 2,
  /** A memory item or message does not exist (`NotFoundError`). */
  notFound: 3,
  /** The LanceDB database could not be opened, read or written (`StoreError`). */
  store: 4,
  /** A provider is not configured or a model call failed (`NotConfiguredError`, `ModelError`). */
  provider: 5,
} as const;

/** The exit code for an error thrown by a command. */
export function exitCodeFor(error: unknown): number {
  const { ModelError, NotConfiguredError, NotFoundError, StoreError, ValidationError } = loadMemory();
  if (ValidationError.isInstance(error)) return EXIT_CODES.validation;
  if (NotFoundError.isInstance(error)) return EXIT_CODES.notFound;
  if (StoreError.isInstance(error)) return EXIT_CODES.store;
  if (NotConfiguredError.isInstance(error) || ModelError.isInstance(error)) return EXIT_CODES.provider;
  return EXIT_CODES.unexpected;
}

/** A one-line description of `error` for stderr, e.g. `engram: ValidationError: unknown format "xml"`. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return `engram: error: ${String(error)}`;
  const { StoreError, ValidationError } = loadMemory();
  let text = `${error.name}: ${error.message}`;
  if (ValidationError.isInstance(error)) {
    if (error.location !== undefined && !error.message.includes(error.location)) text += ` (at ${error.location})`;
    const issues = error.issues.filter((issue) => !error.message.includes(issue));
    if (issues.length > 0) text += `: ${issues.slice(0, 3).join("; ")}${issues.length > 3 ? `; and ${issues.length - 3} more` : ""}`;
  } else if (StoreError.isInstance(error)) {
    text += ` (table ${error.storeName})`;
  }
  if (!ValidationError.isInstance(error) && error.cause instanceof Error && !error.message.includes(error.cause.message)) {
    text += ` (cause: ${error.cause.message})`;
  }
  return `engram: ${text.replace(/\s*\n\s*/g, " ")}`;
}
