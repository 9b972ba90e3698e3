import { conformanceItem } from "@engram/testing";
import { InMemoryMemoryStore } from "../src/index";
import type { StoredMemoryItem } from "../src/store/memory-store";
import { AccessRecorder } from "../src/access-recorder";
import { emptyLlmUsage } from "../src/models/model-usage";
import { recallRunRow } from "../src/store/usage-stats";

/**
 * `AccessRecorder` and forgotten users: a recall that began before a forget of its user notes
 * nothing after it, and the recorder keeps no entry of a user once no such recall is left, so a
 * service that forgets many users does not grow.
 */
const logger = { warn: () => {} };
const runOf = (userId: string, id: string) => recallRunRow({ id, userId, createdAt: "2024-05-02T10:00:00Z", durationMs: 1, llm: { ...emptyLlmUsage(), calls: 1 } });

function recorder(): { access: AccessRecorder; store: InMemoryMemoryStore } {
  const store = new InMemoryMemoryStore({ dimensions: 8 });
  return { access: new AccessRecorder(store, logger), store };
}

function forget(access: AccessRecorder, userId: string): void {
  access.beginForget(userId);
  access.endForget(userId);
}

describe("AccessRecorder and forgotten users", () => {
  it("keeps nothing of users forgotten while no recall of theirs was in flight", () => {
    const { access } = recorder();
    for (let index = 0; index < 1000; index++) forget(access, `user-${index}`);
    const recall = access.beginRecall("ada");
    access.endRecall("ada");
    forget(access, "ada");
    expect(recall).toBe(0);
    expect(access.trackedUsers).toBe(0);
  });

  it("keeps the user's entry while a recall that began before the forget is in flight: that recall notes nothing, a later one does", async () => {
    const { access, store } = recorder();
    const before = access.beginRecall("ada");
    forget(access, "ada");
    expect(access.trackedUsers).toBe(1);
    access.noteRun(runOf("ada", "r-before"), before);
    access.endRecall("ada");
    expect(access.trackedUsers).toBe(0);

    const after = access.beginRecall("ada");
    access.noteRun(runOf("ada", "r-after"), after);
    access.endRecall("ada");
    await access.flush();
    expect((await store.listRuns("ada")).map((row) => row.id)).toEqual(["r-after"]);
    expect(access.trackedUsers).toBe(0);
  });

  it("counts overlapping recalls of one user: the entry lives until the last one ends", async () => {
    const { access, store } = recorder();
    const first = access.beginRecall("ada");
    const second = access.beginRecall("ada");
    forget(access, "ada");
    access.endRecall("ada");
    expect(access.trackedUsers).toBe(1);
    access.noteRun(runOf("ada", "r-second"), second);
    access.endRecall("ada");
    await access.flush();
    expect(first).toBe(second);
    expect(await store.listRuns("ada")).toEqual([]);
    expect(access.trackedUsers).toBe(0);
  });
});

describe("AccessRecorder writes", () => {
  const item = (type: string, id: string, text = `fact ${id}`) => conformanceItem({ type, id, user_id: "ada", text, vector: [1, 0, 0, 0, 0, 0, 0, 0] }) as unknown as StoredMemoryItem;

  it("writes the tables of one flush side by side, one table's groups one after another, with the counts a serial write gives", async () => {
    const store = new InMemoryMemoryStore({ dimensions: 8 });
    await store.upsertItems("semantic", [item("semantic", "s1"), item("semantic", "s2")]);
    await store.upsertItems("episodic", [item("episodic", "e1")]);
    const log: string[] = [];
    const recordAccess = store.recordAccess.bind(store);
    store.recordAccess = async (type, userId, ids, at, count) => {
      log.push(`start ${type} ${count}`);
      await new Promise((resolve) => setImmediate(resolve));
      await recordAccess(type, userId, ids, at, count);
      log.push(`end ${type} ${count}`);
    };
    const access = new AccessRecorder(store, logger);
    const [s1, s2] = await store.listStoredItems("semantic", "ada");
    const [e1] = await store.listStoredItems("episodic", "ada");
    // s1 twice and s2 once: two semantic groups (count 2 and count 1), one episodic group.
    access.noteAccess("ada", [s1!, s2!, e1!], "2024-05-02T10:00:00.000Z");
    access.noteAccess("ada", [s1!], "2024-05-03T10:00:00.000Z");
    await access.flush();
    // Both tables started before either ended; the two semantic commits did not overlap.
    expect(log.indexOf("start episodic 1")).toBeLessThan(log.indexOf("end semantic 2"));
    const semantic = log.filter((entry) => entry.includes("semantic"));
    expect(semantic).toEqual([semantic[0], semantic[0]!.replace("start", "end"), semantic[2], semantic[2]!.replace("start", "end")]);
    const counts = async (type: "semantic" | "episodic") => (await store.listStoredItems(type, "ada")).map((stored) => [stored.id, stored.access_count, stored.last_accessed_at]);
    expect(await counts("semantic")).toEqual([
      ["s1", 2, "2024-05-03T10:00:00.000Z"],
      ["s2", 1, "2024-05-02T10:00:00.000Z"],
    ]);
    expect(await counts("episodic")).toEqual([["e1", 1, "2024-05-02T10:00:00.000Z"]]);
  });
});
