import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engram, HashEmbedder, LanceDbMemoryStore } from "../src/index";
import { storedMessage } from "./stored-message";
import { grepFolder } from "@engram/testing";
import { fragmentRanges } from "../src/store/lancedb-purge-user";

const FORGOTTEN = "zelda-forget-me";
const KEPT = "kim-keep-me";
const ZELDA_WORD = "Quokkaphantasmagoria";
const KIM_WORD = "Narwhalsymphonium";

function messages(prefix: string, word: string) {
  return Array.from({ length: 30 }, (_, index) => ({
    id: `${prefix}-${index}`,
    speaker: prefix,
    content: index % 3 === 0 ? `I visited ${word} Park yesterday with my sister.` : `I work as a nurse and I love ${word} pastries, number ${index}.`,
    timestamp: new Date(Date.UTC(2024, 0, 1 + index)).toISOString(),
  }));
}

/** Forgetting for real: after `forget`, no file of the store folder holds the user's data. */
describe("Engram.forget", () => {
  let dir: string;
  let engram: Engram;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-forget-"));
    engram = await Engram.open({ path: dir });
    await engram.add(messages("zelda", ZELDA_WORD), { user_id: FORGOTTEN }, { batchSize: 10 });
    await engram.add(messages("kim", KIM_WORD), { user_id: KEPT }, { batchSize: 10 });
    const [item] = await engram.list({ user_id: FORGOTTEN });
    await engram.update(item!.id, { text: `Zelda updated ${ZELDA_WORD} note` }, { user_id: FORGOTTEN });
    await engram.optimize();
  });
  afterAll(async () => {
    await engram.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds the user's data in the folder before forgetting (the grep sees it)", () => {
    expect(grepFolder(dir, ZELDA_WORD).length).toBeGreaterThan(0);
    expect(grepFolder(dir, FORGOTTEN).length).toBeGreaterThan(0);
  });

  it("deletes the user from every table, prunes old versions, and keeps the other user", async () => {
    const before = await engram.stats({ user_id: KEPT });
    const deleted = await engram.forget({ user_id: FORGOTTEN });
    expect(deleted.messages).toBe(30);
    expect(deleted.history).toBeGreaterThan(0);
    expect(Object.values(await engram.stats({ user_id: FORGOTTEN })).every((count) => count === 0)).toBe(true);
    expect(grepFolder(dir, ZELDA_WORD)).toEqual([]);
    expect(grepFolder(dir, FORGOTTEN)).toEqual([]);
    expect(await engram.stats({ user_id: KEPT })).toEqual(before);
    expect(grepFolder(dir, KIM_WORD).length).toBeGreaterThan(0);
    const recalled = await engram.recall(`${KIM_WORD} pastries`, { user_id: KEPT });
    expect(recalled.context).toContain(KIM_WORD);
    expect((await engram.recall(`${ZELDA_WORD} Park`, { user_id: FORGOTTEN })).items).toEqual([]);
  });

  it("stays usable after forgetting: the user can be added again", async () => {
    await engram.add(messages("zelda", "Fresh"), { user_id: FORGOTTEN });
    expect((await engram.stats({ user_id: FORGOTTEN })).messages).toBe(30);
  });
});

/** The store's forget when the user's rows are a few of a large file: compaction alone would keep that file. */
describe("LanceDbMemoryStore.deleteUser of a user with under 10% of a shared file", () => {
  it("leaves the forgotten text in no file, the other users' rows intact", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-forget-shared-"));
    const embedder = new HashEmbedder();
    const store = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    try {
      const kim = Array.from({ length: 200 }, (_, index) => storedMessage({ id: `k${index}`, user_id: KEPT, seq: index, content: `${KIM_WORD} note ${index}` }));
      const zelda = Array.from({ length: 3 }, (_, index) => storedMessage({ id: `z${index}`, user_id: FORGOTTEN, seq: index, content: `${ZELDA_WORD} note ${index}` }));
      // One file holding both users, 3 of its 203 rows Zelda's: alone in its table, compaction leaves it as it is.
      await store.putMessages([...kim.slice(0, 100), ...zelda, ...kim.slice(100)]);
      expect(grepFolder(dir, ZELDA_WORD).length).toBeGreaterThan(0);

      expect((await store.deleteUser(FORGOTTEN)).messages).toBe(3);
      expect(grepFolder(dir, ZELDA_WORD)).toEqual([]);
      expect(grepFolder(dir, FORGOTTEN)).toEqual([]);
      expect((await store.listMessages(KEPT)).map((message) => message.id).sort()).toEqual(kim.map((message) => message.id).sort());
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("fragmentRanges (the files purgeUser rewrites)", () => {
  it("joins consecutive fragment ids into runs, once each, ascending", () => {
    expect(fragmentRanges([7, 3, 4, 4, 5, 9, 0])).toEqual([
      [0, 0],
      [3, 5],
      [7, 7],
      [9, 9],
    ]);
    expect(fragmentRanges([])).toEqual([]);
  });
});
