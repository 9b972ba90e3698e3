import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Engram, IdSchema, ValidationError } from "../src/index";

/** Ids that look like `p1` but are not: each would be a second user that prints the same. */
const LOOK_ALIKES = ["p1\u200b", "p1\u200d", "p1\u2060", "p1\u2028", "p1\u2029", "p1\u0085", "p1\u009b", "\u202ep1"];

/** One id per visible spelling: invisible characters are refused and ids are NFC-normalized. */
describe("ids: one visible spelling, one user", () => {
  it.each(LOOK_ALIKES.map((id) => [JSON.stringify(id), id]))("refuses the look-alike id %s", (_label, id) => {
    expect(IdSchema.safeParse(id).success).toBe(false);
  });

  it("NFC-normalizes ids: a decomposed é is the same id as a precomposed one", () => {
    expect(IdSchema.parse("Jose\u0301")).toBe("Jos\u00e9");
  });

  it("Engram refuses a look-alike user id and files a decomposed spelling under the same user", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-ids-"));
    const engram = await Engram.open({ path: dir });
    try {
      await expect(engram.add([{ content: "I live in Lisbon." }], { user_id: "p1\u200b" })).rejects.toBeInstanceOf(ValidationError);
      await engram.add([{ id: "m1", content: "I live in Lisbon.", timestamp: "2024-03-01T10:00:00Z" }], { user_id: "Jose\u0301" });
      expect((await engram.messages({ user_id: "Jos\u00e9" })).map((message) => message.id)).toEqual(["m1"]);
      expect((await engram.stats({ user_id: "Jos\u00e9" })).messages).toBe(1);
    } finally {
      await engram.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
