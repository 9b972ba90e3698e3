import type * as lancedb from "@lancedb/lancedb";
import { MEMORY_TYPES, type MemoryType } from "../src/schema/memory-type";
import { ensureVectorIndexes, type VectorIndexTarget } from "../src/store/lancedb-vector-index";

/**
 * `ensureVectorIndexes` against a table stand-in (no LanceDB: what matters is the order of the
 * calls): tables are checked in parallel, and two calls on one folder (two `add` calls of one
 * process) do not train a table's index twice.
 */
function tablesOf(folder: string, rows: number, events: string[]) {
  const columns = new Map<MemoryType, Set<string>>(MEMORY_TYPES.map((type) => [type, new Set<string>()]));
  const target: VectorIndexTarget = {
    dimensions: 64,
    indexed: new Set(),
    scalarIndexed: new Set(),
    async count(type) {
      events.push(`count ${type}`);
      return rows;
    },
    async listIndices(type) {
      return [...columns.get(type)!].map((column) => ({ name: `${column}_idx`, indexType: "", columns: [column] }) as lancedb.IndexConfig);
    },
    async createIndex(type, column) {
      // A build takes a while (a macrotask): another call's checks run meanwhile.
      await new Promise((resolve) => setImmediate(resolve));
      events.push(`build ${type}.${column}`);
      columns.get(type)!.add(column);
    },
    tableKey: (type) => `${folder}\u0000${type}`,
  };
  return target;
}

describe("ensureVectorIndexes", () => {
  it("counts every table before the first build (the tables are checked in parallel)", async () => {
    const events: string[] = [];
    expect(await ensureVectorIndexes(tablesOf("/parallel", 300, events), 256)).toEqual([...MEMORY_TYPES]);
    expect(events.slice(0, MEMORY_TYPES.length)).toEqual(MEMORY_TYPES.map((type) => `count ${type}`));
  });

  it("builds each table's indexes once when two calls on one folder overlap", async () => {
    const events: string[] = [];
    const first = tablesOf("/shared", 300, events);
    // A second store on the same folder: its own state, the same tables.
    const second: VectorIndexTarget = { ...first, indexed: new Set(), scalarIndexed: new Set() };
    const [a, b] = await Promise.all([ensureVectorIndexes(first, 256), ensureVectorIndexes(second, 256)]);

    expect([...a, ...b].sort()).toEqual([...MEMORY_TYPES].sort());
    for (const type of MEMORY_TYPES) expect(events.filter((event) => event === `build ${type}.vector`)).toHaveLength(1);
    expect([...second.indexed].sort()).toEqual([...MEMORY_TYPES].sort());
  });
});
