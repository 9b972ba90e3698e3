import { ModelError, NotConfiguredError, NotFoundError, StoreError, ValidationError } from "@engram/memory";
import { describeError, exitCodeFor, EXIT_CODES } from "../src/exit-codes";

/** Errors: each named library error maps to its own exit code and one clear line. */
describe("exit codes and error lines", () => {
  const cause = new Error("disk full");
  const cases: [Error, number, RegExp][] = [
    [new ValidationError("invalid scope", { issues: ["user_id: must not be empty"], location: "--user" }), EXIT_CODES.validation, /^engram: ValidationError: invalid scope \(at --user\): user_id: must not be empty$/],
    [new NotFoundError("m-1"), EXIT_CODES.notFound, /^engram: NotFoundError: no memory item with id "m-1" for this user$/],
    [new StoreError("write on messages failed", { storeName: "messages", cause }), EXIT_CODES.store, /^engram: StoreError: write on messages failed \(table messages\) \(cause: disk full\)$/],
    [new NotConfiguredError("openai", "set OPENAI_API_KEY"), EXIT_CODES.provider, /^engram: NotConfiguredError: openai: set OPENAI_API_KEY$/],
    [new ModelError("chat call failed\nstatus 500", { modelId: "gpt-4o-mini", cause }), EXIT_CODES.provider, /^engram: ModelError: chat call failed status 500 \(cause: disk full\)$/],
    [new TypeError("boom"), EXIT_CODES.unexpected, /^engram: TypeError: boom$/],
  ];

  it.each(cases)("maps %p", (error, code, line) => {
    expect(exitCodeFor(error)).toBe(code);
    expect(describeError(error)).toMatch(line);
    expect(describeError(error)).not.toContain("\n");
  });

  it("gives every named error its own code, distinct from success and unexpected errors", () => {
    const codes = [EXIT_CODES.validation, EXIT_CODES.notFound, EXIT_CODES.store, EXIT_CODES.provider];
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).not.toContain(EXIT_CODES.ok);
    expect(codes).not.toContain(EXIT_CODES.unexpected);
  });

  it("keeps the cause on library errors", () => {
    expect(new StoreError("x", { storeName: "core", cause }).cause).toBe(cause);
    expect(StoreError.isInstance(new StoreError("x", { storeName: "core" }))).toBe(true);
    expect(ValidationError.isInstance(new StoreError("x", { storeName: "core" }))).toBe(false);
  });
});
