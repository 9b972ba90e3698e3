import { Engram, HashEmbedder, InMemoryMemoryStore, ValidationError, type MessageInput } from "../src/index";

const embedder = new HashEmbedder();
const NOW = new Date("2024-06-01T00:00:00.000Z");

function messages(from: number, count: number): MessageInput[] {
  return Array.from({ length: count }, (_, index) => ({ id: `m${from + index}`, role: "user" as const, speaker: "Ada", content: `I went hiking on trail number ${from + index} today.`, timestamp: new Date(NOW.getTime() + (from + index) * 60_000).toISOString(), session_id: "s1" }));
}

async function open(consolidateEvery: number, warn: (message: string) => void = () => {}) {
  const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
  const engram = await Engram.open({ store, embedder, now: () => NOW, consolidateEvery, logger: { warn } });
  // `load` is the only reader of the history table on add's path: one call per consolidation pass.
  const passes = jest.spyOn(store, "listHistory");
  return { store, engram, passes };
}

describe("consolidateEvery", () => {
  it("starts one pass per user after every N stored messages, without add waiting for it", async () => {
    const { engram, passes } = await open(3);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const original = passes.getMockImplementation();
    passes.mockImplementationOnce(async (...args) => {
      await gate;
      return (original ? original(...args) : []) as never;
    });
    await engram.add(messages(0, 2), { user_id: "ada" });
    expect(passes).not.toHaveBeenCalled();
    // The fourth message crosses 3: a pass starts, blocked on the gate, and add still returns.
    const added = await engram.add(messages(2, 2), { user_id: "ada" });
    expect(added.messages.stored).toBe(2);
    await Promise.resolve();
    release();
    await engram.add(messages(4, 1), { user_id: "ada" });
    await engram.add(messages(5, 1), { user_id: "ada" });
    await engram.add(messages(0, 2), { user_id: "ada" }); // already stored: counts nothing
    await engram.add(messages(0, 5), { user_id: "bob" });
    await engram.close();
    expect(passes.mock.calls.map((call) => call[0])).toEqual(["ada", "ada", "bob"]);
  });

  it("never runs a pass with the default 0", async () => {
    const { engram, passes } = await open(0);
    await engram.add(messages(0, 6), { user_id: "ada" });
    await engram.close();
    expect(passes).not.toHaveBeenCalled();
  });

  it("logs a failed background pass and loses no data", async () => {
    const warn = jest.fn();
    const { store, engram, passes } = await open(2, warn);
    passes.mockRejectedValueOnce(new Error("disk on fire"));
    const added = await engram.add(messages(0, 2), { user_id: "ada" });
    await engram.close();
    expect(added.messages.stored).toBe(2);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining("disk on fire"));
    expect((await store.listMessages("ada")).map((message) => message.id)).toEqual(["m0", "m1"]);
  });

  it("rejects a negative or fractional count", async () => {
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    await expect(Engram.open({ store, embedder, consolidateEvery: -1 })).rejects.toBeInstanceOf(ValidationError);
    await expect(Engram.open({ store, embedder, consolidateEvery: 1.5 })).rejects.toBeInstanceOf(ValidationError);
  });
});
