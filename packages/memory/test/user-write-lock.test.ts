import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { retryWhileLocked, withUserWriteLock } from "../src/store/user-write-lock";

describe("withUserWriteLock", () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), "engram-lock-"));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("makes a second writer of the same user wait for the first, retrying until it is free; other users run at once", async () => {
    const events: string[] = [];
    let releaseFirst!: () => void;
    let started!: () => void;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    const firstStarted = new Promise<void>((resolve) => (started = resolve));
    const first = withUserWriteLock(folder, "ada", async () => {
      events.push("ada-1 start");
      started();
      await firstHeld;
      events.push("ada-1 end");
    });
    await firstStarted;
    const second = withUserWriteLock(folder, "ada", async () => {
      events.push("ada-2 start");
    });
    await withUserWriteLock(folder, "bob", async () => {
      events.push("bob");
    });
    // Several retries of the second writer pass while the first holds the lock.
    await new Promise((resolve) => setTimeout(resolve, 300));
    releaseFirst();
    await Promise.all([first, second]);
    expect(events).toEqual(["ada-1 start", "bob", "ada-1 end", "ada-2 start"]);
  });

  it("retries a lock another writer holds (ELOCKED) and throws any other error at once", async () => {
    const failure = (code: string) => Object.assign(new Error(code), { code });
    let calls = 0;
    await expect(retryWhileLocked(async () => (++calls < 3 ? Promise.reject(failure("ELOCKED")) : "taken"))).resolves.toBe("taken");
    expect(calls).toBe(3);
    calls = 0;
    await expect(
      retryWhileLocked(async () => {
        calls++;
        throw failure("EACCES");
      }),
    ).rejects.toThrow("EACCES");
    expect(calls).toBe(1);
  });
});
