import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engram, HashEmbedder, InMemoryMemoryStore, LanceDbMemoryStore, ValidationError, type MemoryStore } from "../src/index";
import { quoteLiteral } from "../src/internal";

/** User ids a caller that bypasses the facade (graph state, JSON) could smuggle in. */
const HOSTILE_USER_IDS: Array<[string, unknown]> = [
  ["an operator object", { $ne: "" }],
  ["an array", ["ada", "bob"]],
  ["a number", 1],
  ["null", null],
];

const NOW = "2024-05-02T10:00:00.000Z";

/** Every store method that takes a user id (as an argument or in its rows), called with `userId`. */
function storeCalls(store: MemoryStore, userId: unknown): Array<[string, () => Promise<unknown>]> {
  const user = userId as string;
  const vector = new Array<number>(store.dimensions).fill(0.1);
  const item = { id: "m1", user_id: user, agent_id: "engram", text: "x", vector } as never;
  return [
    ["findMessages", () => store.findMessages(user, ["a1"])],
    ["markMessages", () => store.markMessages(user, ["a1"], { processedAt: NOW })],
    ["listPendingMessages", () => store.listPendingMessages(user)],
    ["countMessages", () => store.countMessages(user)],
    ["putMessages", () => store.putMessages([{ id: "a9", user_id: user, content: "x" } as never])],
    ["listMessages", () => store.listMessages(user)],
    ["upsertItems", () => store.upsertItems("semantic", [item])],
    ["listItems", () => store.listItems("semantic", user)],
    ["listStoredItems", () => store.listStoredItems("semantic", user)],
    ["getItem", () => store.getItem(user, "m1")],
    ["deleteItem", () => store.deleteItem("semantic", user, "m1")],
    ["vectorSearch", () => store.vectorSearch("semantic", user, vector, { limit: 5 })],
    ["textSearch", () => store.textSearch("semantic", user, "Lisbon", { limit: 5 })],
    ["recordAccess", () => store.recordAccess("semantic", user, ["m1"], NOW)],
    ["appendHistory", () => store.appendHistory([{ id: "h1", user_id: user } as never])],
    ["putHistory", () => store.putHistory([{ id: "h1", user_id: user } as never])],
    ["listHistory", () => store.listHistory(user)],
    ["appendRuns", () => store.appendRuns([{ id: "r1", user_id: user } as never])],
    ["listRuns", () => store.listRuns(user)],
    ["count", () => store.count("semantic", user)],
    ["deleteUser", () => store.deleteUser(user)],
    ["withUserLock", () => store.withUserLock(user, async () => undefined)],
  ];
}

const embedder = new HashEmbedder();
const STORES: Array<[string, (dir: string) => Promise<MemoryStore>]> = [
  ["LanceDbMemoryStore", (dir) => LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId })],
  ["InMemoryMemoryStore", async () => new InMemoryMemoryStore({ dimensions: embedder.dimensions })],
];

describe.each(STORES)("%s refuses a user id that is not a valid id string, in every method", (_name, createStore) => {
  let dir: string;
  let store: MemoryStore;
  let engram: Engram;
  let snapshot: () => Promise<string>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-userid-"));
    store = await createStore(dir);
    engram = await Engram.open({ store, embedder, now: () => new Date(NOW) });
    await engram.add([{ id: "a1", role: "user", content: "I live in Lisbon and my PIN is 4921.", timestamp: NOW }], { user_id: "ada" });
    await engram.add([{ id: "b1", role: "user", content: "I live in Porto.", timestamp: NOW }], { user_id: "bob" });
    snapshot = async () =>
      JSON.stringify(
        await Promise.all(["ada", "bob"].map(async (user) => [await engram.list({ user_id: user }), await engram.messages({ user_id: user }), await store.listHistory(user)])),
      );
  });

  afterAll(async () => {
    await engram.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const [label, userId] of HOSTILE_USER_IDS) {
    it(`throws ValidationError for ${label} and changes nothing`, async () => {
      const before = await snapshot();
      for (const [method, call] of storeCalls(store, userId)) {
        await expect(call().then(() => `${method} resolved`)).rejects.toBeInstanceOf(ValidationError);
      }
      expect(await snapshot()).toBe(before);
    });
  }

  it("quoteLiteral refuses objects, arrays and null", () => {
    for (const value of [{ $ne: "" }, ["a"], null, undefined]) expect(() => quoteLiteral(value as never)).toThrow(ValidationError);
  });
});
