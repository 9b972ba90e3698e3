import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Engram, HashEmbedder, InMemoryMemoryStore, LanceDbMemoryStore, type MessageInput, type StoredMessage } from "../src/index";
import { fact, scriptedPolicy } from "./scripted-policy";
import { DUPLICATE_SEARCH_LIMIT } from "../src/ingest/reconcile";
import type { Collision } from "../src/ingest/collision-resolver";

/**
 * Shortcuts of the ingest path that must not change what is stored: reconciliation against the
 * in-process cache compares a candidate only with the valid items of its normalized text (the
 * store's search, for a user the cache does not hold, finds the same duplicate), and the first
 * batch of an `add` of several batches is prepared (parsed ahead) like every later one, while an
 * `add` of one batch prepares nothing (no later batch could run beside it).
 */
const embedder = new HashEmbedder();
const message = (index: number, content: string): MessageInput => ({ id: `m${index}`, role: "user", speaker: "Ada", content, timestamp: `2024-05-0${1 + (index % 9)}T10:00:00Z` });
/** Repeats written differently ("Ada's garden!" and "ada's GARDEN": one normalized text), near-repeats in other words, and new facts. */
const texts = [
  "Ada's garden has tomatoes.",
  "Ada's garden has many tomatoes.",
  "ada's GARDEN has tomatoes!!",
  "Ada walks her dog in the park.",
  "Ada walks her dog in the park",
  "Ada's garden has tomatoes and beans.",
  "Ada walks the dog in the park.",
  "Ada's garden has tomatoes.",
];

describe("ingest shortcuts", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "engram-shortcuts-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  // The hash embedder drops "many" and "her": items of other texts sit at distance 0 beside the repeat, and each store ordered
  // them its own way (cache order, LanceDB's row order, text): the same facts were ADD 5 / MERGE 3, 6 / 2 and 7 / 1.
  it.each([
    ["LanceDB, the user in the in-process cache", "lancedb", {}],
    ["LanceDB, the user past the cache's row limit", "lancedb", { inProcessSearchMaxRows: 0 }],
    ["the in-memory store (no cache)", "memory", {}],
  ] as const)("merges a repeat (same normalized text) and adds a near-repeat in other words: %s", async (_name, kind, options) => {
    const policy = scriptedPolicy((messages) => messages.map((stored) => fact(stored, stored.content)));
    const store =
      kind === "memory"
        ? new InMemoryMemoryStore({ dimensions: embedder.dimensions })
        : await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const engram = await Engram.open({ store, embedder, policy, ...options });
    // One message per batch: every repeat is reconciled against the cached items of earlier batches.
    const result = await engram.add(
      texts.map((text, index) => message(index + 1, text)),
      { user_id: "ada" },
      { batchSize: 1 },
    );
    expect(result.actions).toMatchObject({ ADD: 5, MERGE: 3 });
    const items = (await store.listItems("semantic", "ada")).map((item) => `${item.text} [${item.sources.join(",")}]`).sort();
    expect(items).toEqual([
      "Ada walks her dog in the park. [m4,m5]",
      "Ada walks the dog in the park. [m7]",
      "Ada's garden has many tomatoes. [m2]",
      "Ada's garden has tomatoes and beans. [m6]",
      "Ada's garden has tomatoes. [m1,m3,m8]",
    ]);
    await engram.close();
  });

  it("merges a repeat behind more than a page of items of other texts at distance 0 (the store's duplicate search)", async () => {
    const policy = scriptedPolicy((messages) => messages.map((stored) => fact(stored, stored.content)));
    const store = new InMemoryMemoryStore({ dimensions: embedder.dimensions });
    const engram = await Engram.open({ store, embedder, policy });
    // The hash embedder drops "many": 120 other texts with the repeat's vector, each ordered before it (by text) at equal distance.
    const others = Array.from({ length: DUPLICATE_SEARCH_LIMIT + 20 }, (_, count) => `Ada's garden has ${"many ".repeat(count + 1)}tomatoes.`);
    const stored = await engram.add(["Ada's garden has tomatoes.", ...others].map((text, index) => message(index + 1, text)), { user_id: "ada" }, { batchSize: 200 });
    expect(stored.actions).toMatchObject({ ADD: others.length + 1, MERGE: 0 });

    const again = await engram.add([message(1_000, "Ada's garden has tomatoes!")], { user_id: "ada" });

    expect(again.actions).toMatchObject({ ADD: 0, MERGE: 1 });
    await engram.close();
  });

  it.each([
    ["LanceDB", "lancedb"],
    ["the in-memory store", "memory"],
  ] as const)("shows a collision resolver the same three neighbours among items at equal distance: %s", async (_name, kind) => {
    const seen: string[][] = [];
    const script = scriptedPolicy((messages) => messages.map((stored) => fact(stored, stored.content)));
    const resolve = async (collisions: Collision[]) => {
      seen.push(...collisions.map((collision) => collision.neighbours.map((item) => item.text)));
      return [];
    };
    const policy = { ...script, reconcileCollisions: () => resolve };
    const store =
      kind === "memory"
        ? new InMemoryMemoryStore({ dimensions: embedder.dimensions })
        : await LanceDbMemoryStore.open({ path: folder, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    const engram = await Engram.open({ store, embedder, policy });
    // The hash embedder drops "many": eight texts with one vector, stored in an order that is not their text order.
    const twins = [3, 7, 1, 5, 8, 2, 6, 4].map((count) => `Ada's garden has ${"many ".repeat(count)}tomatoes.`);
    await engram.add(twins.map((text, index) => message(index + 1, text)), { user_id: "ada" }, { batchSize: 20 });
    expect(seen).toEqual([]);

    await engram.add([message(100, `Ada's garden has ${"many ".repeat(9)}tomatoes.`)], { user_id: "ada" });

    // At distance 0 the text breaks the tie (compareTies): the three first by text, whichever order the store returns.
    expect(seen).toEqual([[...twins].sort().slice(0, 3)]);
    await engram.close();
  });

  it("prepares every batch before it is drafted, the first one included, and the two after it while it is drafted", async () => {
    const script = scriptedPolicy((messages) => messages.map((stored) => fact(stored, stored.content)));
    const prepared: string[] = [];
    const drafted: { id: string; preparedBefore: boolean }[] = [];
    const preparedAtBatch: number[] = [];
    const policy = {
      ...script,
      async prepare(messages: StoredMessage[]) {
        prepared.push(...messages.map((stored) => stored.id));
      },
      async draft(messages: StoredMessage[]) {
        preparedAtBatch.push(prepared.length);
        for (const stored of messages) drafted.push({ id: stored.id, preparedBefore: prepared.includes(stored.id) });
        return script.draft(messages);
      },
    };
    const engram = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, policy });
    await engram.add(
      texts.map((text, index) => message(index + 1, text)),
      { user_id: "ada" },
      { batchSize: 3 },
    );
    expect(drafted).toHaveLength(texts.length);
    expect(drafted.filter((entry) => !entry.preparedBefore)).toEqual([]);
    // Each message is prepared once.
    expect(prepared).toEqual(texts.map((_, index) => `m${index + 1}`));
    // The parse worker always has a batch queued: batch k's draft starts with batches k+1 and k+2 asked for.
    expect(preparedAtBatch).toEqual(preparedAtBatch.map((_, batch) => Math.min(texts.length, 3 * (batch + 3))));
    await engram.close();
  });

  it("prepares nothing for an add of one batch, and stores what an add that prepared would", async () => {
    const script = scriptedPolicy((messages) => messages.map((stored) => fact(stored, stored.content)));
    const prepared: string[] = [];
    const policy = { ...script, prepare: async (messages: StoredMessage[]) => void prepared.push(...messages.map((stored) => stored.id)) };
    const one = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, policy });
    const two = await Engram.open({ store: new InMemoryMemoryStore({ dimensions: embedder.dimensions }), embedder, policy });
    const batch = texts.slice(0, 3).map((text, index) => message(index + 1, text));
    await one.add(batch, { user_id: "ada" }, { batchSize: 3 });
    expect(prepared).toEqual([]);
    // The same messages in two batches: prepared, and the same items stored.
    await two.add(batch, { user_id: "ada" }, { batchSize: 2 });
    expect(prepared).toEqual(["m1", "m2", "m3"]);
    const storedTexts = async (engram: Engram) => (await engram.list({ user_id: "ada" })).map((entry) => entry.text).sort();
    expect(await storedTexts(one)).toEqual(await storedTexts(two));
    await Promise.all([one.close(), two.close()]);
  });
});
