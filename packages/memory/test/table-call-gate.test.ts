import { TableCallGate } from "../src/store/table-call-gate";
import { deferred } from "./held-calls";

/**
 * `TableCallGate` (`store/table-call-gate.ts`): per key, shared calls overlap one another, an
 * exclusive section overlaps nothing, and calls start in arrival order once one waits.
 */

/** Lets every pending promise callback run (the gate does no I/O). */
const settle = () => new Promise((resolve) => setImmediate(resolve));

/** A call of `gate` that records its start and end in `events` and ends when `release` is called. */
function heldCall(gate: TableCallGate, events: string[], name: string, kind: "shared" | "exclusive", key = "runs") {
  const held = deferred();
  const done = gate[kind](key, async () => {
    events.push(`${name} started`);
    await held.promise;
    events.push(`${name} ended`);
  });
  return { done, release: held.resolve };
}

describe("TableCallGate", () => {
  it("starts an exclusive section once the shared calls under way ended, and holds later calls until it is done", async () => {
    const gate = new TableCallGate();
    const events: string[] = [];
    const write = heldCall(gate, events, "write", "shared");
    const read = heldCall(gate, events, "read", "shared");
    const purge = heldCall(gate, events, "purge", "exclusive");
    const later = heldCall(gate, events, "later write", "shared");
    await settle();
    expect(events).toEqual(["write started", "read started"]);
    write.release();
    await settle();
    expect(events).toEqual(["write started", "read started", "write ended"]);
    read.release();
    await settle();
    expect(events.at(-1)).toBe("purge started");
    later.release();
    await settle();
    expect(events).not.toContain("later write started");
    purge.release();
    await Promise.all([write.done, read.done, purge.done, later.done]);
    expect(events.slice(3)).toEqual(["read ended", "purge started", "purge ended", "later write started", "later write ended"]);
  });

  it("does not hold calls of other keys", async () => {
    const gate = new TableCallGate();
    const events: string[] = [];
    const write = heldCall(gate, events, "write", "shared", "runs");
    const purge = heldCall(gate, events, "purge", "exclusive", "runs");
    const other = heldCall(gate, events, "other table", "shared", "semantic");
    await settle();
    expect(events).toEqual(["write started", "other table started"]);
    other.release();
    write.release();
    purge.release();
    await Promise.all([write.done, purge.done, other.done]);
    expect(events.indexOf("purge started")).toBeGreaterThan(events.indexOf("write ended"));
  });

  it("lets a failed call's error reach its caller and frees its place", async () => {
    const gate = new TableCallGate();
    await expect(gate.shared("runs", async () => Promise.reject(new Error("commit conflict")))).rejects.toThrow("commit conflict");
    await expect(gate.exclusive("runs", async () => "pruned")).resolves.toBe("pruned");
  });
});
