const MARKER = Symbol.for("engram.error");

/**
 * Base class of every error Engram throws. Subclasses carry a fixed `name`, structured readonly
 * fields and the underlying error as `cause`.
 *
 * `isInstance` checks a `Symbol.for` marker, so it works across two installed copies of the
 * package (pattern from vercel/ai `AISDKError`). Each subclass has its own marker, inherited by
 * its subclasses (a `ModelOutputError` is a `ModelError`), so no check lists class names.
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
    return hasMarker(error, MARKER);
  }
}

/** Input failed validation. `issues` lists each problem as `path: message`. */
const VALIDATIONERROR_MARKER = Symbol.for("engram.error.ValidationError");

export class ValidationError extends EngramError {
  protected readonly [VALIDATIONERROR_MARKER] = true;
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
    return hasMarker(error, VALIDATIONERROR_MARKER);
  }
}

/** A memory item or message with this id does not exist for this user. */
const NOTFOUNDERROR_MARKER = Symbol.for("engram.error.NotFoundError");

export class NotFoundError extends EngramError {
  protected readonly [NOTFOUNDERROR_MARKER] = true;
  readonly memoryId: string;

  constructor(memoryId: string, options: { cause?: unknown } = {}) {
    super(`no memory item with id ${JSON.stringify(memoryId)} for this user`, options);
    this.name = "NotFoundError";
    this.memoryId = memoryId;
  }

  static override isInstance(error: unknown): error is NotFoundError {
    return hasMarker(error, NOTFOUNDERROR_MARKER);
  }
}

/** The LanceDB store failed to open, read or write. `storeName` is the table. */
const STOREERROR_MARKER = Symbol.for("engram.error.StoreError");

export class StoreError extends EngramError {
  protected readonly [STOREERROR_MARKER] = true;
  readonly storeName: string;

  constructor(message: string, options: { storeName: string; cause?: unknown; isRetryable?: boolean }) {
    super(message, options);
    this.name = "StoreError";
    this.storeName = options.storeName;
  }

  static override isInstance(error: unknown): error is StoreError {
    return hasMarker(error, STOREERROR_MARKER);
  }
}

/** A provider (embedder or chat model) is selected but not configured or not available here. */
const NOTCONFIGUREDERROR_MARKER = Symbol.for("engram.error.NotConfiguredError");

export class NotConfiguredError extends EngramError {
  protected readonly [NOTCONFIGUREDERROR_MARKER] = true;
  readonly provider: string;

  constructor(provider: string, message: string, options: { cause?: unknown } = {}) {
    super(`${provider}: ${message}`, options);
    this.name = "NotConfiguredError";
    this.provider = provider;
  }

  static override isInstance(error: unknown): error is NotConfiguredError {
    return hasMarker(error, NOTCONFIGUREDERROR_MARKER);
  }
}

/** A model call (chat or embeddings) failed. */
const MODELERROR_MARKER = Symbol.for("engram.error.ModelError");

export class ModelError extends EngramError {
  protected readonly [MODELERROR_MARKER] = true;
  readonly modelId: string;

  constructor(message: string, options: { modelId: string; cause?: unknown; isRetryable?: boolean }) {
    super(message, options);
    this.name = "ModelError";
    this.modelId = options.modelId;
  }

  static override isInstance(error: unknown): error is ModelError {
    return hasMarker(error, MODELERROR_MARKER);
  }
}

/**
 * A model answered, but its structured output did not match the schema (invalid JSON, a missing
 * or mistyped field), even after one retry that showed it the validation error. `issues` lists
 * each problem as `path: message`.
 */
const MODELOUTPUTERROR_MARKER = Symbol.for("engram.error.ModelOutputError");

export class ModelOutputError extends ModelError {
  protected readonly [MODELOUTPUTERROR_MARKER] = true;
  readonly issues: string[];

  constructor(message: string, options: { modelId: string; issues: string[]; cause?: unknown }) {
    super(message, { modelId: options.modelId, cause: options.cause, isRetryable: false });
    this.name = "ModelOutputError";
    this.issues = options.issues;
  }

  static override isInstance(error: unknown): error is ModelOutputError {
    return hasMarker(error, MODELOUTPUTERROR_MARKER);
  }
}

/**
 * A call reached an `Engram` that was closed or is closing (`close()` was called): it did nothing.
 * `operation` is the method refused, e.g. `add`.
 */
const CLOSEDERROR_MARKER = Symbol.for("engram.error.ClosedError");

export class ClosedError extends EngramError {
  protected readonly [CLOSEDERROR_MARKER] = true;
  readonly operation: string;

  constructor(operation: string) {
    super(`Engram is closed: ${operation} was refused (open a new instance)`);
    this.name = "ClosedError";
    this.operation = operation;
  }

  static override isInstance(error: unknown): error is ClosedError {
    return hasMarker(error, CLOSEDERROR_MARKER);
  }
}

function hasMarker(error: unknown, marker: symbol): boolean {
  return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
}
