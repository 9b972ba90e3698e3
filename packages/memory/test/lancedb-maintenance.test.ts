import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { ValidationError } from "../src/errors/engram-error";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conformanceItem } from "@engram/testing";
import { LanceDbMemoryStore } from "../src/store/lancedb-memory-store";
import type { StoredMemoryItem } from "../src/store/memory-store";

const item = (id: string, text: string) => ({ ...conformanceItem({ id, user_id: "ada", type: "semantic", text }), vector: [1, 0, 0, 0] }) as unknown as StoredMemoryItem;

describe("LanceDB bulk load and maintenance", () => {
  let folder: string;
  let store: LanceDbMemoryStore;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), "engram-bulk-"));
    store = await LanceDbMemoryStore.open({ path: folder, dimensions: 4, embedderId: "test-4" });
  });

  afterAll(async () => {
    await store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it("appends new items in one commit, found by id, vector and (after optimize) full text", async () => {
    await store.upsertItems("semantic", [item("s0", "Ada plays the cello")]);
    const before = await store.tableVersion("semantic");
    await store.appendNewItems("semantic", [item("s1", "Ada adopted a parrot"), item("s2", "Ada sails on Sundays")]);
    expect(await store.tableVersion("semantic")).toBe(before + 1);
    expect((await store.listItems("semantic", "ada")).map((entry) => entry.id).sort()).toEqual(["s0", "s1", "s2"]);
    await store.optimize();
    expect((await store.textSearch("semantic", "ada", "parrot", { limit: 5 })).map((hit) => hit.item.id)).toEqual(["s1"]);
    await expect(store.appendNewItems("semantic", [{ ...item("s3", "x"), user_id: "" }])).rejects.toThrow();
  });

  it("prunes old versions with optimize({ pruneBefore }) and keeps every row", async () => {
    const rows = await store.listItems("semantic", "ada");
    const manifests = () => readdirSync(join(folder, "semantic.lance", "_versions")).length;
    const before = manifests();
    await store.optimize({ pruneBefore: new Date(Date.now() + 1000) });
    expect(manifests()).toBeLessThan(before);
    expect((await store.listItems("semantic", "ada")).map((entry) => entry.id).sort()).toEqual(rows.map((entry) => entry.id).sort());
    expect(await store.count("semantic", "ada")).toBe(3);
    await expect(store.optimize({ pruneBefore: new Date("not a date") })).rejects.toThrow(ValidationError);
  });
});
