import { InMemoryMemoryStore } from "../src/index";
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
