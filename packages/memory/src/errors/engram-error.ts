const MARKER = Symbol.for("engram.error");

/**
 * Base class of every error Engram throws. Subclasses carry a fixed `name`, structured readonly
 * fields and the underlying error as `cause`.
 *
 * `isInstance` checks a `Symbol.for` marker, so it works across two installed copies of the
 * package (pattern from vercel/ai `AISDKError`).
 */
export class EngramError extends Error {
  // Read by isInstance through the Symbol.for key, which works across two copies of the package.
  protected readonly [MARKER] = true;
  /** Whether retrying the same call may succeed (timeouts, rate limits, busy stores). */
  readonly isRetryable: boolean;

  constructor(message: string, options: { cause?: unknown; isRetryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "EngramError";
    this.isRetryable = options.isRetryable ?? false;
  }

  /** True when `error` is any Engram error, even from another copy of the package. */
  static isInstance(error: unknown): error is EngramError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** Input failed validation. `issues` lists each problem as `path: message`. */
export class ValidationError extends EngramError {
  readonly issues: string[];
  /** Where the bad input came from, e.g. `line 12` or `session_3[4]`, when known. */
  readonly location: string | undefined;

  constructor(message: string, options: { issues?: string[]; location?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = "ValidationError";
    this.issues = options.issues ?? [];
    this.location = options.location;
  }

  static override isInstance(error: unknown): error is ValidationError {
    return EngramError.isInstance(error) && error.name === "ValidationError";
  }
}

/** A memory item or message with this id does not exist for this user. */
export class NotFoundError extends EngramError {
  readonly memoryId: string;

  constructor(memoryId: string, options: { cause?: unknown } = {}) {
    super(`no memory item with id ${JSON.stringify(memoryId)} for this user`, options);
    this.name = "NotFoundError";
    this.memoryId = memoryId;
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return EngramError.isInstance(error) && error.name === "NotFoundError";
  }
}

/** The LanceDB store failed to open, read or write. `storeName` is the table. */
export class StoreError extends EngramError {
  readonly storeName: string;

  constructor(message: string, options: { storeName: string; cause?: unknown; isRetryable?: boolean }) {
    super(message, options);
    this.name = "StoreError";
    this.storeName = options.storeName;
  }

  static override isInstance(error: unknown): error is StoreError {
    return EngramError.isInstance(error) && error.name === "StoreError";
  }
}

/** A provider (embedder or chat model) is selected but not configured or not available here. */
export class NotConfiguredError extends EngramError {
  readonly provider: string;

  constructor(provider: string, message: string, options: { cause?: unknown } = {}) {
    super(`${provider}: ${message}`, options);
    this.name = "NotConfiguredError";
    this.provider = provider;
  }

  static override isInstance(error: unknown): error is NotConfiguredError {
    return EngramError.isInstance(error) && error.name === "NotConfiguredError";
  }
}

/** A model call (chat or embeddings) failed. */
export class ModelError extends EngramError {
  readonly modelId: string;

  constructor(message: string, options: { modelId: string; cause?: unknown; isRetryable?: boolean }) {
    super(message, options);
    this.name = "ModelError";
    this.modelId = options.modelId;
  }

  static override isInstance(error: unknown): error is ModelError {
    return EngramError.isInstance(error) && (error.name === "ModelError" || error.name === "ModelOutputError");
  }
}

/**
 * A model answered, but its structured output did not match the schema (invalid JSON, a missing
 * or mistyped field), even after one retry that showed it the validation error. `issues` lists
 * each problem as `path: message`.
 */
export class ModelOutputError extends ModelError {
  readonly issues: string[];

  constructor(message: string, options: { modelId: string; issues: string[]; cause?: unknown }) {
    super(message, { modelId: options.modelId, cause: options.cause, isRetryable: false });
    this.name = "ModelOutputError";
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is ModelOutputError {
    return EngramError.isInstance(error) && error.name === "ModelOutputError";
  }
}
