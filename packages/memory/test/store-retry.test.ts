import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { isRetryableStoreError, storeErrorOf, withStoreRetry } from "../src/store/retry";

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

describe("storeErrorOf", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "engram-store-error-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("labels LanceDB's failed PQ training on too few rows not retryable, a commit conflict retryable", async () => {
    const connection = await lancedb.connect(dir);
    const table = await connection.createTable("episodic", Array.from({ length: 20 }, (_, index) => ({ id: `e${index}`, vector: Array.from({ length: 32 }, (_, at) => Math.sin(index + at)) })));
    const training = await table.createIndex("vector", { config: lancedb.Index.ivfPq({ distanceType: "cosine", numPartitions: 1, numSubVectors: 2 }) }).then(
      () => null,
      (error: unknown) => error,
    );
    table.close();
    connection.close();
    expect(String(training)).toMatch(/not enough rows to train PQ/i);

    expect(storeErrorOf(training, "episodic", "index")).toMatchObject({ name: "StoreError", storeName: "episodic", isRetryable: false, cause: training });
    const conflict = new Error("Retryable commit conflict for version 7: preempted by concurrent transaction");
    expect(storeErrorOf(conflict, "episodic", "write")).toMatchObject({ name: "StoreError", isRetryable: true, message: `write on episodic failed: ${conflict.message}` });
  });
});
