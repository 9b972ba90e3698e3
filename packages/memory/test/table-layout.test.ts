import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { Engram, StoreError } from "../src/index";

/** Issue 9, finding 11: a drifted table is refused on open, naming the table and the field, before any write. */
describe("a store whose table layout drifted", () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-layout-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is refused on open with a StoreError naming the table and the missing field, and nothing is written", async () => {
    const engram = await Engram.open({ path: dir });
    await engram.add([{ id: "m1", role: "user", content: "I live in Porto.", timestamp: "2024-03-04T09:12:00Z" }], { user_id: "ada" });
    await engram.close();
    const connection = await lancedb.connect(dir);
    const history = await connection.openTable("history");
    await history.dropColumns(["cause"]);
    const rowsBefore = await (await connection.openTable("core")).countRows();

    const reopened = Engram.open({ path: dir });
    await expect(reopened).rejects.toBeInstanceOf(StoreError);
    await expect(reopened).rejects.toThrow(/table history .*field cause is missing/);
    expect(await (await connection.openTable("core")).countRows()).toBe(rowsBefore);
  });

  it("opens an intact store as before", async () => {
    const engram = await Engram.open({ path: dir });
    await engram.close();
    await expect(Engram.open({ path: dir }).then((again) => again.close())).resolves.toBeUndefined();
  });
});
