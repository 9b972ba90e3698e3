import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engram } from "../src/index";
import { grepFolder } from "@engram/testing";

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
