import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { randomBytes } from "node:crypto";
import { Engram, HashEmbedder, LanceDbMemoryStore, MEMORY_TYPES, SecretCipher, type MemoryStore } from "../src/index";
import { grepFolder } from "@engram/testing";

const API_KEY = "sk-proj-RoundTripK3yZx81mnbvc";

/** Everything stored for a user, decrypted, in a stable order: messages, items with vectors, history, graph rows. */
async function snapshot({ engram, store }: { engram: Engram; store: MemoryStore }, user_id: string) {
  const messages = await engram.messages({ user_id }, { revealSecrets: true });
  const items = [];
  for (const type of MEMORY_TYPES) {
    for (const item of await store.listStoredItems(type, user_id)) items.push(await store.revealItem(item));
  }
  items.sort((a, b) => a.id.localeCompare(b.id));
  const history = await store.listHistory(user_id, undefined, { reveal: true });
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  const entities = (await store.listGraphRows("entities", user_id)).sort(byId);
  const relations = (await store.listGraphRows("relations", user_id)).sort(byId);
  return { messages, items, history, entities, relations };
}

/** Export and import: a user round-trips into a fresh store (another key) losing nothing. */
describe("exportUser / importRecords", () => {
  const dirs: string[] = [];
  const open = async (secretKey?: Buffer) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-export-"));
    dirs.push(dir);
    const embedder = new HashEmbedder();
    const cipher = secretKey ? new SecretCipher(secretKey) : undefined;
    const store = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId, cipher });
    return { dir, store, engram: await Engram.open({ store, embedder }) };
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("round-trips messages, every field of every memory (with its vector) and the history", async () => {
    const source = await open();
    const ada = { user_id: "ada" };
    await source.engram.add(
      [
        { id: "m1", speaker: "Ada", content: "I live in Porto and I work as a nurse.", timestamp: "2024-01-01T10:00:00Z", session_id: "s1" },
        { id: "m2", speaker: "Ada", content: `My OpenAI key is ${API_KEY}.`, timestamp: "2024-01-02T10:00:00Z", session_id: "s1" },
        { id: "m3", speaker: "Ada", content: "I moved to Lisbon last week!", timestamp: "2024-06-01T10:00:00Z", session_id: "s2", image_caption: "a tram", image_url: "https://example.org/tram.jpg" },
        { id: "m4", role: "assistant", content: "To renew a passport: 1. fill the form 2. book a slot 3. bring photos.", timestamp: "2024-06-02T10:00:00Z" },
      ],
      ada,
    );
    await source.engram.add([{ id: "b1", content: "I am Bob and I like chess." }], { user_id: "bob" });
    const [first, second, third] = await source.engram.list(ada);
    await source.engram.update(first!.id, { text: "Ada likes trams", importance: 0.42 }, ada);
    await source.engram.delete(second!.id, ada);
    await source.engram.update(third!.id, { valid_to: "2024-07-01T00:00:00Z" }, ada);
    await source.engram.recall("Where does Ada live?", ada);
    const before = await snapshot(source, "ada");
    expect(before.history.map((row) => row.event)).toEqual(expect.arrayContaining(["ADD", "INVALIDATE", "UPDATE", "DELETE"]));
    expect(before.relations.map((relation) => [relation.text, relation.valid_to === null])).toEqual(
      expect.arrayContaining([
        ["Ada lives in Porto", false],
        ["Ada lives in Lisbon", true],
      ]),
    );

    const { header, records } = await source.engram.exportUser(ada);
    expect(records.every((record) => record.user_id === "ada")).toBe(true);
    const target = await open(randomBytes(32));
    const result = await target.engram.importRecords(header, records);
    expect(result).toMatchObject({ messages: { received: 4, stored: 4, skipped: 0 }, reembedded: 0 });
    const after = await snapshot(target, "ada");
    expect(after.messages).toEqual(before.messages);
    expect(after.items).toEqual(before.items);
    expect(after.history).toEqual(before.history);
    expect(after.entities).toEqual(before.entities);
    expect(after.relations).toEqual(before.relations);
    expect(await target.engram.stats({ user_id: "bob" })).toMatchObject({ messages: 0, history: 0 });
    expect(grepFolder(target.dir, API_KEY)).toEqual([]);

    const again = await target.engram.importRecords(header, records);
    expect(again.messages).toEqual({ received: 4, stored: 0, skipped: 4 });
    expect(await snapshot(target, "ada")).toEqual(before);
    await source.engram.close();
    await target.engram.close();
  });
});
