import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { countTokens, Engram, InMemoryMemoryStore, NotFoundError, ValidationError, type Candidate, type StoredMessage } from "../src/index";

/** A fresh in-memory store for the default embedder (HashEmbedder, 512 dimensions): no folder per test. */
const inMemoryStore = () => new InMemoryMemoryStore({ dimensions: 512 });
import { fact, scriptedPolicy } from "./scripted-policy";

/** A core candidate: one attribute line of a person's block. */
function coreLine(message: StoredMessage, value: string, key: string): Candidate {
  return {
    type: "core",
    text: value,
    label: `human:${message.speaker}`,
    value,
    limit: 1000,
    sources: [message.id],
    valid_from: message.timestamp,
    importance: 0.9,
    key,
  };
}

/** Drafts from "<kind>|<text>" messages: core:key|text, fact:key|text, event|text. */
const policy = scriptedPolicy((messages) =>
  messages.flatMap((message): Candidate[] => {
    const [head, text] = message.content.split("|") as [string, string];
    const [kind, key = ""] = head.split(":");
    if (kind === "core") return [coreLine(message, text, key)];
    if (kind === "fact") return [fact(message, text, key)];
    if (kind === "event") {
      return [{ type: "episodic", text, occurred_at: message.timestamp, event_type: "activity", actor: message.speaker, summary: text, details: "", sources: [message.id], valid_from: message.timestamp, importance: 0.5, key: "" }];
    }
    return [];
  }),
);

describe("Engram", () => {
  let engram: Engram;
  const ada = { user_id: "ada" };

  beforeEach(async () => {
    engram = await Engram.open({ store: inMemoryStore(), policy });
  });
  afterEach(async () => {
    await engram.close();
  });

  it("stores raw messages first and skips ids already stored, so re-adding adds nothing", async () => {
    const messages = [
      { id: "m1", speaker: "Ada", content: "event|Ada ran a marathon in Porto", timestamp: "2024-03-01T10:00:00Z" },
      { id: "m2", speaker: "Ada", content: "fact|Ada is a marine biologist", timestamp: "2024-03-01T10:01:00Z" },
    ];
    const first = await engram.add(messages, ada);
    expect(first.messages).toEqual({ received: 2, stored: 2, skipped: 0 });
    expect(first.actions.ADD).toBe(2);
    const before = await engram.stats(ada);
    const again = await engram.add(messages, ada);
    expect(again.messages).toEqual({ received: 2, stored: 0, skipped: 2 });
    expect(await engram.stats(ada)).toEqual(before);
    expect(before).toMatchObject({ messages: 2, episodic: 1, semantic: 1, history: 2 });
  });

  it("UPDATEs a changed core attribute in place, keeping its id and writing history", async () => {
    await engram.add([{ id: "m1", speaker: "Ada", content: "core:ada.job|Ada works as a nurse", timestamp: "2024-01-01T00:00:00Z" }], ada);
    const [original] = await engram.list(ada, { type: "core" });
    await engram.add([{ id: "m2", speaker: "Ada", content: "core:ada.job|Ada works as a doctor", timestamp: "2024-06-01T00:00:00Z" }], ada);
    const core = await engram.list(ada, { type: "core" });
    expect(core).toHaveLength(1);
    expect(core[0]!.id).toBe(original!.id);
    expect(core[0]!.text).toBe("Ada works as a doctor");
    expect(core[0]!.sources).toEqual(["m2"]);
    const history = await engram.history(original!.id, ada);
    expect(history.map((row) => row.event)).toEqual(["ADD", "UPDATE"]);
    expect(JSON.parse(history[1]!.before!).text).toBe("Ada works as a nurse");
  });

  it("INVALIDATEs a contradicted fact by setting valid_to, and recall leaves it out", async () => {
    await engram.add([{ id: "m1", speaker: "Ada", content: "fact:ada.lives_in|Ada lives in Porto", timestamp: "2024-01-01T00:00:00Z" }], ada);
    const result = await engram.add([{ id: "m2", speaker: "Ada", content: "fact:ada.lives_in|Ada lives in Lisbon", timestamp: "2024-06-01T00:00:00Z" }], ada);
    expect(result.byType.semantic).toMatchObject({ ADD: 1, INVALIDATE: 1 });
    const all = await engram.list(ada, { type: "semantic", includeInvalid: true });
    const porto = all.find((item) => item.text.includes("Porto"))!;
    expect(porto.valid_to).toBe("2024-06-01T00:00:00.000Z");
    expect((await engram.list(ada, { type: "semantic" })).map((item) => item.text)).toEqual(["Ada lives in Lisbon"]);
    const recalled = await engram.recall("Where does Ada live?", ada);
    expect(recalled.context).toContain("Lisbon");
    expect(recalled.context).not.toContain("Porto");
    expect((await engram.history(porto.id, ada)).map((row) => row.event)).toEqual(["ADD", "INVALIDATE"]);
  });

  it("MERGEs the same text said again, adding only the new source", async () => {
    await engram.add([{ id: "m1", speaker: "Ada", content: "fact|Ada has a cat named Miso" }], ada);
    const result = await engram.add([{ id: "m2", speaker: "Ada", content: "fact|Ada has a cat named Miso!" }], ada);
    expect(result.byType.semantic.MERGE).toBe(1);
    const [item] = await engram.list(ada, { type: "semantic" });
    expect(item!.sources).toEqual(["m1", "m2"]);
  });

  it("packs recall into the token budget, always with core memory, and with dates and sources", async () => {
    const messages = Array.from({ length: 60 }, (_, index) => ({
      id: `e${index}`,
      speaker: "Ada",
      content: `event|Ada went hiking on trail number ${index} with her sister and saw ${index} birds near the river`,
      timestamp: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
    }));
    await engram.add([{ id: "c1", speaker: "Ada", content: "core:ada.name|Ada's name is Ada Lovelace" }, ...messages], ada);
    for (const budget of [60, 200, 600]) {
      const recalled = await engram.recall("hiking trail birds", ada, { tokenBudget: budget });
      expect(recalled.tokens).toBeLessThanOrEqual(budget);
      expect(recalled.tokens).toBe(countTokens(recalled.context));
      expect(recalled.context).toContain("## Core memory");
      expect(recalled.items.some((item) => item.type === "core")).toBe(true);
    }
    const wide = await engram.recall("hiking trail birds", ada, { tokenBudget: 600 });
    const narrow = await engram.recall("hiking trail birds", ada, { tokenBudget: 200 });
    expect(wide.items.length).toBeGreaterThan(narrow.items.length);
    expect(wide.context).toContain("- Ada's name is Ada Lovelace [c1]");
    expect(wide.context).toMatch(/### \d{1,2} (January|February|March) 2024\n- Ada went hiking on trail number \d+ .* \[e\d+\]/);
  });

  it("keeps users apart: a hostile user id reads nothing of another user", async () => {
    await engram.add([{ id: "m1", speaker: "Ada", content: "fact|Ada's locker code is kept at the gym" }], ada);
    for (const hostile of ["x' OR '1'='1", "ada' --", "' OR user_id != '", "%", "_", "ada\\", "ａｄａ", "ada "]) {
      expect((await engram.recall("locker code", { user_id: hostile })).items).toEqual([]);
      expect(await engram.list({ user_id: hostile })).toEqual([]);
      expect((await engram.stats({ user_id: hostile })).messages).toBe(0);
    }
    const [item] = await engram.list(ada);
    await expect(engram.get(item!.id, { user_id: "x' OR '1'='1" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(engram.delete(item!.id, { user_id: "bob" })).rejects.toBeInstanceOf(NotFoundError);
    expect(await engram.get(item!.id, ada)).toMatchObject({ id: item!.id, user_id: "ada" });
  });

  it("rejects invalid input with a ValidationError and stores nothing", async () => {
    await expect(engram.add([{ content: "fine" }, { content: 42 } as never], ada)).rejects.toBeInstanceOf(ValidationError);
    await expect(engram.add([{ content: "x" }], { user_id: "" })).rejects.toBeInstanceOf(ValidationError);
    await expect(engram.add([{ content: "x" }], { user_id: "a\u0000b" })).rejects.toBeInstanceOf(ValidationError);
    await expect(engram.recall("x", ada, { tokenBudget: 0 })).rejects.toBeInstanceOf(ValidationError);
    await expect(engram.update("x", { text: "y", bogus: 1 } as never, ada)).rejects.toBeInstanceOf(ValidationError);
    expect((await engram.stats(ada)).messages).toBe(0);
  });

  it("updates and deletes by id with history", async () => {
    await engram.add([{ id: "m1", speaker: "Ada", content: "fact|Ada likes tea" }], ada);
    const [item] = await engram.list(ada);
    const updated = await engram.update(item!.id, { text: "Ada likes green tea" }, ada);
    expect(updated).toMatchObject({ id: item!.id, text: "Ada likes green tea" });
    expect((await engram.search("green tea", ada))[0]!.item.id).toBe(item!.id);
    await engram.delete(item!.id, ada);
    await expect(engram.get(item!.id, ada)).rejects.toBeInstanceOf(NotFoundError);
    expect((await engram.history(item!.id, ada)).map((row) => row.event)).toEqual(["ADD", "UPDATE", "DELETE"]);
  });
});

describe("Engram pending messages", () => {
  it("processes again a stored message whose processing did not finish, without duplicating it", async () => {
    let failing = true;
    const flaky = scriptedPolicy((messages) => {
      if (failing) throw new Error("policy crashed");
      return messages.map((message) => fact(message, message.content));
    });
    const engram = await Engram.open({ store: inMemoryStore(), policy: flaky });
    try {
      const messages = [{ id: "m1", content: "Ada keeps bees on her roof" }];
      await expect(engram.add(messages, { user_id: "ada" })).rejects.toThrow("policy crashed");
      expect((await engram.messages({ user_id: "ada" })).map((message) => message.processed_at)).toEqual([null]);
      failing = false;
      const retried = await engram.add(messages, { user_id: "ada" });
      expect(retried.messages).toEqual({ received: 1, stored: 1, skipped: 0 });
      const [stored] = await engram.messages({ user_id: "ada" });
      expect(stored!.processed_at).not.toBeNull();
      expect((await engram.stats({ user_id: "ada" })).messages).toBe(1);
      expect((await engram.list({ user_id: "ada" })).map((item) => item.sources)).toEqual([["m1"]]);
      expect((await engram.add(messages, { user_id: "ada" })).messages.skipped).toBe(1);
    } finally {
      await engram.close();
    }
  });
});

describe("Engram access tracking", () => {
  it("counts recalls of an item without writing on every recall, and writes them on close", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-access-"));
    const ada = { user_id: "ada" };
    let engram = await Engram.open({ path: dir, policy, now: () => new Date("2024-05-01T00:00:00Z") });
    await engram.add([{ id: "m1", speaker: "Ada", content: "fact|Ada grows tomatoes on her balcony" }], ada);
    await engram.recall("tomatoes balcony", ada);
    await engram.recall("tomatoes", ada);
    await engram.close();
    engram = await Engram.open({ path: dir, policy });
    try {
      const [item] = await engram.list(ada);
      expect(item).toMatchObject({ access_count: 2, last_accessed_at: "2024-05-01T00:00:00.000Z" });
    } finally {
      await engram.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
