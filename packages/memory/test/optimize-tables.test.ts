import type * as lancedb from "@lancedb/lancedb";
import { optimizeTables } from "../src/store/lancedb-maintenance";
import { TABLE_NAMES } from "../src/store/open-lancedb-tables";
import type { StoreTableName } from "../src/store/memory-store";

/** Tables whose `optimize` records its start and end, resolving after `ms`, or rejecting for `failing`. */
function fakeTables(failing: StoreTableName | undefined, ms: number) {
  const log: string[] = [];
  const table = (name: StoreTableName) =>
    ({
      optimize: async () => {
        log.push(`start ${name}`);
        await new Promise((resolve) => setTimeout(resolve, name === failing ? 0 : ms));
        log.push(`end ${name}`);
        if (name === failing) throw new Error(`optimize of ${name} failed`);
      },
    }) as unknown as lancedb.Table;
  const run = <T>(_name: StoreTableName, _action: string, work: () => Promise<T>) => work();
  return { log, table, run };
}

describe("optimizeTables", () => {
  it("optimizes every table at once, each after its prepare", async () => {
    const { log, table, run } = fakeTables(undefined, 5);
    const prepared: string[] = [];
    await optimizeTables(TABLE_NAMES, table, run, { prepare: async (name) => void prepared.push(name) });
    expect(prepared).toEqual([...TABLE_NAMES]);
    // Every table starts before the first one ends.
    expect(log.slice(0, TABLE_NAMES.length)).toEqual(TABLE_NAMES.map((name) => `start ${name}`));
    expect(log.filter((line) => line.startsWith("end"))).toHaveLength(TABLE_NAMES.length);
  });

  it("throws the failure only once every other table's optimize has settled", async () => {
    const failing = TABLE_NAMES[0]!;
    const { log, table, run } = fakeTables(failing, 20);
    await expect(optimizeTables(TABLE_NAMES, table, run, { prepare: async () => undefined })).rejects.toThrow(`optimize of ${failing} failed`);
    expect(log.filter((line) => line.startsWith("end"))).toHaveLength(TABLE_NAMES.length);
  });
});
