import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { grepFolder } from "@engram/testing";
import { HashEmbedder, LanceDbMemoryStore } from "../src/index";
import { buildWhere } from "../src/store/filter";
import type { StoreTableName } from "../src/store/memory-store";
import { TABLE_NAMES } from "../src/store/open-lancedb-tables";
import { purgeUser, type PurgeUserTarget } from "../src/store/lancedb-purge-user";
import { storedMessage } from "./stored-message";

/**
 * `purgeUser` (`store/lancedb-purge-user.ts`) on a real LanceDB folder: it rewrites the other users'
 * rows of the fragments (files) that held the forgotten user's rows, and only those, unless another
 * commit came between its fragment read and its delete: then every other row is rewritten.
 */
const FORGOTTEN = "zelda-forget-me";
const KEPT = "kim-keep-me";
const ZELDA_WORD = "Quokkaphantasmagoria";
const embedder = new HashEmbedder();

const kim = (from: number, count: number) => Array.from({ length: count }, (_, index) => storedMessage({ id: `k${from + index}`, user_id: KEPT, seq: from + index, content: `Kim note ${from + index}` }));
const zelda = (count: number) => Array.from({ length: count }, (_, index) => storedMessage({ id: `z${index}`, user_id: FORGOTTEN, seq: index, content: `${ZELDA_WORD} note ${index}` }));

describe("purgeUser", () => {
  let dir: string;
  let connection: lancedb.Connection;
  let tables: Map<StoreTableName, lancedb.Table>;

  /** Writes each group of messages in its own commit (one fragment each), then opens the folder's tables directly. */
  async function folderWith(commits: ReturnType<typeof kim>[]): Promise<void> {
    const store = await LanceDbMemoryStore.open({ path: dir, dimensions: embedder.dimensions, embedderId: embedder.modelId });
    for (const messages of commits) await store.putMessages(messages);
    await store.close();
    connection = await lancedb.connect(dir);
    tables = new Map(await Promise.all(TABLE_NAMES.map(async (name) => [name, await connection.openTable(name)] as const)));
  }

  /** A target over the opened tables; `before(action, table)` runs before each of purgeUser's LanceDB calls. */
  function target(before: (action: string, table: lancedb.Table) => Promise<void> = async () => {}): PurgeUserTarget {
    const userWhere = buildWhere({ user_id: FORGOTTEN }, new Set(["user_id"]));
    const run: PurgeUserTarget["run"] = async (name, action, work) => {
      if (name === "messages") await before(action, tables.get(name)!);
      return work();
    };
    return {
      count: (name) => tables.get(name)!.countRows(userWhere),
      table: (name) => tables.get(name)!,
      run,
      exclusive: (name, work) => work((action, call) => run(name, action, call)),
      hasTextIndex: () => false,
      dropUntrainableIndex: async () => {},
    };
  }

  /** The fragment (`_rowaddr >> 32`) of each message row, by message id. */
  async function fragmentsById(table: lancedb.Table): Promise<Map<string, number>> {
    const rows = await table.query().select(["id", "_rowaddr"]).toArray();
    return new Map(rows.map((row) => [String(row.id), Number(BigInt(row._rowaddr) >> 32n)]));
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "engram-purge-"));
  });
  afterEach(() => {
    for (const table of tables?.values() ?? []) table.close();
    connection?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("rewrites the other rows of the fragments that held the user's rows, and leaves every other fragment untouched", async () => {
    // Fragment 1: Kim's k0..k19 only. Fragment 2: Zelda's three rows among Kim's k20..k39.
    await folderWith([kim(0, 20), [...kim(20, 10), ...zelda(3), ...kim(30, 10)]]);
    const messages = tables.get("messages")!;
    const before = await fragmentsById(messages);
    let beforeCompaction: Map<string, number> | undefined;
    const deleted = await purgeUser(
      FORGOTTEN,
      target(async (action, table) => {
        if (action === "compact" && !beforeCompaction) beforeCompaction = await fragmentsById(table);
      }),
    );
    expect(deleted.messages).toBe(3);
    const untouched = kim(0, 20).map((message) => message.id);
    const shared = kim(20, 20).map((message) => message.id);
    // What the purge's delete and rewrite left, before compaction merges the small fragments.
    expect(untouched.map((id) => beforeCompaction!.get(id))).toEqual(untouched.map((id) => before.get(id)));
    for (const id of shared) expect([id, beforeCompaction!.get(id)]).not.toEqual([id, before.get(id)]);
    expect([...beforeCompaction!.keys()].sort()).toEqual([...untouched, ...shared].sort());
    expect(grepFolder(dir, ZELDA_WORD)).toEqual([]);
  });

  it("rewrites every other row when another commit moved the user's rows between its fragment read and its delete", async () => {
    // One large fragment after compaction: Zelda's 3 rows of 203 (under LanceDB's 10% rewrite threshold).
    await folderWith([kim(0, 100), zelda(3), kim(100, 100)]);
    let compacted = false;
    const deleted = await purgeUser(
      FORGOTTEN,
      target(async (action, table) => {
        // Another writer's compaction commits after the purge read the fragments: the user's rows now sit in a new fragment.
        if (action === "delete" && !compacted) {
          compacted = true;
          await table.optimize();
        }
      }),
    );
    expect(compacted).toBe(true);
    expect(deleted.messages).toBe(3);
    expect(grepFolder(dir, ZELDA_WORD)).toEqual([]);
    expect(grepFolder(dir, FORGOTTEN)).toEqual([]);
    const kept = await fragmentsById(tables.get("messages")!);
    expect([...kept.keys()].sort()).toEqual(kim(0, 200).map((message) => message.id).sort());
  });

  it("holds the table's other calls only for the final prune: compaction is a shared call", async () => {
    await folderWith([kim(0, 20), [...kim(20, 10), ...zelda(3)]]);
    const calls: string[] = [];
    const plain = target();
    const deleted = await purgeUser(FORGOTTEN, {
      ...plain,
      run: (name, action, work) => {
        if (name === "messages") calls.push(`shared ${action}`);
        return plain.run(name, action, work);
      },
      exclusive: (name, work) => work((action, call) => {
        if (name === "messages") calls.push(`exclusive ${action}`);
        return call();
      }),
    });
    expect(deleted.messages).toBe(3);
    expect(calls.filter((call) => call.startsWith("exclusive"))).toEqual(["exclusive prune"]);
    expect(calls.indexOf("shared compact")).toBeLessThan(calls.indexOf("exclusive prune"));
    expect(grepFolder(dir, ZELDA_WORD)).toEqual([]);
  });
});
