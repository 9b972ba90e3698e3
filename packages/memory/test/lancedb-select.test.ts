import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as lancedb from "@lancedb/lancedb";
import { conformanceItem } from "@engram/testing";
import { selectRows } from "../src/store/lancedb-select";
import { columnsOf, memoryTableSchema, rowToPlain } from "../src/store/table-schemas";

/**
 * `selectRows` reads a query's Arrow result column by column (and the vectors from their flat
 * float32 values); it must give exactly what reading `toArray()`'s row proxies with `rowToPlain` gave.
 */
describe("selectRows", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), "engram-select-"));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it("returns the values, key order and vectors the row-by-row read returns, over several fragments", async () => {
    const db = await lancedb.connect(folder);
    const columns = columnsOf("procedural");
    const table = await db.createEmptyTable("procedural", memoryTableSchema("procedural", 4));
    const row = (index: number) => {
      const item: Record<string, unknown> = {
        ...conformanceItem({ type: "procedural", id: `p${index}`, user_id: index % 2 === 0 ? "ada" : "O'Brien", vector: [index, -0.5, 1e-7 * index, 3.25] }),
        steps: index % 3 === 0 ? [] : [`step ${index}`, "then"],
        importance: index / 7,
        access_count: index,
        last_accessed_at: index % 2 === 0 ? null : "2024-05-02T10:00:00.000Z",
      };
      // The table's columns and the vector only.
      return Object.fromEntries([...Object.keys(columns), "vector"].map((name) => [name, item[name] ?? null]));
    };
    // Two commits: two fragments, read back as more than one batch.
    await table.add(Array.from({ length: 5 }, (_, index) => row(index)));
    await table.add(Array.from({ length: 4 }, (_, index) => row(index + 5)));
    const run = <T>(work: () => Promise<T>) => work();
    const byProxies = async (withVector: boolean, where?: string) => {
      let query = table.query();
      if (where) query = query.where(where);
      const rows = await query.select(withVector ? [...Object.keys(columns), "vector"] : Object.keys(columns)).toArray();
      return rows.map((proxy) => {
        const plain = rowToPlain(proxy, columns);
        if (withVector) plain.vector = Array.from(proxy.vector as Iterable<number>);
        return plain;
      });
    };
    const sorted = (rows: Record<string, unknown>[]) => [...rows].sort((a, b) => String(a.id).localeCompare(String(b.id)));
    for (const withVector of [true, false]) {
      const expected = sorted(await byProxies(withVector));
      const actual = sorted(await selectRows(table, {}, { withVector, columns, run }));
      expect(actual).toHaveLength(9);
      expect(actual).toEqual(expected);
      expect(actual.map((plain) => Object.keys(plain))).toEqual(expected.map((plain) => Object.keys(plain)));
    }
    const filtered = sorted(await selectRows(table, { user_id: "O'Brien" }, { withVector: true, columns, run }));
    expect(filtered).toEqual(sorted(await byProxies(true, "user_id = 'O''Brien'")));
    expect(filtered.map((plain) => plain.id)).toEqual(["p1", "p3", "p5", "p7"]);
    expect(filtered[0]).toMatchObject({ steps: ["step 1", "then"], access_count: 1, last_accessed_at: "2024-05-02T10:00:00.000Z", vector: [1, -0.5, Math.fround(1e-7), 3.25] });
  });
});
