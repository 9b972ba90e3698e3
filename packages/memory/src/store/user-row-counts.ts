import type { MemoryType } from "../schema/memory-type";

/** What {@link UserRowCounts} reads from the store: a table's version and a user's rows in it. */
export interface UserRowCountSource {
  /** The table's current version (changed by every commit, by any process). */
  version(type: MemoryType): Promise<number>;
  /** Rows of `userId` in the table. */
  count(type: MemoryType, userId: string): Promise<number>;
}

/**
 * Rows per user in each memory table, counted once per table version: one version read per call,
 * and one count per (table, user) after each commit to the table. Vector search reads it to
 * choose between the ANN index and an exact search over the user's rows.
 */
export class UserRowCounts {
  private readonly tables = new Map<MemoryType, { version: number; counts: Map<string, number> }>();

  /** @param maxUsersPerTable counts kept per table; the oldest is dropped past it. @default 10000 */
  constructor(
    private readonly source: UserRowCountSource,
    private readonly maxUsersPerTable = 10_000,
  ) {}

  /** Rows of `userId` in the table of `type`, as of its current version. */
  async rowsOf(type: MemoryType, userId: string): Promise<number> {
    const version = await this.source.version(type);
    let table = this.tables.get(type);
    if (!table || table.version !== version) {
      table = { version, counts: new Map() };
      this.tables.set(type, table);
    }
    const known = table.counts.get(userId);
    if (known !== undefined) return known;
    const rows = await this.source.count(type, userId);
    // A commit between the version read and the count leaves a count newer than its version: the next call reads the version again and recounts.
    if (table.counts.size >= this.maxUsersPerTable) table.counts.delete(table.counts.keys().next().value!);
    table.counts.set(userId, rows);
    return rows;
  }
}
