import { isRetryableStoreError, withStoreRetry } from "../src/store/retry";

const BORROWED = "The same native value cannot be borrowed mutably while another borrow is active";

describe("withStoreRetry", () => {
  it("retries LanceDB's transient errors and no others", () => {
    expect(isRetryableStoreError(new Error(BORROWED))).toBe(true);
    expect(isRetryableStoreError(new Error("Retryable commit conflict for version 7: preempted by concurrent transaction"))).toBe(true);
    expect(isRetryableStoreError(new Error("Schema error: field `vector` not found"))).toBe(false);
  });

  it("closes a handle once the call holding it lets go (a synchronous throw, as table.close() does)", async () => {
    let held = 2;
    const close = jest.fn(() => {
      if (held-- > 0) throw new Error(BORROWED);
    });
    await withStoreRetry(async () => close(), { baseDelayMs: 1 });
    expect(close).toHaveBeenCalledTimes(3);
  });

  it("throws the last error after `attempts`, and a non-retryable one at once", async () => {
    const busy = jest.fn(async () => {
      throw new Error(BORROWED);
    });
    await expect(withStoreRetry(busy, { attempts: 3, baseDelayMs: 1 })).rejects.toThrow("cannot be borrowed");
    expect(busy).toHaveBeenCalledTimes(3);
    const broken = jest.fn(async () => {
      throw new Error("Schema error");
    });
    await expect(withStoreRetry(broken, { baseDelayMs: 1 })).rejects.toThrow("Schema error");
    expect(broken).toHaveBeenCalledTimes(1);
  });
});
